#include "set_json.h"

#include "json_writer.h"
#include "version.h"

namespace jixiao {

namespace {

void header(JsonWriter& w, const char* kind, const std::string& id, const std::string& name, const std::string& file) {
  w.key("schema_version").integer(kJsonSchemaVersion);
  w.key("engine_version").string(engine_version());
  w.key("kind").string(kind);
  w.key("id").string(id);
  w.key("name").string(name);
  w.key("file").string(file);
}

void part_json(JsonWriter& w, const ProjectPart& part) {
  w.key("script").string(part.script);
  w.key("rule").string(part.rule);
  w.key("params").string(part.params.display());
}

}  // namespace

std::string render_set_json(const IndicatorSet& set) {
  JsonWriter w;
  w.begin_object();
  header(w, "department", set.id, set.name, set.file);
  w.key("full_score").number(set.total);
  w.key("self_score_max").number(set.self_score_max());
  w.key("score_places").integer(set.score_places);
  w.key("nodes").begin_array();
  for (const auto& ref : set.nodes()) {
    const Node& n = *ref.node;
    w.begin_object();
    w.key("id").string(n.id);
    w.key("name").string(n.name);
    w.key("path").string(ref.path);
    w.key("level").integer(ref.depth + 1);
    w.key("leaf").boolean(n.is_leaf());
    w.key("weight").number(n.weight);
    w.key("unknown").begin_array();
    for (const auto& what : n.unknowns()) w.string(what);
    w.end_array();
    if (n.is_leaf()) {
      w.key("script").string(n.script);
      w.key("self_scored").boolean(n.self_scored);
      w.key("params").string(n.params.map.empty() ? "" : n.params.display());
    }
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.str() + "\n";
}

std::string render_project_set_json(const ProjectSet& set) {
  JsonWriter w;
  w.begin_object();
  header(w, "project", set.id, set.name, set.file);
  w.key("full_score").number(set.total);
  w.key("score_places").integer(set.score_places);
  w.key("budget").begin_object();
  w.key("name").string(set.budget.name);
  w.key("weight").number(set.budget.weight);
  w.key("in_total").boolean(set.budget.in_total);
  part_json(w, set.budget);
  w.end_object();
  w.key("rows").begin_object();
  part_json(w, set.rows);
  w.end_object();
  w.key("categories").begin_array();
  for (const auto& c : set.categories) {
    w.begin_object();
    w.key("name").string(c.name);
    w.key("aliases").begin_array();
    for (const auto& a : c.aliases) w.string(a);
    w.end_array();
    w.key("weight").number(c.weight);
    w.end_object();
  }
  w.end_array();
  w.key("grades").begin_array();
  for (const auto& g : set.grades) {
    w.begin_object();
    w.key("min").number(g.min);
    w.key("name").string(g.name);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.str() + "\n";
}

std::string render_set_diff_json(const std::string& set_id, const std::string& base_id,
                                 const std::vector<std::string>& lines) {
  JsonWriter w;
  w.begin_object();
  w.key("schema_version").integer(kJsonSchemaVersion);
  w.key("engine_version").string(engine_version());
  w.key("set").string(set_id);
  w.key("base").string(base_id);
  w.key("differences").begin_array();
  for (const auto& line : lines) w.string(line);
  w.end_array();
  w.end_object();
  return w.str() + "\n";
}

}  // namespace jixiao
