#pragma once
//! Prometheus metrics registry (text exposition format 0.0.4).
//!
//! Thread-safe. The HTTP server records one observation per request
//! (`fairlabel_http_requests_total{method,route,status}` and the histogram
//! `fairlabel_http_request_duration_seconds{method,route}`); other parts of
//! the system register gauges whose value is read at scrape time (queue
//! depths, holds outstanding, ...).

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace fairlabel::http {

class Metrics {
 public:
  void observe_request(const std::string& method, const std::string& route, int status, double seconds);

  //! One sample of a gauge family: its labels (name, value) and value.
  struct Sample {
    std::vector<std::pair<std::string, std::string>> labels;
    double value = 0;
  };

  //! A gauge computed when /metrics is scraped. `name` must be a valid
  //! Prometheus metric name; `read` is called under no lock of ours.
  void add_gauge(std::string name, std::string help, std::function<double()> read);
  //! A labelled gauge family (e.g. open slots per project), read at scrape
  //! time like add_gauge. If `read` throws (the database is down), the
  //! family is rendered with no samples and the scrape still succeeds.
  void add_gauge_family(std::string name, std::string help, std::function<std::vector<Sample>()> read);

  //! The whole registry in Prometheus text format.
  std::string render() const;

 private:
  struct RequestKey {
    std::string method, route;
    bool operator<(const RequestKey& o) const { return std::tie(method, route) < std::tie(o.method, o.route); }
  };
  struct Histogram {
    std::vector<std::uint64_t> bucket_counts;  // cumulative at render time, per-bucket here
    std::uint64_t count = 0;
    double sum = 0;
  };
  struct Gauge {
    std::string name, help;
    std::function<std::vector<Sample>()> read;
  };

  mutable std::mutex mutex_;
  std::map<std::pair<RequestKey, int>, std::uint64_t> request_counts_;  // GUARDED_BY(mutex_)
  std::map<RequestKey, Histogram> durations_;                           // GUARDED_BY(mutex_)
  std::vector<Gauge> gauges_;                                           // GUARDED_BY(mutex_)
};

}  // namespace fairlabel::http
