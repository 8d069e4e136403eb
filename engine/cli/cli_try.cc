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

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

int try_department_leaf(Scorer& scorer, const std::string& file, const std::string& leaf_id,
                        const std::vector<Input>& inputs, std::ostream& out) {
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
                  " (it reads: " + (declared.empty() ? std::string("nothing") : joined(declared)) + ")");
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
  const int places = set.score_places;
  out << set.id << " › " << leaf.path << "（" << node->id << "）\n";
  out << "指标体系  " << file << "\n";
  out << "分值      " << (node->weight ? node->weight->str(places) : std::string("（未公布）")) << "\n";
  if (leaf.score) {
    out << "得分      " << leaf.score->str(places) << "\n";
  } else {
    out << "得分      （无）" << (leaf.missing.empty() ? "" : "所缺：" + joined(leaf.missing)) << "\n";
  }
  out << "说明      " << leaf.reason << "\n";
  out << "读取      ";
  std::vector<std::string> read;
  for (const auto& in : leaf.inputs) read.push_back(in.name + "=" + in.value + (in.unit.empty() ? "" : " " + in.unit));
  out << (read.empty() ? std::string("（无）") : joined(read)) << "\n";
  std::vector<std::string> unread;
  for (const auto& in : inputs)
    if (std::none_of(leaf.inputs.begin(), leaf.inputs.end(), [&](const InputTrace& t) { return t.name == in.name; }))
      unread.push_back(in.name);
  if (!unread.empty()) out << "未读取    " << joined(unread) << "\n";
  out << "参数      " << node->params.display() << "\n";
  out << "脚本      " << (node->script.empty() ? std::string("（无）") : "scripts/" + node->script) << "\n";
  return 0;
}

// One row of a project table (LEAF `row`) or its budget row (LEAF `budget`).
int try_project_part(const std::string& text, const std::string& file, const SetFinder& find, Workspace& ws,
                     const std::string& part, const std::vector<Input>& inputs, std::ostream& out) {
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
  const int places = set.score_places;
  out << set.id << " › " << rule.name << "（" << part << "）\n";
  out << "指标体系  " << file << "\n";
  if (part == "budget") {
    out << "分值      " << set.budget.weight.str(places) << "\n";
    out << "得分      " << (result.budget_score ? result.budget_score->str(places) : std::string("（无）")) << "\n";
    out << "说明      " << result.budget_reason << "\n";
    out << "读取      planned=" << trial.project->planned->str() << ", executed=" << trial.project->executed->str() << "\n";
  } else {
    const ProjectRowResult& r = result.rows.front();
    out << "一级指标  " << r.category << "\n";
    out << "分值      " << r.weight.str(places) << "（" << r.weight_basis << "）\n";
    out << "得分      " << (r.score ? r.score->str(places) : std::string("（须人工判定）")) << "\n";
    out << "说明      " << r.reason << "\n";
    out << "读取      target=" << r.row->target << ", actual=" << r.row->actual << "\n";
  }
  out << "参数      " << rule.params.display() << "\n";
  out << "脚本      scripts/" << rule.script << "\n";
  return 0;
}

}  // namespace

int cmd_try(const Args& args, Workspace& ws, std::ostream& out) {
  if (args.positional.size() < 2) usage_error("expected SET LEAF NAME=VALUE …");
  const std::string file = ws.resolve_set(args.positional[0]);
  const std::string leaf_id = args.positional[1];
  const auto inputs = parse_inputs(std::vector<std::string>(args.positional.begin() + 2, args.positional.end()));
  const std::string text = read_file(file);
  const SetFinder find = [&ws](const std::string& id) { return ws.set_file(id); };
  if (is_project_set(text, file, find)) return try_project_part(text, file, find, ws, leaf_id, inputs, out);
  Scorer scorer = ws.load_scorer(file);
  return try_department_leaf(scorer, file, leaf_id, inputs, out);
}

}  // namespace jixiao::cli
