#include "formats/text_jsonl.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "core/error.h"
#include "formats/json_text.h"
#include "formats/provenance_json.h"

namespace fairlabel::formats {

using nlohmann::json;

TextJsonlWriter::TextJsonlWriter(std::ostream& out, const ExportHeader& header, bool provenance)
    : out_(out), header_(header), provenance_(provenance) {}

void TextJsonlWriter::add(const ExportItem& item) {
  std::string lines;
  auto extras = [&](const Answer& answer, bool with_task_id) {
    if (with_task_id) fmt::format_to(std::back_inserter(lines), ",\"task_id\":{}", item.task_id);
    if (answer.worker) {
      lines += ",\"worker\":";
      append_json_string(lines, *answer.worker);
    }
    if (provenance_ && item.provenance) {
      lines += ",\"provenance\":";
      append_provenance(lines, *item.provenance);
    }
    lines += "}\n";
  };
  for (const Answer& answer : item.answers) {
    if (header_.task_type == "text_rank") {
      std::map<std::string, std::string> text_of;
      for (const json& r : item.input.at("responses"))
        text_of[r.at("id").get<std::string>()] = r.at("text").get<std::string>();
      const json& ranking = answer.payload.at("ranking");
      for (std::size_t i = 0; i < ranking.size(); ++i) {
        for (std::size_t j = i + 1; j < ranking.size(); ++j) {
          lines += "{\"prompt\":";
          append_json_string(lines, item.input.at("prompt").get<std::string>());
          lines += ",\"chosen\":";
          append_json_string(lines, text_of.at(ranking[i].get<std::string>()));
          lines += ",\"rejected\":";
          append_json_string(lines, text_of.at(ranking[j].get<std::string>()));
          extras(answer, provenance_ || answer.worker.has_value());
        }
      }
    } else if (header_.task_type == "text_edit") {
      lines += "{\"prompt\":";
      append_json_string(lines, item.input.at("prompt").get<std::string>());
      lines += ",\"response\":";
      append_json_string(lines, item.input.at("response").get<std::string>());
      lines += ",\"edited\":";
      append_json_string(lines, answer.payload.at("response").get<std::string>());
      lines += ",\"scores\":";
      lines += answer.payload.value("scores", json::object()).dump();
      extras(answer, provenance_ || answer.worker.has_value());
    } else {
      fmt::format_to(std::back_inserter(lines), "{{\"task_id\":{},\"input\":", item.task_id);
      lines += item.input.dump();
      lines += ",\"answer\":";
      lines += answer.payload.dump();
      extras(answer, false);
    }
  }
  out_.write(lines.data(), static_cast<std::streamsize>(lines.size()));
}

void TextJsonlWriter::finish() {
  out_.flush();
}

namespace {

//! Appends `item`, or merges its answers into the previous item when both
//! carry the same task id (the submissions of one task are consecutive).
void add_item(ReadResult& result, ReadItem item) {
  if (item.task_id && !result.items.empty() && result.items.back().task_id == item.task_id) {
    for (auto& answer : item.answers) result.items.back().answers.push_back(std::move(answer));
    return;
  }
  result.items.push_back(std::move(item));
}

struct Line {
  std::size_t number = 0;
  json value;
};

//! The ranking that a run of pair lines states; errors name the run's first line.
void finish_ranking(ReadResult& result, std::vector<Line>& run) {
  if (run.empty()) return;
  std::map<std::string, int> wins;
  std::vector<std::string> order;  // texts in first appearance
  auto see = [&](const std::string& text) {
    if (wins.emplace(text, 0).second) order.push_back(text);
  };
  for (const Line& line : run) {
    see(line.value["chosen"].get<std::string>());
    see(line.value["rejected"].get<std::string>());
    ++wins[line.value["chosen"].get<std::string>()];
  }
  const std::size_t n = order.size();
  std::vector<std::string> ranking = order;
  std::stable_sort(ranking.begin(), ranking.end(),
                   [&](const std::string& a, const std::string& b) { return wins[a] > wins[b]; });
  bool total = run.size() == n * (n - 1) / 2;
  for (std::size_t i = 0; total && i < n; ++i) total = wins[ranking[i]] == static_cast<int>(n - 1 - i);
  if (!total) {
    result.fail("",
                fmt::format("lines {}..{} (one prompt) do not hold every pair of one ranking of {} responses",
                            run.front().number, run.back().number, n),
                run.front().number);
    run.clear();
    return;
  }
  const json& first = run.front().value;
  ReadItem item;
  item.data = {{"prompt", first["prompt"]}};
  if (first.contains("task_id")) item.task_id = first["task_id"].get<std::int64_t>();
  if (first.contains("provenance")) item.provenance = provenance_from_json(first["provenance"]);
  Answer answer{{{"ranking", ranking}}, std::nullopt};
  if (first.contains("worker")) answer.worker = first["worker"].get<std::string>();
  item.answers.push_back(std::move(answer));
  add_item(result, std::move(item));
  run.clear();
}

}  // namespace

ReadResult read_text_jsonl(std::string_view task_type, std::string_view text) {
  ReadResult result;
  std::vector<Line> run;
  std::size_t line_no = 0;
  auto same_group = [](const json& a, const json& b) {
    for (const char* key : {"prompt", "task_id", "worker"}) {
      if (a.contains(key) != b.contains(key) || (a.contains(key) && a[key] != b[key])) return false;
    }
    return true;
  };
  while (!text.empty()) {
    ++line_no;
    auto newline = text.find('\n');
    std::string_view row = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    if (row.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    json value;
    try {
      value = json::parse(row);
    } catch (const json::exception& e) {
      result.fail("", std::string("is not valid JSON: ") + e.what(), line_no);
      continue;
    }
    if (!value.is_object()) {
      result.fail("", "must be a JSON object", line_no);
      continue;
    }
    auto need_string = [&](const char* key) {
      if (value.contains(key) && value[key].is_string()) return true;
      result.fail(std::string("/") + key, "must be a string", line_no);
      return false;
    };
    if (value.contains("provenance")) {
      try {
        provenance_from_json(value["provenance"]);
      } catch (const Error& e) {
        result.fail("/provenance", e.what(), line_no);
        continue;
      }
    }
    if (value.contains("task_id") && !value["task_id"].is_number_integer()) {
      result.fail("/task_id", "must be an integer", line_no);
      continue;
    }
    if (value.contains("worker") && !value["worker"].is_string()) {
      result.fail("/worker", "must be a string", line_no);
      continue;
    }
    if (task_type == "text_rank") {
      bool good = need_string("prompt") & need_string("chosen") & need_string("rejected");
      if (!good) continue;
      if (!run.empty() && !same_group(run.front().value, value)) finish_ranking(result, run);
      run.push_back({line_no, std::move(value)});
    } else if (task_type == "text_edit") {
      bool good = need_string("prompt") & need_string("response") & need_string("edited");
      if (!value.contains("scores") || !value["scores"].is_object()) {
        result.fail("/scores", "must be an object of rubric id -> integer", line_no);
        good = false;
      }
      if (!good) continue;
      ReadItem item;
      item.data = {{"prompt", value["prompt"]}, {"response", value["response"]}};
      if (value.contains("task_id")) item.task_id = value["task_id"].get<std::int64_t>();
      if (value.contains("provenance")) item.provenance = provenance_from_json(value["provenance"]);
      Answer answer{{{"response", value["edited"]}, {"scores", value["scores"]}}, std::nullopt};
      if (value.contains("worker")) answer.worker = value["worker"].get<std::string>();
      item.answers.push_back(std::move(answer));
      add_item(result, std::move(item));
    } else {
      if (!value.contains("task_id") || !value["task_id"].is_number_integer()) {
        result.fail("/task_id", "must be an integer", line_no);
        continue;
      }
      if (!value.contains("input") || !value["input"].is_object() || !value.contains("answer") ||
          !value["answer"].is_object()) {
        result.fail("", "needs the objects input and answer", line_no);
        continue;
      }
      ReadItem item;
      item.task_id = value["task_id"].get<std::int64_t>();
      item.data = value["input"];
      if (value.contains("provenance")) item.provenance = provenance_from_json(value["provenance"]);
      Answer answer{value["answer"], std::nullopt};
      if (value.contains("worker")) answer.worker = value["worker"].get<std::string>();
      item.answers.push_back(std::move(answer));
      add_item(result, std::move(item));
    }
  }
  finish_ranking(result, run);
  return std::move(result).done();
}

}  // namespace fairlabel::formats
