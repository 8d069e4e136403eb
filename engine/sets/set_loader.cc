#include "set_loader.h"

#include <set>

#include "doc.h"
#include "doc_cache.h"
#include "files.h"

namespace jixiao {

namespace {

const std::vector<std::string> kSetKeys = {"id", "name", "source", "total", "score_places", "indicators"};
const std::vector<std::string> kNodeKeys = {"id",     "name",  "weight", "children",    "explanation", "rule",
                                            "script", "params", "facts", "rows", "self_scored", "examples"};
const std::vector<std::string> kExampleKeys = {"facts", "rows", "score", "reason", "judgement", "error"};

bool is_identifier(const std::string& s) {
  if (s.empty() || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z'))) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
      return false;
  return true;
}

std::vector<std::string> name_list(const Doc& doc, const std::string& what, const std::string& indicator) {
  std::vector<std::string> out;
  if (doc.is_null()) return out;
  if (doc.kind != Doc::Kind::kSequence) doc.fail(what + ": expected a list of names", indicator);
  for (const Doc& item : doc.items) {
    const std::string name = item.text(what, indicator);
    if (!is_identifier(name))
      item.fail(what + ": '" + name + "' is not a name (ASCII letters, digits, _ and -)", indicator);
    out.push_back(name);
  }
  return out;
}

// `unknown`, unquoted and in lower case, is the one way to say that a set's
// source does not publish a weight, rule or script. Near misses are refused,
// so that a typo never passes for a value.
bool is_unknown(const Doc& doc) { return doc.kind == Doc::Kind::kScalar && !doc.quoted && doc.scalar == "unknown"; }

void refuse_near_unknown(const Doc& doc, const std::string& what, const std::string& path) {
  static const std::vector<std::string> kNearMisses = {"unknown", "Unknown", "UNKNOWN", "未知", "未公布",
                                                       "不详",    "?",       "？",      "tbd",  "TBD"};
  if (doc.kind != Doc::Kind::kScalar) return;
  for (const auto& near : kNearMisses)
    if (doc.scalar == near)  // "unknown" itself gets here only in quotes
      doc.fail(what + ": write unknown (lower case, without quotes) for a value the source does not publish, not " +
                   (doc.quoted ? "'\"" + doc.scalar + "\"'" : "'" + doc.scalar + "'"),
               path);
}

class Loader {
 public:
  IndicatorSet load(const Doc& root) {
    if (root.kind != Doc::Kind::kMap) root.fail("an indicator set must be a mapping (id, name, total, indicators)");
    root.check_keys(kSetKeys, {});
    IndicatorSet set;
    set.file = root.where.file;
    set.id = root.required("id").text("id");
    set.id_where = root.required("id").where;
    if (!is_identifier(set.id)) root.required("id").fail("id must be ASCII letters, digits, _ and -");
    set.name = root.required("name").text("name");
    if (const Doc* source = root.find("source")) set.source = source->text("source");
    set.total = root.required("total").points("total");
    if (const Doc* places = root.find("score_places")) set.score_places = places->whole_number("score_places", 0, 4);
    places_ = set.score_places;
    const Doc& indicators = root.required("indicators");
    if (indicators.kind != Doc::Kind::kSequence || indicators.items.empty())
      indicators.fail("indicators: expected a non-empty list of nodes");
    for (const Doc& item : indicators.items) set.roots.push_back(node(item, ""));
    check_sum(set.roots, set.total, indicators, "the set's total", "", root.required("total").where);
    return set;
  }

 private:
  Node node(const Doc& doc, const std::string& parent_path) {
    if (doc.kind != Doc::Kind::kMap) doc.fail("a node must be a mapping with id, name and weight", parent_path);
    Node n;
    n.where = doc.where;
    const Doc* name = doc.find("name");
    const std::string path =
        name == nullptr ? parent_path : parent_path.empty() ? name->scalar : parent_path + " › " + name->scalar;
    doc.check_keys(kNodeKeys, path);  // first, so a misspelt key is not reported as a missing one
    n.name = doc.required("name", parent_path).text("name", parent_path);
    const Doc& id = doc.required("id", path);
    n.id = id.text("id", path);
    if (!is_identifier(n.id)) id.fail("id '" + n.id + "' must be ASCII letters, digits, _ and -", path);
    if (!ids_.insert(n.id).second) id.fail("duplicate id '" + n.id + "'", path);
    const Doc& weight = doc.required("weight", path);
    n.weight_where = weight.where;
    if (!is_unknown(weight)) {
      refuse_near_unknown(weight, "weight", path);
      if (weight.kind == Doc::Kind::kScalar && !weight.quoted && weight.scalar.rfind('-', 0) == 0 &&
          Decimal::parse(weight.scalar))
        weight.fail("weight must not be negative", path);
      n.weight = weight.points("weight", path);
    }

    if (const Doc* children = doc.find("children")) {
      for (const auto& [key, value] : doc.map)
        if (key != "id" && key != "name" && key != "weight" && key != "children")
          value.fail("'" + key + "' belongs to a leaf; a node with children has only id, name, weight", path);
      if (children->kind != Doc::Kind::kSequence || children->items.empty())
        children->fail("children: expected a non-empty list of nodes", path);
      for (const Doc& child : children->items) n.children.push_back(node(child, path));
      check_sum(n.children, n.weight, doc, "its weight", path, n.weight_where);
      return n;
    }
    // Full marks must be a score the set can give: under score_places 1, a
    // leaf of weight 0.26 would be scored 0.3, above its weight (found by the
    // property tests).
    if (n.weight && n.weight->rounded(places_) != *n.weight) {
      const Decimal full = n.weight->rounded(places_);
      doc.required("weight").fail("weight " + n.weight->str() + " has more decimals than score_places " +
                                      std::to_string(places_) + " keeps: full marks would be scored " +
                                      full.str(places_) + (full > *n.weight ? ", above" : ", below") + " the weight",
                                  path);
    }
    n.explanation = doc.required("explanation", path).text("explanation", path);
    const Doc& rule = doc.required("rule", path);
    n.rule_unknown = is_unknown(rule);
    if (!n.rule_unknown) {
      refuse_near_unknown(rule, "rule", path);
      n.rule = rule.text("rule", path);
    }
    if (const Doc* script = doc.find("script"); script != nullptr && is_unknown(*script)) {
      n.script_unknown = true;
    } else if (script != nullptr) {
      refuse_near_unknown(*script, "script", path);
      n.script = script->text("script", path);
      if (n.script.find("..") != std::string::npos || n.script.empty() || n.script[0] == '/')
        script->fail("script must be a file name under scripts/, such as checkpoints.lua", path);
    }
    if (const Doc* params = doc.find("params")) {
      if (params->kind != Doc::Kind::kMap) params->fail("params: expected a mapping of name: value", path);
      n.params = params->to_value();
      n.params_where = params->where;
      for (const auto& [key, value] : params->map) n.param_where.emplace_back(key, value.where);
    } else {
      n.params.type = Value::Type::kMap;
      n.params_where = doc.where;
    }
    if (const Doc* facts = doc.find("facts")) n.facts = name_list(*facts, "facts", path);
    if (const Doc* rows = doc.find("rows")) n.rows = name_list(*rows, "rows", path);
    if (const Doc* self = doc.find("self_scored")) n.self_scored = self->boolean("self_scored", path);
    if (n.rule_unknown && !n.script.empty())
      doc.find("script")->fail("a script encodes the rule, which is unknown: write script: unknown until the rule is published", path);
    if (n.script.empty() && !n.script_unknown && (!n.facts.empty() || !n.rows.empty()))
      doc.fail("a leaf that reads facts or rows needs a script", path);
    if (const Doc* examples = doc.find("examples")) {
      if (examples->kind != Doc::Kind::kSequence) examples->fail("examples: expected a list", path);
      if (n.script.empty()) examples->fail("examples need a script to run", path);
      if (!n.weight) examples->fail("examples need the leaf's weight, which is unknown", path);
      for (const Doc& item : examples->items) n.examples.push_back(example(item, n, path));
    }
    return n;
  }

  // - {facts: {…}, rows: {…}, score: 1.9, reason: "…"} | judgement: true | error: "…"
  static Example example(const Doc& doc, const Node& leaf, const std::string& path) {
    if (doc.kind != Doc::Kind::kMap) doc.fail("an example is a mapping: {facts: {…}, score: …}", path);
    doc.check_keys(kExampleKeys, path);
    Example ex;
    ex.where = doc.where;
    if (const Doc* facts = doc.find("facts")) {
      if (facts->kind != Doc::Kind::kMap) facts->fail("example facts: expected a mapping of name: value", path);
      for (const auto& [name, value] : facts->map) ex.facts.emplace_back(name, value.to_value());
    }
    if (const Doc* rows = doc.find("rows")) {
      if (rows->kind != Doc::Kind::kMap) rows->fail("example rows: expected a mapping of table: [rows]", path);
      for (const auto& [table, value] : rows->map) {
        if (value.kind != Doc::Kind::kSequence) value.fail("example rows." + table + ": expected a list of rows", path);
        ex.rows.emplace_back(table, value.to_value());
      }
    }
    for (const auto& fact : leaf.facts) {
      bool given = false;
      for (const auto& [name, value] : ex.facts) given = given || name == fact;
      if (!given) doc.fail("the example does not give fact '" + fact + "', which the leaf declares", path);
    }
    for (const auto& table : leaf.rows) {
      bool given = false;
      for (const auto& [name, value] : ex.rows) given = given || name == table;
      if (!given) doc.fail("the example does not give row table '" + table + "', which the leaf declares", path);
    }
    const int expectations = (doc.find("score") != nullptr) + (doc.find("judgement") != nullptr) +
                             (doc.find("error") != nullptr);
    if (expectations != 1) doc.fail("an example expects exactly one of score, judgement: true, error", path);
    if (const Doc* score = doc.find("score")) ex.score = score->points("example score");
    if (const Doc* reason = doc.find("reason")) ex.reason = reason->text("example reason");
    if (const Doc* judgement = doc.find("judgement")) {
      if (!judgement->boolean("judgement")) judgement->fail("judgement: only 'true' makes sense here", path);
      ex.expect = Example::Expect::kJudgement;
    }
    if (const Doc* error = doc.find("error")) {
      ex.expect = Example::Expect::kError;
      ex.error = error->text("example error");
    }
    return ex;
  }

  // Weights of `nodes` must add up exactly to `expected` (`what`). With some
  // of them unknown, the known ones must leave something for the others;
  // under an unknown weight, at least one child must be unknown too (else
  // the weight is their sum: write it). The error points at `at`, unless a
  // variant changed one of the weights (`own_weight` or a child's): then at
  // the variant's line, since that change is what broke the sum.
  static void check_sum(const std::vector<Node>& nodes, const std::optional<Decimal>& expected, const Doc& at_doc,
                        const std::string& what, const std::string& path, const Location& own_weight) {
    Doc at;
    at.where = at_doc.where;
    for (auto n = nodes.rbegin(); n != nodes.rend(); ++n)  // the first such child wins
      if (!n->weight_where.file.empty() && n->weight_where.file != at_doc.where.file) at.where = n->weight_where;
    if (!own_weight.file.empty() && own_weight.file != at_doc.where.file) at.where = own_weight;
    Decimal sum;
    std::string terms;
    int unknown = 0;
    for (const Node& n : nodes) {
      if (n.weight) sum += *n.weight;
      else ++unknown;
      terms += (terms.empty() ? "" : " + ") + (n.weight ? n.weight->str() : std::string("unknown")) + " (" + n.name + ")";
    }
    if (!expected) {
      if (unknown == 0)
        at.fail("weight is unknown, but its children's weights add up to " + sum.str() + ": write weight: " + sum.str(),
                path);
      return;
    }
    if (unknown == 0 && sum != *expected)
      at.fail("weights add up to " + sum.str() + ", not " + what + " " + expected->str() + ": " + terms, path);
    if (unknown > 0 && sum >= *expected)
      at.fail("the known weights already add up to " + sum.str() + " of " + what + " " + expected->str() +
                  ", leaving nothing for the unknown ones: " + terms,
              path);
  }

  std::set<std::string> ids_;
  int places_ = 2;  // the set's score_places, which leaf weights must fit
};

}  // namespace

IndicatorSet parse_set(const std::string& yaml_text, const std::string& file, const SetFinder& find) {
  return Loader().load(resolve_extends(parse_set_yaml(yaml_text, file), find));
}

IndicatorSet parse_set(const std::string& yaml_text, const std::string& file) {
  return parse_set(yaml_text, file, [](const std::string& id) -> std::string {
    throw Error(ErrorKind::kMissing, "no set '" + id + "' is known here");
  });
}

IndicatorSet load_set_file(const std::string& path, const SetFinder& find) {
  return parse_set(read_file(path), path, find);
}

}  // namespace jixiao
