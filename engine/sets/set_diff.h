// What a variant set changes against another set: nodes added, removed, and
// each changed field of a node, for `jixiao show SET --diff BASE`.
#pragma once

#include <string>
#include <vector>

#include "model.h"

namespace jixiao {

// One line per difference, in the variant's document order, then removals:
//   "~ exec_progress 执行进度: params.checkpoints: [...] → [...]"
//   "+ new_leaf 新指标 under completion: weight 4"
//   "- violations 违规记录"
// Empty when the two trees score the same way.
std::vector<std::string> diff_sets(const IndicatorSet& base, const IndicatorSet& variant);

// The resolved tree of a set, one node per line, indented by depth, with id,
// weight, script and parameters.
std::string render_set(const IndicatorSet& set);

}  // namespace jixiao
