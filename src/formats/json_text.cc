#include "formats/json_text.h"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace fairlabel::formats {

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<unsigned>(c));
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

// Numbers are formatted into a stack buffer and appended once: a
// back_insert_iterator into `out` costs a call per character, and an
// export writes several numbers per box (the COCO writer ran about a
// quarter fewer instructions after this, under callgrind; BENCHMARKS.md
// "Formats").
void append_number(std::string& out, double value) {
  if (value == 0) value = 0;  // no "-0"
  char buffer[64];
  char* end = fmt::format_to(buffer, FMT_COMPILE("{}"), value);
  out.append(buffer, end);
}

void append_integer(std::string& out, std::int64_t value) {
  char buffer[24];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, end);
}

void append_fixed(std::string& out, double value, int decimals) {
  std::size_t start = out.size();
  fmt::format_to(std::back_inserter(out), "{:.{}f}", value, decimals);
  if (out[start] == '-' && out.find_first_not_of("0.", start + 1) == std::string::npos) out.erase(start, 1);
}

void append_rounded(std::string& out, double value, int decimals) {
  std::size_t start = out.size();
  append_fixed(out, value, decimals);
  if (out.find('.', start) == std::string::npos) return;
  while (out.back() == '0') out.pop_back();
  if (out.back() == '.') out.pop_back();
}

void append_xml_text(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
}

}  // namespace fairlabel::formats
