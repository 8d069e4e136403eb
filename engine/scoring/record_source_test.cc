#include "record_source.h"

#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include "error.h"
#include "test_support.h"

using jixiao::Decimal;
using jixiao::Error;
using jixiao::ErrorKind;
using jixiao::parse_record;
using jixiao::Value;

namespace {

// A small valid data source; tests replace or delete single lines (1-based).
const std::string kRecord =
    "entity: 凉山州科学技术协会\n"                          //  1
    "year: 2021\n"                                          //  2
    "set: liangshan-2021-dept\n"                            //  3
    "facts:\n"                                              //  4
    "  annual_budget:\n"                                    //  5
    "    label: 年度预算总额\n"                              //  6
    "    value: 686.54\n"                                   //  7
    "    unit: 万元\n"                                       //  8
    "    source: {file: 003.txt, quote: \"总支686.54万元\"}\n"  //  9
    "  published:\n"                                        // 10
    "    label: 公开\n"                                      // 11
    "    value: true\n"                                     // 12
    "    inferred: 网站可查\n";                              // 13

std::string with_line(int number, const std::string& text) {
  std::istringstream in(kRecord);
  std::string line, out;
  for (int n = 1; std::getline(in, line); ++n) out += (n == number ? text : line) + "\n";
  return out;
}

std::string without_line(int number) {
  std::istringstream in(kRecord);
  std::string line, out;
  for (int n = 1; std::getline(in, line); ++n)
    if (n != number) out += line + "\n";
  return out;
}

std::string record_error(const std::string& yaml) {
  try {
    parse_record(yaml, "data/x.yaml");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kInput);
    return e.what();
  }
  FAIL("parse_record accepted the data source");
  return {};
}

}  // namespace

TEST_CASE("record: the shipped 科协 2021 data source parses completely", "[record]") {
  const std::string path = jixiao::test::source_dir() + "/data/liangshan-kexie-2021.yaml";
  const auto r = jixiao::load_record_file(path);
  CHECK(r.entity == "凉山州科学技术协会");
  CHECK(r.year == 2021);
  CHECK(r.kind == "filed");
  CHECK(r.set_id == "liangshan-2021-dept");
  CHECK(r.source == path);
  CHECK(r.title() == "凉山州科学技术协会 2021");

  REQUIRE(r.filed_total.has_value());
  CHECK(r.filed_total->str() == "85");
  CHECK(r.filed_scores.size() == 12);
  Decimal sum;
  for (const auto& [leaf, score] : r.filed_scores) sum += score;
  CHECK(sum == Decimal::from_int(85));
  CHECK(r.filed_scores.at("spending_control") == Decimal::from_int(3));
  CHECK(r.filed_scores.at("special_budget_mgmt") == Decimal::from_int(18));

  CHECK(r.facts.size() == 12);
  const auto& budget = r.facts.at("annual_budget");
  CHECK(budget.name == "annual_budget");
  CHECK(budget.label == "年度预算总额");
  CHECK(budget.value.type == Value::Type::kNumber);
  CHECK(budget.value.text == "686.54");
  CHECK(budget.value.number == *Decimal::parse("686.54"));
  CHECK(budget.unit == "万元");
  CHECK(budget.provenance.file == "003_d3b1babfb2d71a4b.txt");
  CHECK(budget.provenance.quote ==
        "2021年当年财政拨款调整预算数收入616.54万元……财政拨款上年项目结转70万元");
  CHECK(budget.provenance.inferred ==
        "616.54 + 70 = 686.54, which the report also gives as 「当年总收支686.54万元全部编入年初预算」");
  CHECK(r.facts.at("initial_budget").value.text == "571.36");
  CHECK(r.facts.at("violations_found").unit == "个");
  CHECK(r.facts.at("monitoring_cancelled").provenance.inferred.empty());

  const auto& flag = r.facts.at("targets_complete");
  CHECK(flag.value == Value::of_bool(true));
  CHECK(flag.unit.empty());

  for (const auto& [name, fact] : r.facts) {
    INFO(name);
    CHECK(fact.name == name);
    CHECK(!fact.label.empty());
    CHECK(!fact.provenance.display().empty());
    if (fact.value.type == Value::Type::kNumber) CHECK(!fact.unit.empty());
  }

  CHECK(r.judgements.size() == 4);
  const auto& special = r.judgements.at("special_budget_mgmt");
  CHECK(special.score == Decimal::from_int(18));
  CHECK(special.basis == "受疫情影响项目执行进度前期较缓慢，极个别绩效目标偏离预期，扣2分");
  CHECK(special.provenance.inferred.empty());
  CHECK(!r.judgements.at("spending_control").provenance.inferred.empty());
  CHECK(r.rows.empty());
}

TEST_CASE("record: a small source keeps values, units and provenance as written", "[record]") {
  const auto r = parse_record(kRecord, "data/x.yaml");
  CHECK(r.source == "data/x.yaml");
  CHECK(r.kind == "filed");
  CHECK(!r.filed_total.has_value());
  const auto& budget = r.facts.at("annual_budget");
  CHECK(budget.value.text == "686.54");
  CHECK(budget.unit == "万元");
  CHECK(budget.provenance.display() == "003.txt: 「总支686.54万元」");
  CHECK(r.facts.at("published").provenance.display() == "inferred: 网站可查");
}

TEST_CASE("record: rows keep their order and their cells' order", "[record]") {
  const auto r = parse_record(
      "entity: x\nyear: 2021\nset: s\nrows:\n  t:\n"
      "    - {name: 乙, target: 25, actual: 22, inferred: a}\n"
      "    - {name: 甲, target: 10, actual: 10, inferred: b}\n",
      "data/x.yaml");
  const auto& rows = r.rows.at("t");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].cells[0].second.text == "乙");
  CHECK(rows[1].cells[0].second.text == "甲");
  REQUIRE(rows[0].cells.size() == 3);
  CHECK(rows[0].cells[1].first == "target");
  CHECK(rows[0].cells[2].second.number == Decimal::from_int(22));
  CHECK(rows[1].provenance.inferred == "b");
}

TEST_CASE("record: a fact without provenance is refused at the fact", "[record]") {
  CHECK(record_error(without_line(9)) ==
        "data/x.yaml:6:5: fact annual_budget: say where it comes from: "
        "'source: {file: …, quote: …}' or 'inferred: why'");
  // A source file without a quote is no provenance either.
  CHECK(record_error(with_line(9, "    source: {file: 003.txt}")) ==
        "data/x.yaml:6:5: fact annual_budget: say where it comes from: "
        "'source: {file: …, quote: …}' or 'inferred: why'");
}

TEST_CASE("record: rows and judgements need provenance too", "[record]") {
  CHECK(record_error("entity: x\nyear: 2021\nset: s\nrows:\n  t:\n    - {a: 1, b: x}\n") ==
        "data/x.yaml:6:7: a row of t: say where it comes from: 'source: {file: …, quote: …}' or 'inferred: why'");
  CHECK(record_error("entity: x\nyear: 2021\nset: s\njudgements:\n  a:\n    score: 8\n    basis: ok\n") ==
        "data/x.yaml:6:5: judgement a: say where it comes from: 'source: {file: …, quote: …}' or 'inferred: why'");
}

TEST_CASE("record: a number needs its unit", "[record]") {
  CHECK(record_error(without_line(8)) ==
        "data/x.yaml:6:5: fact annual_budget: a number needs its unit (万元, 元, %, 个, …)");
}

TEST_CASE("record: an unknown key is refused with the nearest known key", "[record]") {
  CHECK(record_error(with_line(3, "sett: liangshan-2021-dept")) ==
        "data/x.yaml:3:1: unknown key 'sett', did you mean 'set'?");
  CHECK(record_error(with_line(4, "fact:")) == "data/x.yaml:4:1: unknown key 'fact', did you mean 'facts'?");
  CHECK(record_error(with_line(8, "    units: 万元")) == "data/x.yaml:8:5: unknown key 'units', did you mean 'unit'?");
}

TEST_CASE("record: a swapped pair of letters in a short key is still suggested", "[record]") {
  // A transposition is one edit: 'lable' is one typo away from 'label'.
  CHECK(record_error(with_line(6, "    lable: 年度预算总额")) ==
        "data/x.yaml:6:5: unknown key 'lable', did you mean 'label'?");
  CHECK(record_error(with_line(9, "    source: {file: 003.txt, qoute: \"总支686.54万元\"}")) ==
        "data/x.yaml:9:29: unknown key 'qoute', did you mean 'quote'?");
}

TEST_CASE("record: the year must be a whole year", "[record]") {
  CHECK(record_error(with_line(2, "year: 21")) == "data/x.yaml:2:7: year must be a whole year such as 2021");
  CHECK(record_error(with_line(2, "year: 2021.5")) == "data/x.yaml:2:7: year must be a whole year such as 2021");
  CHECK(record_error(with_line(2, "year: 二〇二一")) ==
        "data/x.yaml:2:7: year: expected a decimal number such as 8 or 686.54, got '二〇二一'");
  CHECK(record_error(without_line(2)) == "data/x.yaml:1:1: missing 'year'");
}

TEST_CASE("record: the record kind is filed, review or projects", "[record]") {
  CHECK(parse_record(kRecord + "record: review\n", "data/x.yaml").kind == "review");
  CHECK(record_error(kRecord + "record: self\n") == "data/x.yaml:14:9: record must be 'filed', 'review' or 'projects'");
}

TEST_CASE("record: a filed score must be a number", "[record]") {
  CHECK(record_error("entity: x\nyear: 2021\nset: s\nfiled:\n  scores:\n    a: eight\n") ==
        "data/x.yaml:6:8: filed score of a: expected a decimal number such as 8 or 686.54, got 'eight'");
}

TEST_CASE("record: a fact named twice is refused", "[record]") {
  CHECK(record_error("entity: x\nyear: 2021\nset: s\nfacts:\n"
                     "  a: {label: A, value: 1, unit: 个, inferred: x}\n"
                     "  a: {label: A, value: 2, unit: 个, inferred: x}\n") ==
        "data/x.yaml:6:3: duplicate key 'a'");
}

TEST_CASE("record: a number written with its unit is refused, not read as text", "[record]") {
  const std::string yaml =
      "entity: 测试单位\nyear: 2021\nset: s\nfacts:\n"
      "  annual_budget:\n    label: 年度预算总额\n    value: 686.54万元\n    inferred: test\n";
  try {
    jixiao::parse_record(yaml, "data/x.yaml");
    FAIL("no error");
  } catch (const jixiao::Error& e) {
    CHECK(std::string(e.what()) ==
          "data/x.yaml:7:12: fact annual_budget: '686.54万元' reads as a number with its unit: write "
          "'value: <number>' and 'unit: <unit>' apart (quote the value if it really is text)");
  }
}

TEST_CASE("record: a unit on a value that is not a number is refused", "[record]") {
  const std::string yaml =
      "entity: 测试单位\nyear: 2021\nset: s\nfacts:\n"
      "  published:\n    label: 公开\n    value: true\n    unit: 个\n    inferred: test\n";
  try {
    jixiao::parse_record(yaml, "data/x.yaml");
    FAIL("no error");
  } catch (const jixiao::Error& e) {
    CHECK(std::string(e.what()) == "data/x.yaml:6:5: fact published: a unit goes with a number, but the value is true/false");
  }
}

TEST_CASE("record: nested YAML aliases cannot blow up into billions of values", "[record]") {
  std::string yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i <= 8; ++i)
    yaml += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [*a" + std::to_string(i - 1) + ", *a" +
            std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + ", *a" +
            std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + ", *a" +
            std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + "]\n";
  try {
    jixiao::parse_record(yaml, "data/bomb.yaml");
    FAIL("no error");
  } catch (const jixiao::Error& e) {
    CHECK(std::string(e.what()) ==
          "data/bomb.yaml:6:10: the alias *a4 would copy 111111 values, taking the file past 200000 values: "
          "aliases (*) are copied where they are used");
  }
}

TEST_CASE("record: filed totals, filed scores and judgements are from 0 to 1000000", "[record]") {
  const std::string head = "entity: x\nyear: 2021\nset: s\n";
  // This total used to reach compare, whose printing negated INT64_MIN.
  CHECK(record_error(head + "filed:\n  total: -9223372036782.565808\n") ==
        "data/x.yaml:5:10: filed.total must be from 0 to 1000000, not -9223372036782.565808");
  CHECK(record_error(head + "filed:\n  scores: {a: 1000000.000001}\n") ==
        "data/x.yaml:5:15: filed score of a must be from 0 to 1000000, not 1000000.000001");
  CHECK(record_error(head + "judgements:\n  a: {score: -1, basis: b, inferred: c}\n") ==
        "data/x.yaml:5:14: judgement a: score must be from 0 to 1000000, not -1");
  CHECK(parse_record(head + "filed:\n  total: 1000000\n  scores: {a: 0}\n", "data/x.yaml").filed_total ==
        Decimal::from_int(1000000));
}

TEST_CASE("record: line numbers are whole numbers in range, never wrapped", "[record]") {
  const std::string head =
      "entity: x\nyear: 2021\nset: s\nrecord: projects\nprojects:\n  - id: p\n    name: n\n    inferred: i\n"
      "    rows:\n";
  CHECK(record_error(head + "      - {level1: a, level2: b, name: c, line: 99999999999}\n") ==
        "data/x.yaml:10:47: line must be a whole number from 1 to 10000000, not 99999999999");
  CHECK(record_error(head + "      - {level1: a, level2: b, name: c, line: 3.5}\n") ==
        "data/x.yaml:10:47: line must be a whole number from 1 to 10000000, not 3.5");
  CHECK(record_error("entity: x\nyear: 2021\nset: s\nfacts:\n"
                     "  f: {label: F, value: 1, unit: 个, source: {file: a.txt, quote: q, line: 0}}\n") ==
        "data/x.yaml:5:76: source.line must be a whole number from 1 to 10000000, not 0");
  CHECK(parse_record(head + "      - {level1: a, level2: b, name: c, line: 529}\n", "data/x.yaml")
            .projects[0].rows[0].line == 529);
}

TEST_CASE("record: a number in a form jixiao does not read is named, not called text", "[record]") {
  CHECK(record_error(with_line(7, "    value: 1e308")) ==
        "data/x.yaml:7:12: a number in exponent form ('1e308') is not accepted: write it out in digits "
        "(quote it if it is text)");
  CHECK(record_error(with_line(7, "    value: .nan")) == "data/x.yaml:7:12: '.nan' is not a number (quote it if it is text)");
  CHECK(record_error(with_line(7, "    value: 686.5400001")) ==
        "data/x.yaml:7:12: '686.5400001' has more than 6 decimal places (quote it if it is text)");
  CHECK(record_error(with_line(7, "    value: 0x10")) ==
        "data/x.yaml:7:12: hexadecimal numbers ('0x10') are not accepted: write 16 (quote it if it is text)");
  CHECK(record_error(with_line(2, "year: \"2021\"")) == "data/x.yaml:2:7: year is written in quotes ('2021'): write it without quotes");
}

// Issue 9: existing project files keep loading. The documented form wrote a
// table's printed figures in quotes; a quoted figure there is still read as
// the number it prints, and one that is not a number is still refused.
TEST_CASE("record: a project table's printed figures may be quoted, as the format once documented", "[record]") {
  const std::string head =
      "entity: 某单位\nyear: 2021\nset: project-selfeval-2021\nrecord: projects\nprojects:\n"
      "  - id: p\n    name: 项目\n    source: {file: t.pdf, quote: 项目}\n";
  const auto r = parse_record(head + "    budget: {planned: \"251\", executed: \"280.37\", unit: 万元}\n"
                                     "    rows:\n      - {level1: 产出指标, level2: 数量指标, name: 数量, target: \"≥10个\","
                                     " actual: \"10个\", weight: \"50\", score: \"45.5\"}\n",
                              "data/x.yaml");
  REQUIRE(r.projects.size() == 1);
  CHECK(r.projects[0].planned == Decimal::parse("251"));
  CHECK(r.projects[0].executed == Decimal::parse("280.37"));
  CHECK(r.projects[0].rows[0].weight == Decimal::parse("50"));
  CHECK(r.projects[0].rows[0].score == Decimal::parse("45.5"));
  CHECK(record_error(head + "    budget: {planned: \"二百\"}\n") ==
        "data/x.yaml:9:23: budget.planned: expected a decimal number such as 8 or 686.54, got '二百'");
}

TEST_CASE("record: project_totals readings give target and actual, or a grade, each with why", "[record]") {
  const std::string head =
      "entity: x\nyear: 2021\nset: s\nrows_from_projects:\n  t:\n    totals: recomputed\n    readings:\n      p:\n";
  const auto record = parse_record(head + "        \"≥10场\": {target: 10, actual: 12, why: 读作12场}\n"
                                          "        \"好\": {grade: 达成, why: 照录}\n",
                                   "data/x.yaml");
  const auto& readings = record.rows_from_projects.at("t").project_readings.at("p");
  CHECK(readings.at("≥10场").actual.display() == "12");
  CHECK(readings.at("≥10场").where.line == 9);
  CHECK(readings.at("好").grade == "达成");
  CHECK(record_error(head + "        \"好\": {grade: 达成, actual: 1, why: 照录}\n") ==
        "data/x.yaml:9:16: a reading gives either grade or target and actual, not both");
  CHECK(record_error(head + "        \"好\": {grade: 达成}\n") == "data/x.yaml:9:16: missing 'why'");
  CHECK(record_error("entity: x\nyear: 2021\nset: s\nrows_from_projects:\n  t:\n    totals: printed\n"
                     "    readings: {p: {}}\n") ==
        "data/x.yaml:7:15: readings are for totals: recomputed (the rows jixiao scores)");
}
