#include "project_report.h"

#include "json_writer.h"
#include "version.h"
#include "terminal_text.h"
#include "text_table.h"

namespace jixiao {

namespace {

std::string read_as(const ParsedValue& p) {
  switch (p.kind) {
    case ParsedValue::Kind::kNumber: return std::string(op_symbol(p.op)) + p.value.str() + p.unit;
    case ParsedValue::Kind::kDate: return std::string(op_symbol(p.op)) + p.date_text();
    case ParsedValue::Kind::kText: return p.text.empty() ? "（空）" : "（定性）";
    case ParsedValue::Kind::kNotDone: return "未完成";
    case ParsedValue::Kind::kUnread: return "无法解析：" + p.why;
  }
  return "";
}

std::string status_label(ProjectRowResult::Status s) {
  switch (s) {
    case ProjectRowResult::Status::kScored: return "";
    case ProjectRowResult::Status::kPending: return "待判定";
    case ProjectRowResult::Status::kExcluded: return "不计分";
    case ProjectRowResult::Status::kSubtotal: return "小计";
  }
  return "";
}

std::string signed_str(Decimal d, int places) { return (d > Decimal() ? "+" : "") + d.str(places); }

std::string departure_cell(const std::optional<Departure>& d, int places) {
  return d ? "偏离 " + signed_str(d->difference, places) : "";
}

std::string total_text(const ProjectSet& set, const ProjectResult& r) {
  const int places = set.score_places;
  std::string out = "得分 " + r.total.str(places) + " / " + set.total.str(places);
  if (!r.inconsistencies.empty())
    out += "（不一致，不评等级）";
  else if (r.pending_weight > Decimal())
    out += "（另有 " + r.pending_weight.str(places) + " 分待判定，等级待定）";
  else
    out += "，等级 " + r.grade;
  if (!set.budget.in_total)
    out += "；" + set.budget.name + " " + (r.budget_score ? r.budget_score->str(places) : "—") + " 分另列，不计入总分";
  if (r.converted)
    out += "；折算得分 " + r.converted->str(places) + "（× 权重占比 " + r.project->weight_share->str() + "）";
  const Project& p = *r.project;
  if (p.stated_total) {
    out += "\n表中总分 " + p.stated_total->str(places) + (p.stated_grade.empty() ? "" : "，等级 " + p.stated_grade);
    if (r.total_departure)
      out += "，偏离 " + signed_str(r.total_departure->difference, places) + "（按规则 " +
             r.total_departure->rule.str(places) + "）";
  }
  if (r.departures != Decimal() || r.budget_departure)
    out += "\n偏离合计 " + signed_str(r.departures, places) + "（表中得分 − 按规则得分，逐行相加）";
  if (r.weights_assumed) out += "\n表中未印各行分值：分值按指标体系假定（见各行说明）";
  for (const std::string& message : r.inconsistencies) out += "\n" + message;
  return out;
}

}  // namespace

std::string render_project_table(const ProjectSet& set, const ProjectResult& r) {
  const int places = set.score_places;
  const Project& p = *r.project;
  TextTable t;
  t.add_column("一级指标");
  t.add_column("二级指标");
  t.add_column("三级指标", TextTable::Align::kLeft, 24);
  t.add_column("预期指标值（原文）", TextTable::Align::kLeft, 30);
  t.add_column("解析", TextTable::Align::kLeft, 20);
  t.add_column("实际完成值（原文）", TextTable::Align::kLeft, 30);
  t.add_column("解析", TextTable::Align::kLeft, 20);
  // The table's own 得分 column, when it has one, beside the recomputed score.
  bool filed = p.budget_score.has_value(), departed = r.budget_departure.has_value(), shares = false;
  for (const auto& row : r.rows) {
    filed = filed || row.row->score.has_value();
    departed = departed || row.departure.has_value();
    shares = shares || row.converted.has_value();
  }
  t.add_column("分值", TextTable::Align::kRight);
  if (filed) t.add_column("自评得分", TextTable::Align::kRight);
  t.add_column("得分", TextTable::Align::kRight);
  if (departed) t.add_column("偏离", TextTable::Align::kRight);
  if (shares) t.add_column("折算得分", TextTable::Align::kRight);
  t.add_column("");
  t.add_column("说明");
  const std::string rate = p.rate_printed.empty() ? "" : "（表中执行率 " + p.rate_printed + "）";
  std::vector<std::string> budget = {set.budget.name, "", "", "", "", "", "", set.budget.weight.str(places)};
  if (filed) budget.push_back(p.budget_score ? p.budget_score->str(places) : "");
  budget.push_back(r.budget_score ? r.budget_score->str(places) : "—");
  if (departed) budget.push_back(departure_cell(r.budget_departure, places));
  if (shares) budget.push_back("");
  budget.insert(budget.end(), {r.budget_score ? "" : "待判定", r.budget_reason + rate});
  t.add_row(budget);
  for (const auto& row : r.rows) {
    const bool counted = row.status != ProjectRowResult::Status::kExcluded;
    std::vector<std::string> cells = {row.row->level1, row.row->level2, row.row->name, row.row->target,
                                      read_as(*row.target), row.row->actual, read_as(*row.actual),
                                      counted ? row.weight.str(places) : ""};
    if (filed) cells.push_back(row.row->score ? row.row->score->str(places) : "");
    cells.push_back(row.score ? row.score->str(places) : "—");
    if (departed) cells.push_back(departure_cell(row.departure, places));
    if (shares)
      cells.push_back(row.converted ? row.converted->str(places) + "（×" + row.row->weight_share->str() + "）" : "");
    cells.insert(cells.end(), {status_label(row.status),
                               row.reason + (counted && !row.weight_basis.empty() ? "（分值：" + row.weight_basis + "）" : "")});
    t.add_row(cells);
  }
  std::string out = visible(p.name + "（" + p.id + "）· " + p.table + " · " + set.name) + "\n";
  out += "出处：" + visible(p.provenance.display()) + "\n\n" + t.render() + "\n" + total_text(set, r) + "\n";
  return out;
}

std::string render_project_row_explain(const ProjectSet& set, const ProjectResult& result, size_t index,
                                       const std::string& title) {
  const int places = set.score_places;
  const ProjectRowResult& r = result.rows.at(index);
  const ProjectRow& row = *r.row;
  const Project& p = *result.project;
  std::string out = visible(row.level1 + " › " + row.level2 + " › " + row.name + "（第" + std::to_string(index + 1) + "行）") + "\n";
  out += visible(title + " · " + p.name + "（" + p.id + "）· " + set.name) + "\n";
  out += "指标体系  " + visible(set.file) + "\n\n";
  const bool counted = r.status != ProjectRowResult::Status::kExcluded;
  out += "分值      " + (counted ? r.weight.str(places) + "（" + r.weight_basis + "）" : std::string("（不计分）")) + "\n";
  out += "自评得分  " + (row.score ? row.score->str(places) : std::string("（未填）")) + "\n";
  const std::string status = status_label(r.status);
  out += "得分      " + (r.score ? r.score->str(places) : std::string("—")) + (status.empty() ? "" : "（" + status + "）") +
         (r.judged ? "（人工判定）" : "") + "\n";
  if (r.departure) out += "偏离      " + departure_cell(r.departure, places) + "\n";
  out += "说明      " + visible(r.reason) + "\n\n";
  out += "预期指标值  「" + visible(row.target) + "」 读作 " + visible(read_as(*r.target)) + "\n";
  out += "实际完成值  「" + visible(row.actual) + "」 读作 " + visible(read_as(*r.actual)) + "\n";
  if (!row.grade.empty()) out += "评定      " + visible(row.grade) + "\n";
  out += "出处      " + visible(p.provenance.display()) + (row.line > 0 ? "，第" + std::to_string(row.line) + "行" : "") + "\n\n";
  out += "计分标准\n  " + visible_lines(set.rows.rule) + "\n\n";
  out += "参数      " + visible(set.rows.params.display()) + "\n";
  out += "脚本      scripts/" + set.rows.script + "\n";
  return out;
}

std::string render_project_summary(const ProjectSet& set, const std::string& title,
                                   const std::vector<ProjectResult>& results) {
  const int places = set.score_places;
  TextTable t;
  t.add_column("项目", TextTable::Align::kLeft, 40);
  t.add_column("id");
  t.add_column("预算执行", TextTable::Align::kRight);
  t.add_column("得分", TextTable::Align::kRight);
  t.add_column("待判定", TextTable::Align::kRight);
  t.add_column("等级");
  t.add_column("指标行（计分/待判定/不计分）");
  for (const auto& r : results) {
    int scored = 0, pending = 0, excluded = 0;
    for (const auto& row : r.rows) {
      scored += row.status == ProjectRowResult::Status::kScored;
      pending += row.status == ProjectRowResult::Status::kPending;
      excluded += row.status == ProjectRowResult::Status::kExcluded;
    }
    t.add_row({r.project->name, r.project->id, r.budget_score ? r.budget_score->str(places) : "—",
               r.total.str(places), r.pending_weight.str(places),
               !r.inconsistencies.empty() ? "不一致" : r.grade.empty() ? "待定" : r.grade,
               std::to_string(scored) + "/" + std::to_string(pending) + "/" + std::to_string(excluded)});
  }
  return visible(title + " · " + set.name) + "\n\n" + t.render();
}

void departure_json(JsonWriter& w, const std::optional<Departure>& d, int places) {
  if (!d) {
    w.null();
    return;
  }
  w.begin_object();
  w.key("rule").number(d->rule, places);
  w.key("stated").number(d->stated, places);
  w.key("difference").number(d->difference, places);
  w.end_object();
}

std::string render_projects_json(const ProjectSet& set, const std::string& entity, int year,
                                 const std::vector<ProjectResult>& results) {
  const int places = set.score_places;
  JsonWriter w;
  w.begin_object();
  w.key("schema_version").integer(kJsonSchemaVersion);
  w.key("engine_version").string(engine_version());
  w.key("entity").string(entity);
  w.key("year").integer(year);
  w.key("set").string(set.id);
  w.key("projects").begin_array();
  for (const auto& r : results) {
    w.begin_object();
    w.key("id").string(r.project->id);
    w.key("name").string(r.project->name);
    w.key("budget_score").number(r.budget_score, places);
    w.key("budget_reason").string(r.budget_reason);
    w.key("budget_stated").begin_object();
    w.key("initial").number(r.project->initial_budget, places);
    w.key("planned").number(r.project->planned, places);
    w.key("executed").number(r.project->executed, places);
    w.key("rate").string(r.project->rate_printed);
    w.key("weight").number(r.project->budget_weight, places);
    w.key("score").number(r.project->budget_score, places);
    w.end_object();
    w.key("budget_departure");
    departure_json(w, r.budget_departure, places);
    w.key("total").number(r.total, places);
    w.key("pending_weight").number(r.pending_weight, places);
    w.key("grade");
    if (r.grade.empty()) w.null();
    else w.string(r.grade);
    w.key("budget_in_total").boolean(set.budget.in_total);
    w.key("converted").number(r.converted, places);
    w.key("stated_total").number(r.project->stated_total, places);
    w.key("stated_grade").string(r.project->stated_grade);
    w.key("total_departure");
    departure_json(w, r.total_departure, places);
    w.key("departures").number(r.departures, places);
    w.key("weights_assumed").boolean(r.weights_assumed);
    w.key("inconsistencies").begin_array();
    for (const std::string& m : r.inconsistencies) w.string(m);
    w.end_array();
    w.key("rows").begin_array();
    for (const auto& row : r.rows) {
      w.begin_object();
      w.key("level1").string(row.row->level1);
      w.key("level1_points").number(row.row->level1_points, places);
      w.key("level2").string(row.row->level2);
      w.key("category").string(row.category);
      w.key("name").string(row.row->name);
      w.key("target").string(row.row->target);
      w.key("target_read").string(read_as(*row.target));
      w.key("nature").string(row.row->nature);
      w.key("unit").string(row.row->unit);
      w.key("actual").string(row.row->actual);
      w.key("actual_read").string(read_as(*row.actual));
      w.key("status").string(row_status_name(row.status));
      w.key("weight").number(row.weight, places);
      w.key("weight_basis").string(row.weight_basis);
      w.key("score").number(row.score, places);
      w.key("judged").boolean(row.judged);
      w.key("weight_share").number(row.row->weight_share);
      w.key("converted").number(row.converted, places);
      w.key("filed").number(row.row->score, places);
      w.key("departure");
      departure_json(w, row.departure, places);
      w.key("reason").string(row.reason);
      w.key("line").integer(row.row->line);
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.str() + "\n";
}

std::string render_project_row_explain_json(const ProjectSet& set, const ProjectResult& result, size_t index,
                                            const std::string& entity, int year) {
  const int places = set.score_places;
  const ProjectRowResult& r = result.rows.at(index);
  const ProjectRow& row = *r.row;
  const Project& p = *result.project;
  JsonWriter w;
  w.begin_object();
  w.key("schema_version").integer(kJsonSchemaVersion);
  w.key("engine_version").string(engine_version());
  w.key("entity").string(entity);
  w.key("year").integer(year);
  w.key("project").begin_object();
  w.key("id").string(p.id);
  w.key("name").string(p.name);
  w.end_object();
  w.key("set").begin_object();
  w.key("id").string(set.id);
  w.key("name").string(set.name);
  w.key("file").string(set.file);
  w.end_object();
  w.key("row").begin_object();
  w.key("number").integer(static_cast<long long>(index + 1));
  w.key("level1").string(row.level1);
  w.key("level2").string(row.level2);
  w.key("name").string(row.name);
  w.key("target").string(row.target);
  w.key("target_read").string(read_as(*r.target));
  w.key("actual").string(row.actual);
  w.key("actual_read").string(read_as(*r.actual));
  w.key("grade").string(row.grade);
  w.key("status").string(row_status_name(r.status));
  w.key("weight");
  if (r.status == ProjectRowResult::Status::kExcluded) w.null();
  else w.number(r.weight, places);
  w.key("weight_basis").string(r.weight_basis);
  w.key("filed").number(row.score, places);
  w.key("score").number(r.score, places);
  w.key("judged").boolean(r.judged);
  w.key("departure");
  departure_json(w, r.departure, places);
  w.key("reason").string(r.reason);
  w.key("provenance").string(p.provenance.display());
  w.key("line").integer(row.line);
  w.end_object();
  w.key("rule").string(set.rows.rule);
  w.key("params").string(set.rows.params.display());
  w.key("script").string(set.rows.script);
  w.end_object();
  return w.str() + "\n";
}

std::string project_total_text(const ProjectSet& set, const ProjectResult& result) { return total_text(set, result); }

std::string project_row_status_label(ProjectRowResult::Status s) { return status_label(s); }

}  // namespace jixiao
