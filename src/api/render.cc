#include <algorithm>
#include "api/render.h"

namespace fairlabel::api {
namespace {

nlohmann::json optional_string(const std::optional<std::string>& s) {
  return s ? nlohmann::json(*s) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json optional_time(const std::optional<Timestamp>& t) {
  return t ? nlohmann::json(format_rfc3339(*t)) : nlohmann::json(nullptr);
}

nlohmann::json user_json(const accounts::User& user) {
  // Alphabetical, so clients and tests see a stable order that does not depend on the enum.
  std::vector<std::string> names;
  for (auto role : user.roles) names.emplace_back(accounts::role_name(role));
  std::sort(names.begin(), names.end());
  nlohmann::json roles = names;
  return {
      {"id", user.id},
      {"email", user.email},
      {"display_name", user.display_name},
      {"roles", roles},
      {"country", optional_string(user.country)},
      {"region", optional_string(user.region)},
      {"language", user.language},
      {"payout_method", user.payout_method ? nlohmann::json::parse(*user.payout_method) : nlohmann::json(nullptr)},
      {"status", user.status},
      {"created_at", format_rfc3339(user.created_at)},
      {"updated_at", format_rfc3339(user.updated_at)},
  };
}

nlohmann::json api_key_json(const accounts::ApiKey& key) {
  return {
      {"id", key.id},
      {"name", key.name},
      {"prefix", key.prefix},
      {"created_at", format_rfc3339(key.created_at)},
      {"last_used_at", optional_time(key.last_used_at)},
      {"revoked_at", optional_time(key.revoked_at)},
  };
}

nlohmann::json organisation_json(const orgs::Organisation& org) {
  nlohmann::json body = {
      {"id", org.id},
      {"name", org.name},
      {"slug", org.slug},
      {"created_by", org.created_by},
      {"created_at", format_rfc3339(org.created_at)},
      {"updated_at", format_rfc3339(org.updated_at)},
  };
  body["my_role"] = org.my_role.empty() ? nlohmann::json(nullptr) : nlohmann::json(org.my_role);
  return body;
}

nlohmann::json project_json(const orgs::Project& project) {
  return {
      {"id", project.id},
      {"org_id", project.org_id},
      {"name", project.name},
      {"description", project.description},
      {"instructions", project.instructions},
      {"task_type", project.task_type},
      {"status", project.status},
      {"version", project.version},
      {"created_by", project.created_by},
      {"created_at", format_rfc3339(project.created_at)},
      {"updated_at", format_rfc3339(project.updated_at)},
  };
}

}  // namespace fairlabel::api
