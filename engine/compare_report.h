// Renders comparisons: one department-year leaf by leaf (table, JSON, CSV,
// Markdown, all carrying the same numbers), or many in one line each.
#pragma once

#include <string>
#include <vector>

#include "compare.h"

namespace jixiao {

enum class CompareFormat { kTable, kJson, kCsv, kMarkdown };

// Parses "table", "json", "csv", "markdown"; nullopt otherwise.
std::optional<CompareFormat> parse_compare_format(const std::string& name);

std::string render_comparison(const Comparison& c, CompareFormat format);

// One department-year of a many-department comparison.
struct ComparisonLine {
  std::string entity;
  std::string basis;
  Decimal filed_total;
  Decimal recomputed_total;
  Decimal relative_gap_pct;
  std::optional<Decimal> deduction;  // under the set's 自评准确 rule
  std::string error;                 // set when the department could not be compared
};

// Sorted by gap, largest first, then how many departments fall in each of
// `deductions` (the bands of the 自评准确 rule, zero counts included).
std::string render_comparison_lines(int year, std::vector<ComparisonLine> lines, const std::vector<Decimal>& deductions,
                                    CompareFormat format);

}  // namespace jixiao
