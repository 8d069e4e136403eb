// jixiao try: one leaf of a set run on inputs given on the command line, to
// try a rule before any data file exists. Department sets take facts and row
// tables; project sets take one indicator row (or the budget row).
#include <algorithm>

#include "cli_args.h"
#include "doc.h"
#include "error.h"
#include "files.h"
#include "project_set.h"
#include "suggest.h"
#include "try_report.h"

namespace jixiao::cli {

namespace {

struct Input {
  std::string name;
  Value value;
};

// NAME=VALUE, the value read as YAML: 38 and 38.5 are numbers, true/false
// booleans, [{…}, …] a row table, anything else text ("完整", "≥95%").
std::vector<Input> parse_inputs(const std::vector<std::string>& words) {
  std::vector<Input> out;
  for (const auto& w : words) {
    const size_t eq = w.find('=');
    if (eq == std::string::npos || eq == 0)
      usage_error("expected NAME=VALUE, not '" + w + "' (e.g. exec_rate_jun=38, or rows as NAME=[{a: 1}, {a: 2}])");
    const std::string name = w.substr(0, eq), text = w.substr(eq + 1);
    for (const auto& earlier : out)
      if (earlier.name == name) usage_error(name + " is given twice");
    Doc doc = parse_yaml(text, "command line: " + name);
    // A value YAML would read as a map or null ("a: b", "") is the text as written.
    Value value = doc.kind == Doc::Kind::kMap || doc.kind == Doc::Kind::kNull ? Value::of_text(text) : doc.to_value();
    out.push_back({name, std::move(value)});
  }
  return out;
}

TryModel try_department_leaf(Scorer& scorer, const std::string& file, const std::string& leaf_id,
                             const std::vector<Input>& inputs) {
  const IndicatorSet& set = scorer.set();
  const Node* node = set.find(leaf_id);
  if (node == nullptr || !node->is_leaf()) {
    std::vector<std::string> ids;
    for (const auto& leaf : set.leaves()) ids.push_back(leaf.node->id);
    throw Error(ErrorKind::kMissing, "no leaf '" + leaf_id + "' in " + set.id + did_you_mean(leaf_id, ids));
  }
  std::vector<std::string> declared = node->facts;
  declared.insert(declared.end(), node->rows.begin(), node->rows.end());
  Record record;
  record.entity = "（试算）";
  record.set_id = set.id;
  for (const auto& in : inputs) {
    if (std::find(declared.begin(), declared.end(), in.name) == declared.end())
      usage_error("leaf " + leaf_id + " reads no input '" + in.name + "'" + did_you_mean(in.name, declared) +
                  " (it reads: " + (declared.empty() ? std::string("nothing") : comma_joined(declared)) + ")");
    const bool is_table = std::find(node->rows.begin(), node->rows.end(), in.name) != node->rows.end();
    if (!is_table) {
      Fact f;
      f.name = f.label = in.name;
      f.value = in.value;
      f.provenance.inferred = "given on the command line";
      record.facts[in.name] = std::move(f);
      continue;
    }
    if (in.value.type != Value::Type::kList)
      usage_error(in.name + " is a row table: give it as " + in.name + "=[{column: value, …}, …]");
    auto& rows = record.rows[in.name];
    for (const Value& item : in.value.list) {
      if (item.type != Value::Type::kMap) usage_error(in.name + ": each row is a map, {column: value, …}");
      Row row;
      row.cells = item.map;
      row.provenance.inferred = "given on the command line";
      rows.push_back(std::move(row));
    }
  }
  const Evaluation ev = scorer.evaluate_one(leaf_id, record);
  const LeafResult& leaf = ev.leaves.front();
  TryModel model;
  model.set_id = set.id;
  model.file = file;
  model.path = leaf.path;
  model.part = node->id;
  model.weight = node->weight;
  model.score = leaf.score;
  model.no_score = "（无）";
  model.missing = leaf.missing;
  model.reason = leaf.reason;
  for (const auto& in : leaf.inputs) model.read.push_back({in.name, in.value, in.unit});
  for (const auto& in : inputs)
    if (std::none_of(leaf.inputs.begin(), leaf.inputs.end(), [&](const InputTrace& t) { return t.name == in.name; }))
      model.unread.push_back(in.name);
  model.params = node->params.display();
  model.script = node->script.empty() ? "" : "scripts/" + node->script;
  model.places = set.score_places;
  return model;
}

// One row of a project table (LEAF `row`) or its budget row (LEAF `budget`).
TryModel try_project_part(const std::string& text, const std::string& file, const SetFinder& find, Workspace& ws,
                          const std::string& part, const std::vector<Input>& inputs) {
  const std::vector<std::string> parts = {"row", "budget"};
  if (part != "row" && part != "budget")
    usage_error("a project set's LEAF is row or budget, not '" + part + "'" + did_you_mean(part, parts));
  ProjectScorer scorer(text, file, ws.scripts(), find);
  std::vector<std::pair<std::string, Value>> given;
  for (const auto& in : inputs) given.emplace_back(in.name, in.value);
  const ProjectScorer::Trial trial = scorer.score_part(part, given);
  const ProjectResult& result = trial.result;
  const ProjectSet& set = scorer.set();
  const ProjectPart& rule = part == "budget" ? set.budget : set.rows;
  TryModel model;
  model.set_id = set.id;
  model.file = file;
  model.project = true;
  model.path = rule.name;
  model.part = part;
  if (part == "budget") {
    model.weight = set.budget.weight;
    model.score = result.budget_score;
    model.no_score = "（无）";
    model.reason = result.budget_reason;
    model.read = {{"planned", trial.project->planned->str(), ""}, {"executed", trial.project->executed->str(), ""}};
  } else {
    const ProjectRowResult& r = result.rows.front();
    model.category = r.category;
    model.weight = r.weight;
    model.weight_basis = r.weight_basis;
    model.score = r.score;
    model.no_score = "（须人工判定）";
    model.reason = r.reason;
    model.read = {{"target", r.row->target, ""}, {"actual", r.row->actual, ""}};
  }
  model.params = rule.params.display();
  model.script = "scripts/" + rule.script;
  model.places = set.score_places;
  return model;
}

}  // namespace

int cmd_try(const Args& args, Workspace& ws, std::ostream& out) {
  if (args.positional.size() < 2) usage_error("expected SET LEAF NAME=VALUE …");
  const std::string file = ws.resolve_set(args.positional[0]);
  const std::string leaf_id = args.positional[1];
  const auto inputs = parse_inputs(std::vector<std::string>(args.positional.begin() + 2, args.positional.end()));
  const std::string text = read_file(file);
  const SetFinder find = [&ws](const std::string& id) { return ws.set_file(id); };
  TryModel model;
  if (is_project_set(text, file, find)) {
    model = try_project_part(text, file, find, ws, leaf_id, inputs);
  } else {
    Scorer scorer = ws.load_scorer(file);
    model = try_department_leaf(scorer, file, leaf_id, inputs);
  }
  out << (args.format == Format::kJson ? render_try_json(model) : render_try_text(model));
  return 0;
}

}  // namespace jixiao::cli
