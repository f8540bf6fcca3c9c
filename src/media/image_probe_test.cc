#include "media/image_probe.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/error.h"
#include "media/media_test_support.h"
#include "media/scratch_folder.h"

namespace fairlabel::media {
namespace {

namespace fs = std::filesystem;

std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out.push_back(static_cast<char>(v));
  return out;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string refusal(std::string_view data) {
  try {
    probe_image(data);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), "unsupported_image");
    EXPECT_EQ(e.kind(), ErrorKind::invalid_input);
    return e.what();
  }
  ADD_FAILURE() << "accepted";
  return "";
}

// SOI, an APP0 segment of 16 bytes, fill bytes, then a frame header `sof`.
std::string handmade_jpeg(int sof, int width, int height) {
  std::string jpeg = bytes({0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10});
  jpeg += "JFIF" + std::string(10, '\0');
  jpeg += bytes({0xFF, 0xFF, 0xFF, sof, 0x00, 0x11, 0x08, height >> 8, height & 0xFF, width >> 8, width & 0xFF, 3});
  jpeg += std::string(9, '\1');
  return jpeg;
}

TEST(ImageProbe, HandmadeJpegHeaders) {
  ImageInfo baseline = probe_image(handmade_jpeg(0xC0, 1920, 1080));
  EXPECT_EQ(baseline.mime, "image/jpeg");
  EXPECT_EQ(baseline.width, 1920u);
  EXPECT_EQ(baseline.height, 1080u);
  ImageInfo progressive = probe_image(handmade_jpeg(0xC2, 65535, 1));
  EXPECT_EQ(progressive.width, 65535u);
  // DHT (C4) is not a frame header and must be skipped.
  std::string with_dht = bytes({0xFF, 0xD8, 0xFF, 0xC4, 0x00, 0x04, 0x00, 0x00});
  with_dht += handmade_jpeg(0xC1, 10, 20).substr(2);
  EXPECT_EQ(probe_image(with_dht).height, 20u);
}

TEST(ImageProbe, RealFilesFromFfmpeg) {
  ScratchFolder folder(fs::temp_directory_path(), "fl-probe-test");
  testing::make_test_image(folder.path() / "a.jpg", "321x123");
  testing::make_test_image(folder.path() / "a.png", "64x48");
  ImageInfo jpeg = probe_image(read_file(folder.path() / "a.jpg"));
  EXPECT_EQ(jpeg.mime, "image/jpeg");
  EXPECT_EQ(jpeg.width, 321u);
  EXPECT_EQ(jpeg.height, 123u);
  ImageInfo png = probe_image(read_file(folder.path() / "a.png"));
  EXPECT_EQ(png.mime, "image/png");
  EXPECT_EQ(png.width, 64u);
  EXPECT_EQ(png.height, 48u);
  EXPECT_EQ(sniff_mime(read_file(folder.path() / "a.png").substr(0, 16)), "image/png");

  testing::make_test_image(folder.path() / "a.gif", "32x32");
  EXPECT_EQ(refusal(read_file(folder.path() / "a.gif")),
            "unsupported image: a GIF image; only JPEG and PNG are accepted");
}

TEST(ImageProbe, RefusesOtherFormatsAndDamage) {
  EXPECT_EQ(refusal(""), "unsupported image: an empty file; only JPEG and PNG are accepted");
  EXPECT_EQ(refusal(std::string("RIFF\0\0\0\0WEBPVP8 ", 15)), "unsupported image: a WebP image; only JPEG and PNG are accepted");
  EXPECT_EQ(refusal("RIFF"), "unsupported image: not a JPEG or PNG image; only JPEG and PNG are accepted");
  EXPECT_EQ(refusal("hello world"), "unsupported image: not a JPEG or PNG image; only JPEG and PNG are accepted");
  std::string jpeg = handmade_jpeg(0xC0, 100, 100);
  EXPECT_EQ(refusal(jpeg.substr(0, 20)), "truncated JPEG: no frame header found");
  EXPECT_EQ(refusal(jpeg.substr(0, 24)), "truncated JPEG: a segment is cut off");
  EXPECT_EQ(refusal(jpeg.substr(0, 30)), "truncated JPEG: the frame header is cut off");
  EXPECT_EQ(refusal(handmade_jpeg(0xC0, 100, 0)),
            "JPEG with the height given after the image data (DNL marker) is not supported");
  EXPECT_EQ(refusal(bytes({0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02})), "corrupt JPEG: image data before the frame header");
  std::string png = bytes({0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 0, 0, 0, 0, 5});
  EXPECT_EQ(refusal(png), "corrupt PNG: invalid size 0x5");
  EXPECT_EQ(refusal(png.substr(0, 20)), "truncated PNG: the header is cut off");
}

TEST(ImageProbe, Reference) {
  EXPECT_EQ(image_reference(std::string(64, 'a'), {"image/png", 3, 4}),
            nlohmann::json({{"sha256", std::string(64, 'a')}, {"mime", "image/png"}, {"width", 3}, {"height", 4}}));
}

TEST(ImageProbe, PutImageStoresAndDescribes) {
  ScratchFolder folder(fs::temp_directory_path(), "fl-put-image-test");
  MediaStore store(folder.path());
  std::string jpeg = handmade_jpeg(0xC0, 640, 480);
  nlohmann::json reference = put_image(store, jpeg);
  EXPECT_EQ(reference, image_reference(sha256_hex(jpeg), {"image/jpeg", 640, 480}));
  EXPECT_EQ(store.read(reference["sha256"].get<std::string>()), jpeg);
  std::string png = bytes({0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 1, 0, 0, 0, 0, 0, 5});
  try {
    put_image(store, png);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), "image_too_large");
  }
  EXPECT_THROW(put_image(store, "GIF89a"), Error);
  EXPECT_FALSE(store.contains(sha256_hex(png)));
}

}  // namespace
}  // namespace fairlabel::media
