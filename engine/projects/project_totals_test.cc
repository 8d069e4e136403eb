#include "project_totals.h"

#include <catch2/catch.hpp>

#include "error.h"
#include "files.h"
#include "test_support.h"

using jixiao::Decimal;
using jixiao::Project;
using jixiao::ProjectRow;
using jixiao::ProjectScorer;
using jixiao::Record;
using jixiao::Row;
using jixiao::RowsFromProjects;

namespace {

ProjectScorer shipped() {
  const std::string set = jixiao::test::sets_dir() + "/project-selfeval-2021.yaml";
  return ProjectScorer(jixiao::read_file(set), set, jixiao::test::scripts_dir());
}

ProjectRow row(const char* level1, const char* target, const char* actual) {
  ProjectRow r;
  r.level1 = level1;
  r.level2 = "数量指标";
  r.name = "指标";
  r.target = target;
  r.actual = actual;
  return r;
}

// A project met in full (100 of 100) on a budget of 50, or with its output row
// unreadable (pending).
Project project(const std::string& id, bool readable) {
  Project p;
  p.id = id;
  p.name = "项目" + id;
  p.provenance.file = "seed.txt:" + std::to_string(10 * static_cast<int>(id.size()));
  p.planned = Decimal::from_int(50);
  p.executed = Decimal::from_int(50);
  p.budget_unit = "万元";
  p.rows = {row("产出指标", "≥10场", readable ? "12场" : "开展了若干场"), row("效益指标", "1项", "1项"),
            row("满意度指标", "≥90%", "95%")};
  return p;
}

Record projects_record() {
  Record r;
  r.entity = "测试部门";
  r.year = 2021;
  r.kind = "projects";
  r.source = "data/test-projects.yaml";
  r.projects = {project("a", true), project("b", false)};
  r.projects[1].stated_total = Decimal::from_int(88);
  r.projects[1].planned.reset();
  r.projects[1].executed.reset();
  r.projects[1].fiscal_planned = Decimal::from_int(30);
  r.projects[1].fiscal_executed = Decimal::from_int(30);
  return r;
}

std::string cell(const Row& row, const std::string& column) {
  for (const auto& [name, value] : row.cells)
    if (name == column) return value.display();
  return "(none)";
}

RowsFromProjects totals(const std::string& basis, std::vector<std::string> ids = {}) {
  RowsFromProjects from;
  from.totals = basis;
  from.projects = std::move(ids);
  from.where = jixiao::Location{"data/test-review.yaml", 12, 3};
  return from;
}

}  // namespace

TEST_CASE("project totals: recomputed, a project with pending rows has no total but says why", "[project_totals]") {
  ProjectScorer scorer = shipped();
  const Record record = projects_record();
  const auto rows = jixiao::project_total_rows(totals("recomputed"), record, scorer);
  REQUIRE(rows.size() == 2);
  CHECK(cell(rows[0], "project") == "a");
  CHECK(cell(rows[0], "total") == "100");
  CHECK(cell(rows[0], "max") == "100");
  CHECK(cell(rows[0], "budget") == "50");
  CHECK(cell(rows[0], "budget_unit") == "万元");
  CHECK(cell(rows[0], "pending") == "(none)");
  CHECK(rows[0].provenance.display().find("seed.txt:10") != std::string::npos);
  CHECK(cell(rows[1], "total") == "(none)");  // never a partial total
  CHECK(cell(rows[1], "pending") == "项目「项目b」（b）总分无法重算：1行待定，共50.00分未定");
  CHECK(cell(rows[1], "budget") == "30");  // 其中：财政拨款 when 预算数 is not recorded
}

TEST_CASE("project totals: printed takes the 总分 the table prints, pending where it prints none",
          "[project_totals]") {
  ProjectScorer scorer = shipped();
  const auto rows = jixiao::project_total_rows(totals("printed"), projects_record(), scorer);
  REQUIRE(rows.size() == 2);
  CHECK(cell(rows[0], "total") == "(none)");
  CHECK(cell(rows[0], "pending") == "项目「项目a」（a）的表中未印总分");
  CHECK(cell(rows[1], "total") == "88");
  CHECK(cell(rows[1], "basis") == "printed");
  CHECK(rows[1].provenance.quote == "总分 88");
}

TEST_CASE("project totals: only the projects listed, in their order, and an unknown id is an error", "[project_totals]") {
  ProjectScorer scorer = shipped();
  const auto rows = jixiao::project_total_rows(totals("recomputed", {"b", "a"}), projects_record(), scorer);
  REQUIRE(rows.size() == 2);
  CHECK(cell(rows[0], "project") == "b");
  CHECK(cell(rows[1], "project") == "a");
  CHECK(jixiao::project_total_rows(totals("recomputed", {"a"}), projects_record(), scorer).size() == 1);
  // Without 预算数 and 执行数 (nor 财政拨款), the 预算执行率 row is pending too.
  Record no_budget = projects_record();
  no_budget.projects[0].planned.reset();
  const auto rows_without = jixiao::project_total_rows(totals("recomputed", {"a"}), no_budget, scorer);
  CHECK(cell(rows_without[0], "pending") == "项目「项目a」（a）总分无法重算：预算执行率缺预算数或执行数，共10.00分未定");
  CHECK(cell(rows_without[0], "budget") == "(none)");
  try {
    (void)jixiao::project_total_rows(totals("printed", {"a", "c"}), projects_record(), scorer);
    FAIL("an unknown project was taken");
  } catch (const jixiao::Error& e) {
    CHECK(std::string(e.what()) ==
          "data/test-review.yaml:12:3: rows_from_projects: 测试部门 2021 has no project 'c', did you mean 'a'?");
  }
}

TEST_CASE("project totals: a record without projects gives no rows", "[project_totals]") {
  ProjectScorer scorer = shipped();
  Record empty = projects_record();
  empty.projects.clear();
  CHECK(jixiao::project_total_rows(totals("recomputed"), empty, scorer).empty());
}

namespace {

// The message project_total_rows throws, whole.
std::string error_of(const RowsFromProjects& from, const Record& record) {
  ProjectScorer scorer = shipped();
  try {
    (void)jixiao::project_total_rows(from, record, scorer);
  } catch (const jixiao::Error& e) {
    return e.what();
  }
  FAIL("the rows were taken instead of throwing jixiao::Error");
  return "";
}

RowsFromProjects::Reading reading(const char* target, const char* actual, const char* why, int line) {
  RowsFromProjects::Reading r;
  r.target = jixiao::Value::of_number(*Decimal::parse(target));
  r.actual = jixiao::Value::of_number(*Decimal::parse(actual));
  r.why = why;
  r.where = jixiao::Location{"data/test-review.yaml", line, 9};
  return r;
}

}  // namespace

TEST_CASE("project totals: a reading of a pending row makes the total known and is listed", "[project_totals]") {
  ProjectScorer scorer = shipped();
  RowsFromProjects from = totals("recomputed", {"b"});
  from.project_readings["b"]["≥10场"] = reading("10", "12", "若干场即报告所列12场", 20);
  const auto rows = jixiao::project_total_rows(from, projects_record(), scorer);
  REQUIRE(rows.size() == 1);
  CHECK(cell(rows[0], "total") == "100");
  CHECK(cell(rows[0], "pending") == "(none)");
  CHECK(cell(rows[0], "readings") == "第0行「≥10场」读作预期10、实际12（若干场即报告所列12场）");
  CHECK(rows[0].provenance.inferred ==
        "总分由 jixiao 按 project-selfeval-2021 重算，1处待定行按评价组读法（见 readings）");
}

TEST_CASE("project totals: readings are listed in the table's order, long cells cut to 40 columns",
          "[project_totals]") {
  ProjectScorer scorer = shipped();
  Record record = projects_record();
  record.projects[1].rows[0].line = 9;
  record.projects[1].rows.push_back(row("效益指标", "1、场地租用费5000元/天*6天＝3万元；2、布置费2.5万元；合计15万元", "已拨付"));
  record.projects[1].rows.back().line = 12;
  RowsFromProjects from = totals("recomputed", {"b"});
  from.project_readings["b"]["≥10场"] = reading("10", "12", "读作12场", 20);
  RowsFromProjects::Reading met;
  met.grade = "达成";
  met.why = "合计决定";
  from.project_readings["b"][record.projects[1].rows.back().target] = met;
  const auto rows = jixiao::project_total_rows(from, record, scorer);
  CHECK(cell(rows[0], "total") == "100");
  CHECK(cell(rows[0], "readings") ==
        "第9行「≥10场」读作预期10、实际12（读作12场）；"
        "第12行「1、场地租用费5000元/天*6天＝3万元；2、…」评为达成（合计决定）");
}

TEST_CASE("project totals: a grade reading scores the row by the set's grades", "[project_totals]") {
  ProjectScorer scorer = shipped();
  RowsFromProjects from = totals("recomputed", {"b"});
  RowsFromProjects::Reading not_met;
  not_met.grade = "未达成";
  not_met.why = "实际完成值未填，评价组按未完成计";
  from.project_readings["b"]["≥10场"] = not_met;
  const auto rows = jixiao::project_total_rows(from, projects_record(), scorer);
  CHECK(cell(rows[0], "total") == "50");  // 产出 50 points lost, the rest met
  CHECK(cell(rows[0], "readings") == "第0行「≥10场」评为未达成（实际完成值未填，评价组按未完成计）");
  // Without readings, the same project stays pending: readings change nothing they do not name.
  CHECK(cell(jixiao::project_total_rows(totals("recomputed", {"b"}), projects_record(), scorer)[0], "total") ==
        "(none)");
}

TEST_CASE("project totals: a reading that matches no pending row is an error at the reading", "[project_totals]") {
  RowsFromProjects from = totals("recomputed");
  from.project_readings["b"]["1项"] = reading("1", "1", "照录", 21);  // the row is read already: not pending
  CHECK(error_of(from, projects_record()) ==
        "data/test-review.yaml:21:9: project_totals: a reading names the target 「1项」, which no pending row of "
        "项目「项目b」（b） has");
  RowsFromProjects near = totals("recomputed");
  near.project_readings["b"]["≥10次"] = reading("10", "12", "若干次", 24);
  CHECK(error_of(near, projects_record()) ==
        "data/test-review.yaml:24:9: project_totals: a reading names the target 「≥10次」, which no pending row of "
        "项目「项目b」（b） has, did you mean '≥10场'?");
}

TEST_CASE("project totals: a reading that matches two pending rows is an error naming their lines",
        "[project_totals]") {
  Record twice = projects_record();
  twice.projects[1].rows.push_back(twice.projects[1].rows[0]);
  twice.projects[1].rows[0].line = 30;
  twice.projects[1].rows[3].line = 31;
  RowsFromProjects from = totals("recomputed");
  from.project_readings["b"]["≥10场"] = reading("10", "12", "若干场即12场", 22);
  CHECK(error_of(from, twice) ==
        "data/test-review.yaml:22:9: project_totals: the reading of 「≥10场」 matches 2 pending rows of "
        "项目「项目b」（b） (lines 30, 31): a reading must name one row");
}

TEST_CASE("project totals: readings for a project not counted are an error", "[project_totals]") {
  RowsFromProjects from = totals("recomputed", {"a"});
  from.project_readings["b"]["≥10场"] = reading("10", "12", "若干场即12场", 23);
  CHECK(error_of(from, projects_record()) ==
        "data/test-review.yaml:23:9: project_totals: readings are given for project 'b', which is not one of the "
        "projects counted");
}
