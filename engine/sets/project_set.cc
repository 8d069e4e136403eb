#include "project_set.h"

#include <algorithm>

#include "doc.h"
#include "doc_cache.h"
#include "error.h"
#include "files.h"

namespace jixiao {

namespace {

ProjectPart part(const Doc& doc, const std::string& what, bool weighted) {
  if (doc.kind != Doc::Kind::kMap) doc.fail(what + ": expected a mapping");
  doc.check_keys({"name", "weight", "rule", "script", "params", "in_total", "examples"}, what);
  ProjectPart p;
  p.name = doc.required("name", what).text("name", what);
  if (weighted) p.weight = doc.required("weight", what).points("weight", what);
  if (const Doc* in_total = doc.find("in_total")) p.in_total = in_total->boolean("in_total", what);
  p.rule = doc.required("rule", what).text("rule", what);
  p.script = doc.required("script", what).text("script", what);
  if (const Doc* params = doc.find("params")) {
    if (params->kind != Doc::Kind::kMap) params->fail("params: expected a mapping", what);
    p.params = params->to_value();
    p.params_where = params->where;
    for (const auto& [key, value] : params->map) p.param_where.emplace_back(key, value.where);
  } else {
    p.params.type = Value::Type::kMap;
    p.params_where = doc.where;
  }
  if (const Doc* examples = doc.find("examples")) {
    if (examples->kind != Doc::Kind::kSequence) examples->fail("examples: expected a list", what);
    for (const Doc& item : examples->items) {
      if (item.kind != Doc::Kind::kMap) item.fail("an example is a mapping: {target: …, actual: …, score: …}", what);
      ProjectPart::Example ex;
      ex.where = item.where;
      for (const auto& [key, value] : item.map) {
        if (key == "score") ex.score = value.number("example score", what);
        else if (key == "reason") ex.reason = value.text("example reason", what);
        else if (key == "judgement") {
          if (!value.boolean("judgement", what)) value.fail("judgement: only 'true' makes sense here", what);
        } else ex.inputs.emplace_back(key, value.to_value());
      }
      if ((item.find("score") != nullptr) == (item.find("judgement") != nullptr))
        item.fail("an example expects exactly one of score, judgement: true", what);
      p.examples.push_back(std::move(ex));
    }
  }
  return p;
}

}  // namespace

const ProjectCategory* ProjectSet::category_of(const std::string& level1) const {
  for (const auto& c : categories) {
    if (c.name == level1) return &c;
    if (std::find(c.aliases.begin(), c.aliases.end(), level1) != c.aliases.end()) return &c;
  }
  return nullptr;
}

const ProjectBand* ProjectSet::band_of(const std::string& grade) const {
  for (const auto& b : bands)
    if (b.name == grade) return &b;
  return nullptr;
}

std::string ProjectSet::grade_of(Decimal total) const {
  for (const auto& g : grades)
    if (total >= g.min) return g.name;
  return "";
}

bool is_project_set(const std::string& yaml_text, const std::string& file, const SetFinder& find) {
  const Doc root = parse_set_yaml(yaml_text, file);
  if (root.kind != Doc::Kind::kMap) return false;
  if (const Doc* kind = root.find("kind")) {
    const std::string k = kind->text("kind");
    if (k != "project") kind->fail("kind must be 'project' (or left out, for a department-wide set), not '" + k + "'");
    return true;
  }
  if (!find) return false;
  // A variant is of its base's kind; the chain is the one the resolver follows, cycle check included.
  const std::vector<Doc> chain = extends_chain(root, find);
  for (size_t i = 1; i < chain.size(); ++i)
    if (const Doc* kind = chain[i].find("kind")) return kind->text("kind") == "project";
  return false;
}

ProjectSet parse_project_set(const std::string& yaml_text, const std::string& file, const SetFinder& find) {
  const Doc root = find ? resolve_extends(parse_set_yaml(yaml_text, file), find) : parse_set_yaml(yaml_text, file);
  if (root.kind != Doc::Kind::kMap) root.fail("a project set must be a mapping");
  root.check_keys(
      {"id", "kind", "name", "source", "total", "score_places", "rounding", "budget", "categories", "rows", "grades"});
  ProjectSet set;
  set.file = file;
  set.id = root.required("id").text("id");
  set.id_where = root.required("id").where;
  set.name = root.required("name").text("name");
  if (const Doc* source = root.find("source")) set.source = source->text("source");
  set.total = root.required("total").points("total");
  if (const Doc* places = root.find("score_places")) set.score_places = places->whole_number("score_places", 0, 4);
  if (const Doc* rounding = root.find("rounding")) {
    if (rounding->kind != Doc::Kind::kMap) rounding->fail("rounding: expected {mode: half-up, rows: true, total: true}");
    rounding->check_keys({"mode", "rows", "total"});
    if (const Doc* mode = rounding->find("mode")) {
      const auto m = rounding_mode_named(mode->text("rounding.mode"));
      if (!m) mode->fail("rounding.mode must be half-up, half-even, truncate, floor or ceiling, not '" + mode->scalar + "'");
      set.rounding.mode = *m;
    }
    if (const Doc* rows = rounding->find("rows")) set.rounding.rows = rows->boolean("rounding.rows");
    if (const Doc* total = rounding->find("total")) set.rounding.total = total->boolean("rounding.total");
  }
  set.budget = part(root.required("budget"), "budget", true);
  if (set.budget.params.find("rate_mode") == nullptr)
    set.budget.params.map.emplace_back("rate_mode", Value::of_text(rounding_mode_name(set.rounding.mode)));
  set.rows = part(root.required("rows"), "rows", false);
  if (const Value* bare = set.rows.params.find("bare_figure")) {
    const Doc& rows_doc = root.required("rows");
    if (bare->type != Value::Type::kText || (bare->text != "exact" && bare->text != "at_least"))
      rows_doc.required("params").required("bare_figure").fail("rows.params.bare_figure must be exact or at_least");
    set.bare_at_least = bare->text == "at_least";
  }
  if (const Value* bands = set.rows.params.find("bands")) {
    const Doc& at = root.required("rows").required("params").required("bands");
    if (bands->type != Value::Type::kMap) at.fail("rows.params.bands: expected {好: [80, 100], 较好: [60, 80], …}");
    for (const auto& [name, range] : bands->map) {
      if (range.type != Value::Type::kList || range.list.size() != 2 || range.list[0].type != Value::Type::kNumber ||
          range.list[1].type != Value::Type::kNumber || range.list[0].number > range.list[1].number ||
          range.list[0].number < Decimal() || range.list[1].number > Decimal::from_int(100))
        at.fail("rows.params.bands." + name + ": expected [low, high], percentages of the 分值 with 0 ≤ low ≤ high ≤ 100");
      set.bands.push_back({name, range.list[0].number, range.list[1].number});
    }
  }
  const Doc& categories = root.required("categories");
  if (categories.kind != Doc::Kind::kSequence) categories.fail("categories: expected a list");
  Decimal sum = set.budget.in_total ? set.budget.weight : Decimal();
  for (const Doc& c : categories.items) {
    if (c.kind != Doc::Kind::kMap) c.fail("a category is {name: …, weight: …, aliases: […]}");
    c.check_keys({"name", "weight", "aliases"});
    ProjectCategory cat;
    cat.name = c.required("name").text("name");
    cat.weight = c.required("weight").points("weight", cat.name);
    if (const Doc* aliases = c.find("aliases")) {
      if (aliases->kind != Doc::Kind::kSequence) aliases->fail("aliases: expected a list of names", cat.name);
      for (const Doc& a : aliases->items) cat.aliases.push_back(a.text("alias"));
    }
    // Points are spread over rows in units of the last decimal place kept.
    if (cat.weight != cat.weight.rounded(set.score_places))
      c.required("weight").fail("weight has more decimals than score_places (" + std::to_string(set.score_places) + ")",
                                cat.name);
    sum += cat.weight;
    set.categories.push_back(cat);
  }
  if (sum != set.total)
    categories.fail("the budget row (when in_total) and the categories add up to " + sum.str() + ", not the total " +
                    set.total.str());
  if (const Doc* grades = root.find("grades")) {
    if (grades->kind != Doc::Kind::kSequence) grades->fail("grades: expected a list of {min: …, name: …}");
    for (const Doc& g : grades->items) {
      if (g.kind != Doc::Kind::kMap) g.fail("a grade is {min: 90, name: 优}");
      g.check_keys({"min", "name"});
      set.grades.push_back({g.required("min").points("min"), g.required("name").text("name")});
    }
    std::sort(set.grades.begin(), set.grades.end(),
              [](const ProjectGrade& a, const ProjectGrade& b) { return a.min > b.min; });
  }
  return set;
}

}  // namespace jixiao
