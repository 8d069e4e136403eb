#include "project_totals.h"

#include "error.h"
#include "suggest.h"

namespace jixiao {

namespace {

std::vector<const Project*> chosen(const RowsFromProjects& from, const Record& projects) {
  std::vector<const Project*> out;
  if (from.projects.empty()) {
    for (const Project& p : projects.projects) out.push_back(&p);
    return out;
  }
  std::vector<std::string> ids;
  for (const Project& p : projects.projects) ids.push_back(p.id);
  for (const std::string& id : from.projects) {
    const Project* found = nullptr;
    for (const Project& p : projects.projects)
      if (p.id == id) found = &p;
    if (found == nullptr)
      throw Error(ErrorKind::kMissing,
                  "rows_from_projects: " + projects.title() + " has no project '" + id + "'" + did_you_mean(id, ids),
                  from.where);
    out.push_back(found);
  }
  return out;
}

std::string label(const Project& p) { return "项目「" + p.name + "」（" + p.id + "）"; }

// Why the recomputed total is not known yet, or "" when it is.
std::string pending_recomputed(const Project& p, const ProjectResult& result, int places) {
  if (result.pending_weight == Decimal()) return "";
  size_t rows = 0;
  for (const auto& row : result.rows) rows += row.status == ProjectRowResult::Status::kPending;
  std::string why = label(p) + "总分无法重算：";
  if (rows > 0) why += std::to_string(rows) + "行待定";
  if (!result.budget_score) why += std::string(rows > 0 ? "，" : "") + "预算执行率缺预算数或执行数";
  return why + "，共" + result.pending_weight.str(places) + "分未定";
}

}  // namespace

std::vector<Row> project_total_rows(const RowsFromProjects& from, const Record& projects, ProjectScorer& scorer) {
  const ProjectSet& set = scorer.set();
  std::vector<Row> out;
  for (const Project* p : chosen(from, projects)) {
    Row row;
    row.provenance = p->provenance;
    row.cells = {{"project", Value::of_text(p->id)},
                 {"name", Value::of_text(p->name)},
                 {"max", Value::of_number(set.total)},
                 {"basis", Value::of_text(from.totals)}};
    if (from.totals == "printed") {
      if (p->stated_total) {
        row.cells.emplace_back("total", Value::of_number(*p->stated_total));
        row.provenance.quote = "总分 " + p->stated_total->str();
      } else {
        row.cells.emplace_back("pending", Value::of_text(label(*p) + "的表中未印总分"));
      }
    } else {
      const ProjectResult result = scorer.score(*p, projects.source);
      const std::string pending = pending_recomputed(*p, result, set.score_places);
      if (pending.empty())
        row.cells.emplace_back("total", Value::of_number(result.total));
      else
        row.cells.emplace_back("pending", Value::of_text(pending));
      row.provenance.inferred = "总分由 jixiao 按 " + set.id + " 重算";
    }
    const std::optional<Decimal> budget = p->planned ? p->planned : p->fiscal_planned;
    if (budget) {
      row.cells.emplace_back("budget", Value::of_number(*budget));
      row.cells.emplace_back("budget_unit", Value::of_text(p->budget_unit));
    }
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace jixiao
