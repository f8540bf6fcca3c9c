#pragma once
//! A small RGB raster with the few filled shapes the demo scenes need.
//! Every shape is clipped to the canvas. While an object is being drawn
//! (begin_object … end_object) the canvas records the bounding box of the
//! pixels actually written, which is the object's true, clipped box.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/random.h"

namespace fairlabel::demo_content {

struct Rgb {
  std::uint8_t r = 0, g = 0, b = 0;
};

//! Pixel box, half-open: [x0, x1) × [y0, y1).
struct PixelBox {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  int width() const { return x1 - x0; }
  int height() const { return y1 - y0; }
  bool operator==(const PixelBox&) const = default;
};

class Canvas {
 public:
  Canvas(int width, int height);
  int width() const { return width_; }
  int height() const { return height_; }

  void fill_rect(int x0, int y0, int x1, int y1, Rgb colour);
  void fill_ellipse(double cx, double cy, double rx, double ry, Rgb colour);
  //! An ellipse whose rx axis is turned by `angle` radians.
  void fill_rotated_ellipse(double cx, double cy, double rx, double ry, double angle, Rgb colour);
  //! Rows y0..y1 blended from `top` to `bottom`.
  void vertical_gradient(int y0, int y1, Rgb top, Rgb bottom);
  //! Adds uniform noise in [-amplitude, amplitude] to every channel (film grain,
  //! so that JPEGs look like photos rather than flat drawings).
  void add_noise(Random& random, int amplitude);

  void begin_object();
  //! The box of the pixels written since begin_object(); nullopt if none.
  std::optional<PixelBox> end_object();

  Rgb at(int x, int y) const;
  //! Binary PPM (P6), the input ffmpeg turns into JPEG.
  std::string ppm() const;

 private:
  void put(int x, int y, Rgb colour);

  int width_, height_;
  std::vector<std::uint8_t> pixels_;
  bool tracking_ = false;
  std::optional<PixelBox> extent_;
};

}  // namespace fairlabel::demo_content
