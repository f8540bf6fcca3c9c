#pragma once
//! Image bytes for tests that store media: the first 24 bytes of a PNG —
//! signature and IHDR with the given size, all that media::probe_image
//! reads — plus `tail`, so that each image has its own hash.

#include <cstdint>
#include <string>

namespace fairlabel::testing {

inline std::string png_header(std::uint32_t width, std::uint32_t height, const std::string& tail = "") {
  std::string bytes("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", 16);
  for (auto value : {width, height})
    for (int shift = 24; shift >= 0; shift -= 8) bytes += static_cast<char>((value >> shift) & 0xff);
  return bytes + std::string("\x08\x02\0\0\0", 5) + tail;
}

}  // namespace fairlabel::testing
