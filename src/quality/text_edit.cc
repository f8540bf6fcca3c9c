#include "quality/text_edit.h"

#include <algorithm>
#include <limits>

#include "core/error.h"

namespace fairlabel::quality {

namespace {

//! Decodes UTF-8 leniently: a malformed sequence yields its first byte as
//! one code point (marked with the top bit so it equals no real one).
std::vector<std::uint32_t> code_points(std::string_view text) {
  std::vector<std::uint32_t> out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::size_t length = byte < 0x80 ? 1 : (byte >> 5) == 0x6 ? 2 : (byte >> 4) == 0xE ? 3 : (byte >> 3) == 0x1E ? 4 : 0;
    bool valid = length > 0 && i + length <= text.size();
    std::uint32_t value = length == 1 ? byte : length == 2 ? byte & 0x1F : length == 3 ? byte & 0x0F : byte & 0x07;
    for (std::size_t k = 1; valid && k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) valid = false;
      value = (value << 6) | (next & 0x3F);
    }
    if (!valid) {
      out.push_back(0x80000000u | byte);
      ++i;
    } else {
      out.push_back(value);
      i += length;
    }
  }
  return out;
}

std::size_t levenshtein(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
  const auto& shorter = a.size() <= b.size() ? a : b;
  const auto& longer = a.size() <= b.size() ? b : a;
  std::vector<std::size_t> row(shorter.size() + 1);
  for (std::size_t j = 0; j <= shorter.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= longer.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= shorter.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({above + 1, row[j - 1] + 1, diagonal + (longer[i - 1] == shorter[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[shorter.size()];
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) { return levenshtein(code_points(a), code_points(b)); }

std::size_t code_point_length(std::string_view text) { return code_points(text).size(); }

double edit_similarity(std::string_view a, std::string_view b) {
  const auto ca = code_points(a), cb = code_points(b);
  const std::size_t longest = std::max(ca.size(), cb.size());
  if (longest == 0) return 1.0;
  return 1.0 - static_cast<double>(levenshtein(ca, cb)) / static_cast<double>(longest);
}

TextChoice choose_text(const std::vector<TextSubmission>& submissions, std::optional<std::size_t> reviewer_pick) {
  if (submissions.empty()) throw Error::invalid("no_submissions", "there is no submission to choose from");
  if (reviewer_pick && *reviewer_pick >= submissions.size())
    throw Error::invalid("invalid_pick", "the reviewer picked submission " + std::to_string(*reviewer_pick) +
                                             " of " + std::to_string(submissions.size()));
  const std::size_t n = submissions.size();
  std::vector<std::vector<std::uint32_t>> texts;
  for (const auto& s : submissions) texts.push_back(code_points(s.response));
  std::vector<std::size_t> distance(n * n, 0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j) distance[i * n + j] = distance[j * n + i] = levenshtein(texts[i], texts[j]);
  TextChoice choice;
  choice.mean_distance.assign(n, 0.0);
  std::size_t best = 0, best_total = std::numeric_limits<std::size_t>::max();
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t total = 0;
    for (std::size_t j = 0; j < n; ++j) total += distance[i * n + j];
    choice.mean_distance[i] = n > 1 ? static_cast<double>(total) / static_cast<double>(n - 1) : 0.0;
    if (total < best_total) best_total = total, best = i;
  }
  choice.picked_by_reviewer = reviewer_pick.has_value();
  choice.chosen = reviewer_pick.value_or(best);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t longest = std::max(texts[i].size(), texts[choice.chosen].size());
    choice.similarity_to_chosen.push_back(
        longest == 0 ? 1.0 : 1.0 - static_cast<double>(distance[i * n + choice.chosen]) / static_cast<double>(longest));
  }
  std::map<std::string, std::vector<int>> scores;
  for (const auto& s : submissions)
    for (const auto& [criterion, score] : s.scores) scores[criterion].push_back(score);
  for (auto& [criterion, values] : scores) {
    std::sort(values.begin(), values.end());
    choice.scores[criterion] = values[(values.size() - 1) / 2];
  }
  return choice;
}

}  // namespace fairlabel::quality
