#include "media/image_probe.h"

#include "core/error.h"

namespace fairlabel::media {

namespace {

constexpr std::string_view kPngSignature("\x89PNG\r\n\x1a\n", 8);

std::uint32_t u8(std::string_view b, std::size_t at) { return static_cast<unsigned char>(b[at]); }
std::uint32_t be16(std::string_view b, std::size_t at) { return (u8(b, at) << 8) | u8(b, at + 1); }
std::uint32_t be32(std::string_view b, std::size_t at) { return (be16(b, at) << 16) | be16(b, at + 2); }

[[noreturn]] void unsupported(const std::string& message) { throw Error::invalid("unsupported_image", message); }

bool is_jpeg(std::string_view b) { return b.size() >= 3 && u8(b, 0) == 0xFF && u8(b, 1) == 0xD8 && u8(b, 2) == 0xFF; }
bool is_png(std::string_view b) { return b.substr(0, 8) == kPngSignature; }

//! Names a few formats people upload by mistake, for the error message.
std::string describe(std::string_view b) {
  // substr past the end throws; these checks must work on any input.
  auto part = [&](std::size_t at, std::size_t n) { return at <= b.size() ? b.substr(at, n) : std::string_view(); };
  if (b.empty()) return "an empty file";
  if (b.substr(0, 4) == "GIF8") return "a GIF image";
  if (b.substr(0, 4) == "RIFF" && part(8, 4) == "WEBP") return "a WebP image";
  if (b.substr(0, 2) == "BM") return "a BMP image";
  if (b.substr(0, 4) == std::string_view("II*\0", 4) || b.substr(0, 4) == std::string_view("MM\0*", 4))
    return "a TIFF image";
  if (part(4, 8) == "ftypheic" || part(4, 8) == "ftypmif1") return "a HEIC image";
  if (part(4, 4) == "ftyp") return "an MP4/QuickTime file";
  return "not a JPEG or PNG image";
}

ImageInfo probe_jpeg(std::string_view b) {
  std::size_t pos = 2;
  while (true) {
    if (pos >= b.size()) unsupported("truncated JPEG: no frame header found");
    if (u8(b, pos) != 0xFF) unsupported("corrupt JPEG: expected a marker at byte " + std::to_string(pos));
    while (pos < b.size() && u8(b, pos) == 0xFF) ++pos;  // fill bytes
    if (pos >= b.size()) unsupported("truncated JPEG: no frame header found");
    std::uint32_t marker = u8(b, pos++);
    // Markers without a length: TEM, RSTn, SOI.
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) continue;
    if (marker == 0xD9 || marker == 0xDA) unsupported("corrupt JPEG: image data before the frame header");
    if (pos + 2 > b.size()) unsupported("truncated JPEG: a segment is cut off");
    std::uint32_t length = be16(b, pos);
    if (length < 2) unsupported("corrupt JPEG: bad segment length at byte " + std::to_string(pos));
    bool is_frame_header = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (is_frame_header) {
      if (length < 7 || pos + 7 > b.size()) unsupported("truncated JPEG: the frame header is cut off");
      ImageInfo info{"image/jpeg", be16(b, pos + 5), be16(b, pos + 3)};
      if (info.height == 0)
        unsupported("JPEG with the height given after the image data (DNL marker) is not supported");
      if (info.width == 0) unsupported("corrupt JPEG: width 0");
      return info;
    }
    pos += length;
  }
}

ImageInfo probe_png(std::string_view b) {
  if (b.size() < 24) unsupported("truncated PNG: the header is cut off");
  if (be32(b, 8) != 13 || b.substr(12, 4) != "IHDR") unsupported("corrupt PNG: the first chunk is not IHDR");
  ImageInfo info{"image/png", be32(b, 16), be32(b, 20)};
  if (info.width == 0 || info.height == 0 || info.width > 0x7FFFFFFF || info.height > 0x7FFFFFFF)
    unsupported("corrupt PNG: invalid size " + std::to_string(info.width) + "x" + std::to_string(info.height));
  return info;
}

}  // namespace

ImageInfo probe_image(std::string_view bytes) {
  if (is_jpeg(bytes)) return probe_jpeg(bytes);
  if (is_png(bytes)) return probe_png(bytes);
  unsupported("unsupported image: " + describe(bytes) + "; only JPEG and PNG are accepted");
}

std::optional<std::string> sniff_mime(std::string_view head) {
  if (is_jpeg(head)) return "image/jpeg";
  if (is_png(head)) return "image/png";
  return std::nullopt;
}

nlohmann::json image_reference(const std::string& sha256, const ImageInfo& info) {
  return {{"sha256", sha256}, {"mime", info.mime}, {"width", info.width}, {"height", info.height}};
}

nlohmann::json put_image(MediaStore& store, std::string_view bytes) {
  ImageInfo info = probe_image(bytes);
  constexpr std::uint32_t kMaxSide = 65535;  // the task-input limit (docs/task-types.md)
  if (info.width > kMaxSide || info.height > kMaxSide)
    throw Error::invalid("image_too_large", "the image is " + std::to_string(info.width) + "x" +
                                                std::to_string(info.height) + " pixels; at most 65535 on each side");
  return image_reference(store.put(bytes).sha256, info);
}

}  // namespace fairlabel::media
