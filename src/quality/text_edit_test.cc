// Text edits: edit-distance medoid or the reviewer's pick.
#include <gtest/gtest.h>

#include "core/error.h"
#include "quality/text_edit.h"

namespace fairlabel::quality {
namespace {

TEST(TextEdit, LevenshteinOverCodePoints) {
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("same", "same"), 0u);
  EXPECT_EQ(edit_distance("caf\xc3\xa9", "cafe"), 1u);  // é is one code point
  EXPECT_EQ(code_point_length("caf\xc3\xa9"), 4u);
  EXPECT_EQ(code_point_length("\xff" "a"), 2u);  // an invalid byte counts as one
  EXPECT_NEAR(edit_similarity("abcd", "abce"), 0.75, 1e-12);
  EXPECT_EQ(edit_similarity("", ""), 1.0);
}

TEST(TextEdit, ChoosesTheMedoid) {
  // Distances: abc-abd 1, abc-xyz 3, abd-xyz 3: totals 4, 4, 6 -> the earliest of the tie.
  auto choice = choose_text({{"A", "abc", {}}, {"B", "abd", {}}, {"C", "xyz", {}}});
  EXPECT_EQ(choice.chosen, 0u);
  EXPECT_FALSE(choice.picked_by_reviewer);
  EXPECT_EQ(choice.mean_distance, (std::vector<double>{2, 2, 3}));
  // abc-abd 1, abc-abd 1, abd-abd 0: totals 2, 1, 1.
  choice = choose_text({{"A", "abc", {}}, {"B", "abd", {}}, {"C", "abd", {}}});
  EXPECT_EQ(choice.chosen, 1u);
  EXPECT_NEAR(choice.similarity_to_chosen[0], 2.0 / 3.0, 1e-12);
  EXPECT_EQ(choice.similarity_to_chosen[2], 1.0);
}

TEST(TextEdit, TheReviewersPickWins) {
  auto choice = choose_text({{"A", "abc", {}}, {"B", "abd", {}}, {"C", "abd", {}}}, 0);
  EXPECT_EQ(choice.chosen, 0u);
  EXPECT_TRUE(choice.picked_by_reviewer);
  EXPECT_THROW(choose_text({{"A", "abc", {}}}, 1), Error);
  EXPECT_THROW(choose_text({}), Error);
}

TEST(TextEdit, RubricScoresTakeTheLowerMedian) {
  auto choice = choose_text({{"A", "x", {{"accuracy", 3}, {"tone", 2}}},
                             {"B", "x", {{"accuracy", 5}, {"tone", 5}}},
                             {"C", "x", {{"accuracy", 4}}}});
  EXPECT_EQ(choice.scores.at("accuracy"), 4);
  EXPECT_EQ(choice.scores.at("tone"), 2);
}

}  // namespace
}  // namespace fairlabel::quality
