#pragma once
//! Small helpers shared by the *_routes.cc files: registering public and
//! authenticated routes, reading path ids, query paging and bearer tokens.

#include <cstdint>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "accounts/roles.h"
#include "api/api.h"
#include "core/page.h"
#include "http/message.h"
#include "http/router.h"

namespace fairlabel::api {

using PublicHandler = std::function<http::Response(http::Request&)>;
using AuthedHandler = std::function<http::Response(http::Request&, const accounts::Principal&)>;

void add_public(http::Router& router, http::Method method, std::string pattern, PublicHandler handler);

//! Registers a route that needs a valid bearer credential; the handler gets
//! the caller. Missing or bad credentials answer 401 before it runs.
void add_authed(http::Router& router, Services& services, http::Method method, std::string pattern,
                AuthedHandler handler);

//! The `Authorization: Bearer …` credential; throws 401 unauthenticated.
std::string bearer_token(const http::Request& request);

//! A `{name}` path parameter as a positive id. Anything else cannot name a
//! record, so it answers 404 (not 400): ids are opaque to clients.
std::int64_t path_id(const http::Request& request, const std::string& name, const std::string& what);

PageRequest page_request(const http::Request& request);

template <typename T, typename ToJson>
nlohmann::json page_json(const Page<T>& page, ToJson to_json) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& item : page.items) items.push_back(to_json(item));
  nlohmann::json body = {{"items", std::move(items)}};
  body["next_cursor"] = page.next_cursor ? nlohmann::json(*page.next_cursor) : nlohmann::json(nullptr);
  return body;
}

}  // namespace fairlabel::api
