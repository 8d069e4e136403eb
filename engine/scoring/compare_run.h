// A department-year's filed self-scores compared with the evidence
// recomputed (its review record, or the filed inputs): the records, the
// evaluation and the comparison kept together, since the comparison points
// into the other two. Used by `jixiao compare`, `report` and the public API.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "compare.h"
#include "workspace.h"

namespace jixiao {

struct ComparisonRun {
  Record filed;
  Record evidence;
  Evaluation evaluation;
  Comparison comparison;
};

// Compares `filed`'s scores with `evidence` (its review record, or the filed
// record itself when `evidence` is empty) recomputed under `set_id` ("" for
// the evidence's own set). Throws Error(kMissing) naming what is missing when
// the evidence cannot be scored whole (a gap is no difference), and the
// errors of Workspace::scorer and compare().
std::unique_ptr<ComparisonRun> compare_records(Workspace& ws, Record filed, std::optional<Record> evidence,
                                               const std::string& set_id);
// The same with the scorer of each set id from `scorer_of` (Workspace::scorer's
// errors for a set that cannot be loaded): compare --all's workers each have their own.
using ScorerOf = std::function<Scorer&(const std::string& set_id)>;
std::unique_ptr<ComparisonRun> compare_records(const ScorerOf& scorer_of, Record filed, std::optional<Record> evidence,
                                               const std::string& set_id);

// What a comparison's basis says: the review record or the filed inputs, and the set when chosen.
std::string comparison_basis(bool review, const std::string& set_id);

// Compares `entity year`'s filed scores with its `against` record ("review",
// "filed", or "" for the review record when there is one). Throws
// Error(kMissing) when a record is not in `store`, and what compare_records throws.
std::unique_ptr<ComparisonRun> run_comparison(Workspace& ws, const Store& store, const std::string& entity, int year,
                                              std::string against, const std::string& set_id);

}  // namespace jixiao
