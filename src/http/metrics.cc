#include "http/metrics.h"

#include <fmt/format.h>

#include <array>
#include <cmath>

namespace fairlabel::http {
namespace {

//! Upper bounds (seconds) of the latency histogram's finite buckets; the
//! +Inf bucket is the total count.
constexpr std::array<double, 13> kDurationBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                     0.25,  0.5,    1,     2.5,  5,     10};

std::string escape_label_value(const std::string& value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string escape_help(const std::string& help) {
  std::string out;
  for (char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

//! A sample value as Prometheus reads it: shortest round-trip decimal,
//! "+Inf", "-Inf" or "NaN".
std::string format_value(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", v);
}

void append_family_header(std::string& out, const std::string& name, const std::string& help, const char* type) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, escape_help(help), name, type);
}

}  // namespace

void Metrics::observe_request(const std::string& method, const std::string& route, int status, double seconds) {
  RequestKey key{method, route};
  std::lock_guard lock(mutex_);
  ++request_counts_[{key, status}];
  Histogram& histogram = durations_[key];
  if (histogram.bucket_counts.empty()) histogram.bucket_counts.assign(kDurationBuckets.size(), 0);
  for (std::size_t i = 0; i < kDurationBuckets.size(); ++i) {
    if (seconds <= kDurationBuckets[i]) {
      ++histogram.bucket_counts[i];
      break;
    }
  }
  ++histogram.count;
  histogram.sum += seconds;
}

void Metrics::add_gauge(std::string name, std::string help, std::function<double()> read) {
  add_gauge_family(std::move(name), std::move(help), [read = std::move(read)] {
    return std::vector<Sample>{{{}, read ? read() : 0.0}};
  });
}

void Metrics::add_gauge_family(std::string name, std::string help, std::function<std::vector<Sample>()> read) {
  std::lock_guard lock(mutex_);
  gauges_.push_back({std::move(name), std::move(help), std::move(read)});
}

std::string Metrics::render() const {
  std::string out;
  std::vector<Gauge> gauges;
  {
    std::lock_guard lock(mutex_);
    append_family_header(out, "fairlabel_http_requests_total", "HTTP requests served, by method, route and status.",
                         "counter");
    for (const auto& [key, count] : request_counts_) {
      out += fmt::format("fairlabel_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n",
                         escape_label_value(key.first.method), escape_label_value(key.first.route), key.second, count);
    }
    append_family_header(out, "fairlabel_http_request_duration_seconds",
                         "Time from a request being read to its response being written.", "histogram");
    for (const auto& [key, histogram] : durations_) {
      const std::string labels =
          fmt::format("method=\"{}\",route=\"{}\"", escape_label_value(key.method), escape_label_value(key.route));
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i < kDurationBuckets.size(); ++i) {
        cumulative += histogram.bucket_counts[i];
        out += fmt::format("fairlabel_http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n", labels,
                           format_value(kDurationBuckets[i]), cumulative);
      }
      out +=
          fmt::format("fairlabel_http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n", labels, histogram.count);
      out += fmt::format("fairlabel_http_request_duration_seconds_sum{{{}}} {}\n", labels, format_value(histogram.sum));
      out += fmt::format("fairlabel_http_request_duration_seconds_count{{{}}} {}\n", labels, histogram.count);
    }
    gauges = gauges_;
  }
  // Gauges are read without our lock: a reader may take its own locks or
  // even (indirectly) observe a request.
  for (const auto& gauge : gauges) {
    append_family_header(out, gauge.name, gauge.help, "gauge");
    std::vector<Sample> samples;
    try {
      samples = gauge.read();
    } catch (const std::exception&) {
      continue;  // e.g. the database is unreachable: /readyz says so
    }
    for (const auto& sample : samples) {
      std::string labels;
      for (const auto& [label, value] : sample.labels)
        labels += fmt::format("{}{}=\"{}\"", labels.empty() ? "" : ",", label, escape_label_value(value));
      out += labels.empty() ? fmt::format("{} {}\n", gauge.name, format_value(sample.value))
                            : fmt::format("{}{{{}}} {}\n", gauge.name, labels, format_value(sample.value));
    }
  }
  return out;
}

}  // namespace fairlabel::http
