// What `jixiao explain LEAF --format json` prints: one leaf in full for
// programs, from the same evaluation the text (report.h's render_explain)
// reads, so both carry the same weight, scores, inputs and provenance.
#pragma once

#include <string>

#include "scorer.h"

namespace jixiao {

// {"schema_version", "engine_version", "entity", "year", "record", "set":
// {"id", "name", "content_hash"}, "leaf": {"id", "path", "weight" (null:
// unknown), "filed", "score" (null when not scored), "source", "reason",
// "explanation", "rule" (null: unknown), "inputs": [{"name", "label",
// "value", "unit", "provenance", "rows": [{"cells": {NAME: TEXT}, "provenance"}]}],
// "missing": [...], "params", "script", "script_text"}}.
std::string render_explain_json(const Evaluation& ev, const LeafResult& leaf, const std::string& script_text);

}  // namespace jixiao
