// A project self-evaluation system (项目支出绩效自评表, `kind: project`): the
// budget-execution row, the 一级指标 categories with their points, and how an
// indicator row is scored. The rows themselves are each project's data.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "decimal.h"
#include "error.h"
#include "rounding.h"
#include "set_inheritance.h"
#include "value.h"

namespace jixiao {

struct ProjectCategory {
  std::string name;                  // 产出指标
  std::vector<std::string> aliases;  // 项目完成指标
  Decimal weight;                    // spread evenly over a project's rows unless the table states weights
};

struct ProjectPart {
  std::string name;    // 预算执行率 / 绩效指标
  Decimal weight;      // the budget row's points; unused for rows
  bool in_total = true;  // budget: false leaves its score out of the total (shown, not added)
  std::string rule;    // verbatim
  std::string script;  // under scripts/
  Value params;
  Location params_where;  // where params: is written (the part's start when it has none)
  std::vector<std::pair<std::string, Location>> param_where;  // each param's value, where it is written
  // examples: one row (target, actual, weight …) or the budget row (planned,
  // executed), and what scoring it must give; `jixiao check` runs them.
  struct Example {
    Location where;
    std::vector<std::pair<std::string, Value>> inputs;  // in written order
    std::optional<Decimal> score;  // empty: the row is left to a person's judgement
    std::string reason;            // optional: the reason must contain this text
  };
  std::vector<Example> examples;
};

struct ProjectGrade {
  Decimal min;       // a total at or above this …
  std::string name;  // … gets this grade: 优
};

// How scores are rounded (`rounding:` in the set): the mode, to score_places,
// and where: each row (and the budget row), the total. The 执行率 is rounded
// before multiplying when budget.params.rate_places ≥ 0, in the same mode.
struct ProjectRounding {
  RoundingMode mode = RoundingMode::kHalfUp;
  bool rows = true;   // each row's score, and the budget row's
  bool total = true;  // the sum
};

// A band of a qualitative row's points (rows.params.bands): a grade word and
// the share of the 分值 a person's score must lie in, e.g. 良: 60–80%.
struct ProjectBand {
  std::string name;
  Decimal low_pct, high_pct;
};

struct ProjectSet {
  std::string id, name, file, source;
  Location id_where;  // where the id is written
  Decimal total;
  int score_places = 2;
  ProjectRounding rounding;
  bool bare_at_least = false;
  std::vector<ProjectBand> bands;  // rows.params.bands, highest first; empty when grades are shares
  const ProjectBand* band_of(const std::string& grade) const;  // nullptr when no band has that name  // rows.params.bare_figure: at_least (a bare 90% reads as ≥90%) or exact
  ProjectPart budget;
  ProjectPart rows;
  std::vector<ProjectCategory> categories;
  std::vector<ProjectGrade> grades;  // highest minimum first

  // The category a row's 一级指标 belongs to (by name or alias), or nullptr.
  const ProjectCategory* category_of(const std::string& level1) const;
  // The grade of a total.
  std::string grade_of(Decimal total) const;
};

// True when the set declares `kind: project`, or extends one that does.
// Throws Error(kInput) for another kind, or an extends chain that cannot be read.
bool is_project_set(const std::string& yaml_text, const std::string& file, const SetFinder& find);

// Parses a project set; throws Error(kInput) located at the offending value,
// e.g. when the budget row and the categories do not add up to `total`.
ProjectSet parse_project_set(const std::string& yaml_text, const std::string& file, const SetFinder& find = {});

}  // namespace jixiao
