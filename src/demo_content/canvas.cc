#include "demo_content/canvas.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace fairlabel::demo_content {

Canvas::Canvas(int width, int height)
    : width_(width), height_(height), pixels_(static_cast<std::size_t>(width) * height * 3, 0) {}

void Canvas::put(int x, int y, Rgb colour) {
  if (x < 0 || y < 0 || x >= width_ || y >= height_) return;
  std::size_t at = (static_cast<std::size_t>(y) * width_ + x) * 3;
  pixels_[at] = colour.r, pixels_[at + 1] = colour.g, pixels_[at + 2] = colour.b;
  if (tracking_) {
    if (!extent_) {
      extent_ = PixelBox{x, y, x + 1, y + 1};
    } else {
      extent_->x0 = std::min(extent_->x0, x), extent_->y0 = std::min(extent_->y0, y);
      extent_->x1 = std::max(extent_->x1, x + 1), extent_->y1 = std::max(extent_->y1, y + 1);
    }
  }
}

void Canvas::fill_rect(int x0, int y0, int x1, int y1, Rgb colour) {
  for (int y = std::max(y0, 0); y < std::min(y1, height_); ++y)
    for (int x = std::max(x0, 0); x < std::min(x1, width_); ++x) put(x, y, colour);
}

void Canvas::fill_ellipse(double cx, double cy, double rx, double ry, Rgb colour) {
  fill_rotated_ellipse(cx, cy, rx, ry, 0, colour);
}

void Canvas::fill_rotated_ellipse(double cx, double cy, double rx, double ry, double angle, Rgb colour) {
  if (rx <= 0 || ry <= 0) return;
  double c = std::cos(angle), s = std::sin(angle);
  double reach = std::max(rx, ry);
  int x0 = static_cast<int>(std::floor(cx - reach)), x1 = static_cast<int>(std::ceil(cx + reach));
  int y0 = static_cast<int>(std::floor(cy - reach)), y1 = static_cast<int>(std::ceil(cy + reach));
  for (int y = std::max(y0, 0); y <= std::min(y1, height_ - 1); ++y) {
    for (int x = std::max(x0, 0); x <= std::min(x1, width_ - 1); ++x) {
      double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
      double u = (dx * c + dy * s) / rx, v = (-dx * s + dy * c) / ry;
      if (u * u + v * v <= 1) put(x, y, colour);
    }
  }
}

void Canvas::vertical_gradient(int y0, int y1, Rgb top, Rgb bottom) {
  for (int y = std::max(y0, 0); y < std::min(y1, height_); ++y) {
    double t = y1 - 1 > y0 ? static_cast<double>(y - y0) / (y1 - 1 - y0) : 0;
    auto mix = [t](std::uint8_t a, std::uint8_t b) { return static_cast<std::uint8_t>(std::lround(a + (b - a) * t)); };
    fill_rect(0, y, width_, y + 1, {mix(top.r, bottom.r), mix(top.g, bottom.g), mix(top.b, bottom.b)});
  }
}

void Canvas::add_noise(Random& random, int amplitude) {
  for (auto& channel : pixels_) {
    int delta = static_cast<int>(random.below(2 * amplitude + 1)) - amplitude;
    channel = static_cast<std::uint8_t>(std::clamp(channel + delta, 0, 255));
  }
}

void Canvas::begin_object() {
  tracking_ = true;
  extent_.reset();
}

std::optional<PixelBox> Canvas::end_object() {
  tracking_ = false;
  return std::exchange(extent_, std::nullopt);
}

Rgb Canvas::at(int x, int y) const {
  std::size_t i = (static_cast<std::size_t>(y) * width_ + x) * 3;
  return {pixels_[i], pixels_[i + 1], pixels_[i + 2]};
}

std::string Canvas::ppm() const {
  std::string out = "P6\n" + std::to_string(width_) + " " + std::to_string(height_) + "\n255\n";
  out.append(reinterpret_cast<const char*>(pixels_.data()), pixels_.size());
  return out;
}

}  // namespace fairlabel::demo_content
