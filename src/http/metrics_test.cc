#include "http/metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

namespace fairlabel::http {
namespace {

TEST(Metrics, GaugeFamiliesCarryLabelsAndAFailingReaderLeavesItsFamilyEmpty) {
  Metrics metrics;
  metrics.add_gauge_family("fairlabel_open", "Open, per project.", [] {
    return std::vector<Metrics::Sample>{{{{"project", "1"}}, 4}, {{{"project", "a\"b"}}, 0.5}};
  });
  metrics.add_gauge_family("fairlabel_down", "Unreadable.",
                           []() -> std::vector<Metrics::Sample> { throw std::runtime_error("database unreachable"); });
  metrics.add_gauge("fairlabel_after", "Still rendered.", [] { return 1.0; });
  const std::string out = metrics.render();
  EXPECT_NE(
      out.find(
          "# TYPE fairlabel_open gauge\nfairlabel_open{project=\"1\"} 4\nfairlabel_open{project=\"a\\\"b\"} 0.5\n"),
      std::string::npos)
      << out;
  EXPECT_NE(out.find("# TYPE fairlabel_down gauge\n# HELP fairlabel_after"), std::string::npos) << out;
  EXPECT_NE(out.find("fairlabel_after 1\n"), std::string::npos) << out;
}

TEST(Metrics, RendersCountersHistogramAndGaugesExactly) {
  Metrics metrics;
  metrics.observe_request("GET", "/items/{id}", 200, 0.003);
  metrics.observe_request("GET", "/items/{id}", 200, 0.5);
  metrics.observe_request("GET", "/items/{id}", 404, 20);
  metrics.add_gauge("fairlabel_queue_depth", "Tasks waiting.", [] { return 3.0; });
  EXPECT_EQ(metrics.render(),
            "# HELP fairlabel_http_requests_total HTTP requests served, by method, route and status.\n"
            "# TYPE fairlabel_http_requests_total counter\n"
            "fairlabel_http_requests_total{method=\"GET\",route=\"/items/{id}\",status=\"200\"} 2\n"
            "fairlabel_http_requests_total{method=\"GET\",route=\"/items/{id}\",status=\"404\"} 1\n"
            "# HELP fairlabel_http_request_duration_seconds Time from a request being read to its response being "
            "written.\n"
            "# TYPE fairlabel_http_request_duration_seconds histogram\n"
            "fairlabel_http_request_duration_seconds_bucket{method=\"GET\",route=\"/items/{id}\",le=\"0.001\"} 0\n"
            "fairlabel_http_request_duration_seconds_bucket{method=\"GET\",route=\"/items/{id}\",le=\"0.0025\"} 0\n"
            "fairlabel_http_request_duration_seconds_bucket{method=\"GET\",route=\"/items/{id}\",le=\"0.005\"} 1\n"
            "fairlabel_http_request_duration_seconds_bucket{method=\"GET\",route=\"/items/{id}\",le=\"0.01\"} 1\n"
            "fairlabel_http_request_duration_seconds_bucket{method=\"GET\",route=\"/items/{id}\",le=\"0.025\"} 1\n"
            "fairlabel_http_request_duration_seconds_bucket{method=\"GET\",route=\"/items/{id}\",le=\"0.05\"} 1\n"
            "fairlabel_http_request_duration_seconds_bucket{method=\"GET\",route=\"/items/{id}\",le=\"0.1\"} 1\n"
            "fairlabel_http_request_duration_seconds_bucket{method=\"GET\",route=\"/items/{id}\",le=\"0.25\"} 1\n"
            "fairlabel_http_request_duration_seconds_bucket{method=\"GET\",route=\"/items/{id}\",le=\"0.5\"} 2\n"
            "fairlabel_http_request_duration_seconds_bucket{method=\"GET\",route=\"/items/{id}\",le=\"1\"} 2\n"
            "fairlabel_http_request_duration_seconds_bucket{method=\"GET\",route=\"/items/{id}\",le=\"2.5\"} 2\n"
            "fairlabel_http_request_duration_seconds_bucket{method=\"GET\",route=\"/items/{id}\",le=\"5\"} 2\n"
            "fairlabel_http_request_duration_seconds_bucket{method=\"GET\",route=\"/items/{id}\",le=\"10\"} 2\n"
            "fairlabel_http_request_duration_seconds_bucket{method=\"GET\",route=\"/items/{id}\",le=\"+Inf\"} 3\n"
            "fairlabel_http_request_duration_seconds_sum{method=\"GET\",route=\"/items/{id}\"} 20.503\n"
            "fairlabel_http_request_duration_seconds_count{method=\"GET\",route=\"/items/{id}\"} 3\n"
            "# HELP fairlabel_queue_depth Tasks waiting.\n"
            "# TYPE fairlabel_queue_depth gauge\n"
            "fairlabel_queue_depth 3\n");
}

TEST(Metrics, EmptyRegistryStillDeclaresTheHttpFamilies) {
  Metrics metrics;
  const std::string text = metrics.render();
  EXPECT_NE(text.find("# TYPE fairlabel_http_requests_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE fairlabel_http_request_duration_seconds histogram\n"), std::string::npos);
  EXPECT_EQ(text.find("fairlabel_http_requests_total{"), std::string::npos);
}

TEST(Metrics, EscapesLabelValuesAndHelp) {
  Metrics metrics;
  metrics.observe_request("GET", "/a\"b\\c\nd", 200, 0.0);
  metrics.add_gauge("g", "line one\nback\\slash", [] { return std::nan(""); });
  const std::string text = metrics.render();
  EXPECT_NE(text.find(R"(fairlabel_http_requests_total{method="GET",route="/a\"b\\c\nd",status="200"} 1)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("# HELP g line one\\nback\\\\slash\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\ng NaN\n"), std::string::npos) << text;
}

TEST(Metrics, GaugesAreReadAtRenderTime) {
  Metrics metrics;
  double depth = 1;
  metrics.add_gauge("depth", "Depth.", [&depth] { return depth; });
  EXPECT_NE(metrics.render().find("\ndepth 1\n"), std::string::npos);
  depth = 2.5;
  EXPECT_NE(metrics.render().find("\ndepth 2.5\n"), std::string::npos);
}

TEST(Metrics, AGaugeMayObserveWhileBeingRendered) {
  // Gauges are read outside the registry's lock: this must not deadlock.
  Metrics metrics;
  metrics.add_gauge("reentrant", "Calls back into the registry.", [&metrics] {
    metrics.observe_request("GET", "/x", 200, 0.1);
    return 1.0;
  });
  EXPECT_NE(metrics.render().find("\nreentrant 1\n"), std::string::npos);
  EXPECT_NE(metrics.render().find("route=\"/x\",status=\"200\"} 1"), std::string::npos);
}

}  // namespace
}  // namespace fairlabel::http
