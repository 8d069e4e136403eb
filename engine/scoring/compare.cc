#include "compare.h"

#include <algorithm>

#include "error.h"

namespace jixiao {

namespace {

// The leaf that prices the gap: not self-scored, reading self_score and review_score.
const IndicatorSet::LeafRef* accuracy_leaf(const std::vector<IndicatorSet::LeafRef>& leaves) {
  for (const auto& leaf : leaves) {
    const auto& facts = leaf.node->facts;
    auto reads = [&](const char* name) { return std::find(facts.begin(), facts.end(), name) != facts.end(); };
    if (!leaf.node->self_scored && reads("self_score") && reads("review_score")) return &leaf;
  }
  return nullptr;
}

Fact score_fact(const char* name, const char* label, Decimal value, const std::string& why) {
  Fact f;
  f.name = name;
  f.label = label;
  f.value = Value::of_number(value);
  f.unit = "分";
  f.provenance.inferred = why;
  return f;
}

}  // namespace

std::vector<Decimal> possible_deductions(const IndicatorSet& set) {
  std::vector<Decimal> out;
  const auto leaves = set.leaves();
  const auto* leaf = accuracy_leaf(leaves);
  if (leaf == nullptr) return out;
  auto add = [&](const Value* v) {
    if (v != nullptr && v->type == Value::Type::kNumber &&
        std::find(out.begin(), out.end(), v->number) == out.end())
      out.push_back(v->number);
  };
  if (const Value* bands = leaf->node->params.find("bands"))
    for (const Value& band : bands->list) add(band.find("deduct"));
  add(leaf->node->params.find("otherwise"));
  std::sort(out.begin(), out.end());
  return out;
}

const char* claim_mark(const LeafComparison& leaf) {
  if (!leaf.difference) return "";
  if (*leaf.difference > Decimal()) return "多报";
  if (*leaf.difference < Decimal()) return "少报";
  return "";
}

std::optional<Decimal> Comparison::recomputed_subtotal(const std::string& node_id) const {
  auto found = recomputed->subtotals.find(node_id);
  if (found == recomputed->subtotals.end()) return std::nullopt;
  return found->second;
}

std::optional<AccuracyCheck> price_gap(const std::vector<IndicatorSet::LeafRef>& leaves, const Record& filed,
                                      Decimal filed_total, Decimal recomputed_total, const std::string& basis,
                                      Scorer& scorer) {
  const auto* leaf = accuracy_leaf(leaves);
  if (leaf == nullptr) return std::nullopt;
  Record inputs;
  inputs.entity = filed.entity;
  inputs.year = filed.year;
  inputs.facts["self_score"] = score_fact("self_score", "部门自评得分", filed_total, "the filed total");
  inputs.facts["review_score"] = score_fact("review_score", "评价组复核得分", recomputed_total, basis);
  const ScriptOutcome outcome = scorer.run_leaf(leaf->node->id, inputs);
  if (outcome.needs_judgement)
    throw Error(ErrorKind::kScript, "the 自评准确 rule left the gap to judgement: " + outcome.reason, {}, leaf->path);
  AccuracyCheck a;
  a.path = leaf->path;
  a.weight = *leaf->node->weight;  // run_leaf refuses a leaf of unknown weight
  a.score = Decimal::round_half_up(outcome.score, scorer.set().score_places);
  a.deduction = a.weight - a.score;
  a.reason = outcome.reason;
  return a;
}

Decimal relative_gap_pct(const Record& filed, Decimal filed_total, Decimal recomputed_total) {
  if (recomputed_total <= Decimal())
    throw Error(ErrorKind::kInput, filed.title() + ": the recomputed total is " + recomputed_total.str() +
                                       ", so there is no relative gap to compute");
  return percent_of(filed_total - recomputed_total, recomputed_total, Decimal::kPlaces);
}

std::string gap_pct_text(Decimal pct) {
  const Decimal two = pct.rounded(2);
  if (two == pct || two != two.rounded(1)) return two.str(2);
  for (int places = 3; places < Decimal::kPlaces; ++places)
    if (pct.rounded(places) != two) return pct.rounded(places).str(places);
  return pct.str(Decimal::kPlaces);
}

Comparison compare(const Record& filed, const Evaluation& recomputed, Scorer& scorer, std::string basis) {
  Comparison c;
  c.filed = &filed;
  c.recomputed = &recomputed;
  c.basis = std::move(basis);
  const auto leaves = recomputed.set->leaves();
  c.filed_sums = filed_sums(leaves, filed);  // the filed record's, under the recomputing set
  for (const LeafResult& leaf : recomputed.leaves) {
    LeafComparison lc;
    lc.leaf = &leaf;
    lc.recomputed = leaf.score;
    if (auto f = filed.filed_scores.find(leaf.node->id); f != filed.filed_scores.end()) lc.filed = f->second;
    if (lc.filed && lc.recomputed) lc.difference = *lc.filed - *lc.recomputed;
    c.leaves.push_back(lc);
  }
  c.filed_total = c.filed_sums.total;
  c.recomputed_total = recomputed.total;
  c.gap = c.filed_total - c.recomputed_total;
  c.relative_gap_pct = relative_gap_pct(filed, c.filed_total, c.recomputed_total);
  c.accuracy = price_gap(leaves, filed, c.filed_total, c.recomputed_total, c.basis, scorer);
  return c;
}

}  // namespace jixiao
