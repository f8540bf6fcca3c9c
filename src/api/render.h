#pragma once
//! JSON views of domain records, as the API returns them. Times are
//! RFC 3339 strings; ids are numbers; secrets (password hashes, token
//! hashes) never appear.

#include <nlohmann/json.hpp>

#include "accounts/accounts_service.h"
#include "orgs/organisations.h"
#include "orgs/projects.h"

namespace fairlabel::api {

//! A time as RFC 3339 text, or null when there is none.
nlohmann::json optional_time(const std::optional<Timestamp>& t);

nlohmann::json user_json(const accounts::User& user);
nlohmann::json api_key_json(const accounts::ApiKey& key);
nlohmann::json organisation_json(const orgs::Organisation& org);
nlohmann::json project_json(const orgs::Project& project);

}  // namespace fairlabel::api
