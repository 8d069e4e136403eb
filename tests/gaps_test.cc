// Records with gaps and sets with unknowns: every leaf that can be scored is,
// the others say what they lack, and the totals say how much they cover.
// The set here is a FIXTURE, made up for the test: no bureau published it.
#include <catch2/catch.hpp>

#include <string>

#include "error.h"
#include "files.h"
#include "scorer.h"
#include "test_support.h"

using jixiao::Decimal;
using jixiao::Evaluation;
using jixiao::LeafSource;
using jixiao::Record;
using jixiao::Scorer;
using namespace jixiao::test;

namespace {

// 预算 (40): 执行 20 by a script, 公开 20 by a checklist. 履职 (60): weight
// and rule of 履职一 unknown until `filled`. 自评质量 (unknown / 10) is not
// self-scored.
std::string fixture_set(bool filled) {
  const std::string duty_weight = filled ? "50" : "unknown";
  const std::string duty_rule = filled ? "完成率×分值" : "unknown";
  const std::string duty_script = filled ? "proportional.lua" : "unknown";
  using namespace std::string_literals;
  return "id: fixture-gaps\n"s
         "name: 虚构的指标体系（测试夹具）\n"
         "total: 100\n"
         "indicators:\n"
         "  - id: budget\n"
         "    name: 预算\n"
         "    weight: 40\n"
         "    children:\n"
         "      - {id: execution, name: 执行, weight: 20, explanation: 说明, rule: 执行率×分值,\n"
         "         script: proportional.lua, facts: [spent, budget],\n"
         "         params: {actual: spent, base: budget, target_pct: 100}}\n"
         "      - {id: published, name: 公开, weight: 20, explanation: 说明, rule: 公开得分,\n"
         "         script: checklist.lua, facts: [disclosed],\n"
         "         params: {otherwise: zero, items: [{fact: disclosed, points: 20, label: 公开}]}}\n"
         "  - id: duty\n"
         "    name: 履职\n"
         "    weight: " + (filled ? "60" : "unknown") + "\n"
         "    children:\n"
         "      - {id: duty_done, name: 履职一, weight: " + duty_weight + ", explanation: 说明, rule: " + duty_rule +
         ", script: " + duty_script + ",\n"
         "         facts: [tasks_done, tasks_planned], params: {actual: tasks_done, base: tasks_planned, target_pct: 100}}\n"
         "      - {id: quality, name: 自评质量, weight: 10, explanation: 说明, rule: 由评价组打分, self_scored: false}\n";
}

Record fixture_record(bool with_disclosure) {
  Record r;
  r.entity = "虚构单位";
  r.year = 2022;
  r.source = "data/fixture.yaml";
  r.facts["spent"] = number_fact("spent", "90");
  r.facts["budget"] = number_fact("budget", "100");
  if (with_disclosure) r.facts["disclosed"] = bool_fact("disclosed", true);
  r.facts["tasks_done"] = number_fact("tasks_done", "8", "项");
  r.facts["tasks_planned"] = number_fact("tasks_planned", "10", "项");
  r.filed_total = Decimal::parse("89");
  return r;
}

Scorer fixture_scorer(bool filled) { return Scorer(fixture_set(filled), "sets/fixture-gaps.yaml", scripts_dir()); }

}  // namespace

TEST_CASE("gaps: leaves of unknown weight and leaves without inputs are uncovered, never 0", "[gaps]") {
  Scorer scorer = fixture_scorer(false);
  const Record record = fixture_record(false);
  const Evaluation ev = scorer.evaluate(record);

  CHECK(ev.leaf("execution")->score == Decimal::from_int(18));
  const auto* published = ev.leaf("published");
  CHECK(published->source == LeafSource::kUncovered);
  CHECK_FALSE(published->score.has_value());
  CHECK(published->missing == std::vector<std::string>{"fact 'disclosed'", "判定"});
  const auto* duty = ev.leaf("duty_done");
  CHECK(duty->source == LeafSource::kUncovered);
  CHECK(duty->missing == std::vector<std::string>{"分值（未公布）", "计分标准（未公布）", "评分脚本（未选定）"});

  CHECK_FALSE(ev.complete());
  CHECK(ev.total == Decimal::from_int(18));
  CHECK(ev.covered == Decimal::from_int(20));
  CHECK(ev.max == Decimal::from_int(90));  // 100 less 自评质量's 10
  CHECK(ev.uncovered() == Decimal::from_int(70));
  CHECK(ev.covered_pct()->str(2) == "22.22");
  // 18 recomputed and 70 uncovered cannot reach the filed 89.
  CHECK(ev.inconsistencies == std::vector<std::string>{"可重新计算部分得 18.00 分，其余 70.00 分即使全得，合计也只有 "
                                                       "88.00 分，低于填报总分 89.00：不一致"});
  CHECK(std::string(jixiao::incomplete_error(ev).what()) ==
        "data/fixture.yaml: 虚构单位 2022: 2 leaf(s) cannot be scored\n"
        "  [预算 › 公开（published）] missing fact 'disclosed', and no judgement is recorded for 'published'\n"
        "  [履职 › 履职一（duty_done）] the set gives no weight for 'duty_done' (weight: unknown)");
}

TEST_CASE("gaps: filling in the set's unknowns by editing its YAML makes the same record score completely",
          "[gaps]") {
  Scorer scorer = fixture_scorer(true);
  Record record = fixture_record(true);
  record.filed_total = Decimal::from_int(78);
  const Evaluation ev = scorer.evaluate(record);
  CHECK(ev.complete());
  CHECK(ev.total == Decimal::from_int(18 + 20 + 40));
  CHECK(ev.covered == Decimal::from_int(90));
  CHECK(ev.uncovered() == Decimal());
  CHECK(ev.covered_pct()->str(2) == "100.00");
  CHECK(ev.inconsistencies.empty());
}

TEST_CASE("gaps: a filed total above the maximum, or filed leaves that do not add up to it, are 不一致", "[gaps]") {
  Scorer scorer = fixture_scorer(true);
  Record record = fixture_record(true);
  record.filed_total = Decimal::parse("91");
  CHECK(scorer.evaluate(record).inconsistencies ==
        std::vector<std::string>{"填报总分 91.00 超过自评满分 90.00：不一致"});

  record.filed_total = Decimal::parse("30");
  record.filed_scores["execution"] = Decimal::from_int(20);
  record.filed_scores["published"] = Decimal::from_int(20);
  CHECK(scorer.evaluate(record).inconsistencies ==
        std::vector<std::string>{"已填报的分项得分合计 40.00 已超过填报总分 30.00：不一致"});

  record.filed_scores["duty_done"] = Decimal::from_int(40);
  record.filed_total = Decimal::parse("78");
  CHECK(scorer.evaluate(record).inconsistencies ==
        std::vector<std::string>{"填报的分项得分合计 80.00 与填报总分 78.00 不一致"});
  record.filed_total = Decimal::parse("80");
  CHECK(scorer.evaluate(record).inconsistencies.empty());
}

TEST_CASE("gaps: CSV marks a total and subtotals that leave out a leaf without a score as partial, never as final",
          "[gaps]") {
  const std::string dir = scratch_dir("gaps-csv-partial");
  std::string yaml;
  for (const std::string& line : lines_of(jixiao::read_file(source_dir() + "/data/example-county-kexie-2022.yaml")))
    if (line.find("violations_found") == std::string::npos) yaml += line + "\n";
  write_text(dir + "/county.yaml", yaml);
  const std::string db = dir + "/x.db";
  REQUIRE(run_jixiao({"import", dir + "/county.yaml", "--home", source_dir(), "--db", db}).exit_code == 0);
  const CliRun csv = run_jixiao({"score", "示例县科学技术协会", "2022", "--format", "csv", "--home", source_dir(), "--db", db});
  REQUIRE(csv.exit_code == 0);
  CHECK_THAT(csv.out, Catch::Contains("\nbudget_mgmt,部门预算管理,1,60.00,52.00,40.58,11.42,多报,partial,未能计算 8.00 分\n"));
  CHECK_THAT(csv.out, Catch::Contains("\ncompletion,部门预算管理 › 完成结果,2,16.00,15.00,8.00,7.00,多报,partial,未能计算 8.00 分\n"));
  CHECK_THAT(csv.out, Catch::Contains("\nviolations,部门预算管理 › 完成结果 › 违规记录,3,8.00,7.00,,,,uncovered,缺少输入，亦未记录判定\n"));
  CHECK_THAT(csv.out, Catch::Contains("\nbudget_preparation,部门预算管理 › 预算编制,2,24.00,20.00,16.00,4.00,多报,,\n"));
  CHECK_THAT(csv.out, Catch::EndsWith("\ntotal,总分,0,,74.00,62.58,,,partial,不是最终得分：1 项指标未能计算，覆盖分值 82.00\n"));
  // The whole record gives a final total, and no row says partial.
  const std::string whole = dir + "/whole.db";
  REQUIRE(run_jixiao({"import", source_dir() + "/data/example-county-kexie-2022.yaml", "--home", source_dir(), "--db", whole})
              .exit_code == 0);
  const CliRun final_csv =
      run_jixiao({"score", "示例县科学技术协会", "2022", "--format", "csv", "--home", source_dir(), "--db", whole});
  CHECK(final_csv.out.find("partial") == std::string::npos);
  CHECK_THAT(final_csv.out, Catch::EndsWith("\ntotal,总分,0,,74.00,69.58,4.42,,,\n"));
}
