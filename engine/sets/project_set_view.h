// A project set as `jixiao show` prints it, and what a variant of one
// changes against another (`show --diff`), as set_diff does for
// department-wide sets.
#pragma once

#include <string>
#include <vector>

#include "project_set.h"

namespace jixiao {

// The resolved set: its file, total and rounding, the budget row, the
// categories with their points, how rows are scored, and the grades.
std::string render_project_set(const ProjectSet& set);

// One line per difference: "~ budget.weight: 10 → 20",
// "~ rows.params.over_cap_pct: 100 → 120", "+ category 新指标 10",
// "- category 满意度指标". Empty when the two sets score the same way.
std::vector<std::string> diff_project_sets(const ProjectSet& base, const ProjectSet& variant);

}  // namespace jixiao
