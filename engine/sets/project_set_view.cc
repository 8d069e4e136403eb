#include "project_set_view.h"

namespace jixiao {

namespace {

std::string aliases_text(const ProjectCategory& c) {
  std::string out;
  for (const auto& a : c.aliases) out += (out.empty() ? "" : "、") + a;
  return out;
}

std::string grades_text(const ProjectSet& set) {
  std::string out;
  for (const auto& g : set.grades) out += (out.empty() ? "" : ", ") + g.name + " ≥ " + g.min.str();
  return out;
}

std::string rounding_text(const ProjectSet& set) {
  return std::string(rounding_mode_name(set.rounding.mode)) + " to " + std::to_string(set.score_places) +
         " places" + (set.rounding.rows ? ", each row" : "") + (set.rounding.total ? ", the total" : "");
}

void compare(std::vector<std::string>& out, const std::string& field, const std::string& before,
             const std::string& after) {
  if (before != after) out.push_back("~ " + field + ": " + before + " → " + after);
}

void compare_part(std::vector<std::string>& out, const std::string& what, const ProjectPart& a, const ProjectPart& b) {
  compare(out, what + ".name", a.name, b.name);
  compare(out, what + ".weight", a.weight.str(), b.weight.str());
  compare(out, what + ".in_total", a.in_total ? "true" : "false", b.in_total ? "true" : "false");
  compare(out, what + ".rule", a.rule, b.rule);
  compare(out, what + ".script", a.script, b.script);
  for (const auto& [key, value] : b.params.map) {
    const Value* old = a.params.find(key);
    compare(out, what + ".params." + key, old ? old->display() : "(none)", value.display());
  }
  for (const auto& [key, value] : a.params.map)
    if (b.params.find(key) == nullptr) compare(out, what + ".params." + key, value.display(), "(none)");
}

}  // namespace

std::string render_project_set(const ProjectSet& set) {
  std::string out = set.id + "  " + set.name + "\n";
  out += "file      " + set.file + "\n";
  out += "total     " + set.total.str() + "; rounding " + rounding_text(set) + "\n";
  out += "budget    " + set.budget.name + "  " + set.budget.weight.str() + (set.budget.in_total ? "" : " (not in the total)") +
         "  " + set.budget.script + "  " + set.budget.params.display() + "\n";
  for (const auto& c : set.categories)
    out += "category  " + c.name + "  " + c.weight.str() + (c.aliases.empty() ? "" : "  (also " + aliases_text(c) + ")") +
           "\n";
  out += "rows      " + set.rows.name + "  " + set.rows.script + "  " + set.rows.params.display() + "\n";
  if (!set.grades.empty()) out += "grades    " + grades_text(set) + "\n";
  return out;
}

std::vector<std::string> diff_project_sets(const ProjectSet& base, const ProjectSet& variant) {
  std::vector<std::string> out;
  compare(out, "name", base.name, variant.name);
  compare(out, "total", base.total.str(), variant.total.str());
  compare(out, "rounding", rounding_text(base), rounding_text(variant));
  compare_part(out, "budget", base.budget, variant.budget);
  for (const auto& c : variant.categories) {
    const ProjectCategory* old = nullptr;
    for (const auto& b : base.categories)
      if (b.name == c.name) old = &b;
    if (old == nullptr) {
      out.push_back("+ category " + c.name + " " + c.weight.str());
      continue;
    }
    compare(out, "category " + c.name + ".weight", old->weight.str(), c.weight.str());
    compare(out, "category " + c.name + ".aliases", aliases_text(*old), aliases_text(c));
  }
  for (const auto& b : base.categories) {
    bool kept = false;
    for (const auto& c : variant.categories) kept = kept || c.name == b.name;
    if (!kept) out.push_back("- category " + b.name);
  }
  compare_part(out, "rows", base.rows, variant.rows);
  compare(out, "grades", grades_text(base), grades_text(variant));
  return out;
}

}  // namespace jixiao
