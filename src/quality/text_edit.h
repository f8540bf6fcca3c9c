#pragma once
//! Text edits (`text_edit`): choosing one submission as the result.
//!
//! If a reviewer picked a submission, that one is the result. Otherwise the
//! medoid: the submission whose total edit distance to all the others is
//! smallest (ties: the earliest submission) — the text the others agree
//! with most, without inventing a text nobody wrote. Edit distance is
//! Levenshtein over Unicode code points (UTF-8 decoded; an invalid byte
//! counts as one code point), so an accented letter is one edit.
//! Rubric scores are aggregated per criterion by the median of the
//! submissions' scores (the lower median for an even count: an integer on
//! the rubric's scale).
//! Cost: O(n^2) distances of O(len_a x len_b) time and O(min len) memory.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fairlabel::quality {

struct TextSubmission {
  std::string worker;
  std::string response;
  std::map<std::string, int> scores;  //!< rubric id -> score
};

struct TextChoice {
  std::size_t chosen = 0;  //!< index into the submissions
  bool picked_by_reviewer = false;
  //! Per submission: mean edit distance to the other submissions.
  std::vector<double> mean_distance;
  //! Per submission: 1 - distance to the chosen one / the longer length
  //! (1 = identical), a similarity usable as agreement.
  std::vector<double> similarity_to_chosen;
  std::map<std::string, int> scores;  //!< per criterion, the median
};

//! Levenshtein distance between two UTF-8 strings, in code points.
std::size_t edit_distance(std::string_view a, std::string_view b);
//! Number of code points (as edit_distance counts them).
std::size_t code_point_length(std::string_view text);
//! 1 - edit_distance / max(length); 1 for two empty strings.
double edit_similarity(std::string_view a, std::string_view b);

//! Throws fairlabel::Error (invalid_input) if `submissions` is empty or
//! `reviewer_pick` is out of range.
TextChoice choose_text(const std::vector<TextSubmission>& submissions,
                       std::optional<std::size_t> reviewer_pick = std::nullopt);

}  // namespace fairlabel::quality
