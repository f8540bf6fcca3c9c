// Project webhooks over HTTP: subscriptions, "send test event", the
// delivery log and redelivery. The rules live in src/webhooks; this file
// only translates.
#include <nlohmann/json.hpp>

#include "api/json_body.h"
#include "api/route_helpers.h"
#include "api/routes.h"
#include "core/error.h"

namespace fairlabel::api {
namespace {

using accounts::Principal;
using http::Method;
using http::Request;
using http::Response;
using nlohmann::json;

json time_or_null(const std::optional<Timestamp>& t) {
  return t ? json(format_rfc3339(*t)) : json(nullptr);
}

json subscription_json(const webhooks::Subscription& s) {
  json out = {{"id", s.id},
              {"project_id", s.project_id},
              {"url", s.url},
              {"events", s.events},
              {"active", s.active},
              {"description", s.description},
              {"created_by", s.created_by},
              {"created_at", format_rfc3339(s.created_at)},
              {"updated_at", format_rfc3339(s.updated_at)}};
  if (s.secret) out["secret"] = *s.secret;
  out["previous_secret_until"] = time_or_null(s.previous_secret_until);
  return out;
}

json delivery_json(const webhooks::Delivery& d) {
  return {{"id", d.id},
          {"webhook_id", d.subscription_id},
          {"event_id", d.event_id},
          {"event_type", d.event_type},
          {"state", d.state},
          {"attempts", d.attempts},
          {"max_attempts", webhooks::kMaxAttempts},
          {"created_at", format_rfc3339(d.created_at)},
          {"next_attempt_at", time_or_null(d.next_attempt_at)},
          {"last_attempt_at", time_or_null(d.last_attempt_at)},
          {"last_status", d.last_status ? json(*d.last_status) : json(nullptr)},
          {"last_error", d.last_error ? json(*d.last_error) : json(nullptr)},
          {"delivered_at", time_or_null(d.delivered_at)}};
}

}  // namespace

void add_webhook_routes(http::Router& router, Services& services) {
  auto& hooks = services.webhooks;
  const std::string base = "/api/v1/projects/{project_id}/webhooks";

  add_authed(router, services, Method::post, base, [&](Request& request, const Principal& caller) {
    auto project_id = path_id(request, "project_id", "project");
    JsonBody body = JsonBody::parse(request);
    webhooks::NewSubscription in;
    in.url = body.string("url", Required::yes, 2000).value_or("");
    in.events = body.string_array("events", Required::yes).value_or(std::vector<std::string>{});
    in.description = body.string("description", Required::no, 500).value_or("");
    in.active = body.boolean("active", Required::no).value_or(true);
    body.finish();
    return Response::json(201, subscription_json(hooks.create(caller, project_id, in)));
  });
  add_authed(router, services, Method::get, base, [&](Request& request, const Principal& caller) {
    json items = json::array();
    for (const auto& s : hooks.list(caller, path_id(request, "project_id", "project"))) {
      items.push_back(subscription_json(s));
    }
    return Response::json(200, {{"items", items}, {"event_types", webhooks::event_types()}});
  });
  add_authed(router, services, Method::patch, base + "/{webhook_id}", [&](Request& request, const Principal& caller) {
    auto project_id = path_id(request, "project_id", "project");
    auto webhook_id = path_id(request, "webhook_id", "webhook");
    JsonBody body = JsonBody::parse(request);
    webhooks::SubscriptionUpdate up;
    up.url = body.string("url", Required::no, 2000);
    up.events = body.string_array("events", Required::no);
    up.active = body.boolean("active", Required::no);
    up.description = body.string("description", Required::no, 500);
    body.finish();
    return Response::json(200, subscription_json(hooks.update(caller, project_id, webhook_id, up)));
  });
  add_authed(router, services, Method::del, base + "/{webhook_id}", [&](Request& request, const Principal& caller) {
    hooks.remove(caller, path_id(request, "project_id", "project"), path_id(request, "webhook_id", "webhook"));
    return Response::no_content();
  });
  add_authed(router, services, Method::post, base + "/{webhook_id}/rotate-secret",
             [&](Request& request, const Principal& caller) {
               auto project_id = path_id(request, "project_id", "project");
               auto webhook_id = path_id(request, "webhook_id", "webhook");
               JsonBody body = JsonBody::parse(request, true);
               auto hours = body.integer("previous_valid_hours", Required::no).value_or(24);
               body.finish();
               return Response::json(200,
                                     subscription_json(hooks.rotate_secret(caller, project_id, webhook_id, hours)));
             });
  add_authed(router, services, Method::post, base + "/{webhook_id}/test",
             [&](Request& request, const Principal& caller) {
               auto project_id = path_id(request, "project_id", "project");
               auto webhook_id = path_id(request, "webhook_id", "webhook");
               JsonBody::parse(request, true).finish();
               return Response::json(202, delivery_json(hooks.send_test(caller, project_id, webhook_id)));
             });
  add_authed(router, services, Method::get, base + "/{webhook_id}/deliveries",
             [&](Request& request, const Principal& caller) {
               auto project_id = path_id(request, "project_id", "project");
               auto webhook_id = path_id(request, "webhook_id", "webhook");
               auto limit = page_request(request).limit;
               json items = json::array();
               for (const auto& d : hooks.deliveries(caller, project_id, webhook_id, limit)) {
                 items.push_back(delivery_json(d));
               }
               return Response::json(200, {{"items", items}});
             });
  add_authed(router, services, Method::post, base + "/{webhook_id}/deliveries/{delivery_id}/redeliver",
             [&](Request& request, const Principal& caller) {
               auto project_id = path_id(request, "project_id", "project");
               auto webhook_id = path_id(request, "webhook_id", "webhook");
               auto delivery_id = path_id(request, "delivery_id", "delivery");
               JsonBody::parse(request, true).finish();
               return Response::json(202,
                                     delivery_json(hooks.redeliver(caller, project_id, webhook_id, delivery_id)));
             });
}

}  // namespace fairlabel::api
