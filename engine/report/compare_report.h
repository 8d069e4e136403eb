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

// Many departments of one year compared, as every writer of `compare --all`
// reads them: the lines sorted by gap, largest first (those that could not be
// compared last), and how many departments fall in each band of the 自评准确
// rule ("扣8分" → count, by deduction, zero counts included; "无自评准确规则"
// first when a set has no such rule).
struct ComparisonSummary {
  int year = 0;
  std::vector<ComparisonLine> lines;
  std::vector<std::pair<std::string, int>> bands;
  std::string engine_version;
};

// `deductions`: every deduction the sets' 自评准确 rules can give.
ComparisonSummary summarize_comparisons(int year, std::vector<ComparisonLine> lines,
                                        const std::vector<Decimal>& deductions);

// The summary as a table, JSON, CSV or Markdown: the lines, then the bands.
std::string render_comparison_lines(const ComparisonSummary& s, CompareFormat format);

}  // namespace jixiao
