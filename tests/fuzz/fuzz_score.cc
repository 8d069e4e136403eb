// Fuzz target: the shipped scripts run on arbitrary facts. The input is a
// department-year written one item a line (see corpus/score/):
//
//   fact NAME VALUE          VALUE: true, false, a decimal, or any other text
//   row TABLE COL=VALUE|…    one row of a row table
//   judge LEAF SCORE BASIS   a recorded judgement
//   filed LEAF SCORE         a filed 自评得分 (LEAF "total" for 总分)
//   project-row L1|L2|NAME|TARGET|ACTUAL[|WEIGHT|GRADE]   a project table row
//   budget PLANNED EXECUTED  the project's 预算数 and 执行数
//
// The record is scored under the shipped liangshan-2021-dept set, and its
// project rows (if any) under project-selfeval-2021, by one Scorer kept for
// the whole run, as a batch would. Scoring may refuse (jixiao::Error); when
// it does not, every leaf is in 0..its weight, every subtotal and the total
// are the exact sums of their leaves, and scoring again gives the same; each
// project row is in 0..its points, and the project total their sum.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "files.h"
#include "fuzz_support.h"
#include "project_scorer.h"
#include "report.h"
#include "scorer.h"

namespace {

using jixiao::Decimal;
using jixiao::Value;
using jixiao::fuzz::require;

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string::size_type at = 0;
  for (;;) {
    const auto next = s.find(sep, at);
    out.push_back(s.substr(at, next == std::string::npos ? std::string::npos : next - at));
    if (next == std::string::npos) return out;
    at = next + 1;
  }
}

// "word rest of line" → word, rest.
std::pair<std::string, std::string> first_word(const std::string& line) {
  const auto space = line.find(' ');
  if (space == std::string::npos) return {line, ""};
  return {line.substr(0, space), line.substr(space + 1)};
}

Value value_of(const std::string& text) {
  if (text == "true") return Value::of_bool(true);
  if (text == "false") return Value::of_bool(false);
  if (auto d = Decimal::parse(text)) return Value::of_number(*d);
  return Value::of_text(text);
}

jixiao::Provenance fuzzed() {
  jixiao::Provenance p;
  p.inferred = "fuzz input";
  return p;
}

struct Input {
  jixiao::Record record;
  jixiao::Project project;
};

Input read_input(const std::string& text) {
  Input in;
  in.record.entity = "fuzz";
  in.record.year = 2021;
  in.record.set_id = "liangshan-2021-dept";
  in.project.id = "fuzz";
  in.project.name = "fuzz";
  in.project.provenance = fuzzed();
  for (const std::string& line : split(text, '\n')) {
    const auto [kind, rest] = first_word(line);
    const auto [name, value] = first_word(rest);
    if (kind == "fact") {
      jixiao::Fact& f = in.record.facts[name];
      f.name = name;
      f.label = name;
      f.value = value_of(value);
      f.unit = f.value.type == Value::Type::kNumber ? "万元" : "";
      f.provenance = fuzzed();
    } else if (kind == "row") {
      jixiao::Row row;
      row.provenance = fuzzed();
      for (const std::string& cell : split(value, '|')) {
        const auto eq = cell.find('=');
        if (eq != std::string::npos) row.cells.emplace_back(cell.substr(0, eq), value_of(cell.substr(eq + 1)));
      }
      in.record.rows[name].push_back(row);
    } else if (kind == "judge" || kind == "filed") {
      const auto [score, basis] = first_word(value);
      const auto d = Decimal::parse(score);
      if (!d) continue;
      if (kind == "filed" && name == "total") {
        in.record.filed_total = *d;
      } else if (kind == "filed") {
        in.record.filed_scores[name] = *d;
      } else {
        in.record.judgements[name] = jixiao::Judgement{*d, basis, fuzzed()};
      }
    } else if (kind == "project-row") {
      const auto cells = split(rest, '|');
      jixiao::ProjectRow row;
      const auto cell = [&](size_t i) { return i < cells.size() ? cells[i] : std::string(); };
      row.level1 = cell(0);
      row.level2 = cell(1);
      row.name = cell(2);
      row.target = cell(3);
      row.actual = cell(4);
      if (auto w = Decimal::parse(cell(5))) row.weight = *w;
      row.grade = cell(6);
      in.project.rows.push_back(row);
    } else if (kind == "budget") {
      in.project.planned = Decimal::parse(name);
      in.project.executed = Decimal::parse(value);
    }
  }
  return in;
}

// The numbers of an evaluation, for comparing two runs.
std::string fingerprint(const jixiao::Evaluation& ev) {
  std::ostringstream out;
  for (const auto& leaf : ev.leaves)
    out << leaf.node->id << ' ' << jixiao::leaf_source_name(leaf.source) << ' '
        << (leaf.score ? leaf.score->str() : "-") << ' ' << leaf.reason << '\n';
  out << "total " << ev.total.str() << '\n';
  return out.str();
}

void check_tree(const jixiao::Node& n, const jixiao::Evaluation& ev, Decimal& sum) {
  if (n.is_leaf()) {
    const jixiao::LeafResult* leaf = ev.leaf(n.id);
    require(leaf != nullptr, "no result for leaf " + n.id);
    if (!leaf->score) {  // not self-scored, or uncovered and saying what it lacks: never a silent 0
      require(leaf->source == jixiao::LeafSource::kNotScored ||
                  (leaf->source == jixiao::LeafSource::kUncovered && !leaf->missing.empty()),
              "leaf " + n.id + " has no score and no reason why");
      return;
    }
    require(n.weight && *leaf->score >= Decimal() && *leaf->score <= *n.weight,
            "leaf " + n.id + " scores " + leaf->score->str() + " of " + (n.weight ? n.weight->str() : "an unknown weight"));
    sum += *leaf->score;
    return;
  }
  Decimal children;
  for (const auto& child : n.children) check_tree(child, ev, children);
  const auto found = ev.subtotals.find(n.id);
  const Decimal subtotal = found == ev.subtotals.end() ? Decimal() : found->second;
  require(subtotal == children, "subtotal of " + n.id + " is " + subtotal.str() + ", its leaves add up to " +
                                    children.str());
  sum += children;
}

void score_department(jixiao::Scorer& scorer, const jixiao::Record& record) {
  jixiao::fuzz::refusing_is_fine([&] {
    const jixiao::Evaluation ev = scorer.evaluate(record);
    Decimal sum;
    for (const auto& root : scorer.set().roots) check_tree(root, ev, sum);
    require(sum == ev.total, "total " + ev.total.str() + ", the leaves add up to " + sum.str());
    (void)jixiao::render_table(ev);
    (void)jixiao::render_json(ev);
    const std::string first = fingerprint(ev);
    const std::string again = fingerprint(scorer.evaluate(record));
    require(first == again, "scored twice, different results:\n" + first + "---\n" + again);
  });
}

void score_project(jixiao::ProjectScorer& scorer, const jixiao::Project& project) {
  jixiao::fuzz::refusing_is_fine([&] {
    const jixiao::ProjectResult result = scorer.score(project, "fuzz.yaml");
    Decimal sum = result.budget_score && scorer.set().budget.in_total ? *result.budget_score : Decimal();
    for (const auto& row : result.rows) {
      if (!row.score) continue;
      // project-selfeval-2021 gives no extra points for over-achievement (over_cap_pct 100).
      require(*row.score >= Decimal() && *row.score <= row.weight,
              "row " + row.row->name + " scores " + row.score->str() + " of " + row.weight.str());
      sum += *row.score;
    }
    require(sum == result.total, "project total " + result.total.str() + ", its rows add up to " + sum.str());
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static jixiao::Scorer department =
      jixiao::Scorer::from_file(jixiao::fuzz::source_dir() + "/indicator-sets/liangshan-2021-dept.yaml",
                                jixiao::fuzz::source_dir() + "/scripts");
  static const std::string project_set = jixiao::fuzz::source_dir() + "/indicator-sets/project-selfeval-2021.yaml";
  static jixiao::ProjectScorer projects(jixiao::read_file(project_set), project_set,
                                        jixiao::fuzz::source_dir() + "/scripts", jixiao::fuzz::shipped_sets());
  const Input in = read_input(std::string(reinterpret_cast<const char*>(data), size));
  score_department(department, in.record);
  if (!in.project.rows.empty() || in.project.planned) score_project(projects, in.project);
  return 0;
}
