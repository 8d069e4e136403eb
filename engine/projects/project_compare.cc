#include "project_compare.h"

#include <algorithm>

#include "cell_text.h"
#include "compare.h"
#include "json_writer.h"
#include "version.h"
#include "text_table.h"

namespace jixiao {

namespace {

std::string num(const std::optional<Decimal>& d, int places) { return d ? d->str(places) : ""; }

std::string signed_num(const std::optional<Decimal>& d, int places) {
  if (!d) return "";
  return (*d > Decimal() ? "+" : "") + d->str(places);
}

const char* mark(const std::optional<Decimal>& difference) {
  if (!difference || *difference == Decimal()) return "";
  return *difference > Decimal() ? "多报" : "少报";
}


// One compared line of a project: the budget row or an indicator row.
struct RowLine {
  std::string name;
  std::optional<Decimal> filed, recomputed, difference;
  std::string reason;
};

std::vector<RowLine> row_lines(const ProjectSet& set, const ProjectResult& r) {
  std::vector<RowLine> out;
  auto line = [](std::string name, std::optional<Decimal> filed, std::optional<Decimal> recomputed, std::string why) {
    RowLine l{std::move(name), filed, recomputed, std::nullopt, std::move(why)};
    if (filed && recomputed) l.difference = *filed - *recomputed;
    return l;
  };
  out.push_back(line(set.budget.name, r.project->budget_score, r.budget_score, r.budget_reason));
  for (const auto& row : r.rows) {
    if (row.status == ProjectRowResult::Status::kExcluded) continue;
    const std::string name = row.row->level1 + " › " + row.row->level2 + " › " + row.row->name +
                             (row.status == ProjectRowResult::Status::kSubtotal ? "（小计）" : "");
    out.push_back(line(name, row.row->score, row.score, row.reason));
  }
  return out;
}

}  // namespace

ProjectComparisonLine compare_project(const std::string& entity, const ProjectSet& set, const ProjectResult& result) {
  ProjectComparisonLine line;
  line.entity = entity;
  line.result = &result;
  const Project& p = *result.project;
  if (p.stated_total) {
    line.filed = p.stated_total;
  } else {
    std::optional<Decimal> sum;
    for (const auto& row : result.rows)
      if (row.row->score && row.status != ProjectRowResult::Status::kSubtotal) sum = sum.value_or(Decimal()) + *row.row->score;
    if (sum && p.budget_score && set.budget.in_total) *sum += *p.budget_score;
    line.filed = sum;
  }
  // With points still pending the recomputed total is partial: no gap until a person decides them.
  if (line.filed && result.pending_weight == Decimal()) {
    line.gap = *line.filed - result.total;
    // Exact to 6 places, as the department compare keeps it: --fail-above
    // compares this figure, so 10.0043 is above 10 however it is printed.
    if (result.total != Decimal()) line.relative_gap_pct = percent_of(*line.gap, result.total.abs(), Decimal::kPlaces);
  }
  return line;
}

std::string render_project_comparison(const ProjectSet& set, const ProjectComparisonLine& line, CompareFormat format) {
  const int places = set.score_places;
  const ProjectResult& r = *line.result;
  const auto lines = row_lines(set, r);
  const std::string title = line.entity + " · " + r.project->name + "（" + r.project->id + "）";
  const std::string pending = r.pending_weight > Decimal() ? "另有 " + r.pending_weight.str(places) + " 分待判定" : "";
  switch (format) {
    case CompareFormat::kJson: {
      JsonWriter w;
      w.begin_object();
      w.key("schema_version").integer(kJsonSchemaVersion);
      w.key("engine_version").string(engine_version());
      w.key("entity").string(line.entity);
      w.key("project").string(r.project->id);
      w.key("name").string(r.project->name);
      w.key("rows").begin_array();
      for (const auto& l : lines) {
        w.begin_object();
        w.key("name").string(l.name);
        w.key("filed").number(l.filed, places);
        w.key("recomputed").number(l.recomputed, places);
        w.key("difference").number(l.difference, places);
        w.key("mark").string(mark(l.difference));
        w.key("reason").string(l.reason);
        w.end_object();
      }
      w.end_array();
      w.key("filed_total").number(line.filed, places);
      w.key("recomputed_total").number(r.total, places);
      w.key("gap").number(line.gap, places);
      w.key("relative_gap_pct").number(line.relative_gap_pct, 2);
      w.key("pending_weight").number(r.pending_weight, places);
      w.key("inconsistencies").begin_array();
      for (const auto& m : r.inconsistencies) w.string(m);
      w.end_array();
      w.end_object();
      return w.str() + "\n";
    }
    case CompareFormat::kCsv: {
      std::string out = csv_header("name,filed,recomputed,difference,mark,reason");
      for (const auto& l : lines)
        out += csv_field(l.name) + "," + num(l.filed, places) + "," + num(l.recomputed, places) + "," +
               num(l.difference, places) + "," + mark(l.difference) + "," + csv_field(l.reason) + "\n";
      out += "总分," + num(line.filed, places) + "," + r.total.str(places) + "," + num(line.gap, places) + "," +
             mark(line.gap) + "," + csv_field(pending) + "\n";
      return out;
    }
    case CompareFormat::kMarkdown: {
      std::string out = "### " + markdown_cell(title) + "\n\n| 指标 | 表中得分 | 按规则得分 | 差异 | | 说明 |\n|---|---:|---:|---:|---|---|\n";
      for (const auto& l : lines)
        out += "| " + markdown_cell(l.name) + " | " + num(l.filed, places) + " | " + num(l.recomputed, places) + " | " +
               signed_num(l.difference, places) + " | " + mark(l.difference) + " | " + markdown_cell(l.reason) + " |\n";
      out += "| **总分** | " + num(line.filed, places) + " | " + r.total.str(places) + " | " +
             signed_num(line.gap, places) + " | " + mark(line.gap) + " | " + markdown_cell(pending) + " |\n";
      for (const auto& m : r.inconsistencies) out += "\n- " + markdown_cell(m);
      return out + (r.inconsistencies.empty() ? "" : "\n");
    }
    case CompareFormat::kTable: break;
  }
  TextTable t;
  t.add_column("指标", TextTable::Align::kLeft, 40);
  t.add_column("表中得分", TextTable::Align::kRight);
  t.add_column("按规则得分", TextTable::Align::kRight);
  t.add_column("差异", TextTable::Align::kRight);
  t.add_column("");
  t.add_column("说明", TextTable::Align::kLeft, 40);
  for (const auto& l : lines)
    t.add_row({l.name, num(l.filed, places), l.recomputed ? l.recomputed->str(places) : "待判定",
               signed_num(l.difference, places), mark(l.difference), l.reason});
  std::string out = title + "\n\n" + t.render() + "\n总分：表中 " + (line.filed ? line.filed->str(places) : "未印") +
                    "，按规则 " + r.total.str(places);
  if (line.gap) out += "，差异 " + signed_num(line.gap, places) + " " + mark(line.gap);
  else if (line.filed && r.pending_weight > Decimal()) out += "，差异待定";
  if (line.relative_gap_pct) out += "（相对差异 " + gap_pct_text(*line.relative_gap_pct) + "%）";
  if (!pending.empty()) out += "；" + pending;
  out += "\n";
  for (const auto& m : r.inconsistencies) out += m + "\n";
  return out;
}

std::string render_project_comparison_lines(int year, int places, std::vector<ProjectComparisonLine> lines,
                                            CompareFormat format) {
  std::stable_sort(lines.begin(), lines.end(), [](const ProjectComparisonLine& a, const ProjectComparisonLine& b) {
    return a.relative_gap_pct.value_or(Decimal()) > b.relative_gap_pct.value_or(Decimal());
  });
  auto cells = [&](const ProjectComparisonLine& l) {
    const ProjectResult* r = l.result;
    return std::vector<std::string>{
        l.entity,
        r ? r->project->id : "",
        r ? r->project->name : "",
        num(l.filed, places),
        r ? r->total.str(places) : "",
        signed_num(l.gap, places),
        l.relative_gap_pct ? gap_pct_text(*l.relative_gap_pct) + "%" : "",
        r ? r->pending_weight.str(places) : "",
        r ? std::to_string(r->inconsistencies.size()) : "",
        l.error};
  };
  const std::vector<std::string> head = {"单位", "id", "项目", "表中总分", "按规则", "差异", "相对差异", "待判定", "不一致", "错误"};
  switch (format) {
    case CompareFormat::kJson: {
      JsonWriter w;
      w.begin_object();
      w.key("schema_version").integer(kJsonSchemaVersion);
      w.key("engine_version").string(engine_version());
      w.key("year").integer(year);
      w.key("projects").begin_array();
      for (const auto& l : lines) {
        w.begin_object();
        w.key("entity").string(l.entity);
        w.key("project").string(l.result ? l.result->project->id : "");
        w.key("filed_total").number(l.filed, places);
        w.key("recomputed_total").number(l.result ? std::optional<Decimal>(l.result->total) : std::nullopt, places);
        w.key("gap").number(l.gap, places);
        w.key("relative_gap_pct").number(l.relative_gap_pct, 2);
        w.key("inconsistencies").integer(l.result ? static_cast<int>(l.result->inconsistencies.size()) : 0);
        w.key("error");
        if (l.error.empty()) w.null();
        else w.string(l.error);
        w.end_object();
      }
      w.end_array();
      w.end_object();
      return w.str() + "\n";
    }
    case CompareFormat::kCsv: {
      std::string out = csv_header("entity,project,name,filed_total,recomputed_total,gap,relative_gap_pct,pending,inconsistencies,error");
      for (const auto& l : lines) {
        const auto c = cells(l);
        for (size_t i = 0; i < c.size(); ++i) {
          std::string v = c[i];
          if (i == 6 && !v.empty()) v.pop_back();  // the % sign
          if (i == 5 && !v.empty() && v[0] == '+') v.erase(0, 1);
          out += (i ? "," : "") + csv_field(v);
        }
        out += "\n";
      }
      return out;
    }
    case CompareFormat::kMarkdown: {
      std::string out = "| 单位 | id | 项目 | 表中总分 | 按规则 | 差异 | 相对差异 | 待判定 | 不一致 | 错误 |\n"
                        "|---|---|---|---:|---:|---:|---:|---:|---:|---|\n";
      for (const auto& l : lines) {
        std::string row = "|";
        for (const auto& c : cells(l)) row += " " + markdown_cell(c) + " |";
        out += row + "\n";
      }
      return out;
    }
    case CompareFormat::kTable: break;
  }
  TextTable t;
  for (size_t i = 0; i < head.size(); ++i)
    t.add_column(head[i], i >= 3 && i <= 8 ? TextTable::Align::kRight : TextTable::Align::kLeft, i == 2 ? 30 : 0);
  for (const auto& l : lines) t.add_row(cells(l));
  return std::to_string(year) + " 项目支出绩效自评表：表中得分与按规则得分\n\n" + t.render();
}

}  // namespace jixiao
