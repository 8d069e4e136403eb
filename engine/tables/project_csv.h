// Project self-evaluation results as CSV: one line per budget row, indicator
// row and total, with the table's own figures beside the recomputed ones and
// each departure (偏离) and inconsistency (不一致) in its own columns.
#pragma once

#include <string>
#include <vector>

#include "project_scorer.h"

namespace jixiao {

// Columns: entity, year, project, line_kind (budget/row/total/不一致), level1,
// level2, name, target, target_read, actual, actual_read, weight, stated_score,
// score, status, departure_rule, departure_stated, departure_difference, reason.
std::string render_projects_csv(const ProjectSet& set, const std::string& entity, int year,
                                const std::vector<ProjectResult>& results);

}  // namespace jixiao
