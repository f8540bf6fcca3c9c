#pragma once
//! Appending JSON and XML text to a string buffer, for the streaming
//! writers: no document tree is built, so an export's memory does not grow
//! with its size. Numbers are written in the shortest form that reads back
//! to the same double (so export → import → export is byte-identical).

#include <cstdint>
#include <string>
#include <string_view>

namespace fairlabel::formats {

//! `text` as a JSON string literal (quotes included); control characters
//! are escaped, UTF-8 is passed through.
void append_json_string(std::string& out, std::string_view text);

//! The shortest decimal that reads back as `value` (no exponent for
//! magnitudes in [1e-5, 1e16)); integers without a fraction ("12").
void append_number(std::string& out, double value);

//! `value` in decimal ("-12").
void append_integer(std::string& out, std::int64_t value);

//! Fixed-point with `decimals` digits after the point, never an exponent
//! (YOLO readers refuse exponents); "-0.000000" is written as "0.000000".
void append_fixed(std::string& out, double value, int decimals);

//! `value` rounded to `decimals` digits after the point, trailing zeros
//! (and a bare point) dropped: "12.5", "3". Used where a value is derived
//! (percentages) so that floating-point noise does not reach the file.
void append_rounded(std::string& out, double value, int decimals);

//! `text` escaped for XML character data and attribute values.
void append_xml_text(std::string& out, std::string_view text);

}  // namespace fairlabel::formats
