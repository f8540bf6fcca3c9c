# fairlabel_part(NAME <part> [DEPS <targets>...] [TEST_DEPS <targets>...])
#
# Declares the static library fl_<part> from every *.cc in the calling
# folder (and its subfolders), except *_test.cc; and, when tests are on, the
# test binary fl_<part>_tests from the *_test.cc files, linked with GTest and
# registered with ctest one test per case. The target `part_tests` builds
# every part's test binary (not the binary or the end-to-end tests). The include root is src/, so code
# includes "core/clock.h", "store/database.h", ...
function(fairlabel_part)
  cmake_parse_arguments(ARG "" "NAME" "DEPS;TEST_DEPS" ${ARGN})
  file(GLOB_RECURSE all_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  set(lib_sources ${all_sources})
  list(FILTER lib_sources EXCLUDE REGEX "_test\\.cc$")
  set(test_sources ${all_sources})
  list(FILTER test_sources INCLUDE REGEX "_test\\.cc$")
  add_library(fl_${ARG_NAME} STATIC ${lib_sources} ${ARG_EXTRA_SOURCES})
  target_include_directories(fl_${ARG_NAME} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(fl_${ARG_NAME} PUBLIC ${ARG_DEPS})
  if(FAIRLABEL_TESTS AND test_sources)
    add_executable(fl_${ARG_NAME}_tests ${test_sources})
    set_property(GLOBAL APPEND PROPERTY FAIRLABEL_PART_TESTS fl_${ARG_NAME}_tests)
    target_link_libraries(fl_${ARG_NAME}_tests PRIVATE fl_${ARG_NAME} fl_test_support ${ARG_TEST_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
    gtest_discover_tests(fl_${ARG_NAME}_tests TEST_PREFIX "${ARG_NAME}." DISCOVERY_TIMEOUT 60
                         PROPERTIES ENVIRONMENT "FAIRLABEL_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
  endif()
endfunction()
