// Formats: export of 1,000,000 boxes to COCO and import of a 1,000,000-line
// JSONL manifest, with time and peak memory, each next to a baseline run in
// the same invocation. Every scenario runs in its own child process (fork),
// and its peak resident memory is that child's ru_maxrss from wait4, so
// scenarios do not inflate each other's figure. Prints a Markdown table;
// see BENCHMARKS.md, "## Formats".
//
//   build/bench/formats_bench --fairlabel build/fairlabel [--rounds 3] [--boxes 1000000] [--lines 1000000]
//
// - coco-stream: formats::CocoWriter (the export path), 100,000 images x 10
//   boxes, written to a file;
// - coco-dom (baseline): the same document built as an nlohmann::json DOM
//   and dumped to a file;
// - jsonl-import: `fairlabel import --project P manifest.jsonl` (the real
//   CLI: parse, validate, insert into a real SQLite database, one
//   transaction, synchronous=FULL) of a classification manifest
//   {"text": "…"} per line, into a fresh copy of a seeded data folder;
// - jsonl-parse (baseline): reading the same file and parsing each line
//   with nlohmann::json, nothing else — the floor under any import.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "formats/coco.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string fairlabel;
  int rounds = 3;
  long boxes = 1'000'000;
  long lines = 1'000'000;
};

constexpr int kBoxesPerImage = 10;

fairlabel::formats::ExportHeader coco_header() {
  return {"image_bbox", {"car", "pedestrian", "cyclist"}, "bench"};
}

//! Image i's input and boxes: deterministic, with fractional coordinates.
fairlabel::formats::ExportItem image_item(long i) {
  char sha[65];
  std::snprintf(sha, sizeof sha, "%064lx", i);
  fairlabel::formats::ExportItem item;
  item.task_id = i + 1;
  item.file_name = std::string(sha) + ".jpg";
  item.input = {{"image", {{"sha256", sha}, {"mime", "image/jpeg"}, {"width", 1920}, {"height", 1080}}}};
  json boxes = json::array();
  for (int b = 0; b < kBoxesPerImage; ++b) {
    double x = static_cast<double>((i * 37 + b * 101) % 1700) + 0.25,
           y = static_cast<double>((i * 13 + b * 57) % 900) + 0.5;
    boxes.push_back({{"id", std::to_string(b + 1)},
                     {"label", coco_header().labels[static_cast<std::size_t>(b % 3)]},
                     {"x", x},
                     {"y", y},
                     {"w", 120.125},
                     {"h", 80.75}});
  }
  item.answers.push_back({{{"boxes", std::move(boxes)}}, std::nullopt});
  return item;
}

void coco_stream(const Options& o, const fs::path& out) {
  std::ofstream file(out, std::ios::binary);
  fairlabel::formats::CocoWriter writer(file, coco_header(), false);
  for (long i = 0; i < o.boxes / kBoxesPerImage; ++i) writer.add(image_item(i));
  writer.finish();
}

void coco_dom(const Options& o, const fs::path& out) {
  json doc = {{"info", {{"description", "bench"}}}, {"licenses", json::array()}};
  json categories = json::array();
  for (std::size_t c = 0; c < 3; ++c)
    categories.push_back({{"id", c + 1}, {"name", coco_header().labels[c]}, {"supercategory", ""}});
  json images = json::array(), annotations = json::array();
  long next_id = 1;
  for (long i = 0; i < o.boxes / kBoxesPerImage; ++i) {
    auto item = image_item(i);
    images.push_back({{"id", item.task_id}, {"file_name", item.file_name}, {"width", 1920}, {"height", 1080}});
    for (const auto& b : item.answers[0].payload["boxes"]) {
      double w = b["w"], h = b["h"];
      int category = b["label"] == "car" ? 1 : b["label"] == "pedestrian" ? 2 : 3;
      annotations.push_back({{"id", next_id++},
                             {"image_id", item.task_id},
                             {"category_id", category},
                             {"bbox", {b["x"], b["y"], w, h}},
                             {"area", w * h},
                             {"iscrowd", 0},
                             {"segmentation", json::array()}});
    }
  }
  doc["categories"] = std::move(categories);
  doc["images"] = std::move(images);
  doc["annotations"] = std::move(annotations);
  std::ofstream file(out, std::ios::binary);
  file << doc.dump();
}

void write_manifest(const Options& o, const fs::path& path) {
  std::ofstream file(path, std::ios::binary);
  std::string line;
  for (long i = 0; i < o.lines; ++i) {
    line = "{\"text\":\"Is there a palm tree in street scene number " + std::to_string(i) + "? Answer yes or no.\"}\n";
    file << line;
  }
}

void jsonl_parse(const fs::path& manifest) {
  std::ifstream in(manifest, std::ios::binary);
  std::string line;
  long parsed = 0;
  while (std::getline(in, line)) parsed += json::parse(line).is_object();
  if (parsed == 0) std::exit(3);
}

struct Measure {
  double seconds = 0;
  long max_rss_kib = 0;
};

//! Runs `work` in a child process; its wall time and peak RSS.
template <typename Work>
Measure in_child(Work work) {
  std::cout.flush();
  auto start = Clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    work();
    std::_Exit(0);
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  Measure m{std::chrono::duration<double>(Clock::now() - start).count(), usage.ru_maxrss};
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::cerr << "a scenario failed (status " << status << ")\n";
    std::exit(1);
  }
  return m;
}

void run_command(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  if (std::freopen("/dev/null", "w", stdout) == nullptr) std::_Exit(4);
  execv(argv[0], argv.data());
  std::_Exit(5);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--fairlabel")
      o.fairlabel = argv[i + 1];
    else if (flag == "--rounds")
      o.rounds = std::atoi(argv[i + 1]);
    else if (flag == "--boxes")
      o.boxes = std::atol(argv[i + 1]);
    else if (flag == "--lines")
      o.lines = std::atol(argv[i + 1]);
    else {
      std::cerr << "unknown flag " << flag << "\n";
      return 2;
    }
  }
  if (o.fairlabel.empty()) {
    std::cerr << "usage: formats_bench --fairlabel build/fairlabel [--rounds N] [--boxes N] [--lines N]\n";
    return 2;
  }
  fs::path work = fs::temp_directory_path() / ("fl-formats-bench-" + std::to_string(getpid()));
  fs::create_directories(work);
  struct Row {
    std::string name;
    std::vector<double> seconds, rss_mib;
    std::uintmax_t bytes = 0;
  };
  std::vector<Row> rows = {{"coco-stream"}, {"coco-dom (baseline)"}, {"jsonl-import"}, {"jsonl-parse (baseline)"}};

  // A seeded data folder with a classification project (the demo's), copied fresh per round.
  fs::path seeded = work / "seeded";
  in_child([&] { run_command({o.fairlabel, "demo", "seed", "--data", seeded.string()}); });
  fs::path manifest = work / "manifest.jsonl";
  write_manifest(o, manifest);
  // The demo seeds one project per task type; classification is project 1
  // (src/app/demo.cc creates them in a fixed order).
  const std::string project = std::getenv("FORMATS_BENCH_PROJECT") ? std::getenv("FORMATS_BENCH_PROJECT") : "1";

  for (int round = 0; round < o.rounds; ++round) {
    fs::path coco = work / "coco.json";
    auto m = in_child([&] { coco_stream(o, coco); });
    rows[0].seconds.push_back(m.seconds), rows[0].rss_mib.push_back(m.max_rss_kib / 1024.0),
        rows[0].bytes = fs::file_size(coco);
    m = in_child([&] { coco_dom(o, coco); });
    rows[1].seconds.push_back(m.seconds), rows[1].rss_mib.push_back(m.max_rss_kib / 1024.0),
        rows[1].bytes = fs::file_size(coco);
    fs::remove(coco);

    fs::path data = work / "data";
    fs::remove_all(data);
    fs::copy(seeded, data, fs::copy_options::recursive);
    m = in_child([&] {
      run_command({o.fairlabel, "import", "--project", project, "--format", "jsonl", "--max-tasks",
                   std::to_string(o.lines), "--data", data.string(), manifest.string()});
    });
    rows[2].seconds.push_back(m.seconds), rows[2].rss_mib.push_back(m.max_rss_kib / 1024.0),
        rows[2].bytes = fs::file_size(manifest);
    m = in_child([&] { jsonl_parse(manifest); });
    rows[3].seconds.push_back(m.seconds), rows[3].rss_mib.push_back(m.max_rss_kib / 1024.0),
        rows[3].bytes = fs::file_size(manifest);
    for (const auto& row : rows)
      std::fprintf(stderr, "round %d %s: %.2f s, %.0f MiB\n", round + 1, row.name.c_str(), row.seconds.back(),
                   row.rss_mib.back());
  }
  std::printf("| scenario | size | median time (s) | median peak RSS (MiB) | rounds |\n|---|---|---|---|---|\n");
  for (const auto& row : rows) {
    std::printf("| %s | %.1f MB | %.2f | %.0f | %d |\n", row.name.c_str(), row.bytes / 1e6, median(row.seconds),
                median(row.rss_mib), o.rounds);
  }
  std::printf("\ncoco-stream / coco-dom time: %.2f; jsonl-import / jsonl-parse time: %.2f\n",
              median(rows[0].seconds) / median(rows[1].seconds), median(rows[2].seconds) / median(rows[3].seconds));
  fs::remove_all(work);
  return 0;
}
