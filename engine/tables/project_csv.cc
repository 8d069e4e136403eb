#include "project_csv.h"

#include "cell_text.h"

namespace jixiao {

namespace {

std::string num(const std::optional<Decimal>& d, int places) { return d ? d->str(places) : ""; }

std::string read_as(const ParsedValue& p) {
  switch (p.kind) {
    case ParsedValue::Kind::kNumber: return std::string(op_symbol(p.op)) + p.value.str() + p.unit;
    case ParsedValue::Kind::kDate: return std::string(op_symbol(p.op)) + p.date_text();
    case ParsedValue::Kind::kText: return p.text.empty() ? "" : "text";
    case ParsedValue::Kind::kNotDone: return "not-done";
    case ParsedValue::Kind::kUnread: return "unread: " + p.why;
  }
  return "";
}

std::string departure(const std::optional<Departure>& d, int places) {
  if (!d) return ",,";
  return d->rule.str(places) + "," + d->stated.str(places) + "," + d->difference.str(places);
}

}  // namespace

std::string render_projects_csv(const ProjectSet& set, const std::string& entity, int year,
                                const std::vector<ProjectResult>& results) {
  const int places = set.score_places;
  std::string out = csv_header(
      "entity,year,project,line_kind,level1,level2,name,target,target_read,actual,actual_read,weight,stated_score,"
      "score,status,departure_rule,departure_stated,departure_difference,reason");
  for (const ProjectResult& r : results) {
    const Project& p = *r.project;
    const std::string head = csv_field(entity) + "," + std::to_string(year) + "," + csv_field(p.id) + ",";
    out += head + "budget,,," + csv_field(set.budget.name) + ",,,,," + set.budget.weight.str(places) + "," +
           num(p.budget_score, places) + "," + num(r.budget_score, places) + "," +
           (r.budget_score ? "scored" : "pending") + "," + departure(r.budget_departure, places) + "," +
           csv_field(r.budget_reason) + "\n";
    for (const ProjectRowResult& row : r.rows) {
      const ProjectRow& pr = *row.row;
      out += head + "row," + csv_field(pr.level1) + "," + csv_field(pr.level2) + "," + csv_field(pr.name) + "," +
             csv_field(pr.target) + "," + csv_field(read_as(*row.target)) + "," + csv_field(pr.actual) + "," +
             csv_field(read_as(*row.actual)) + "," +
             (row.status == ProjectRowResult::Status::kExcluded ? "" : row.weight.str(places)) + "," +
             num(pr.score, places) + "," + num(row.score, places) + "," + row_status_name(row.status) + "," +
             departure(row.departure, places) + "," + csv_field(row.reason) + "\n";
    }
    const std::string grade = !r.inconsistencies.empty() ? "不一致" : r.grade.empty() ? "pending" : r.grade;
    out += head + "total,,,总分,,,,," + set.total.str(places) + "," + num(p.stated_total, places) + "," +
           r.total.str(places) + "," + csv_field(grade) + "," + departure(r.total_departure, places) + "," +
           csv_field("偏离合计 " + r.departures.str(places) + "；待判定 " + r.pending_weight.str(places)) + "\n";
    for (const std::string& m : r.inconsistencies) out += head + "不一致,,,,,,,,,,,,,,," + csv_field(m) + "\n";
  }
  return out;
}

}  // namespace jixiao
