// Turns a department-year's project self-evaluation tables into one row per
// project, with its 总分 and its budget: the input of a department leaf that
// takes its score from the department's own project self-evaluations
// (专项预算管理, scored by scripts/project_mean.lua).
#pragma once

#include <vector>

#include "project_scorer.h"
#include "record.h"

namespace jixiao {

// One row per project `from` names (every project of `projects`, a record of
// kind "projects", when it names none), in that order, with the cells
//   project (id), name, max (the project set's total), basis ("recomputed" or
//   "printed"), total (a number) — or, instead of total, pending: why there
//   is no total, naming the project —, and budget with budget_unit when the
//   table records 预算数 (or else 其中：财政拨款).
// `from.totals` "recomputed": the total `scorer` gives; a project with rows
// still pending (or a 预算执行率 row without figures) has no total, never a
// partial one. "printed": the 总分 the table prints, when it prints one.
// `from.project_readings` (recomputed only): the review's reading of a row
// the scorer leaves pending, found by its target text among that project's
// pending rows: target and actual put in its cells, or a grade; the project is
// then scored as read, and its row gets a readings cell listing each reading
// used (line, text cut to 40 columns, how read, why),
// in the table's order.
// A row's provenance is its project table's (file and line). Throws Error at
// `from.where` for a project id the record does not have (with the nearest),
// at a reading that matches no pending row or more than one, or given for a
// project not counted, and passes on the scorer's errors.
std::vector<Row> project_total_rows(const RowsFromProjects& from, const Record& projects, ProjectScorer& scorer);

}  // namespace jixiao
