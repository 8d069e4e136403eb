#include "project_report_model.h"

#include "project_report.h"
#include "version.h"

namespace jixiao {

namespace {

std::string money(const std::optional<Decimal>& d, const std::string& unit) {
  return d ? d->str() + (unit.empty() ? "" : " " + unit) : "";
}

// Each run of indicator rows with the same 一级 (and 二级) names is one cell,
// opened at its first row.
void set_spans(std::vector<ProjectReportRow>& rows) {
  auto run = [&rows](size_t i, bool by_level2) {
    size_t k = i;
    while (k < rows.size() && !rows[k].budget && rows[k].level1 == rows[i].level1 &&
           (!by_level2 || rows[k].level2 == rows[i].level2))
      ++k;
    return static_cast<int>(k - i);
  };
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].budget) continue;
    const bool new1 = i == 0 || rows[i - 1].budget || rows[i - 1].level1 != rows[i].level1;
    if (new1) rows[i].level1_span = run(i, false);
    if (new1 || rows[i - 1].level2 != rows[i].level2) rows[i].level2_span = run(i, true);
  }
}

ProjectReportTable table_of(const ProjectSet& set, const ProjectResult& r) {
  const Project& p = *r.project;
  ProjectReportTable t;
  t.id = p.id;
  t.name = p.name;
  t.table = p.table;
  t.provenance = p.provenance.display();
  ProjectReportRow budget;
  budget.budget = true;
  budget.level1 = set.budget.name;
  budget.target = money(p.planned, p.budget_unit);
  budget.actual = money(p.executed, p.budget_unit) + (p.rate_printed.empty() ? "" : "（执行率 " + p.rate_printed + "）");
  budget.weight = set.budget.weight;
  budget.filed = p.budget_score;
  budget.score = r.budget_score;
  budget.status = r.budget_score ? "" : "待判定";
  budget.reason = r.budget_reason;
  budget.departs = r.budget_departure.has_value();
  t.rows.push_back(budget);
  for (const auto& row : r.rows) {
    ProjectReportRow out;
    out.level1 = row.row->level1;
    out.level2 = row.row->level2;
    out.name = row.row->name;
    out.target = row.row->target;
    out.actual = row.row->actual;
    out.weight = row.weight;
    out.filed = row.row->score;
    out.score = row.score;
    out.status = project_row_status_label(row.status);
    out.reason = row.reason;
    out.departs = row.departure.has_value();
    t.rows.push_back(out);
  }
  set_spans(t.rows);
  t.full_score = set.total;
  t.total = r.total;
  t.pending = r.pending_weight;
  t.stated_total = p.stated_total;
  t.grade = r.inconsistencies.empty() ? r.grade : "";
  t.summary = project_total_text(set, r);
  return t;
}

}  // namespace

ProjectReportModel project_report_model(const ProjectSet& set, const std::string& record_title, const std::string& entity,
                                        int year, const std::vector<ProjectResult>& results) {
  ProjectReportModel m;
  m.title = record_title + " · 项目支出绩效自评表";
  m.entity = entity;
  m.year = year;
  m.set_id = set.id;
  m.set_name = set.name;
  m.engine_version = engine_version();
  m.places = set.score_places;
  for (const ProjectResult& r : results) m.projects.push_back(table_of(set, r));
  return m;
}

}  // namespace jixiao
