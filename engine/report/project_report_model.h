// The project self-evaluation tables (项目支出绩效自评表) of a department-year
// as the HTML and xlsx writers see them: per project the budget row and the
// indicator rows (一级/二级/三级指标, 年度指标值, 实际完成值, 分值, the table's
// own 得分, the recomputed 得分, pending or excluded, reason), the totals and
// the summary sentence the text table ends with. Built once; both writers
// read the same numbers as `score --projects --format json`.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "project_scorer.h"

namespace jixiao {

struct ProjectReportRow {
  std::string level1, level2, name;  // the budget row: level1 is the set's budget row name, the others empty
  std::string target, actual;        // 年度指标值, 实际完成值 as written; the budget row: 预算数, 执行数
  std::optional<Decimal> weight;     // 分值
  std::optional<Decimal> filed;      // 得分 as the table prints it; empty when it prints none
  std::optional<Decimal> score;      // 得分 recomputed; empty while pending
  std::string status;                // 待判定, 不计分, 小计 or ""
  std::string reason;
  bool departs = false;              // the printed 得分 departs from the rule (偏离)
  bool budget = false;               // the budget-execution row
  // Rows the 一级 and the 二级 cell opened here span (this row and the ones
  // below with the same names); 0 where the row continues the cell above.
  int level1_span = 0, level2_span = 0;
};

struct ProjectReportTable {
  std::string id, name, table, provenance;
  std::vector<ProjectReportRow> rows;  // the budget row first
  Decimal full_score, total, pending;  // pending: points not yet decided
  std::optional<Decimal> stated_total; // 总分 as printed
  std::string grade;                   // empty while points are pending or figures are inconsistent
  std::string summary;                 // the totals in words, as the text table ends (lines joined by \n)
};

struct ProjectReportModel {
  std::string title;                   // 凉山州科学技术协会 2021 · 项目支出绩效自评表
  std::string entity;
  int year = 0;
  std::string set_id, set_name, engine_version;
  int places = 2;
  std::vector<ProjectReportTable> projects;
};

// `results` point into the record's projects, which must outlive the call.
ProjectReportModel project_report_model(const ProjectSet& set, const std::string& record_title, const std::string& entity,
                                        int year, const std::vector<ProjectResult>& results);

}  // namespace jixiao
