#pragma once
//! Tests that expect a domain error compare its code: error_code_of runs
//! `f` and returns the code of the fairlabel::Error it throws, or
//! "no error" when it returns normally (any other exception propagates).

#include <functional>
#include <string>

#include "core/error.h"

namespace fairlabel::testing {

inline std::string error_code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code();
  }
  return "no error";
}

}  // namespace fairlabel::testing
