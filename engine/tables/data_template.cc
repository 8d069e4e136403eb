#include "data_template.h"

#include <map>
#include <vector>

#include "yaml_text.h"

namespace jixiao {

namespace {

// A label the set's params give a fact: a mapping {fact: NAME, label: …}.
void find_label(const Value& v, const std::string& fact, std::string& label) {
  if (!label.empty()) return;
  if (v.type == Value::Type::kMap) {
    const Value* f = v.find("fact");
    const Value* l = v.find("label");
    if (f && l && f->type == Value::Type::kText && f->text == fact && l->type == Value::Type::kText) label = l->text;
    for (const auto& [key, member] : v.map) find_label(member, fact, label);
  } else if (v.type == Value::Type::kList) {
    for (const auto& item : v.list) find_label(item, fact, label);
  }
}

std::string comment_lines(const std::string& text, const std::string& pad) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out += pad + "# " + text.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return out;
}

std::string weight_of(const Node& n) { return n.weight ? n.weight->str() : "unknown"; }

}  // namespace

std::string data_template(const IndicatorSet& set, const std::string& entity, int year) {
  const auto leaves = set.leaves();
  std::string out = "# " + entity + " " + std::to_string(year) + " under " + set.id + " (" + set.name +
                    "), written by `jixiao new data`.\n"
                    "# Fill in every value and say where it comes from: source: {file, quote}, or inferred: why,\n"
                    "# or both (data/README.md). Leave out what is not recorded: missing is never zero.\n";
  out += "entity: " + yaml_scalar(entity) + "\nyear: " + std::to_string(year) + "\nset: " + set.id + "\nrecord: filed\n";

  out += "\n# filed:            # the 自评得分 column and 总分, as filed\n#   total:\n#   scores:\n";
  for (const auto& leaf : leaves)
    if (leaf.node->self_scored) out += "#     " + leaf.node->id + ":    # " + leaf.node->name + " (" + weight_of(*leaf.node) + ")\n";

  std::vector<std::string> facts;
  std::map<std::string, std::vector<std::string>> readers;  // fact → leaf names
  std::map<std::string, std::string> labels;
  for (const auto& leaf : leaves)
    for (const auto& fact : leaf.node->self_scored ? leaf.node->facts : std::vector<std::string>{}) {
      if (!readers.count(fact)) facts.push_back(fact);
      readers[fact].push_back(leaf.node->name);
      find_label(leaf.node->params, fact, labels[fact]);
    }
  if (!facts.empty()) {
    out += "\nfacts:\n";
    for (const auto& fact : facts) {
      std::string who;
      for (const auto& name : readers[fact]) who += (who.empty() ? "" : "、") + name;
      out += "  " + fact + ":    # read by " + who + "\n";
      out += "    label:" + (labels[fact].empty() ? std::string("        # what the source calls it") : " " + yaml_scalar(labels[fact])) + "\n";
      out += "    value:\n    unit:        # 万元, 元, %, 个 …; leave out for true/false and text\n";
      out += "    source: {file: , quote: }\n    # inferred: why, when the value is worked out rather than quoted\n";
    }
  }

  bool any_rows = false;
  for (const auto& leaf : leaves)
    for (const auto& table : leaf.node->self_scored ? leaf.node->rows : std::vector<std::string>{}) {
      if (!any_rows) out += "\nrows:\n";
      any_rows = true;
      std::string columns;
      for (const auto& ex : leaf.node->examples)
        for (const auto& [name, rows] : ex.rows)
          if (name == table && columns.empty() && !rows.list.empty())
            for (const auto& [column, value] : rows.list[0].map) columns += column + ": , ";
      out += "  " + table + ":    # read by " + leaf.node->name + "; one mapping per row\n";
      out += "    - {" + (columns.empty() ? std::string("name: , ") : columns) + "source: {file: , quote: }}\n";
    }

  bool any_judged = false;
  for (const auto& leaf : leaves) {
    const Node& n = *leaf.node;
    if (!n.self_scored || (!n.script.empty() && !n.script_unknown)) continue;
    if (!any_judged) out += "\njudgements:       # leaves a person scores: the set gives them no script\n";
    any_judged = true;
    out += "  " + n.id + ":    # " + leaf.path + " (" + weight_of(n) + ")\n";
    out += comment_lines(n.rule_unknown ? "计分标准未公布" : n.rule, "    ");
    out += "    score:\n    basis:\n    source: {file: , quote: }\n";
  }
  return out;
}

}  // namespace jixiao
