// Renders an Evaluation for people (aligned tables) and programs (JSON).
#pragma once

#include <string>

#include "scorer.h"

namespace jixiao {

// The tree as a table: one row per node (一级/二级/三级 in their own columns),
// 分值, 自评得分 (filed), 得分 (recomputed), how the score was reached, the
// reason; then the totals.
std::string render_table(const Evaluation& ev);

// The same numbers as JSON, with the set's id and content hash and, per leaf,
// the inputs the script read with their provenance.
std::string render_json(const Evaluation& ev);

// One leaf in full: its texts, script and parameters, inputs and provenance,
// and how the score follows. `script_text` is the script's source, or empty.
std::string render_explain(const Evaluation& ev, const LeafResult& leaf, const std::string& script_text);

}  // namespace jixiao
