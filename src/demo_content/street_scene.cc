#include "demo_content/street_scene.h"

#include <algorithm>
#include <cmath>

namespace fairlabel::demo_content {

namespace {

// Vertical layout, as fractions of the height.
constexpr double kHorizon = 0.52;        // buildings stand here; far sidewalk starts
constexpr double kFarCurb = 0.62;        // road starts
constexpr double kCentreLine = 0.76;
constexpr double kNearCurb = 0.90;       // near sidewalk starts
constexpr double kPalmGround = 0.585;
constexpr double kFarWalkGround = 0.607;
constexpr double kFarLaneGround = 0.745;
constexpr double kNearLaneGround = 0.875;
constexpr double kNearWalkGround = 0.985;

double uniform(Random& random, double low, double high) {
  return low + (high - low) * static_cast<double>(random.below(1000001)) / 1000000.0;
}

Rgb pick(Random& random, const std::vector<Rgb>& palette) { return palette[random.below(palette.size())]; }

const std::vector<Rgb> kCarColours = {{200, 30, 35}, {30, 70, 160}, {235, 235, 235}, {25, 25, 28}, {240, 190, 40},
                                      {90, 140, 70}, {150, 150, 158}, {230, 110, 30}};
const std::vector<Rgb> kShirtColours = {{220, 60, 60}, {60, 120, 200}, {250, 210, 70}, {90, 170, 110},
                                        {240, 240, 240}, {150, 80, 170}, {255, 140, 0}};
const std::vector<Rgb> kTrouserColours = {{40, 50, 80}, {60, 60, 60}, {120, 90, 60}, {30, 30, 30}};
const std::vector<Rgb> kBuildingColours = {{225, 205, 170}, {200, 120, 90}, {180, 180, 175}, {240, 230, 210},
                                           {170, 190, 200}, {210, 170, 140}};

Rgb darker(Rgb c, double f) {
  return {static_cast<std::uint8_t>(c.r * f), static_cast<std::uint8_t>(c.g * f), static_cast<std::uint8_t>(c.b * f)};
}

int overlap_area(const PixelBox& a, const PixelBox& b) {
  int w = std::min(a.x1, b.x1) - std::max(a.x0, b.x0), h = std::min(a.y1, b.y1) - std::max(a.y0, b.y0);
  return w > 0 && h > 0 ? w * h : 0;
}

}  // namespace

StreetScene::StreetScene(std::uint64_t seed, int width, int height, bool moving, int frames)
    : width_(width), height_(height), seed_(seed) {
  Random random(seed);
  const double W = width, H = height;
  for (int x = 0; x < width;) {
    int w = static_cast<int>(uniform(random, 0.06, 0.16) * W);
    buildings_.push_back({x, x + w, static_cast<int>(uniform(random, 0.10, 0.36) * H), pick(random, kBuildingColours)});
    x += w;
  }
  int counter[3] = {0, 0, 0};
  auto add = [&](Kind kind, int layer, double x, double ground, double size, double speed, double phase) {
    const char* prefix = kind == Kind::car ? "car-" : kind == Kind::pedestrian ? "pedestrian-" : "palm-";
    std::string id = prefix + std::to_string(++counter[static_cast<int>(kind)]);
    Rgb colour = kind == Kind::car ? pick(random, kCarColours) : pick(random, kShirtColours);
    Rgb colour2 = pick(random, kTrouserColours);
    actors_.push_back({kind, id, layer, x, ground, size, speed, phase, colour, colour2});
  };
  // A mover enters at a random frame from one side and crosses at `speed`;
  // its position at frame 0 follows (it may start inside the frame).
  auto entering_x = [&](double speed, double extent) {
    double enter = uniform(random, -0.4 * frames, 0.5 * frames);
    double edge = speed > 0 ? -extent : W;
    return edge - speed * enter;
  };
  const int palms = moving ? 2 : 1 + static_cast<int>(random.below(3));
  for (int i = 0; i < palms; ++i) {
    double x = (i + 0.5) * W / palms + uniform(random, -0.12, 0.12) * W / palms;
    add(Kind::palm, 0, x, kPalmGround * H, uniform(random, 0.38, 0.5) * H, 0, uniform(random, -1, 1));
  }
  struct Group {
    Kind kind;
    int layer;
    double ground, size_low, size_high, speed_low, speed_high;
    int still_min, still_max, moving_count;
  };
  const Group groups[] = {
      {Kind::pedestrian, 1, kFarWalkGround * H, 0.14 * H, 0.16 * H, 0.004 * W, 0.007 * W, 1, 3, 2},
      {Kind::car, 2, kFarLaneGround * H, 0.14 * W, 0.16 * W, -0.02 * W, -0.012 * W, 1, 2, 2},
      {Kind::car, 3, kNearLaneGround * H, 0.18 * W, 0.20 * W, 0.015 * W, 0.025 * W, 1, 2, 2},
      {Kind::pedestrian, 4, kNearWalkGround * H, 0.20 * H, 0.23 * H, 0.005 * W, 0.008 * W, 0, 2, 1},
  };
  for (const Group& g : groups) {
    int count = moving ? g.moving_count : g.still_min + static_cast<int>(random.below(g.still_max - g.still_min + 1));
    for (int i = 0; i < count; ++i) {
      double size = uniform(random, g.size_low, g.size_high);
      double speed = moving ? uniform(random, g.speed_low, g.speed_high) : 0;
      if (g.kind == Kind::pedestrian && random.below(2) == 0) speed = -speed;
      double extent = g.kind == Kind::car ? size : 0.25 * size;
      double x = moving ? entering_x(speed, extent)
                        : (g.kind == Kind::car ? uniform(random, 0, W - size) : uniform(random, 0.05, 0.95) * W);
      add(g.kind, g.layer, x, g.ground, size, speed, uniform(random, 0, 6.28));
    }
  }
  std::stable_sort(actors_.begin(), actors_.end(), [](const Actor& a, const Actor& b) { return a.layer < b.layer; });
}

void StreetScene::draw_background(Canvas& canvas) const {
  const double W = width_, H = height_;
  canvas.vertical_gradient(0, static_cast<int>(kHorizon * H), {110, 165, 230}, {205, 225, 245});
  canvas.fill_ellipse(0.85 * W, 0.1 * H, 0.035 * H, 0.035 * H, {255, 245, 200});
  Random windows(seed_ * 31 + 7);
  int base = static_cast<int>(kHorizon * H);
  for (const Building& b : buildings_) {
    canvas.fill_rect(b.x0, b.top, b.x1, base, b.colour);
    canvas.fill_rect(b.x0, b.top, b.x1, b.top + std::max(2, static_cast<int>(0.008 * H)), darker(b.colour, 0.7));
    int window_w = std::max(2, static_cast<int>(0.018 * W)), window_h = std::max(2, static_cast<int>(0.03 * H));
    for (int y = b.top + static_cast<int>(0.03 * H); y + window_h < base - static_cast<int>(0.02 * H);
         y += static_cast<int>(0.055 * H)) {
      for (int x = b.x0 + window_w; x + 2 * window_w <= b.x1; x += 2 * window_w) {
        bool lit = windows.below(4) == 0;
        canvas.fill_rect(x, y, x + window_w, y + window_h, lit ? Rgb{250, 230, 150} : Rgb{70, 90, 110});
      }
    }
  }
  canvas.fill_rect(0, base, width_, static_cast<int>(kFarCurb * H), {190, 186, 178});
  canvas.fill_rect(0, static_cast<int>(kFarCurb * H) - 3, width_, static_cast<int>(kFarCurb * H), {120, 118, 112});
  canvas.fill_rect(0, static_cast<int>(kFarCurb * H), width_, static_cast<int>(kNearCurb * H), {72, 74, 78});
  int dash = static_cast<int>(0.05 * W), gap = static_cast<int>(0.04 * W);
  for (int x = 0; x < width_; x += dash + gap)
    canvas.fill_rect(x, static_cast<int>(kCentreLine * H) - 2, x + dash, static_cast<int>(kCentreLine * H) + 2,
                     {232, 232, 220});
  canvas.fill_rect(0, static_cast<int>(kNearCurb * H), width_, height_, {182, 178, 170});
  canvas.fill_rect(0, static_cast<int>(kNearCurb * H), width_, static_cast<int>(kNearCurb * H) + 3, {120, 118, 112});
}

void StreetScene::draw_actor(Canvas& canvas, const Actor& a, int frame) const {
  const double x = a.x + a.speed * frame;
  switch (a.kind) {
    case Kind::car: {
      const double L = a.size, g = a.ground;
      const int left = static_cast<int>(std::lround(x)), right = static_cast<int>(std::lround(x + L));
      canvas.fill_rect(left, static_cast<int>(g - 0.30 * L), right, static_cast<int>(g - 0.10 * L), a.colour);
      canvas.fill_rect(static_cast<int>(x + 0.22 * L), static_cast<int>(g - 0.42 * L), static_cast<int>(x + 0.74 * L),
                       static_cast<int>(g - 0.29 * L), a.colour);
      Rgb glass{170, 210, 235};
      canvas.fill_rect(static_cast<int>(x + 0.26 * L), static_cast<int>(g - 0.39 * L), static_cast<int>(x + 0.47 * L),
                       static_cast<int>(g - 0.30 * L), glass);
      canvas.fill_rect(static_cast<int>(x + 0.50 * L), static_cast<int>(g - 0.39 * L), static_cast<int>(x + 0.70 * L),
                       static_cast<int>(g - 0.30 * L), glass);
      bool facing_right = a.speed >= 0;
      double light_x = facing_right ? x + 0.95 * L : x;
      canvas.fill_rect(static_cast<int>(light_x), static_cast<int>(g - 0.27 * L), static_cast<int>(light_x + 0.05 * L),
                       static_cast<int>(g - 0.22 * L), {255, 240, 180});
      for (double wheel : {0.2, 0.8}) {
        canvas.fill_ellipse(x + wheel * L, g - 0.11 * L, 0.11 * L, 0.11 * L, {22, 22, 24});
        canvas.fill_ellipse(x + wheel * L, g - 0.11 * L, 0.05 * L, 0.05 * L, {160, 160, 165});
      }
      return;
    }
    case Kind::pedestrian: {
      const double h = a.size, g = a.ground;
      const double swing = std::sin(a.phase + frame * 0.7) * 0.07 * h * (a.speed == 0 ? 0.5 : 1);
      for (double side : {-1.0, 1.0}) {
        double cx = x + side * 0.05 * h + side * swing;
        canvas.fill_rect(static_cast<int>(cx - 0.04 * h), static_cast<int>(g - 0.45 * h), static_cast<int>(cx + 0.04 * h),
                         static_cast<int>(g), a.colour2);
        double ax = x + side * 0.16 * h - side * swing * 0.5;
        canvas.fill_rect(static_cast<int>(ax - 0.03 * h), static_cast<int>(g - 0.78 * h), static_cast<int>(ax + 0.03 * h),
                         static_cast<int>(g - 0.5 * h), darker(a.colour, 0.8));
      }
      canvas.fill_rect(static_cast<int>(x - 0.13 * h), static_cast<int>(g - 0.8 * h), static_cast<int>(x + 0.13 * h),
                       static_cast<int>(g - 0.42 * h), a.colour);
      canvas.fill_ellipse(x, g - 0.89 * h, 0.1 * h, 0.1 * h, {224, 172, 130});
      return;
    }
    case Kind::palm: {
      const double h = a.size, g = a.ground, lean = a.phase;
      const int segments = 24;
      for (int i = 0; i <= segments; ++i) {
        double t = static_cast<double>(i) / segments;
        double cx = x + lean * t * t * 0.12 * h, cy = g - t * 0.82 * h;
        Rgb bark = i % 3 == 0 ? Rgb{105, 75, 45} : Rgb{135, 98, 62};
        canvas.fill_ellipse(cx, cy, (0.03 - 0.012 * t) * h, 0.025 * h, bark);
      }
      const double tx = x + lean * 0.12 * h, ty = g - 0.82 * h;
      const double angles[] = {-2.9, -2.4, -1.9, -1.25, -0.7, -0.25, 2.8, 0.35};
      for (std::size_t i = 0; i < std::size(angles); ++i) {
        double ang = angles[i];
        double cx = tx + std::cos(ang) * 0.15 * h, cy = ty + std::sin(ang) * 0.07 * h + 0.045 * h;
        Rgb leaf = i % 2 ? Rgb{40, 130, 55} : Rgb{60, 155, 70};
        canvas.fill_rotated_ellipse(cx, cy, 0.17 * h, 0.03 * h, ang + (std::cos(ang) > 0 ? 0.35 : -0.35), leaf);
      }
      canvas.fill_ellipse(tx - 0.02 * h, ty + 0.02 * h, 0.02 * h, 0.02 * h, {95, 65, 35});
      canvas.fill_ellipse(tx + 0.02 * h, ty + 0.025 * h, 0.02 * h, 0.02 * h, {95, 65, 35});
      return;
    }
  }
}

std::vector<SceneObject> StreetScene::draw(Canvas& canvas, int frame) const {
  draw_background(canvas);
  std::vector<SceneObject> drawn;
  for (const Actor& actor : actors_) {
    canvas.begin_object();
    draw_actor(canvas, actor, frame);
    std::optional<PixelBox> box = canvas.end_object();
    if (actor.kind == Kind::pedestrian) {
      // The walking envelope, not this frame's pixels: swinging legs would
      // make the true box wobble from frame to frame.
      const double x = actor.x + actor.speed * frame, h = actor.size;
      PixelBox envelope{static_cast<int>(std::floor(x - 0.24 * h)), static_cast<int>(std::floor(actor.ground - 0.99 * h)),
                        static_cast<int>(std::ceil(x + 0.24 * h)), static_cast<int>(std::ceil(actor.ground))};
      envelope = {std::max(envelope.x0, 0), std::max(envelope.y0, 0), std::min(envelope.x1, width_),
                  std::min(envelope.y1, height_)};
      box = box ? std::optional<PixelBox>(envelope) : std::nullopt;
    }
    if (!box || box->width() < 3 || box->height() < 3) continue;
    drawn.push_back({actor.id, actor.kind == Kind::car          ? kCar
                               : actor.kind == Kind::pedestrian ? kPedestrian
                                                                : kPalmTree,
                     *box, false});
  }
  for (std::size_t i = 0; i < drawn.size(); ++i) {
    int covered = 0;
    for (std::size_t j = i + 1; j < drawn.size(); ++j) covered += overlap_area(drawn[i].box, drawn[j].box);
    drawn[i].occluded = covered * 10 >= drawn[i].box.width() * drawn[i].box.height() * 3;
  }
  Random grain(seed_ * 1000003 + static_cast<std::uint64_t>(frame));
  canvas.add_noise(grain, 5);
  return drawn;
}

}  // namespace fairlabel::demo_content
