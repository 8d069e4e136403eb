#include "explain_json.h"

#include <algorithm>

#include "json_writer.h"
#include "version.h"

namespace jixiao {

std::string render_explain_json(const Evaluation& ev, const LeafResult& leaf, const std::string& script_text) {
  const Node& node = *leaf.node;
  const int places = ev.set->score_places;
  JsonWriter w;
  w.begin_object();
  w.key("schema_version").integer(kJsonSchemaVersion);
  w.key("engine_version").string(engine_version());
  w.key("entity").string(ev.record->entity);
  w.key("year").integer(ev.record->year);
  w.key("record").string(ev.record->kind);
  w.key("set").begin_object();
  w.key("id").string(ev.set->id);
  w.key("name").string(ev.set->name);
  w.key("content_hash").string(ev.set_hash);
  w.end_object();
  w.key("leaf").begin_object();
  w.key("id").string(node.id);
  w.key("path").string(leaf.path);
  w.key("weight").number(node.weight, places);
  w.key("filed").number(leaf.filed, places);
  w.key("score").number(leaf.score, places);
  w.key("source").string(leaf_source_name(leaf.source));
  w.key("reason").string(leaf.reason);
  w.key("explanation").string(node.explanation);
  w.key("rule");
  if (node.rule_unknown) w.null();
  else w.string(node.rule);
  w.key("inputs").begin_array();
  for (const auto& in : leaf.inputs) {
    w.begin_object();
    w.key("name").string(in.name);
    w.key("label").string(in.label);
    w.key("value").string(in.value);
    w.key("unit").string(in.unit);
    w.key("provenance").string(in.provenance);
    auto table = ev.record->rows.find(in.name);
    if (table != ev.record->rows.end() && std::find(node.rows.begin(), node.rows.end(), in.name) != node.rows.end()) {
      w.key("rows").begin_array();
      for (const Row& row : table->second) {
        w.begin_object();
        w.key("cells").begin_object();
        for (const auto& [name, value] : row.cells) w.key(name).string(value.display());
        w.end_object();
        w.key("provenance").string(row.provenance.display());
        w.end_object();
      }
      w.end_array();
    }
    w.end_object();
  }
  w.end_array();
  w.key("missing").begin_array();
  for (const auto& m : leaf.missing) w.string(m);
  w.end_array();
  w.key("params").string(node.params.map.empty() ? "" : node.params.display());
  w.key("script").string(node.script);
  w.key("script_text").string(script_text);
  w.end_object();
  w.end_object();
  return w.str() + "\n";
}

}  // namespace jixiao
