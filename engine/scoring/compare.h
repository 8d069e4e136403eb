// Compares a department's filed self-scores (自评得分) with scores recomputed
// from evidence, leaf by leaf, and works out what the gap costs under the
// set's own 自评准确 rule.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "scorer.h"

namespace jixiao {

struct LeafComparison {
  const LeafResult* leaf = nullptr;       // the recomputed leaf (its node, path, reason, inputs)
  std::optional<Decimal> filed;           // 自评得分 as filed
  std::optional<Decimal> recomputed;      // 复核得分
  std::optional<Decimal> difference;      // filed − recomputed, when both exist
};

// What the gap costs under the set's 自评准确 leaf (the leaf the department
// does not score, whose script reads self_score and review_score).
struct AccuracyCheck {
  std::string path;       // 自评质量 › 自评质量 › 自评准确
  Decimal weight;         // 10
  Decimal score;          // what the leaf scores for this gap
  Decimal deduction;      // weight − score
  std::string reason;     // the script's reason: 差异19.63%，扣8分
};

struct Comparison {
  const Record* filed = nullptr;          // the record whose 自评得分 are compared
  const Evaluation* recomputed = nullptr; // the scores from evidence
  std::string basis;                      // what was recomputed: "review record", …
  std::vector<LeafComparison> leaves;     // in the recomputing set's order
  Decimal filed_total;                    // 总分 as filed (or the sum of filed leaves)
  Decimal recomputed_total;
  Decimal gap;                            // filed − recomputed
  Decimal relative_gap_pct;               // |gap| ÷ recomputed × 100, half-up to 6 decimals (gap_pct_text prints it)
  std::optional<AccuracyCheck> accuracy;  // when the set has a 自评准确 leaf
  FiledSums filed_sums;                   // the filed record's self-scores, summed up the tree

  // Filed subtotal of a branch: the sum of its filed leaves, if any was filed.
  std::optional<Decimal> filed_subtotal(const std::string& node_id) const { return filed_sums.subtotal(node_id); }
  std::optional<Decimal> recomputed_subtotal(const std::string& node_id) const;
};

// `scorer` produced `recomputed` and holds the set whose 自评准确 rule prices
// the gap. Throws Error when the recomputed total is zero (no relative gap).
Comparison compare(const Record& filed, const Evaluation& recomputed, Scorer& scorer, std::string basis);

// The relative gap |filed_total − recomputed_total| ÷ recomputed_total × 100,
// half-up to 6 decimals: what --fail-above and the 自评准确 bands compare, so
// 10.004281 is above 10 however it is printed. Throws Error(kInput) naming
// `filed` when the recomputed total is zero or less.
Decimal relative_gap_pct(const Record& filed, Decimal filed_total, Decimal recomputed_total);

// A relative gap as printed, without "%": two decimals ("19.63"), unless two
// decimals would round it onto a tenth it is not ("10.00", "7.50": where the
// bands' edges and --fail-above thresholds lie); then with as many more as
// it takes to tell it apart: 10.004281 → "10.004", 9.99996 → "9.99996".
std::string gap_pct_text(Decimal pct);

// What the gap between the totals costs under the 自评准确 leaf among
// `leaves` (the set of `scorer`), run through `scorer` with `basis` as the
// review score's provenance; empty when the set has no such leaf. Throws
// Error for a script error, or when the rule leaves the gap to judgement.
std::optional<AccuracyCheck> price_gap(const std::vector<IndicatorSet::LeafRef>& leaves, const Record& filed,
                                      Decimal filed_total, Decimal recomputed_total, const std::string& basis,
                                      Scorer& scorer);

// The deductions the set's 自评准确 rule can give (its params' bands and
// otherwise), smallest first; empty when the set has no such leaf.
std::vector<Decimal> possible_deductions(const IndicatorSet& set);

// "多报" when filed > recomputed, "少报" when below, "" when equal or unknown.
const char* claim_mark(const LeafComparison& leaf);

}  // namespace jixiao
