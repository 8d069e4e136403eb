// The HTML writer: one self-contained page (no script, no network, no other
// file) for a score or compare result, to open in a browser or print on A4.
#pragma once

#include <string>

#include "report_model.h"

namespace jixiao {

// The page: the title and provenance (set id and hash, engine version), an
// inline SVG chart of each 一级指标's score against its weight (filed beside
// recomputed for a comparison, then a chart of the leaves whose scores differ),
// and the indicator table in the 自评表 layout: 一级/二级/三级 cells spanning
// their leaves, 分值, 自评得分, 复核得分, 差异, 说明 and 依据, with rows whose
// scores differ highlighted; then the totals. All text is escaped.
std::string render_html(const ReportModel& m);

}  // namespace jixiao
