// A project set's rule tried on one row or the budget row alone: what
// `jixiao try` prints and what the set's examples check.
#include <algorithm>

#include "error.h"
#include "project_scorer.h"
#include "suggest.h"

namespace jixiao {

namespace {

const Value* input(const std::vector<std::pair<std::string, Value>>& inputs, const std::string& name) {
  for (const auto& [key, value] : inputs)
    if (key == name) return &value;
  return nullptr;
}

std::optional<Decimal> number(const std::vector<std::pair<std::string, Value>>& inputs, const std::string& name) {
  const Value* v = input(inputs, name);
  if (v == nullptr) return std::nullopt;
  if (v->type != Value::Type::kNumber) throw Error(ErrorKind::kInput, name + " must be a number, not '" + v->display() + "'");
  return v->number;
}

std::string text(const std::vector<std::pair<std::string, Value>>& inputs, const std::string& name) {
  const Value* v = input(inputs, name);
  return v == nullptr ? "" : v->display();
}

}  // namespace

ProjectScorer::Trial ProjectScorer::score_part(const std::string& part,
                                               const std::vector<std::pair<std::string, Value>>& inputs) {
  const std::vector<std::string> parts = {"row", "budget"};
  if (part != "row" && part != "budget")
    throw Error(ErrorKind::kInput, "a project set's part is row or budget, not '" + part + "'" + did_you_mean(part, parts));
  const std::vector<std::string> known = part == "row" ? std::vector<std::string>{"target", "actual", "weight", "category", "grade"}
                                                       : std::vector<std::string>{"planned", "executed"};
  for (const auto& [name, value] : inputs)
    if (std::find(known.begin(), known.end(), name) == known.end())
      throw Error(ErrorKind::kInput,
                  "a project " + part + " takes " + comma_joined(known) + ", not '" + name + "'" + did_you_mean(name, known));
  Trial trial;
  trial.project = std::make_unique<Project>();
  Project& project = *trial.project;
  project.id = "try";
  project.name = "（试算）";
  if (part == "budget") {
    project.planned = number(inputs, "planned");
    project.executed = number(inputs, "executed");
    if (!project.planned || !project.executed)
      throw Error(ErrorKind::kInput, "the budget row needs planned=… and executed=…");
  } else {
    if (!input(inputs, "target") || !input(inputs, "actual"))
      throw Error(ErrorKind::kInput, "a row needs target=… and actual=… (e.g. target=≥95% actual=98%)");
    ProjectRow row;
    row.level1 = input(inputs, "category") ? text(inputs, "category") : set_.categories.front().name;
    row.name = "（试算）";
    row.target = text(inputs, "target");
    row.actual = text(inputs, "actual");
    row.weight = number(inputs, "weight");
    row.grade = text(inputs, "grade");
    project.rows.push_back(row);
  }
  trial.result = score(project);
  return trial;
}

std::vector<ProjectScorer::ExampleResult> ProjectScorer::run_examples() {
  std::vector<ExampleResult> out;
  const int places = set_.score_places;
  for (const auto& [part, rule] : {std::pair<std::string, const ProjectPart*>{"budget", &set_.budget},
                                   std::pair<std::string, const ProjectPart*>{"row", &set_.rows}}) {
    for (const auto& ex : rule->examples) {
      ExampleResult r;
      r.path = set_.id + " › " + rule->name;
      r.where = ex.where;
      for (const auto& [name, value] : ex.inputs) r.inputs += (r.inputs.empty() ? "" : ", ") + name + "=" + value.display();
      r.expected = ex.score ? ex.score->str(places) + (ex.reason.empty() ? "" : "（说明含「" + ex.reason + "」）")
                            : std::string("judgement");
      try {
        const Trial trial = score_part(part, ex.inputs);
        const ProjectResult& res = trial.result;
        std::optional<Decimal> score = part == "budget" ? res.budget_score : res.rows.front().score;
        const std::string reason = part == "budget" ? res.budget_reason : res.rows.front().reason;
        r.actual = (score ? score->str(places) : std::string("judgement")) + "（" + reason + "）";
        r.passed = score == ex.score && reason.find(ex.reason) != std::string::npos;
      } catch (const Error& e) {
        r.actual = std::string("error: ") + e.what();
      }
      out.push_back(std::move(r));
    }
  }
  return out;
}

}  // namespace jixiao
