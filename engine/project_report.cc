#include "project_report.h"

#include "json_writer.h"
#include "terminal_text.h"
#include "text_table.h"

namespace jixiao {

namespace {

std::string read_as(const ParsedValue& p) {
  switch (p.kind) {
    case ParsedValue::Kind::kNumber: return std::string(op_symbol(p.op)) + p.value.str() + p.unit;
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
  }
  return "";
}

std::string total_text(const ProjectSet& set, const ProjectResult& r) {
  const int places = set.score_places;
  std::string out = "得分 " + r.total.str(places) + " / " + set.total.str(places);
  if (r.pending_weight > Decimal())
    out += "（另有 " + r.pending_weight.str(places) + " 分待判定，等级待定）";
  else
    out += "，等级 " + r.grade;
  if (!set.budget.in_total)
    out += "；" + set.budget.name + " " + (r.budget_score ? r.budget_score->str(places) : "—") + " 分另列，不计入总分";
  if (r.converted)
    out += "；折算得分 " + r.converted->str(places) + "（× 权重占比 " + r.project->weight_share->str() + "）";
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
  bool filed = false;
  for (const auto& row : r.rows) filed = filed || row.row->score.has_value();
  t.add_column("分值", TextTable::Align::kRight);
  if (filed) t.add_column("自评得分", TextTable::Align::kRight);
  t.add_column("得分", TextTable::Align::kRight);
  t.add_column("");
  t.add_column("说明");
  std::vector<std::string> budget = {set.budget.name, "", "", "", "", "", "", set.budget.weight.str(places)};
  if (filed) budget.push_back("");
  budget.insert(budget.end(), {r.budget_score ? r.budget_score->str(places) : "—", r.budget_score ? "" : "待判定",
                               r.budget_reason});
  t.add_row(budget);
  for (const auto& row : r.rows) {
    const bool counted = row.status != ProjectRowResult::Status::kExcluded;
    std::vector<std::string> cells = {row.row->level1, row.row->level2, row.row->name, row.row->target,
                                      read_as(row.target), row.row->actual, read_as(row.actual),
                                      counted ? row.weight.str(places) : ""};
    if (filed) cells.push_back(row.row->score ? row.row->score->str(places) : "");
    cells.insert(cells.end(), {row.score ? row.score->str(places) : "—", status_label(row.status),
                               row.reason + (counted && !row.weight_basis.empty() ? "（分值：" + row.weight_basis + "）" : "")});
    t.add_row(cells);
  }
  std::string out = visible(p.name + "（" + p.id + "）· " + p.table + " · " + set.name) + "\n";
  out += "出处：" + visible(p.provenance.display()) + "\n\n" + t.render() + "\n" + total_text(set, r) + "\n";
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
               r.total.str(places), r.pending_weight.str(places), r.grade.empty() ? "待定" : r.grade,
               std::to_string(scored) + "/" + std::to_string(pending) + "/" + std::to_string(excluded)});
  }
  return visible(title + " · " + set.name) + "\n\n" + t.render();
}

std::string render_projects_json(const ProjectSet& set, const std::string& entity, int year,
                                 const std::vector<ProjectResult>& results) {
  const int places = set.score_places;
  JsonWriter w;
  w.begin_object();
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
    w.key("total").number(r.total, places);
    w.key("pending_weight").number(r.pending_weight, places);
    w.key("grade");
    if (r.grade.empty()) w.null();
    else w.string(r.grade);
    w.key("budget_in_total").boolean(set.budget.in_total);
    w.key("converted").number(r.converted, places);
    w.key("rows").begin_array();
    for (const auto& row : r.rows) {
      w.begin_object();
      w.key("level1").string(row.row->level1);
      w.key("level2").string(row.row->level2);
      w.key("category").string(row.category);
      w.key("name").string(row.row->name);
      w.key("target").string(row.row->target);
      w.key("target_read").string(read_as(row.target));
      w.key("actual").string(row.row->actual);
      w.key("actual_read").string(read_as(row.actual));
      w.key("status").string(row_status_name(row.status));
      w.key("weight").number(row.weight, places);
      w.key("weight_basis").string(row.weight_basis);
      w.key("score").number(row.score, places);
      w.key("filed").number(row.row->score, places);
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

}  // namespace jixiao
