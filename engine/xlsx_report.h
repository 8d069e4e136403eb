// The xlsx writer: a score or compare result as an Excel/WPS workbook in the
// 自评表 layout. The one file that includes libxlsxwriter.
#pragma once

#include <string>

#include "report_model.h"

namespace jixiao {

// The bytes of a workbook with one sheet: a title row and a provenance row
// (set id and hash, engine version); then a header, one row per leaf with
// the 一级/二级 cells merged over their leaves, 分值, 自评得分, 复核得分 (or
// 得分), 差异 as numbers (shown with the set's decimals; an empty cell where a
// figure is missing, never 0), 多报/少报, 说明 and 依据; differing rows
// shaded; then the 总分 row and the summary. Throws Error(kIo) when the
// workbook cannot be built (its scratch file cannot be written).
std::string render_xlsx(const ReportModel& m);

}  // namespace jixiao
