// The HTML writer: one self-contained page (no script, no network, no other
// file) for a score or compare result, to open in a browser or print on A4.
#pragma once

#include <string>

#include "compare_report.h"
#include "project_report_model.h"
#include "report_model.h"

namespace jixiao {

// The page around `body`: the doctype, UTF-8, `title`, a generator meta and a
// footer naming the engine version, and the one style every page shares
// (Chinese fonts with fallbacks, A4 print margins).
std::string html_page(const std::string& title, const std::string& body);

// A department-year's project tables (score --projects / --project ID) in the
// 项目支出绩效自评表 layout: per project its name, table and provenance, then
// 一级/二级 cells spanning their rows, 三级指标, 年度指标值, 实际完成值, 分值,
// the table's own 得分 and the recomputed 得分 (rows departing from the rule
// highlighted), pending and excluded rows marked, the reason; the 总分 row
// and the totals in words.
std::string render_project_html(const ProjectReportModel& m);

// compare --all: the departments of a year sorted by gap (自评, 复核, 相对差异,
// 自评准确扣分, basis or why it could not be compared) and an inline SVG chart
// of how many fall in each 自评准确 band.
std::string render_comparison_summary_html(const ComparisonSummary& s);

// The page: the title and provenance (set id and hash, engine version), an
// inline SVG chart of each 一级指标's score against its weight (filed beside
// recomputed for a comparison, then a chart of the leaves whose scores differ),
// and the indicator table in the 自评表 layout: 一级/二级/三级 cells spanning
// their leaves, 分值, 自评得分, 复核得分, 差异, 说明 and 依据, with rows whose
// scores differ highlighted; then the totals. All text is escaped.
std::string render_html(const ReportModel& m);

}  // namespace jixiao
