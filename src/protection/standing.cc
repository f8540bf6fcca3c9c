#include "protection/standing.h"

#include "core/clock.h"
#include "core/error.h"

namespace fairlabel::protection {

void require_good_standing(store::Connection& c, std::int64_t user_id, std::int64_t project_id) {
  // Account-wide sanctions first: they say more than a project removal.
  auto r = c.execute(
      "SELECT id, level, state, reason_code, notice, lapses_at, project_id FROM sanctions WHERE worker_id = $1 AND "
      "state IN ('interim', 'confirmed') AND (level IN ('suspension', 'deactivation') OR (level = 'project_removal' "
      "AND project_id = $2)) ORDER BY CASE WHEN level = 'project_removal' THEN 1 ELSE 0 END, id DESC LIMIT 1",
      {user_id, project_id});
  if (r.empty()) return;
  const auto& row = r.single();
  const std::string id = std::to_string(row.integer(0));
  const std::string level = row.text(1);
  const std::string state = row.text(2);
  std::string why = row.text(3);
  if (!row.text(4).empty()) why += ": " + row.text(4);
  const auto lapses_at = row.optional_integer(5);
  std::string until = lapses_at ? "until " + format_rfc3339(*lapses_at) + " unless an admin confirms it"
                                : "until an admin decides otherwise (you can dispute the decision)";
  const std::string paid =
      ". Work you already did is still judged and paid, and your balance is paid out on the normal schedule";
  if (level == "project_removal") {
    throw Error(ErrorKind::forbidden, "removed_from_project",
                "you were removed from project " + std::to_string(project_id) + " (sanction " + id + ", " + why + ") " +
                    until + "; you cannot claim its tasks or reviews" + paid);
  }
  const std::string what =
      level == "deactivation" ? "deactivated" : (state == "interim" ? "suspended for now" : "suspended");
  throw Error(ErrorKind::forbidden, "account_suspended",
              "your account is " + what + " (sanction " + id + ", " + why + ") " + until +
                  "; you cannot claim tasks or reviews" + paid);
}

}  // namespace fairlabel::protection
