// Rule variants of the project set as declared parameters, each at its boundaries.
#include "project_scorer.h"
#include "project_report.h"

#include <filesystem>

#include <catch2/catch.hpp>

#include "error.h"
#include "files.h"
#include "test_support.h"

using jixiao::Decimal;
using jixiao::Judgement;
using jixiao::Project;
using jixiao::ProjectRow;
using jixiao::ProjectRowResult;
using jixiao::ProjectScorer;

namespace {

// A variant of the shipped set declared in YAML that extends it.
ProjectScorer variant(const std::string& yaml) {
  return ProjectScorer("id: v\nextends: project-selfeval-2021\nname: 变体\n" + yaml, "v.yaml",
                       jixiao::test::scripts_dir(),
                       [](const std::string& id) { return jixiao::test::sets_dir() + "/" + id + ".yaml"; });
}

ProjectRow row(const char* level1, const char* level2, const char* name, const char* target, const char* actual,
               const char* weight) {
  ProjectRow r;
  r.level1 = level1;
  r.level2 = level2;
  r.name = name;
  r.target = target;
  r.actual = actual;
  if (*weight) r.weight = *Decimal::parse(weight);
  return r;
}

// One output row worth 50 with `target` and `actual`, the other rows met.
Project one_row(const char* target, const char* actual) {
  Project p;
  p.id = "p";
  p.name = "测试项目";
  p.planned = Decimal::from_int(100);
  p.executed = Decimal::from_int(100);
  p.rows = {row("产出指标", "数量指标", "指标", target, actual, "50"),
            row("效益指标", "社会效益指标", "效益", "1项", "1项", "30"),
            row("满意度指标", "满意度指标", "满意度", "≥90%", "95%", "10")};
  return p;
}

std::string first(ProjectScorer& scorer, const Project& p) {
  const auto r = scorer.score(p).rows.front();
  return r.score ? r.score->str(2) : "pending: " + r.reason;
}

}  // namespace

TEST_CASE("variants: a bare figure reads exact or at least, as the set declares", "[project-variants]") {
  ProjectScorer exact = variant("");
  ProjectScorer at_least = variant("rows: {params: {bare_figure: at_least, over_cap_pct: 120}}");
  ProjectScorer exact_uncapped = variant("rows: {params: {over_cap_pct: 120}}");
  CHECK(first(exact, one_row("8000", "9000")) == "50.00");           // equal_above: full
  CHECK(first(at_least, one_row("8000", "9000")) == "56.25");        // ≥8000: 9000 ÷ 8000 × 50
  CHECK(first(at_least, one_row("8000", "12000")) == "60.00");       // capped at 120%
  CHECK(first(exact_uncapped, one_row("8000", "9000")) == "50.00");  // exact: no bonus for a bare figure
  CHECK(first(at_least, one_row("8000", "4000")) == "25.00");
  CHECK_THROWS_WITH(variant("rows: {params: {bare_figure: about}}"),
                    Catch::Contains("rows.params.bare_figure must be exact or at_least"));
}

TEST_CASE("variants: over-achievement capped or not for ≤ targets too", "[project-variants]") {
  ProjectScorer capped = variant("");
  ProjectScorer uncapped = variant("rows: {params: {over_cap_pct: 120}}");
  CHECK(first(capped, one_row("≤10万元", "8万元")) == "50.00");
  CHECK(first(uncapped, one_row("≤10万元", "9万元")) == "55.56");  // 10 ÷ 9 × 50
  CHECK(first(uncapped, one_row("≤10万元", "5万元")) == "60.00");  // capped at 120%
  CHECK(first(uncapped, one_row("≤10万元", "0万元")) == "60.00");
  CHECK(first(uncapped, one_row("≤10万元", "12万元")) == "41.67");
}

TEST_CASE("variants: a late date scores 0 or waits for a person, as the set declares", "[project-variants]") {
  ProjectScorer judgement = variant("");
  ProjectScorer zero = variant("rows: {params: {date_late: zero}}");
  CHECK(first(judgement, one_row("2023年12月", "2024年2月")) ==
        "pending: 日期指标，逾期，须人工判定：实际2024年2月，指标≤2023年12月");
  CHECK(first(zero, one_row("2023年12月", "2024年2月")) == "0.00");
  CHECK(first(zero, one_row("2023年12月", "2023年12月")) == "50.00");
}

TEST_CASE("variants: rounding mode, and whether rows or only the total are rounded", "[project-variants]") {
  Project p = one_row("≥300人", "290人");  // 290 ÷ 300 × 50 = 48.3333…
  p.executed = *Decimal::parse("96.85");  // 9.685
  ProjectScorer half_up = variant("");
  ProjectScorer truncate = variant("rounding: {mode: truncate}");
  ProjectScorer ceiling = variant("rounding: {mode: ceiling}");
  ProjectScorer total_only = variant("rounding: {rows: false}");
  CHECK(half_up.score(p).budget_score->str(2) == "9.69");
  CHECK(half_up.score(p).total.str(2) == "98.02");  // 9.69 + 48.33 + 40
  CHECK(truncate.score(p).budget_score->str(2) == "9.68");
  CHECK(truncate.score(p).total.str(2) == "98.01");
  CHECK(ceiling.score(p).rows[0].score->str(2) == "48.34");
  const auto exact_rows = total_only.score(p);
  CHECK(exact_rows.rows[0].score->str() == "48.333333");
  CHECK(exact_rows.total.str(2) == "98.02");  // 9.685 + 48.333333 + 40 = 98.018333 → 98.02
  CHECK_THROWS_WITH(variant("rounding: {mode: bankers}"),
                    Catch::Contains("rounding.mode must be half-up, half-even, truncate, floor or ceiling, not 'bankers'"));
}

TEST_CASE("variants: the budget row worth 0 or 20, in or out of the total", "[project-variants]") {
  ProjectScorer none = variant(
      "budget: {weight: 0}\ncategories:\n  - {name: 产出指标, weight: 60, aliases: [项目完成指标]}\n"
      "  - {name: 效益指标, weight: 30}\n  - {name: 满意度指标, weight: 10}\n");
  Project p = one_row("≥10个", "10个");
  p.rows[0].weight = Decimal::from_int(60);
  p.executed = Decimal::from_int(50);
  const auto result = none.score(p);
  CHECK(result.budget_score->str(2) == "0.00");
  CHECK(result.total.str(2) == "100.00");
  CHECK(result.inconsistencies.empty());
}

TEST_CASE("variants: a person's judgement scores any row, and must lie in its band", "[project-variants]") {
  ProjectScorer bands = variant("rows: {params: {bands: {好: [80, 100], 较好: [60, 80], 一般: [0, 60]}}}");
  Project p = one_row("服务质量显著提升", "有所提升");
  p.rows[0].grade = "较好";
  const auto waiting = bands.score(p);
  CHECK(waiting.rows[0].status == ProjectRowResult::Status::kPending);
  CHECK(waiting.rows[0].reason == "定性指标评为「较好」，须人工在分值的 60%–80% 之内给分");
  Judgement j;
  j.score = Decimal::from_int(35);
  j.basis = "服务质量有所提升，未达显著";
  j.provenance.inferred = "评价组复核";
  p.rows[0].judgement = j;
  const auto judged = bands.score(p, "data/p.yaml");
  CHECK(judged.rows[0].score->str(2) == "35.00");
  CHECK(judged.rows[0].judged);
  CHECK(judged.rows[0].reason == "人工判定：服务质量有所提升，未达显著（inferred: 评价组复核）；档次「较好」60%–80%");
  CHECK(judged.inconsistencies.empty());
  p.rows[0].judgement->score = Decimal::from_int(41);  // 82%: above the band
  CHECK(bands.score(p, "data/p.yaml").inconsistencies ==
        std::vector<std::string>{"产出指标 › 数量指标 › 指标: 不一致：人工判定得分 41.00 不在档次「较好」之内（分值的 60%–80%）"});
  // A judgement on a quantitative row, without bands, overrides the rule and is checked against 0..分值.
  ProjectScorer plain = variant("");
  Project q = one_row("≥10个", "8个");
  q.rows[0].judgement = j;
  q.rows[0].judgement->score = Decimal::from_int(51);
  CHECK(plain.score(q).inconsistencies ==
        std::vector<std::string>{"产出指标 › 数量指标 › 指标: 不一致：人工判定得分 51.00，高于分值 50.00",
                                 "project p（测试项目）: 不一致：总分 101.00 高于满分 100.00"});
  CHECK_THROWS_WITH(variant("rows: {params: {bands: {好: [80, 120]}}}"),
                    Catch::Contains("rows.params.bands.好: expected [low, high], percentages of the 分值"));
}

TEST_CASE("variants: a parent row carrying its rows' subtotal is shown and checked, never counted twice", "[project-variants]") {
  ProjectScorer scorer = variant("");
  Project p = one_row("≥10个", "10个");
  ProjectRow parent = row("产出指标", "数量指标", "数量指标小计", "", "", "50");
  parent.subtotal = true;
  parent.score = Decimal::from_int(45);
  p.rows[0].weight = Decimal::from_int(30);
  p.rows.insert(p.rows.begin(), parent);
  p.rows.insert(p.rows.begin() + 2, row("产出指标", "数量指标", "指标二", "≥4次", "2次", "20"));
  p.rows[1].score = Decimal::from_int(30);
  p.rows[2].score = Decimal::from_int(15);
  const auto result = scorer.score(p);
  CHECK(result.rows[0].status == ProjectRowResult::Status::kSubtotal);
  CHECK(result.rows[0].score->str(2) == "40.00");  // 30 + 10, recomputed
  CHECK(result.total.str(2) == "90.00");           // 10 + 30 + 10 + 30 + 10: the subtotal not added
  CHECK(result.inconsistencies.empty());
  CHECK(result.departures.str(2) == "5.00");  // the child's +5 only, not again on the parent
  p.rows[0].weight = Decimal::from_int(40);
  CHECK(scorer.score(p).inconsistencies.front() == "产出指标 › 数量指标 › 数量指标小计: 不一致：小计分值 40，下列各行分值合计 50");
}

TEST_CASE("variants: per-row 权重占比 beside the per-project one", "[project-variants]") {
  ProjectScorer scorer = variant("");
  Project p = one_row("≥10个", "10个");
  p.rows[0].weight_share = *Decimal::parse("0.35");
  p.weight_share = *Decimal::parse("0.3");
  const auto result = scorer.score(p);
  CHECK(result.rows[0].converted->str(2) == "17.50");
  CHECK(result.converted->str(2) == "30.00");
  const std::string table = jixiao::render_project_table(scorer.set(), result);
  CHECK_THAT(table, Catch::Contains("17.50（×0.35）"));
  CHECK_THAT(table, Catch::Contains("折算得分 30.00（× 权重占比 0.3）"));
}

TEST_CASE("variants: a template without per-row 分值 says its points are assumed", "[project-variants]") {
  ProjectScorer scorer = variant("");
  Project p = one_row("≥10个", "10个");
  for (auto& r : p.rows) r.weight.reset();
  const auto result = scorer.score(p);
  CHECK(result.weights_assumed);
  CHECK(result.rows[0].weight_basis == "假定：产出指标 50 ÷ 1 项");
  CHECK_THAT(jixiao::render_project_table(scorer.set(), result), Catch::Contains("表中未印各行分值：分值按指标体系假定"));
}

TEST_CASE("variants: the guide's example script for a rule no parameter covers scores as it says", "[project-variants]") {
  const std::string guide = jixiao::read_file(jixiao::test::source_dir() + "/indicator-sets/GUIDE.md");
  const size_t marker = guide.find("<!-- project-row-example -->");
  REQUIRE(marker != std::string::npos);
  const size_t begin = guide.find("```lua\n", marker) + 7, end = guide.find("```", begin);
  const std::string scripts = jixiao::test::scratch_dir("guide-project-row");
  std::filesystem::create_directories(scripts + "/lib");
  for (const char* file : {"budget_execution.lua", "lib/rules.lua"})
    jixiao::test::write_text(scripts + "/" + file, jixiao::read_file(jixiao::test::scripts_dir() + "/" + file));
  jixiao::test::write_text(scripts + "/satisfaction_steps.lua", guide.substr(begin, end - begin));
  ProjectScorer scorer("id: v\nextends: project-selfeval-2021\nname: 变体\n"
                       "rows: {rule: 满意度分档, script: satisfaction_steps.lua, params: {}}\n",
                       "v.yaml", scripts,
                       [](const std::string& id) { return jixiao::test::sets_dir() + "/" + id + ".yaml"; });
  CHECK(first(scorer, one_row("≥90%", "92%")) == "50.00");
  CHECK(first(scorer, one_row("≥90%", "80%")) == "25.00");
  CHECK(first(scorer, one_row("≥90%", "79%")) == "0.00");
  CHECK(first(scorer, one_row("≥90%", "很满意")) == "pending: 满意度须为数值：指标「≥90%」，实际「很满意」");
}
