#include "project_scorer.h"
#include "project_report.h"

#include <catch2/catch.hpp>

#include <algorithm>

#include "error.h"
#include "files.h"
#include "test_support.h"

using jixiao::Decimal;
using jixiao::Project;
using jixiao::ProjectRow;
using jixiao::ProjectRowResult;
using jixiao::ProjectScorer;

namespace {

std::string shipped_set() { return jixiao::test::sets_dir() + "/project-selfeval-2021.yaml"; }

ProjectScorer shipped() {
  return ProjectScorer(jixiao::read_file(shipped_set()), shipped_set(), jixiao::test::scripts_dir());
}

ProjectRow row(const char* level1, const char* name, const char* target, const char* actual) {
  ProjectRow r;
  r.level1 = level1;
  r.level2 = "数量指标";
  r.name = name;
  r.target = target;
  r.actual = actual;
  return r;
}

// A project whose one output row carries all 50 output points, plus one
// outcome and one satisfaction row met in full.
Project one_row(const char* target, const char* actual) {
  Project p;
  p.id = "p";
  p.name = "测试项目";
  p.planned = Decimal::from_int(100);
  p.executed = Decimal::from_int(100);
  p.rows = {row("产出指标", "指标", target, actual), row("效益指标", "效益", "1项", "1项"),
            row("满意度指标", "满意度", "≥90%", "95%")};
  return p;
}

std::string scored(ProjectScorer& scorer, const char* target, const char* actual) {
  const auto result = scorer.score(one_row(target, actual));
  const ProjectRowResult& r = result.rows.front();
  if (r.status == ProjectRowResult::Status::kPending) return "pending: " + r.reason;
  return r.score->str(2);
}

// Table `p` as a scorer that scored others before scored it (a), and as a fresh one does (b): alike, row by row.
void check_alike(const Project& p, const jixiao::ProjectResult& a, const jixiao::ProjectResult& b) {
  CHECK(a.total == b.total);
  CHECK(a.pending_weight == b.pending_weight);
  REQUIRE(a.rows.size() == b.rows.size());
  for (size_t i = 0; i < a.rows.size(); ++i) {
    INFO("row " << i + 1 << " " << p.rows[i].name << ": " << p.rows[i].target << " / " << p.rows[i].actual);
    CHECK(a.rows[i].status == b.rows[i].status);
    CHECK(a.rows[i].score == b.rows[i].score);
    CHECK(a.rows[i].reason == b.rows[i].reason);
  }
}

}  // namespace

TEST_CASE("projects: each kind of row at its boundaries", "[projects]") {
  ProjectScorer scorer = shipped();
  struct Case {
    const char* target;
    const char* actual;
    const char* expected;
  };
  const Case c = GENERATE(values<Case>({
      // 正向 (≥): full at the target, actual ÷ target × 50 below it.
      {"≥95%", "95%", "50.00"},
      {"≥95%", "94.99%", "49.99"},
      {"≥95%", "100%", "50.00"},
      {"90%以上", "0%", "0.00"},
      // 反向 (≤): full at or below, target ÷ actual × 50 above.
      {"≤10万元", "10万元", "50.00"},
      {"≤10万元", "12.5万元", "40.00"},
      {"不超过10万元", "9万元", "50.00"},
      // 等于: full when equal; below proportional; above full (equal_above: full).
      {"6期", "6期", "50.00"},
      {"6期", "4期", "33.33"},
      {"6期", "7期", "50.00"},
      // 左右: within ±10% full; outside proportional below, inverse above.
      {"25人左右", "22.5人", "50.00"},
      {"25人左右", "27.5人", "50.00"},
      {"25人左右", "22人", "44.00"},
      {"2000份左右", "2800份", "35.71"},
      // Not done: 0. Unreadable or qualitative without an answer: pending.
      {"5台", "因政策调整，故未执行。", "0.00"},
      {"电脑5台、打印机3台", "已购置", "pending: 预期值无法解析（2 figures in one cell）"},
      {"2021年6月底前", "2021年6月完成", "50.00"},
      {"2021年6月底前", "2021年7月完成", "pending: 日期指标，逾期，须人工判定：实际2021年7月，指标≤2021年6月"},
      {"2023年12月", "2023年10月", "50.00"},
      {"12月底前", "2023年12月20日", "50.00"},
      {"2023年12月", "已完成", "50.00"},
      {"2023年12月", "按计划推进", "pending: 指标为日期（≤2023年12月），实际值不是日期"},
      // Spaces and every spelling of the operators; ≦ is ≤, so a missed cost target loses points.
      {"≧ 100 %", "100%", "50.00"},
      {"≥ 90 %", "85 %", "47.22"},
      {"≦5%", "6%", "41.67"},
      {"≦5%", "5%", "50.00"},
      {"≥266米", "≥266米", "50.00"},
      {"1", "1个", "50.00"},
      {"17个县市", "据实据效对17个县市考核", "50.00"},  // 个县市 and 个: one unit cut short, not two
      {"≥20人", "培训按计划开展", "pending: 实际完成值是文字，未写数值，须人工判定"},
      {"1次", "因疫情发生未能举办。", "0.00"},
      {"搭建高质量学术交流平台", "搭建高质量学术交流平台", "50.00"},
      {"搭建高质量学术交流平台", "平台已建成", "pending: 定性指标，须评定达成程度"},
      {"95%", "", "pending: 未填实际完成值"},
      // An actual that states a grade in so many words is scored by that grade.
      {"2021年12月31日前", "按时完成", "50.00"},
      {"搭建平台", "已完成。", "50.00"},
      {"≥95%", "基本完成", "25.00"},
      {"服务质量提升", "未达到", "0.00"},
      {"30人", "30次", "pending: 单位不一致：指标人，实际次"},
      // A figure keeps its sign; a negative target is met in full or left to a person (the ratio would
      // turn over); a fall (下降5%) is a change, not a level, and is left to a person.
      {"≥5%", "-10%", "0.00"},
      {"≥5个", "负10个", "0.00"},
      {"≤-5%", "-10%", "50.00"},
      {"≤-5%", "-5%", "50.00"},
      {"≤-5%", "-4.99%", "pending: 负数指标，未达到，不能按比例计分，须人工判定，实际-4.99%，指标≤-5%"},
      {"下降5%", "上升3%", "pending: 预期值无法解析（「下降」是降幅，不是指标水平，不能只比数字）"},
      {"≥5%", "下降3%", "pending: 实际值无法解析（「下降」是降幅，不是指标水平，不能只比数字）"},
  }));
  CAPTURE(c.target, c.actual);
  CHECK(scored(scorer, c.target, c.actual) == c.expected);
}

TEST_CASE("projects: a qualitative row takes its recorded grade's share", "[projects]") {
  ProjectScorer scorer = shipped();
  for (const auto& [grade, points] : std::vector<std::pair<const char*, const char*>>{
           {"达成", "50.00"}, {"部分达成", "25.00"}, {"未达成", "0.00"}}) {
    Project p = one_row("服务质量显著提升", "有所提升");
    p.rows[0].grade = grade;
    CHECK(scorer.score(p).rows[0].score->str(2) == points);
  }
  Project bad = one_row("服务质量显著提升", "有所提升");
  bad.rows[0].grade = "基本达成";
  CHECK_THROWS_WITH(scorer.score(bad), Catch::Contains("grade '基本达成' is not one of 未达成、达成、部分达成"));
}

TEST_CASE("projects: budget execution is proportional and capped at 100%", "[projects]") {
  ProjectScorer scorer = shipped();
  auto budget = [&](const char* planned, const char* executed) {
    Project p = one_row("1项", "1项");
    p.planned = *Decimal::parse(planned);
    p.executed = *Decimal::parse(executed);
    return scorer.score(p).budget_score->str(2);
  };
  CHECK(budget("100", "100") == "10.00");
  CHECK(budget("251", "280.37") == "10.00");  // 111.7%: capped
  CHECK(budget("100", "82.8") == "8.28");
  CHECK(budget("100", "0") == "0.00");
  CHECK(budget("48", "39.9") == "8.31");      // 83.125% → 8.3125 → 8.31
  Project none = one_row("1项", "1项");
  none.planned.reset();
  none.executed.reset();
  const auto result = scorer.score(none);
  CHECK_FALSE(result.budget_score);
  CHECK(result.pending_weight.str(2) == "10.00");
  CHECK(result.grade.empty());
}

TEST_CASE("projects: points spread evenly, to the cent, when the table states none", "[projects]") {
  ProjectScorer scorer = shipped();
  Project p = one_row("1项", "1项");
  p.rows = {row("产出指标", "a", "1项", "1项"), row("产出指标", "b", "1项", "1项"), row("产出指标", "c", "1项", "1项"),
            row("效益指标", "d", "1项", "1项"), row("满意度指标", "e", "1项", "1项"), row("产出指标", "f", "", "")};
  const auto result = scorer.score(p);
  CHECK(result.rows[0].weight.str(2) == "16.67");  // 50 ÷ 3: 16.67 + 16.67 + 16.66
  CHECK(result.rows[1].weight.str(2) == "16.67");
  CHECK(result.rows[2].weight.str(2) == "16.66");
  CHECK(result.rows[5].status == ProjectRowResult::Status::kExcluded);
  CHECK(result.total.str(2) == "100.00");
  CHECK(result.grade == "优");
  // The same scorer, a category of another count of rows, then this one again: each spread as its own.
  Project two = p;
  two.rows.erase(two.rows.begin() + 1);  // 产出指标 a and c
  const auto halves = scorer.score(two);
  CHECK(halves.rows[0].weight.str(2) == "25.00");
  CHECK(halves.rows[1].weight.str(2) == "25.00");
  CHECK(halves.total.str(2) == "100.00");
  const auto again = scorer.score(p);
  CHECK(again.rows[0].weight.str(2) == "16.67");
  CHECK(again.rows[2].weight.str(2) == "16.66");
}

TEST_CASE("projects: the grade of the total follows the set's thresholds", "[projects]") {
  ProjectScorer scorer = shipped();
  const auto& set = scorer.set();
  CHECK(set.grade_of(*Decimal::parse("90")) == "优");
  CHECK(set.grade_of(*Decimal::parse("89.99")) == "良");
  CHECK(set.grade_of(*Decimal::parse("80")) == "良");
  CHECK(set.grade_of(*Decimal::parse("79.99")) == "中");
  CHECK(set.grade_of(*Decimal::parse("60")) == "中");
  CHECK(set.grade_of(*Decimal::parse("59.99")) == "差");
  CHECK(set.grade_of(*Decimal::parse("0")) == "差");
}

TEST_CASE("projects: variants are parameters: budget worth 20, the rate rounded first", "[projects]") {
  const std::string variant =
      "id: v\nextends: project-selfeval-2021\nname: 变体\n"
      "budget: {weight: 20, params: {rate_places: 2}}\n"
      "categories:\n  - {name: 产出指标, weight: 40, aliases: [项目完成指标]}\n  - {name: 效益指标, weight: 30}\n"
      "  - {name: 满意度指标, weight: 10}\n"
      "grades:\n  - {min: 85, name: 优}\n  - {min: 0, name: 其他}\n";
  ProjectScorer scorer(variant, "v.yaml", jixiao::test::scripts_dir(),
                       [](const std::string& id) { return jixiao::test::sets_dir() + "/" + id + ".yaml"; });
  Project p = one_row("1项", "1项");
  p.planned = *Decimal::parse("3");
  p.executed = *Decimal::parse("2");  // 66.666…% → 66.67% → 13.334 → 13.33
  const auto result = scorer.score(p);
  CHECK(result.budget_score->str(2) == "13.33");
  CHECK(result.rows[0].weight.str(2) == "40.00");
  CHECK(result.total.str(2) == "93.33");
  CHECK(result.grade == "优");
}

TEST_CASE("projects: a row of an unknown 一级指标 is an error naming the project and row", "[projects]") {
  ProjectScorer scorer = shipped();
  Project p = one_row("1项", "1项");
  p.rows[0].level1 = "其他指标";
  CHECK_THROWS_WITH(scorer.score(p), Catch::Contains("[project p（测试项目） › 指标] 一级指标「其他指标」 is not a category"));
}

TEST_CASE("projects: variants are parameters: budget out of the total, over-achievement, 折算得分", "[projects]") {
  const std::string variant =
      "id: v\nextends: project-selfeval-2021\nname: 变体\ntotal: 90\n"
      "budget: {in_total: false}\n"
      "rows: {params: {over_cap_pct: 120}}\n";
  ProjectScorer scorer(variant, "v.yaml", jixiao::test::scripts_dir(),
                       [](const std::string& id) { return jixiao::test::sets_dir() + "/" + id + ".yaml"; });
  Project p = one_row("≥100人", "130人");  // 130%: capped at 120% of 50
  p.executed = Decimal::from_int(50);      // 50%: 5 points, shown but not added
  p.weight_share = *Decimal::parse("0.3");
  p.rows[2].actual = "90%";                // satisfaction exactly met
  const auto result = scorer.score(p);
  CHECK(result.rows[0].score->str(2) == "60.00");
  CHECK(result.budget_score->str(2) == "5.00");
  CHECK(result.total.str(2) == "100.00");  // 60 + 30 + 10, the budget row left out
  CHECK(result.converted->str(2) == "30.00");
  Project under = one_row("≥100人", "110人");
  CHECK(scorer.score(under).rows[0].score->str(2) == "55.00");
}

TEST_CASE("projects: a row with points but no target is pending, not full marks", "[projects]") {
  ProjectScorer scorer = shipped();
  Project p = one_row("", "");
  for (auto& r : p.rows) r.weight = Decimal::from_int(30);
  const auto result = scorer.score(p);
  CHECK(result.rows[0].status == ProjectRowResult::Status::kPending);
  CHECK(result.rows[0].reason == "未填预期指标值");
}

TEST_CASE("projects: a table's stated points and 得分 are used and shown beside the recomputed score", "[projects]") {
  ProjectScorer scorer = shipped();
  Project p = one_row("≥95%", "90%");
  const char* weights[] = {"50", "30", "10"};
  const char* filed[] = {"50", "30", "10"};
  for (size_t i = 0; i < p.rows.size(); ++i) {
    p.rows[i].weight = *Decimal::parse(weights[i]);
    p.rows[i].score = *Decimal::parse(filed[i]);
  }
  const auto result = scorer.score(p);
  CHECK(result.rows[0].weight_basis == "表中分值");
  CHECK(result.rows[0].score->str(2) == "47.37");  // 90 ÷ 95 × 50
  const std::string table = jixiao::render_project_table(scorer.set(), result);
  CHECK_THAT(table, Catch::Contains("自评得分"));
  CHECK_THAT(table, Catch::Contains("50.00     50.00  47.37"));
}

TEST_CASE("projects: a scorer that scored other tables before scores a table as a new scorer does", "[projects]") {
  // The same texts again (read once and kept), in cells and not, and rows
  // of other names and points: what one row ran with does not reach the next.
  std::vector<Project> projects = {one_row("≥90%", "95%"), one_row("100人", "未完成"), one_row("≥90%", "80%"),
                                   one_row("2023年12月底前", "2023年11月"), one_row("≥90%", "95%")};
  projects[2].rows.front().nature = "≥";
  projects[2].rows.front().target = "90";
  projects[2].rows.front().unit = "%";
  projects[3].rows.front().weight = Decimal::from_int(50);
  projects[3].rows[1].weight = Decimal::from_int(30);
  projects[3].rows[2].weight = Decimal::from_int(10);
  projects[4].planned.reset();
  projects[4].fiscal_planned = Decimal::from_int(80);
  projects[4].fiscal_executed = Decimal::from_int(60);
  ProjectScorer reused = shipped();
  for (int pass = 0; pass < 2; ++pass)
    for (const Project& p : projects) {
      INFO(p.rows.front().target << " / " << p.rows.front().actual << ", pass " << pass);
      ProjectScorer fresh = shipped();
      const auto a = reused.score(p);
      const auto b = fresh.score(p);
      CHECK(a.budget_score == b.budget_score);
      CHECK(a.budget_reason == b.budget_reason);
      CHECK(a.total == b.total);
      CHECK(a.grade == b.grade);
      REQUIRE(a.rows.size() == b.rows.size());
      for (size_t i = 0; i < a.rows.size(); ++i) {
        CHECK(a.rows[i].target->text == b.rows[i].target->text);
        CHECK(a.rows[i].target->op == b.rows[i].target->op);
        CHECK(a.rows[i].score == b.rows[i].score);
        CHECK(a.rows[i].reason == b.rows[i].reason);
      }
    }
}

TEST_CASE("projects: a scorer without reasons gives the same scores, statuses and totals, every reason and basis empty",
          "[projects]") {
  // Rows scored by the script, pending, excluded, and a budget row by the 财政拨款 columns.
  std::vector<Project> projects = {one_row("≥90%", "95%"), one_row("100人", "未完成"), one_row("≥90%", "80%"),
                                   one_row("2023年12月底前", "2024年3月"), one_row("优良", "较好")};
  projects[1].planned.reset();
  projects[1].fiscal_planned = Decimal::from_int(80);
  projects[1].fiscal_executed = Decimal::from_int(60);
  projects[2].rows.push_back(row("产出指标", "未填预期", "", "3项"));  // excluded
  ProjectScorer with = shipped(), without = shipped();
  without.set_reasons(false);
  CHECK_FALSE(without.reasons());
  size_t reasons = 0, bases = 0;
  for (const Project& p : projects) {
    INFO(p.rows.front().target << " / " << p.rows.front().actual);
    const auto a = with.score(p);
    const auto b = without.score(p);
    CHECK(a.budget_score == b.budget_score);
    CHECK(b.budget_reason.empty());
    CHECK(a.total == b.total);
    CHECK(a.pending_weight == b.pending_weight);
    CHECK(a.grade == b.grade);
    CHECK(a.inconsistencies == b.inconsistencies);
    REQUIRE(a.rows.size() == b.rows.size());
    for (size_t i = 0; i < a.rows.size(); ++i) {
      CHECK(a.rows[i].score == b.rows[i].score);
      CHECK(a.rows[i].status == b.rows[i].status);
      CHECK(a.rows[i].weight == b.rows[i].weight);
      CHECK(b.rows[i].reason.empty());
      CHECK(b.rows[i].weight_basis.empty());
      reasons += !a.rows[i].reason.empty();
      bases += !a.rows[i].weight_basis.empty();
    }
  }
  CHECK(reasons > 0);
  CHECK(bases > 0);
}

TEST_CASE("projects: rows of the same cells share one reading, cells a byte apart or split otherwise are read apart",
          "[projects]") {
  Project p = one_row("≥90%", "90.5%");
  p.rows.insert(p.rows.begin() + 1, {row("产出指标", "同一格", "≥90%", "90.5%"), row("产出指标", "差一字节", "≥91%", "90.5%"),
                                     row("产出指标", "又同一格", "≥90%", "90.5%"), row("产出指标", "分格", "90", "90.5"),
                                     row("产出指标", "另分格", "9", "90.5")});
  p.rows[4].nature = p.rows[5].nature = "≥";
  p.rows[4].unit = "%";
  p.rows[5].unit = "0%";
  ProjectScorer scorer = shipped();
  const auto result = scorer.score(p);
  const auto& rows = result.rows;
  REQUIRE(rows.size() == 8);
  CHECK(rows[1].target == rows[0].target);  // one reading, shared
  CHECK(rows[3].target == rows[0].target);
  CHECK(rows[1].actual == rows[0].actual);
  CHECK(rows[2].target != rows[0].target);
  CHECK(rows[2].target->value == *Decimal::parse("91"));
  CHECK(rows[4].target->value == *Decimal::parse("90"));
  CHECK(rows[4].target->unit == "%");
  CHECK(rows[5].target != rows[4].target);  // the same bytes in other cells
  CHECK(rows[4].actual != rows[0].actual);  // an actual beside a unit cell reads it
  for (size_t i = 0; i < 6; ++i) {
    INFO("row " << i + 1);
    const ProjectRow& r = p.rows[i];
    const auto target = r.nature.empty() ? jixiao::parse_target(r.target)
                                         : jixiao::parse_target_cells(r.nature, r.target, r.unit);
    const auto actual = r.nature.empty() ? jixiao::parse_actual(r.actual)
                                         : jixiao::parse_actual_with_unit(r.actual, r.unit);
    CHECK(rows[i].target->text == target.text);
    CHECK(rows[i].target->value == target.value);
    CHECK(rows[i].target->unit == target.unit);
    CHECK(rows[i].actual->text == actual.text);
    CHECK(rows[i].actual->value == actual.value);
    CHECK(rows[i].actual->unit == actual.unit);
  }
  // Met at 90.5% against ≥90% (its points in full), whichever row ran before; not met against ≥91%.
  for (size_t i : {0, 1, 3}) {
    REQUIRE(rows[i].score);
    CHECK(*rows[i].score == rows[i].weight);
  }
  REQUIRE(rows[2].score);
  CHECK(*rows[2].score < rows[2].weight);
}

TEST_CASE("projects: rows of a name met before, and of more names than the scorer keeps inputs for, score as new",
          "[projects]") {
  // Each 三级指标 name has inputs of its own, left as its last row left them
  // (the first 32 names; the rest share one): the cells of a name change
  // kind from table to table here, and the names outnumber the inputs kept.
  const char* const cells[][2] = {{"≥90%", "95%"},   {"100人", "未完成"},           {"2023年12月底前", "2023年11月"},
                                  {"按时完成", "已完成"}, {"≤10万元", "12.5万元"}, {"25人左右", "22人"},
                                  {"为新进职工购置台式电脑5台、打印机3台", "5台"}};
  const size_t kinds = sizeof cells / sizeof cells[0];
  auto table = [&](size_t shift) {
    Project p = one_row("≥90%", "95%");
    for (size_t i = 0; i < 40; ++i) {
      const std::string name = "指标" + std::to_string(i % 36);  // names 0-3 twice in one table
      p.rows.push_back(row("产出指标", name.c_str(), cells[(i + shift) % kinds][0], cells[(i + shift) % kinds][1]));
    }
    return p;
  };
  ProjectScorer reused = shipped();
  for (size_t shift : {0, 1, 3, 0, 5}) {
    INFO("shift " << shift);
    const Project p = table(shift);
    ProjectScorer fresh = shipped();
    check_alike(p, reused.score(p), fresh.score(p));
  }
}

TEST_CASE("projects: rows at other places, of hundreds of scores, score table after table as a fresh scorer scores them",
          "[projects]") {
  // The inputs are kept by the row's place in its table, roundings by the
  // script's score (a few hundred places), readings by the cells: none may
  // give one row what another left.
  auto table = [](size_t shift) {
    Project p = one_row("≥90%", "95%");
    for (size_t i = 0; i < 300; ++i) {
      const std::string name = "指标" + std::to_string((i + shift) % 45);
      const std::string target = "≥" + std::to_string(100 + (i + shift) % 7) + "人";
      const std::string actual = std::to_string(1 + (i * 13 + shift) % 97) + "人";
      p.rows.push_back(row("产出指标", name.c_str(), target.c_str(), actual.c_str()));
    }
    return p;
  };
  std::vector<Project> tables;
  for (size_t shift : {0, 1, 44, 3, 0}) tables.push_back(table(shift));
  std::vector<jixiao::ProjectResult> kept;
  {
    ProjectScorer reused = shipped();
    for (const Project& p : tables) {
      ProjectScorer fresh = shipped();
      kept.push_back(reused.score(p));
      check_alike(p, kept.back(), fresh.score(p));
    }
  }
  // The readings live with the results, after their scorer.
  CHECK(kept[2].rows[1].target->text == tables[2].rows[1].target);
  CHECK(kept[2].rows[1].actual->value == *Decimal::parse("1"));
}

TEST_CASE("projects: with the memo, rows score as a fresh scorer without it scores them, whatever ran before",
          "[projects]") {
  // The memo keys a row's run by its readings and its grade: rows of one
  // reading and another grade, of the target and actual swapped, of one
  // actual and another target, and of dates (date_met) each get their own.
  auto table = [](const char* grade, bool swapped) {
    Project p = one_row(swapped ? "≥95%" : "≥90%", swapped ? "90%" : "95%");
    p.rows.push_back(row("产出指标", "定性", "按时完成", "已完成"));
    p.rows.back().grade = grade;
    p.rows.push_back(row("产出指标", "同实际", swapped ? "≥96%" : "≥94%", "95%"));
    p.rows.push_back(row("产出指标", "日期", "2023年12月底前", swapped ? "2024年3月" : "2023年11月"));
    return p;
  };
  ProjectScorer memo = shipped();
  memo.set_memo(true);
  std::vector<std::string> totals;
  for (int pass = 0; pass < 2; ++pass)
    for (const char* grade : {"", "达成", "未达成", "部分达成"})
      for (bool swapped : {false, true}) {
        INFO("grade " << grade << (swapped ? ", swapped" : "") << ", pass " << pass);
        const Project p = table(grade, swapped);
        ProjectScorer fresh = shipped();
        const auto a = memo.score(p);
        check_alike(p, a, fresh.score(p));
        totals.push_back(a.total.str());
      }
  std::sort(totals.begin(), totals.end());
  CHECK(std::unique(totals.begin(), totals.end()) - totals.begin() >= 4);  // the rows did score apart
}

TEST_CASE("projects: with the memo and reasons off, rows score as a fresh scorer scores them, table after table",
          "[projects]") {
  // Without reasons, rows are answered by the scorer's own memo: rows of the
  // same cells and points come back from table to table, others (another
  // grade, the cells swapped, other points, a pending row, a date, names past
  // those the scorer keeps inputs for) must not take what they left.
  const char* const cells[][2] = {{"≥90%", "95%"},   {"≥95%", "90%"},   {"100人", "未完成"}, {"按时完成", "已完成"},
                                  {"优良", "较好"},   {"2023年12月底前", "2024年3月"}, {"≤10万元", "12.5万元"},
                                  {"≥90%", "95%"}};
  const size_t kinds = sizeof cells / sizeof cells[0];
  auto table = [&](size_t shift, const char* grade, bool stated) {
    Project p = one_row("≥90%", "95%");
    for (size_t i = 0; i < 40; ++i) {
      const std::string name = "指标" + std::to_string((i + shift) % 38);
      p.rows.push_back(row("产出指标", name.c_str(), cells[(i + shift) % kinds][0], cells[(i + shift) % kinds][1]));
      if (i % 5 == 0) p.rows.back().grade = grade;
    }
    if (stated)
      for (size_t i = 0; i < p.rows.size(); ++i) p.rows[i].weight = Decimal::from_int(static_cast<int64_t>(1 + (i + shift) % 3));
    return p;
  };
  ProjectScorer memo = shipped();
  memo.set_reasons(false);
  memo.set_memo(true);
  size_t scored_rows = 0, pending_rows = 0;
  for (int pass = 0; pass < 3; ++pass)
    for (size_t shift : {0, 1, 3, 0, 7})
      for (const char* grade : {"", "达成", "部分达成"})
        for (bool stated : {false, true}) {
          INFO("shift " << shift << ", grade " << grade << (stated ? ", stated" : "") << ", pass " << pass);
          const Project p = table(shift, grade, stated);
          ProjectScorer fresh = shipped();
          fresh.set_reasons(false);
          const auto a = memo.score(p);
          check_alike(p, a, fresh.score(p));
          for (const auto& r : a.rows) {
            scored_rows += r.status == ProjectRowResult::Status::kScored;
            pending_rows += r.status == ProjectRowResult::Status::kPending;
          }
        }
  CHECK(scored_rows > 0);
  CHECK(pending_rows > 0);
}
