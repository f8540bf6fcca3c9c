#pragma once
//! Procedural street scenes — sky, buildings, sidewalks, road, palm trees,
//! cars and walking pedestrians — drawn into a Canvas, with the true box of
//! every visible object. One seed gives one scene; a scene can be drawn at
//! any frame, with cars driving and pedestrians walking across, which is
//! what makes a video with known tracks.

#include <cstdint>
#include <string>
#include <vector>

#include "demo_content/canvas.h"

namespace fairlabel::demo_content {

//! Label names used by the scenes (the demo vision projects' schema).
inline constexpr const char* kPedestrian = "pedestrian";
inline constexpr const char* kCar = "car";
inline constexpr const char* kPalmTree = "palm tree";

//! A visible object in one drawn frame: its stable id (the same in every
//! frame, e.g. "car-2"), label, clipped pixel box and whether later-drawn
//! objects cover at least 30% of it.
struct SceneObject {
  std::string id;
  std::string label;
  PixelBox box;
  bool occluded = false;
};

class StreetScene {
 public:
  //! `moving`: objects move with time and enter/leave the frame during
  //! `frames` frames (a video); otherwise they are placed for a still.
  StreetScene(std::uint64_t seed, int width, int height, bool moving, int frames = 1);

  //! Draws the scene at `frame` and returns the visible objects (at least
  //! 3 pixels wide and high inside the frame), in drawing order.
  std::vector<SceneObject> draw(Canvas& canvas, int frame) const;

  int width() const { return width_; }
  int height() const { return height_; }

 private:
  enum class Kind { car, pedestrian, palm };
  struct Actor {
    Kind kind;
    std::string id;
    int layer;           // drawing order: lower first
    double x;            // left edge (cars), centre (pedestrians, palms) at frame 0
    double ground;       // y of the wheels' / feet's / trunk's base
    double size;         // length (cars), height (pedestrians, palms)
    double speed;        // px per frame, signed
    double phase;        // gait phase (pedestrians), lean (palms)
    Rgb colour, colour2;
  };
  struct Building {
    int x0, x1, top;
    Rgb colour;
  };

  void draw_background(Canvas& canvas) const;
  void draw_actor(Canvas& canvas, const Actor& actor, int frame) const;

  int width_, height_;
  std::uint64_t seed_;
  std::vector<Building> buildings_;
  std::vector<Actor> actors_;  // sorted by layer
};

}  // namespace fairlabel::demo_content
