// The parts of a project self-evaluation table (项目支出绩效自评表) that a data
// source records beyond targets and actuals: a 一级指标 printed with its
// points, the three-cell layout 指标性质 | 指标值 | 度量单位, and the figures
// the table states (budget row, 总分, grade), kept as printed.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "doc.h"
#include "record.h"

namespace jixiao {

// "产出指标(70分)", "产出指标（70分）", "产出指标 (70 分)" → {"产出指标", 70};
// a name without points in brackets → {name, nullopt}.
std::pair<std::string, std::optional<Decimal>> split_level1_points(const std::string& level1);

// A row's `nature` (指标性质), `unit` (度量单位), `subtotal` (a parent row),
// `weight_share` (权重占比), `judgement` (a person's score, basis and
// provenance), and its 一级指标's points (split off level1).
void read_project_row_extras(const Doc& row_doc, ProjectRow& row);

// A project's `filed: {total, grade}` and its budget's initial/rate/weight/score.
// Throws a located Error for a figure that is not a decimal.
void read_project_stated(const Doc& project_doc, Project& project);

}  // namespace jixiao
