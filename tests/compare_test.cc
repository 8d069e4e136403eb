// jixiao compare: the 凉山州科协 2021 filed record against its review record,
// the four output formats, the 自评质量 bands at their exact boundaries, and
// --fail-above / --all.
#include <catch2/catch.hpp>

#include <cctype>
#include <map>
#include <sstream>

#include "compare.h"
#include "compare_report.h"
#include "scorer.h"
#include "test_support.h"

using jixiao::Decimal;
using jixiao::Record;
using jixiao::Scorer;
using jixiao::test::run_jixiao;

namespace {

std::string home() { return jixiao::test::source_dir(); }

// A database with the 凉山州科协 2021 filed, review and project records and the example county.
std::string database(const std::string& name) {
  const std::string db = jixiao::test::scratch_dir(name) + "/jixiao.db";
  const auto run = run_jixiao({"import", home() + "/data/liangshan-kexie-2021.yaml",
                               home() + "/data/liangshan-kexie-2021-review.yaml",
                               home() + "/data/liangshan-kexie-2021-projects.yaml",
                               home() + "/data/example-county-kexie-2022.yaml", "--home", home(), "--db", db});
  REQUIRE(run.exit_code == 0);
  return db;
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::string item;
  std::istringstream in(text);
  while (std::getline(in, item, sep)) out.push_back(item);
  return out;
}

std::string trim(std::string s) {
  const auto first = s.find_first_not_of(" \t　");
  if (first == std::string::npos) return "";
  const auto last = s.find_last_not_of(" \t");
  return s.substr(first, last - first + 1);
}

struct Numbers {
  std::string filed, recomputed, difference;
};

// id → numbers, from the CSV output (the reference for the other formats).
std::map<std::string, Numbers> from_csv(const std::string& csv) {
  std::map<std::string, Numbers> out;
  for (const auto& line : split(csv, '\n')) {
    const auto f = split(line, ',');
    if (f.size() < 7 || f[0] == "id" || f[0] == "\xEF\xBB\xBF" "id") continue;  // the header, after the BOM
    out[f[0]] = {f[4], f[5], f[6]};
  }
  return out;
}

// name → numbers from a table or Markdown row ("| 目标实现 | 8.00 | 8.00 | 5.09 | +2.91 |").
std::map<std::string, Numbers> from_markdown(const std::string& md) {
  std::map<std::string, Numbers> out;
  for (const auto& line : split(md, '\n')) {
    const auto f = split(line, '|');
    if (f.size() < 6 || line.rfind("|---", 0) == 0) continue;
    std::string name = trim(f[1]);
    if (name.rfind("**", 0) == 0) name = name.substr(2, name.size() - 4);
    std::string diff = trim(f[5]);
    if (!diff.empty() && diff[0] == '+') diff = diff.substr(1);
    out[name] = {trim(f[3]), trim(f[4]), diff};
  }
  return out;
}

// name → numbers from the aligned table: name, weight, filed, recomputed, difference.
std::map<std::string, Numbers> from_table(const std::string& table) {
  std::map<std::string, Numbers> out;
  for (const auto& line : split(table, '\n')) {
    std::istringstream words(line);
    std::vector<std::string> w;
    for (std::string word; words >> word && w.size() < 5;) w.push_back(word);
    if (w.size() < 5 || !std::isdigit(static_cast<unsigned char>(w[2][0]))) continue;
    if (w[4][0] == '+') w[4] = w[4].substr(1);
    out[w[0]] = {w[2], w[3], w[4]};
  }
  return out;
}

// The value after "key": in the JSON object that starts at `from`.
std::string json_value(const std::string& json, size_t from, const std::string& key) {
  const size_t at = json.find("\"" + key + "\": ", from);
  const size_t start = at + key.size() + 4;
  const size_t end = json.find_first_of(",\n}", start);
  const std::string v = json.substr(start, end - start);
  return v == "null" ? "" : v;
}

}  // namespace

TEST_CASE("compare: the review record disagrees with the filed 85 on four leaves", "[compare]") {
  const std::string db = database("compare-liangshan");
  const auto run = run_jixiao({"compare", "凉山州科学技术协会", "2021", "--home", home(), "--db", db});
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("    目标实现   8.00      8.00      5.09   +2.91  多报"));
  CHECK_THAT(run.out, Catch::Contains("    编制准确   8.00      8.00      5.90   +2.10  多报"));
  CHECK_THAT(run.out, Catch::Contains("    动态调整   8.00      8.00      0.22   +7.78  多报"));
  // 专项预算管理 from the five project tables as the review read their pending rows.
  CHECK_THAT(run.out, Catch::Contains("专项预算管理  20.00     18.00     16.84   +1.16  多报  5个项目自评总分平均得分率84.22%×20分："
                                      "公共服务及基础设施运行保障（group-1）59.40分（满分100），待定行按评价组读法：第899行"));
  CHECK_THAT(run.out, Catch::Contains("第969行「6万元」评为未达成（实际完成值未填，评价组按未完成计）"));
  CHECK_THAT(run.out, Catch::Contains("自评总分 85.00，复核得分 71.05（评价组复核记录），差 +13.95，相对差异 19.63%；"
                                      "按「自评质量 › 自评质量 › 自评准确」规则扣 8.00 分"));
  // Each differing leaf shows the inputs and where they come from.
  CHECK_THAT(run.out, Catch::Contains("budget_reallocated（部门全年预算调剂金额） = 15 万元  出处：003_d3b1babfb2d71a4b.txt"));
}

TEST_CASE("compare: table, JSON, CSV and Markdown carry the same numbers", "[compare]") {
  const std::string db = database("compare-formats");
  auto as = [&](const char* format) {
    const auto run = run_jixiao({"compare", "--format", format, "--home", home(), "--db", db});
    REQUIRE(run.exit_code == 0);
    return run.out;
  };
  const auto csv = from_csv(as("csv"));
  const auto md = from_markdown(as("markdown"));
  const std::string json = as("json");
  const auto table = from_table(as("table"));
  REQUIRE(csv.size() == 23);  // the 22 nodes of the set and the total

  Scorer scorer = Scorer::from_file(jixiao::test::sets_dir() + "/liangshan-2021-dept.yaml", jixiao::test::scripts_dir());
  int leaves_checked = 0;
  for (const auto& ref : scorer.set().leaves()) {
    const std::string id = ref.node->id;
    INFO(id);
    const Numbers& c = csv.at(id);
    // Markdown, by name (names are unique among leaves here).
    const Numbers& m = md.at(ref.node->name);
    CHECK(m.filed == c.filed);
    CHECK(m.recomputed == c.recomputed);
    CHECK(m.difference == c.difference);
    // JSON, by id.
    const size_t at = json.find("\"id\": \"" + id + "\"");
    REQUIRE(at != std::string::npos);
    CHECK(json_value(json, at, "filed") == c.filed);
    CHECK(json_value(json, at, "recomputed") == c.recomputed);
    CHECK(json_value(json, at, "difference") == c.difference);
    // The table, by name, where the department filed a score.
    if (!c.filed.empty()) {
      const Numbers& t = table.at(ref.node->name);
      CHECK(t.filed == c.filed);
      CHECK(t.recomputed == c.recomputed);
      CHECK(t.difference == c.difference);
    }
    ++leaves_checked;
  }
  CHECK(leaves_checked == 13);
  CHECK(json_value(json, 0, "filed_total") == "85.00");
  CHECK(json_value(json, 0, "recomputed_total") == "71.05");
  CHECK(json_value(json, 0, "relative_gap_pct") == "19.634061");  // exact; printed 19.63
  CHECK(json_value(json, 0, "deduction") == "8.00");
  CHECK_THAT(as("csv"), Catch::EndsWith("total,总分,0,,85.00,71.05,13.95,,,相对差异 19.63%\n"));
}

TEST_CASE("compare: --fail-above exits 3 above the threshold and 0 at or below it", "[compare]") {
  const std::string db = database("compare-fail-above");
  auto exit_code = [&](const char* pct) {
    return run_jixiao({"compare", "--fail-above", pct, "--home", home(), "--db", db}).exit_code;
  };
  // The gap is 13.95 ÷ 71.05 = 19.634061%: above 19.63, though two places print it as 19.63.
  CHECK(exit_code("19.62") == 3);
  CHECK(exit_code("19.63") == 3);
  CHECK(exit_code("19.634061") == 0);
  CHECK(exit_code("19.64") == 0);
  CHECK(exit_code("20") == 0);
  CHECK(run_jixiao({"compare", "--fail-above", "lots", "--home", home(), "--db", db}).exit_code == 2);
}

TEST_CASE("compare: --all lists every department of the year by gap, then the bands", "[compare]") {
  const std::string db = database("compare-all");
  const auto run = run_jixiao({"compare", "--all", "2021", "--home", home(), "--db", db});
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("凉山州科学技术协会  85.00  71.05    19.63%          8.00  评价组复核记录"));
  CHECK_THAT(run.out, Catch::Contains("分布：扣0分 0 个，扣4分 0 个，扣8分 1 个，扣10分 0 个"));
  const auto y2022 = run_jixiao({"compare", "--all", "2022", "--home", home(), "--db", db});
  CHECK_THAT(y2022.out, Catch::Contains("示例县科学技术协会  74.00  69.58     6.35%          4.00  按自评记录的输入重新计算"));
}

// A set with the shipped 自评准确 rule and one judged leaf of 90 points, so
// that the recomputed total, and with it the gap, can be set exactly.
TEST_CASE("compare: each 自评质量 band boundary is priced by the set's own rule", "[compare]") {
  const std::string dir = jixiao::test::scratch_dir("compare-bands");
  const std::string set_yaml =
      "id: bands\nextends: liangshan-2021-dept\nname: 自评质量边界\n"
      "remove: [budget_mgmt, special_budget_mgmt, results_use]\n"
      "add:\n  - node: {id: work, name: 工作, weight: 90, explanation: x, rule: 判定}\n";
  Scorer scorer(set_yaml, "bands.yaml", jixiao::test::scripts_dir(), {}, [](const std::string& id) {
    return jixiao::test::sets_dir() + "/" + id + ".yaml";
  });
  Record review;
  review.entity = "测试单位";
  review.year = 2021;
  review.judgements["work"].score = Decimal::from_int(80);  // recomputed total 80
  review.judgements["work"].basis = "复核";
  const jixiao::Evaluation ev = scorer.evaluate(review);

  struct Case {
    const char* filed;
    const char* gap;
    const char* deduction;
  };
  const Case c = GENERATE(values<Case>({
      {"80", "0.00", "0"},
      {"84", "5.00", "0"},        // 在5%以内的，不扣分
      {"76", "5.00", "0"},        // 5% below the review score
      {"84.01", "5.01", "4"},
      {"88", "10.00", "4"},       // 5%-10%之间 takes exactly 10%
      {"88.01", "10.01", "8"},
      {"95.99", "19.99", "8"},
      {"96", "20.00", "10"},      // 20%以上 includes 20%
      {"64", "20.00", "10"},
      {"90", "12.50", "8"},
      {"88.003", "10.004", "8"},  // just above the edge: not printed as 10.00
      {"87.997", "9.996", "4"},   // just below it
      {"84.0001", "5.0001", "4"},
  }));
  CAPTURE(c.filed);
  Record filed = review;
  filed.filed_total = *Decimal::parse(c.filed);
  const jixiao::Comparison cmp = jixiao::compare(filed, ev, scorer, "test");
  CHECK(jixiao::gap_pct_text(cmp.relative_gap_pct) == c.gap);
  REQUIRE(cmp.accuracy);
  CHECK(cmp.accuracy->deduction.str() == c.deduction);
}

TEST_CASE("compare: --set recomputes the evidence under another set's rules", "[compare]") {
  const std::string db = database("compare-other-set");
  const auto run = run_jixiao({"compare", "凉山州科学技术协会", "2021", "--set", "example-county-2022-dept",
                               "--format", "csv", "--home", home(), "--db", db});
  REQUIRE(run.exit_code == 0);
  const auto rows = from_csv(run.out);
  // The county's banded 编制准确: 15 of 571.36 = 2.63%, within 5% → 8, not 5.90.
  CHECK(rows.at("budget_accuracy").recomputed == "8.00");
  CHECK(rows.at("budget_accuracy").difference == "0.00");
  CHECK(rows.at("target_achievement").recomputed == "5.09");
  CHECK_THAT(run.out, Catch::EndsWith("total,总分,0,,85.00,73.15,11.85,,,相对差异 16.1996%\n"));
}

// The red team's record (tests/fixtures/edge-gap-2021.yaml): filed 77.08 against
// judgements that total 70.07, a gap of 10.004281%, which the 自评准确 rule
// prices at 扣8 (above 10%).
TEST_CASE("compare: a gap just above a band edge fails --fail-above at the edge and never prints as the edge",
          "[compare]") {
  const std::string dir = jixiao::test::scratch_dir("compare-edge");
  const std::string db = dir + "/g.db";
  REQUIRE(run_jixiao({"import", home() + "/tests/fixtures/edge-gap-2021.yaml", "--home", home(), "--db", db}).exit_code == 0);
  auto compare = [&](std::vector<std::string> args) {
    args.insert(args.end(), {"--home", home(), "--db", db});
    return run_jixiao(args);
  };
  const auto text = compare({"compare", "边界单位", "2021", "--fail-above", "10"});
  CHECK(text.exit_code == 3);
  CHECK_THAT(text.out, Catch::Contains("自评总分 77.08，复核得分 70.07（按自评记录的输入重新计算），差 +7.01，相对差异 10.004%；"
                                       "按「自评质量 › 自评质量 › 自评准确」规则扣 8.00 分（自评77.08、抽查70.07，差异10.004%，扣8分）"));
  CHECK(compare({"compare", "边界单位", "2021", "--fail-above", "10.01"}).exit_code == 0);
  const auto json = compare({"compare", "边界单位", "2021", "--format", "json"}).out;
  CHECK(json_value(json, 0, "relative_gap_pct") == "10.004281");
  CHECK_THAT(compare({"compare", "边界单位", "2021", "--format", "csv"}).out, Catch::Contains(",相对差异 10.004%\n"));
  const auto all = compare({"compare", "--all", "2021", "--fail-above", "10"});
  CHECK(all.exit_code == 3);
  CHECK_THAT(all.out, Catch::Contains("边界单位  77.08  70.07   10.004%          8.00  按自评记录的输入重新计算"));
  CHECK_THAT(compare({"compare", "--all", "2021", "--format", "csv"}).out,
             Catch::Contains("边界单位,按自评记录的输入重新计算,77.08,70.07,10.004,8.00,\n"));
  CHECK_THAT(compare({"compare", "--all", "2021", "--format", "json"}).out,
             Catch::Contains("\"relative_gap_pct\": 10.004281"));
  CHECK_THAT(compare({"compare", "--all", "2021", "--format", "html"}).out, Catch::Contains(">10.004%<"));
}
