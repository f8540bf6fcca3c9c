#include "demo_content/canvas.h"

#include <gtest/gtest.h>

namespace fairlabel::demo_content {
namespace {

TEST(Canvas, ShapesAreClippedAndTheirExtentRecorded) {
  Canvas canvas(100, 50);
  canvas.begin_object();
  canvas.fill_rect(-10, 40, 20, 60, {255, 0, 0});
  EXPECT_EQ(canvas.end_object(), (PixelBox{0, 40, 20, 50}));
  EXPECT_EQ(canvas.at(0, 49).r, 255);
  EXPECT_EQ(canvas.at(20, 49).r, 0);

  canvas.begin_object();
  canvas.fill_ellipse(50, 20, 10, 5, {0, 255, 0});
  EXPECT_EQ(canvas.end_object(), (PixelBox{40, 15, 60, 25}));

  canvas.begin_object();
  canvas.fill_rect(200, 200, 300, 300, {1, 2, 3});  // entirely outside
  EXPECT_EQ(canvas.end_object(), std::nullopt);

  canvas.begin_object();
  canvas.fill_rotated_ellipse(50, 25, 20, 2, 1.5707963, {0, 0, 255});  // turned upright
  auto upright = canvas.end_object();
  ASSERT_TRUE(upright);
  EXPECT_LE(upright->width(), 5);
  EXPECT_GE(upright->height(), 38);
}

TEST(Canvas, PpmHeaderAndSize) {
  Canvas canvas(3, 2);
  canvas.fill_rect(0, 0, 3, 2, {10, 20, 30});
  std::string ppm = canvas.ppm();
  EXPECT_EQ(ppm.substr(0, 11), "P6\n3 2\n255\n");
  EXPECT_EQ(ppm.size(), 11u + 18u);
  EXPECT_EQ(ppm[11], 10);
  EXPECT_EQ(ppm[13], 30);
}

}  // namespace
}  // namespace fairlabel::demo_content
