// The CSV and Markdown writers of a score or compare result (report_model.h):
// every node of the tree one line, with the same numbers as the other writers.
#pragma once

#include <string>

#include "report_model.h"

namespace jixiao {

// A UTF-8 BOM, the header "id,path,level,weight,filed,recomputed,difference,
// claim,source,reason", one line per node (branches with their subtotals),
// then "total,总分,0,,FILED,RECOMPUTED,GAP,,,相对差异 X%" (the gap and the
// relative gap empty when there are none). Cells through csv_field.
std::string render_csv(const ReportModel& m);

// "## TITLE", a table of every node (branches bold, indented by level with
// ideographic spaces) with 分值, 自评得分, 复核得分 (or 得分), 差异, 多报/少报
// and the reason, a 总分 row, the summary line, then the set, its rules
// version and the engine version (CSV carries no version: any line or column
// would be read as data; JSON is the format that carries provenance).
std::string render_markdown(const ReportModel& m);

}  // namespace jixiao
