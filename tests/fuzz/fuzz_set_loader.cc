// Fuzz target: an indicator set parsed from arbitrary YAML text, as `jixiao
// check` loads one (a project set or a department-wide set, extending the
// shipped sets when it says so). Whatever the text, loading either gives a
// set whose weights add up or throws jixiao::Error.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include <optional>
#include <string>
#include <vector>

#include "project_set.h"
#include "set_loader.h"

namespace {

using jixiao::Decimal;
using jixiao::fuzz::require;

// Known weights add up to their parent's; with some `unknown`, they leave
// room for them; under an unknown weight, at least one child is unknown too.
void check_level(const std::vector<jixiao::Node>& nodes, const std::optional<Decimal>& expected, const std::string& what) {
  Decimal sum;
  int unknown = 0;
  for (const auto& n : nodes) {
    if (n.weight) sum += *n.weight;
    else ++unknown;
  }
  if (!expected) require(unknown > 0, what + ": an unknown weight over known children");
  else if (unknown == 0) require(sum == *expected, what + " add up to " + sum.str() + ", not " + expected->str());
  else require(sum < *expected, what + ": known weights " + sum.str() + " leave nothing for the unknown ones");
}

void check_sums(const jixiao::Node& n) {
  if (n.is_leaf()) return;
  check_level(n.children, n.weight, "children of '" + n.id + "'");
  for (const auto& child : n.children) check_sums(child);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto find = jixiao::fuzz::shipped_sets();
  jixiao::fuzz::refusing_is_fine([&] {
    if (jixiao::is_project_set(text, "fuzz.yaml", find)) {
      const jixiao::ProjectSet set = jixiao::parse_project_set(text, "fuzz.yaml", find);
      require(!set.id.empty(), "a project set without an id");
      return;
    }
    const jixiao::IndicatorSet set = jixiao::parse_set(text, "fuzz.yaml", find);
    check_level(set.roots, set.total, "top-level weights");
    for (const auto& root : set.roots) check_sums(root);
    for (const auto& leaf : set.leaves()) require(!leaf.path.empty(), "a leaf without a path");
    (void)set.self_score_max();
    (void)set.depth();
  });
  return 0;
}
