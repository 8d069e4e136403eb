// Comparing filed self-scores with recomputed ones for every department of a
// year (compare --all), from the results score --all stored when it can, else
// scoring as score --all does: bulk reads per batch, no re-reads.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compare.h"
#include "compare_report.h"
#include "compare_run.h"
#include "store.h"
#include "workspace.h"

namespace jixiao {

struct CompareAllOptions {
  int year = 0;
  std::string against;  // "filed", "review", or "" for the review record when there is one
  std::string set_id;   // recompute under this set; "" for the evidence's own
  std::optional<Decimal> threshold;  // --fail-above, in percent
  int jobs = 1;         // workers, each with its own connection and scorers (a batch at least each)
  size_t batch_size = 1000;  // department-years read and compared at a time
  // Called once the department-years are listed, before any is read (tests:
  // another process importing meanwhile); none when empty.
  std::function<void()> after_listing;
};

struct CompareAll {
  std::vector<ComparisonLine> lines;  // by entity
  std::vector<Decimal> deductions;    // every deduction the sets' 自评准确 rules can give, ascending
  bool above = false;                 // some relative gap is above the threshold
  bool failed = false;                // some department could not be compared (its line has the error)
  size_t from_results = 0;            // lines whose recomputed total is the stored results'
};

// Every filed department-year of `options.year` compared as
// compare_records() compares it, the lines identical to it. Evidence that
// score --all scored under the same set content hash, without a gap, is
// taken from the stored results (unless a batch's do not read back: its
// records are then scored); the rest is read packed and scored by
// place as score --all scores it (read whole and scored as compare_records
// does when a leaf errs, which its line then gives). Throws
// Error(kMissing) when the year has no filed record, Error for a database
// that cannot be read, Error(kUsage) for jobs < 1. The lines are the same
// whatever `jobs` is. A department whose records another process imports
// again (or removes) after they were listed is compared from its records as
// stored when its line is made, read by entity, year and kind.
CompareAll compare_all(Workspace& ws, const Store& store, const CompareAllOptions& options);

}  // namespace jixiao
