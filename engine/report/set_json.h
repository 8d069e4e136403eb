// What `jixiao show` prints, for programs: a resolved set (department or
// project) or its differences against a base, as JSON. The text writers
// (set_diff.h, project_set_view.h) read the same set, so both carry the same
// weights, scripts and parameters.
#pragma once

#include <string>
#include <vector>

#include "model.h"
#include "project_set.h"

namespace jixiao {

// {"schema_version", "engine_version", "kind": "department", "id", "name",
// "file", "full_score", "self_score_max", "score_places", "nodes": [{"id",
// "name", "path", "level", "leaf", "weight" (null: unknown), "unknown": [...],
// and for leaves "script", "self_scored", "params" (as written)}]}, nodes in
// document order.
std::string render_set_json(const IndicatorSet& set);

// {"schema_version", "engine_version", "kind": "project", "id", "name",
// "file", "full_score", "score_places", "budget": {"name", "weight",
// "in_total", "script", "params"}, "rows": {"script", "params"},
// "categories": [{"name", "aliases", "weight"}], "grades": [{"min", "name"}]}.
std::string render_project_set_json(const ProjectSet& set);

// {"schema_version", "engine_version", "set", "base", "differences": [...]}:
// the lines `show --diff` prints, one string each.
std::string render_set_diff_json(const std::string& set_id, const std::string& base_id,
                                 const std::vector<std::string>& lines);

}  // namespace jixiao
