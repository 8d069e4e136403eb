// The xlsx writer: a score or compare result as an Excel/WPS workbook in the
// 自评表 layout. The one file that includes libxlsxwriter.
#pragma once

#include <string>

#include "compare_report.h"
#include "project_report_model.h"
#include "report_model.h"

namespace jixiao {

// Every workbook names the engine in its document properties (comments
// "jixiao VERSION" and a custom property engine_version), besides any
// provenance row on its sheet.

// The bytes of a workbook with one sheet: a title row and a provenance row
// (set id and hash, engine version); then a header, one row per leaf with
// the 一级/二级 cells merged over their leaves, 分值, 自评得分, 复核得分 (or
// 得分), 差异 as numbers (shown with the set's decimals; an empty cell where a
// figure is missing, never 0), 多报/少报, 说明 and 依据; differing rows
// shaded; then the 总分 row and the summary. Throws Error(kIo) when the
// workbook cannot be built (its scratch file cannot be written).
std::string render_xlsx(const ReportModel& m);

// The project tables (项目支出绩效自评表): one sheet, per project a title row,
// a header (一级指标, 二级指标, 三级指标, 年度指标值, 实际完成值, 分值, 表中得分,
// 得分, 状态, 说明), the budget row, the indicator rows with 一级/二级 merged
// over their runs, numbers as numbers (empty where missing or pending), rows
// departing from the rule shaded, the 总分 row, the totals in words, a blank row.
std::string render_project_xlsx(const ProjectReportModel& m);

// compare --all: one sheet of the departments sorted by gap (自评, 复核, 相对差异
// (%), 自评准确扣分 as numbers), then the bands with their counts.
std::string render_comparison_summary_xlsx(const ComparisonSummary& s);

}  // namespace jixiao
