// Fuzz target: an indicator set parsed from arbitrary YAML text, as `jixiao
// check` loads one (a project set or a department-wide set, extending the
// shipped sets when it says so). Whatever the text, loading either gives a
// set whose weights add up or throws jixiao::Error.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "project_set.h"
#include "set_loader.h"

namespace {

using jixiao::Decimal;
using jixiao::fuzz::require;

void check_sums(const jixiao::Node& n) {
  if (n.is_leaf()) return;
  Decimal sum;
  for (const auto& child : n.children) {
    sum += child.weight;
    check_sums(child);
  }
  require(sum == n.weight, "children of '" + n.id + "' add up to " + sum.str() + ", not " + n.weight.str());
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
    Decimal top;
    for (const auto& root : set.roots) {
      top += root.weight;
      check_sums(root);
    }
    require(top == set.total, "top-level weights add up to " + top.str() + ", not " + set.total.str());
    for (const auto& leaf : set.leaves()) require(!leaf.path.empty(), "a leaf without a path");
    (void)set.self_score_max();
    (void)set.depth();
  });
  return 0;
}
