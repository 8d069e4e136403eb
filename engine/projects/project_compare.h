// Compares a project table's own figures (the 得分 it prints per row, the
// budget row's 得分 and its 总分) with the figures recomputed under the set's
// rule, row by row, and every project of a year in one line each.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compare_report.h"
#include "project_scorer.h"

namespace jixiao {

// One project's filed (printed) total against the recomputed one.
struct ProjectComparisonLine {
  std::string entity;
  const ProjectResult* result = nullptr;
  std::optional<Decimal> filed;  // 总分 as printed, else the printed row and budget 得分 summed; empty when none
  std::optional<Decimal> gap;    // filed − recomputed; empty while points are pending
  std::optional<Decimal> relative_gap_pct;  // |gap| ÷ recomputed × 100, half-up to 6 decimals (gap_pct_text prints it)
  std::string error;             // the project could not be scored: why
};

ProjectComparisonLine compare_project(const std::string& entity, const ProjectSet& set, const ProjectResult& result);

// One project row by row: printed 得分, recomputed score, difference and 多报/少报, then the totals.
std::string render_project_comparison(const ProjectSet& set, const ProjectComparisonLine& line, CompareFormat format);

// Every project of the year, largest relative gap first.
std::string render_project_comparison_lines(int year, int places, std::vector<ProjectComparisonLine> lines,
                                            CompareFormat format);

}  // namespace jixiao
