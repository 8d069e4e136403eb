#include "project_checks.h"

#include <algorithm>

#include "rounding.h"

namespace jixiao {

namespace {

std::string project_where(const Project& p, const std::string& data_file) {
  return (data_file.empty() ? std::string() : data_file + ": ") + "project " + p.id + "（" + p.name + "）";
}

// "003_….txt:522 项目完成指标 › 数量指标 › 资助贫困生人数"
std::string row_where(const Project& p, const ProjectRow& row) {
  std::string file = p.provenance.file.substr(0, p.provenance.file.find(':'));
  std::string out = file.empty() ? "" : file;
  if (row.line > 0) out += (out.empty() ? "line " : ":") + std::to_string(row.line);
  return out + (out.empty() ? "" : " ") + row.level1 + " › " + row.level2 + " › " + row.name;
}

std::optional<Departure> departure(Decimal rule, const std::optional<Decimal>& stated, int places) {
  if (!stated || stated->rounded(places) == rule.rounded(places)) return std::nullopt;
  return Departure{rule, *stated, *stated - rule};
}

}  // namespace

void check_project(const ProjectSet& set, const Project& project, ProjectResult& result, const std::string& data_file) {
  const int places = set.score_places;
  // Built only for a message: a table with nothing inconsistent costs no text.
  std::string where_text;
  auto where = [&]() -> const std::string& {
    if (where_text.empty()) where_text = project_where(project, data_file);
    return where_text;
  };
  auto flag = [&](const std::string& at, const std::string& what) {
    result.inconsistencies.push_back(at + ": 不一致：" + what);
  };
  const Decimal budget_weight = project.budget_weight ? *project.budget_weight : set.budget.weight;
  if (project.budget_weight && *project.budget_weight != set.budget.weight)
    flag(where() + " › " + set.budget.name, "表中分值 " + project.budget_weight->str() + "，指标体系 " +
                                              set.budget.name + " 为 " + set.budget.weight.str() + " 分");

  // Stated 分值: by 一级指标 against the points printed beside it, and in all against the maximum.
  bool stated = false;
  Decimal rows_sum;
  struct Level1 {
    const std::string* name;
    Decimal sum;                    // of the stated 分值 of its rows
    std::optional<Decimal> points;  // printed beside it
  };
  std::vector<Level1> by_level1;  // in the order the table first names them: a table has a few
  by_level1.reserve(4);            // (one allocation for them, not one per growth)
  for (const ProjectRowResult& r : result.rows) {
    const ProjectRow& row = *r.row;
    if (r.status == ProjectRowResult::Status::kSubtotal) continue;
    auto found = std::find_if(by_level1.begin(), by_level1.end(), [&](const Level1& l) { return *l.name == row.level1; });
    if (found == by_level1.end()) found = by_level1.insert(by_level1.end(), Level1{&row.level1, Decimal(), std::nullopt});
    Decimal& sum = found->sum;
    std::optional<Decimal>& points = found->points;
    if (row.level1_points && !points) points = row.level1_points;
    if (row.level1_points && points && *row.level1_points != *points)
      flag(row_where(project, row), "一级指标「" + row.level1 + "」印有 " + row.level1_points->str() + " 分，前面的行印有 " +
                                        points->str() + " 分");
    if (row.weight) {
      stated = true;
      sum += *row.weight;
      rows_sum += *row.weight;
      if (row.score && *row.score > *row.weight)
        flag(row_where(project, row), "表中得分 " + row.score->str(places) + " 高于分值 " + row.weight->str(places));
    }
  }
  Decimal points_sum;
  bool all_points = !by_level1.empty();
  for (const Level1& l : by_level1) {
    const std::string& level1 = *l.name;
    const Decimal& sum = l.sum;
    const std::optional<Decimal>& points = l.points;
    if (!points) {
      all_points = false;
      continue;
    }
    points_sum += *points;
    if (stated && sum != *points)
      flag(where() + " › " + level1, "各行分值合计 " + sum.str() + "，一级指标印有 " + points->str() + " 分");
    // Without per-row 分值 the rows share the set's points for the category: they must be the printed ones.
    const ProjectCategory* category = set.category_of(level1);
    if (!stated && category != nullptr && category->weight != *points)
      flag(where() + " › " + level1, "一级指标印有 " + points->str() + " 分，指标体系 " + category->name + " 为 " +
                                       category->weight.str() + " 分");
  }
  const Decimal budget_in = set.budget.in_total ? budget_weight : Decimal();
  auto budget_words = [&] {
    return set.budget.in_total ? "，加" + set.budget.name + " " + budget_weight.str() + " 分" : std::string();
  };
  if (stated && rows_sum + budget_in != set.total)
    flag(where(), "各行分值合计 " + rows_sum.str() + budget_words() + "，共 " + (rows_sum + budget_in).str() +
                    " 分，不等于满分 " + set.total.str());
  if (all_points && points_sum + budget_in != set.total)
    flag(where(), "一级指标所印分值合计 " + points_sum.str() + budget_words() + "，共 " + (points_sum + budget_in).str() +
                    " 分，不等于满分 " + set.total.str());

  // Parent rows against the rows under them.
  for (size_t i = 0; i < result.rows.size(); ++i) {
    const ProjectRowResult& parent = result.rows[i];
    if (parent.status != ProjectRowResult::Status::kSubtotal) continue;
    Decimal weights, scores;
    bool all_scores = true;
    for (size_t k = i + 1; k < result.rows.size(); ++k) {
      const ProjectRow& child = *result.rows[k].row;
      if (child.subtotal || child.level1 != parent.row->level1 || child.level2 != parent.row->level2) break;
      if (child.weight) weights += *child.weight;
      if (child.score) scores += *child.score;
      all_scores = all_scores && child.score.has_value();
    }
    if (parent.row->weight && *parent.row->weight != weights)
      flag(row_where(project, *parent.row), "小计分值 " + parent.row->weight->str() + "，下列各行分值合计 " + weights.str());
    if (parent.row->score && all_scores && *parent.row->score != scores)
      flag(row_where(project, *parent.row),
           "小计得分 " + parent.row->score->str(places) + "，下列各行得分合计 " + scores.str(places));
  }

  // Recomputed and judged figures outside 0..分值 (and a judged one outside its band).
  const Value* cap = set.rows.params.find("over_cap_pct");
  const bool capped = cap == nullptr || cap->type != Value::Type::kNumber || cap->number <= Decimal::from_int(100);
  for (const ProjectRowResult& r : result.rows) {
    if (!r.score || r.status == ProjectRowResult::Status::kSubtotal) continue;
    const char* const by = r.judged ? "人工判定得分 " : "按规则得分 ";
    if ((capped || r.judged) && *r.score > r.weight)
      flag(row_where(project, *r.row), by + r.score->str(places) + "，高于分值 " + r.weight.str(places));
    if (*r.score < Decimal()) flag(row_where(project, *r.row), by + r.score->str(places) + "，低于 0");
    const ProjectBand* band = r.judged ? set.band_of(r.row->grade) : nullptr;
    if (band) {
      const Decimal low = multiply(r.weight, band->low_pct, places + 2, RoundingMode::kHalfUp);
      const Decimal high = multiply(r.weight, band->high_pct, places + 2, RoundingMode::kHalfUp);
      const Decimal score_pct = multiply(*r.score, Decimal::from_int(100), places + 2, RoundingMode::kHalfUp);
      if (score_pct < low || score_pct > high)
        flag(row_where(project, *r.row), by + r.score->str(places) + " 不在档次「" + band->name + "」之内（分值的 " +
                                             band->low_pct.str() + "%–" + band->high_pct.str() + "%）");
    }
  }
  if (result.budget_score && *result.budget_score > budget_weight)
    flag(where() + " › " + set.budget.name,
         "按规则得分 " + result.budget_score->str(places) + "，高于分值 " + budget_weight.str(places));
  if (result.total > set.total)
    flag(where(), "总分 " + result.total.str(places) + " 高于满分 " + set.total.str(places));
  if (project.stated_total && *project.stated_total > set.total)
    flag(where(), "表中总分 " + project.stated_total->str(places) + " 高于满分 " + set.total.str(places));

  // 偏离: the table's own figures against the rule's.
  for (ProjectRowResult& r : result.rows) {
    if (!r.score) continue;
    r.departure = departure(*r.score, r.row->score, places);
    // A parent's departure is its rows' departures again: shown, not summed.
    if (r.departure && r.status != ProjectRowResult::Status::kSubtotal) result.departures += r.departure->difference;
  }
  if (result.budget_score) {
    result.budget_departure = departure(*result.budget_score, project.budget_score, places);
    if (result.budget_departure) result.departures += result.budget_departure->difference;
  }
  if (result.pending_weight == Decimal()) result.total_departure = departure(result.total, project.stated_total, places);
  if (!result.inconsistencies.empty()) result.grade.clear();
}

}  // namespace jixiao
