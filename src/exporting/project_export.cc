#include "exporting/project_export.h"

#include <map>
#include <unordered_set>

#include "core/error.h"
#include "exporting/pseudonyms.h"
#include "orgs/organisations.h"

namespace fairlabel::exporting {
namespace {

using nlohmann::json;
using store::Connection;
using store::TxMode;

struct ProjectFacts {
  std::string task_type;
  std::string name;
  std::vector<std::string> labels;
};

ProjectFacts load_readable_project(Connection& c, const accounts::Principal& caller, std::int64_t project_id) {
  auto project = c.execute("SELECT org_id, task_type, name FROM projects WHERE id = $1", {project_id});
  if (project.empty()) throw Error::not_found("project " + std::to_string(project_id));
  try {
    orgs::OrganisationService::require_access(c, caller, project.rows[0].integer(0), orgs::OrgAccess::read);
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::not_found) throw Error::not_found("project " + std::to_string(project_id));
    throw;
  }
  ProjectFacts facts{project.rows[0].text(1), project.rows[0].text(2), {}};
  auto settings = c.execute("SELECT label_schema FROM project_settings WHERE project_id = $1", {project_id});
  if (!settings.empty()) {
    json schema = json::parse(settings.rows[0].text(0));
    for (const auto& label : schema.value("labels", json::array())) facts.labels.push_back(label.at("name"));
  }
  return facts;
}

//! Assigns the file names described in project_export.h.
class FileNames {
 public:
  std::string name(std::int64_t task_id, const json& input) {
    if (input.contains("video")) return "task-" + std::to_string(task_id);
    if (!input.contains("image")) return "";
    const std::string& sha256 = input["image"]["sha256"].get_ref<const std::string&>();
    std::string extension = input["image"].value("mime", "") == "image/png" ? ".png" : ".jpg";
    if (used_.insert(sha256).second) return sha256 + extension;
    return sha256 + "-" + std::to_string(task_id) + extension;
  }

 private:
  std::unordered_set<std::string> used_;
};

struct Accepted {
  std::int64_t assignment_id = 0;
  std::int64_t worker_id = 0;
  std::string payload;
};

}  // namespace

std::string check_export(store::Database& db, const accounts::Principal& caller, std::int64_t project_id,
                         formats::Format format) {
  auto facts =
      store::transact(db, TxMode::read, [&](Connection& c) { return load_readable_project(c, caller, project_id); });
  formats::check_format_fits(format, facts.task_type);
  return facts.task_type;
}

ExportSummary export_project(store::Database& db, const accounts::Principal& caller, std::int64_t project_id,
                             const ExportRequest& request, formats::OutputTree& tree) {
  check_export(db, caller, project_id, request.format);
  std::string secret;
  if (request.submissions || request.provenance)
    secret = store::transact(db, TxMode::write, [&](Connection& c) { return pseudonym_secret(c, project_id); });

  return store::transact(db, TxMode::read, [&](Connection& c) {
    ProjectFacts facts = load_readable_project(c, caller, project_id);
    formats::ExportHeader header{facts.task_type, facts.labels, facts.name};
    auto writer = formats::make_writer(request.format, tree, header, request.provenance);
    ExportSummary summary;
    FileNames names;
    std::int64_t after = 0, read = 0, total = 0;
    if (request.progress) {
      total = c.execute("SELECT COUNT(*) FROM tasks WHERE project_id = $1 AND gold IS NULL", {project_id})
                  .single()
                  .integer(0);
      request.progress(0, total);
    }
    for (;;) {
      auto tasks = c.execute(
          "SELECT id, input, result, confidence_ppm FROM tasks WHERE project_id = $1 AND id > $2 AND gold IS NULL "
          "ORDER BY id LIMIT $3",
          {project_id, after, kExportPageSize});
      if (tasks.empty()) break;
      const std::int64_t last = tasks.rows.back().integer(0);
      std::map<std::int64_t, std::vector<Accepted>> accepted;
      auto rows = c.execute(
          "SELECT task_id, id, worker_id, payload FROM assignments WHERE project_id = $1 AND task_id > $2 AND "
          "task_id <= $3 AND status = 'accepted' AND is_gold = 0 ORDER BY task_id, id",
          {project_id, after, last});
      for (const auto& row : rows.rows)
        accepted[row.integer(0)].push_back({row.integer(1), row.integer(2), row.text(3)});
      for (const auto& task : tasks.rows) {
        const std::int64_t task_id = task.integer(0);
        const auto& answers = accepted[task_id];
        std::optional<json> result;
        if (auto text = task.optional_text(2)) result = json::parse(*text);
        if (request.submissions ? answers.empty() : !result) continue;
        formats::ExportItem item;
        item.task_id = task_id;
        item.input = json::parse(task.text(1));
        item.file_name = names.name(task_id, item.input);
        if (request.submissions) {
          for (const auto& a : answers)
            item.answers.push_back({json::parse(a.payload), pseudonym(secret, a.worker_id)});
        } else {
          item.answers.push_back({*result, std::nullopt});
        }
        if (request.provenance) {
          formats::Provenance p;
          p.answers = static_cast<std::int64_t>(answers.size());
          if (auto ppm = task.optional_integer(3)) p.confidence = static_cast<double>(*ppm) / 1e6;
          const json agreement = result ? result->value("agreement", json::object()) : json::object();
          for (const auto& a : answers) {
            p.workers.push_back(pseudonym(secret, a.worker_id));
            auto found = agreement.find(std::to_string(a.assignment_id));
            if (found != agreement.end() && found->is_number()) p.agreement.push_back(found->get<double>());
          }
          if (p.agreement.size() != p.workers.size()) p.agreement.clear();  // results without per-worker agreement
          item.provenance = std::move(p);
        }
        summary.answers += static_cast<std::int64_t>(item.answers.size());
        ++summary.tasks;
        writer->add(item);
      }
      after = last;
      read += static_cast<std::int64_t>(tasks.rows.size());
      if (request.progress) request.progress(read, total);
    }
    writer->finish();
    return summary;
  });
}

}  // namespace fairlabel::exporting
