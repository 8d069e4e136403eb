#include "set_diff.h"

#include "text_table.h"

namespace jixiao {

namespace {

std::string weight_text(const Node& n) { return n.weight ? n.weight->str() : "unknown"; }

std::string join(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out + "]";
}

void compare_field(std::vector<std::string>& changes, const std::string& field, const std::string& before,
                   const std::string& after) {
  if (before != after) changes.push_back(field + ": " + before + " → " + after);
}

// Changed parameters, key by key, so a variant that changes one threshold
// shows one line.
void compare_params(std::vector<std::string>& changes, const Value& before, const Value& after) {
  for (const auto& [key, value] : after.map) {
    const Value* old = before.find(key);
    if (old == nullptr) changes.push_back("params." + key + ": (none) → " + value.display());
    else if (*old != value) changes.push_back("params." + key + ": " + old->display() + " → " + value.display());
  }
  for (const auto& [key, value] : before.map)
    if (after.find(key) == nullptr) changes.push_back("params." + key + ": " + value.display() + " → (none)");
}

std::string examples_text(const Node& n) { return std::to_string(n.examples.size()) + " examples"; }

std::vector<std::string> node_changes(const Node& a, const Node& b) {
  std::vector<std::string> changes;
  compare_field(changes, "name", a.name, b.name);
  compare_field(changes, "weight", weight_text(a), weight_text(b));
  compare_field(changes, "explanation", a.explanation, b.explanation);
  compare_field(changes, "rule", a.rule, b.rule);
  compare_field(changes, "script", a.script, b.script);
  compare_field(changes, "facts", join(a.facts), join(b.facts));
  compare_field(changes, "rows", join(a.rows), join(b.rows));
  compare_field(changes, "self_scored", a.self_scored ? "true" : "false", b.self_scored ? "true" : "false");
  compare_params(changes, a.params, b.params);
  if (a.examples.size() != b.examples.size()) compare_field(changes, "examples", examples_text(a), examples_text(b));
  return changes;
}

}  // namespace

std::vector<std::string> diff_sets(const IndicatorSet& base, const IndicatorSet& variant) {
  std::vector<std::string> lines;
  if (base.name != variant.name) lines.push_back("~ set name: " + base.name + " → " + variant.name);
  if (base.total != variant.total) lines.push_back("~ set total: " + base.total.str() + " → " + variant.total.str());
  if (base.score_places != variant.score_places)
    lines.push_back("~ set score_places: " + std::to_string(base.score_places) + " → " +
                    std::to_string(variant.score_places));
  for (const auto& ref : variant.nodes()) {
    const Node& n = *ref.node;
    const Node* old = base.find(n.id);
    if (old == nullptr) {
      lines.push_back("+ " + n.id + " " + n.name + (ref.parent ? " under " + ref.parent->id : " at the top") +
                      ": weight " + weight_text(n) + (n.script.empty() ? "" : ", script " + n.script));
      continue;
    }
    for (const auto& change : node_changes(*old, n)) lines.push_back("~ " + n.id + " " + n.name + ": " + change);
  }
  for (const auto& ref : base.nodes())
    if (variant.find(ref.node->id) == nullptr) lines.push_back("- " + ref.node->id + " " + ref.node->name);
  return lines;
}

std::string render_set(const IndicatorSet& set) {
  TextTable table;
  table.add_column("指标");
  table.add_column("id");
  table.add_column("分值", TextTable::Align::kRight);
  table.add_column("脚本");
  table.add_column("参数");
  for (const auto& ref : set.nodes()) {
    const Node& n = *ref.node;
    std::string script = n.script;
    if (n.is_leaf() && !n.self_scored) script += " (不自评)";
    if (n.is_leaf() && n.script.empty()) script = n.script_unknown ? "unknown" : "(判定)";
    table.add_row({std::string(ref.depth * 2, ' ') + n.name, n.id, weight_text(n), script,
                   n.is_leaf() && !n.params.map.empty() ? n.params.display() : ""});
  }
  const auto max = set.self_score_max();
  std::string out = set.name + "（" + set.id + "）  满分 " + set.total.str() + "，自评满分 " +
                    (max ? max->str() : std::string("unknown")) + "\n\n" + table.render();
  const auto unknown = set.unknown_nodes();
  if (!unknown.empty()) {
    out += "\n" + std::to_string(unknown.size()) + " 处未公布（unknown）：\n";
    for (const auto& ref : unknown) {
      std::string what;
      for (const auto& w : ref.node->unknowns()) what += (what.empty() ? "" : "，") + w;
      out += "  " + ref.path + "（" + ref.node->id + "）：" + what + "\n";
    }
  }
  return out;
}

}  // namespace jixiao
