// What `jixiao check` prints: per set, what was loaded and how its worked
// examples fared, as one model with a text and a JSON writer (the same
// counts and failures in both).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "decimal.h"
#include "error.h"

namespace jixiao {

// One example that did not give what the set says it must.
struct CheckFailure {
  Location where;        // the example in the set file
  std::string path;      // the leaf (or project part)
  std::string inputs, expected, actual;
};

struct CheckedSet {
  std::string id;
  bool project = false;          // a project set (categories) or a department set (leaves)
  size_t parts = 0;              // leaves, or categories for a project set
  Decimal full_score;
  std::optional<Decimal> self_max;  // department sets: the self-assessment maximum, empty when unknown
  size_t examples = 0, passed = 0;
  std::vector<CheckFailure> failures;
  std::string rules_hash;        // department sets: the set's content hash
  size_t unknown = 0;            // department sets: nodes with something unknown
  bool ok() const { return passed == examples; }
};

struct CheckModel {
  std::vector<CheckedSet> sets;
  bool ok() const;
};

// Per set, each failure ("file:line:col: [path] example failed", inputs,
// expected, actual), then "ok    ID  …" or "FAIL  ID  …" with the counts.
std::string render_check_text(const CheckModel& m);

// {"schema_version", "engine_version", "ok", "sets": [{"id", "kind":
// "department|project", "leaves" or "categories", "full_score",
// "self_score_max", "examples", "passed", "rules_hash", "unknown", "failures":
// [{"file", "line", "column", "path", "inputs", "expected", "actual"}]}]}.
std::string render_check_json(const CheckModel& m);

}  // namespace jixiao
