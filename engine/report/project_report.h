// Renders project self-evaluation results: one project row by row, or every
// project of a department-year in one line each; as a table or JSON.
#pragma once

#include <string>
#include <vector>

#include "project_scorer.h"

namespace jixiao {

// Each row: 一级/二级/三级, the target as written and as read, the actual as
// written and as read, points and how they were set, score, reason.
std::string render_project_table(const ProjectSet& set, const ProjectResult& result);

// One row of a project explained, as `jixiao explain` explains a leaf: the
// row's names, target and actual as written and as read, its points and how
// they were set, the filed and recomputed score, the reason, the set's rule,
// params and script. `row` indexes result.rows.
std::string render_project_row_explain(const ProjectSet& set, const ProjectResult& result, size_t row,
                                       const std::string& title);

// The same row as JSON, for programs: {"schema_version", "engine_version",
// "entity", "year", "project": {"id", "name"}, "set": {"id", "name", "file"},
// "row": {"number", "level1", "level2", "name", "target", "target_read",
// "actual", "actual_read", "grade", "status", "weight" (null when excluded),
// "weight_basis", "filed", "score", "judged", "departure", "reason",
// "provenance", "line"}, "rule", "params", "script"}.
std::string render_project_row_explain_json(const ProjectSet& set, const ProjectResult& result, size_t row,
                                            const std::string& entity, int year);

// One line per project: budget score, total, pending points, grade.
std::string render_project_summary(const ProjectSet& set, const std::string& title,
                                   const std::vector<ProjectResult>& results);

// The totals in words, as the project table ends: 得分 against the full score,
// pending points or the grade, the printed 总分 and its departure, the
// inconsistencies; lines joined by "\n".
std::string project_total_text(const ProjectSet& set, const ProjectResult& result);

// 待判定, 不计分, 小计, or "" for a scored row.
std::string project_row_status_label(ProjectRowResult::Status s);

std::string render_projects_json(const ProjectSet& set, const std::string& entity, int year,
                                 const std::vector<ProjectResult>& results);

}  // namespace jixiao
