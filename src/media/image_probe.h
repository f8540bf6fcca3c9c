#pragma once
//! Image size and type from the file header, without decoding pixels.
//!
//! Accepts JPEG (any SOFn frame header: baseline, progressive, lossless,
//! arithmetic) and PNG (the IHDR chunk). Everything else — GIF, WebP, BMP,
//! TIFF, HEIC, truncated or corrupt headers — is refused with an
//! Error{invalid_input, "unsupported_image"} saying what was found. The
//! caller (an import, an upload) decides the size limits: probing only
//! reports what the header says.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "media/media_store.h"

namespace fairlabel::media {

struct ImageInfo {
  std::string mime;  //!< "image/jpeg" or "image/png"
  std::uint32_t width = 0;
  std::uint32_t height = 0;
};

//! Width, height and mime of a JPEG or PNG held in memory.
ImageInfo probe_image(std::string_view bytes);

//! The mime type from the first bytes (magic numbers only): image/jpeg,
//! image/png; nullopt for anything else. For Content-Type when serving.
std::optional<std::string> sniff_mime(std::string_view head);

//! The image reference of docs/task-types.md:
//! {"sha256", "mime", "width", "height"}.
nlohmann::json image_reference(const std::string& sha256, const ImageInfo& info);

//! An upload: probes `bytes` (JPEG or PNG only), refuses images wider or
//! taller than 65535 pixels (Error invalid_input "image_too_large"), stores
//! them and returns their reference. Idempotent like MediaStore::put.
nlohmann::json put_image(MediaStore& store, std::string_view bytes);

}  // namespace fairlabel::media
