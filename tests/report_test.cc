// The report writers on 凉山州科协 2021: one format table for every command,
// JSON with its schema and engine version, the self-contained HTML page in
// the 自评表 layout, -o FILE, and jixiao --version.
#include <catch2/catch.hpp>

#include <regex>
#include <string>

#include "files.h"
#include "test_support.h"
#include "version.h"

using jixiao::test::CliRun;
using jixiao::test::in_db;
using jixiao::test::run_jixiao;

namespace {

std::string home() { return jixiao::test::source_dir(); }

// A database with the 凉山州科协 2021 filed, review and project records.
std::string database(const std::string& name) {
  const std::string db = jixiao::test::scratch_dir(name) + "/jixiao.db";
  const auto run = run_jixiao({"import", home() + "/data/liangshan-kexie-2021.yaml",
                               home() + "/data/liangshan-kexie-2021-review.yaml",
                               home() + "/data/liangshan-kexie-2021-projects.yaml", "--home", home(), "--db", db});
  REQUIRE(run.exit_code == 0);
  return db;
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("report: --version prints the engine version CMake set", "[report]") {
  const CliRun run = run_jixiao({"--version"});
  CHECK(run.exit_code == 0);
  CHECK(run.out == std::string("jixiao ") + jixiao::engine_version() + "\n");
  CHECK(std::regex_match(std::string(jixiao::engine_version()), std::regex("[0-9]+\\.[0-9]+\\.[0-9]+")));
}

TEST_CASE("report: score and compare JSON carry the schema and engine versions", "[report]") {
  const std::string db = database("report-json");
  const std::string head = std::string("{\n  \"schema_version\": 1,\n  \"engine_version\": \"") +
                           jixiao::engine_version() + "\",\n";
  CHECK(in_db(db, {"score", "--format", "json"}).out.rfind(head, 0) == 0);
  CHECK(in_db(db, {"compare", "--format", "json"}).out.rfind(head, 0) == 0);
  CHECK(in_db(db, {"compare", "--all", "2021", "--format", "json"}).out.rfind(head, 0) == 0);
}

TEST_CASE("report: --format is checked against the command's formats, with did you mean", "[report]") {
  const std::string db = database("report-formats");
  const CliRun typo = in_db(db, {"compare", "--format", "htm"});
  CHECK(typo.exit_code == 2);
  CHECK(typo.err == "jixiao: --format must be table, json, csv, markdown, html or xlsx, not 'htm', did you mean 'html'?\n");
  const CliRun md = in_db(db, {"score", "--projects", "--format", "markdown"});
  CHECK(md.exit_code == 2);
  CHECK(md.err == "jixiao: --format must be table, json, csv, html or xlsx for project tables, not 'markdown'\n");
  const CliRun projects = in_db(db, {"compare", "--projects", "--format", "html"});
  CHECK(projects.exit_code == 2);
  CHECK(projects.err == "jixiao: --format must be table, json, csv or markdown for project tables, not 'html'\n");
  const CliRun xlsx = in_db(db, {"compare", "--format", "xlsx"});
  CHECK(xlsx.exit_code == 2);
  CHECK(xlsx.err == "jixiao: --format xlsx writes a file: give -o FILE\n");
}

TEST_CASE("report: the usage line lists the formats from the command's table", "[report]") {
  CHECK_THAT(run_jixiao({"score", "--help"}).out,
             Catch::StartsWith("usage: jixiao score [ENTITY YEAR] [--record filed|review] [--set SET] [--complete] "
                               "[--project ID | --projects] | --all [--year Y] [--set SET] [--jobs N] "
                               "[--format table|json|csv|markdown|html|xlsx] [-o FILE]\n"));
  CHECK_THAT(run_jixiao({"report", "--help"}).out, Catch::StartsWith("usage: jixiao report [ENTITY YEAR] [--format html|xlsx] [-o FILE]\n"));
}

TEST_CASE("report: the compare page is self-contained, in the 自评表 layout, with the chart and the totals", "[report]") {
  const std::string db = database("report-html");
  const CliRun run = in_db(db, {"compare", "--format", "html"});
  REQUIRE(run.exit_code == 0);
  const std::string& html = run.out;
  CHECK_THAT(html, Catch::StartsWith("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"));
  // Nothing from the network or another file: no script, stylesheet link, image or font source.
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("src=") == std::string::npos);
  CHECK(html.find("url(") == std::string::npos);
  CHECK(count(html, "http") == count(html, "xmlns=\"http://www.w3.org/2000/svg\""));
  CHECK_THAT(html, Catch::Contains("@page { size: A4;"));
  CHECK_THAT(html, Catch::Contains("\"Microsoft YaHei\", \"PingFang SC\", \"Noto Sans CJK SC\", \"WenQuanYi Micro Hei\", SimSun, sans-serif"));
  // 部门预算管理 spans its 8 leaves, 预算编制 its 3.
  CHECK_THAT(html, Catch::Contains("<td rowspan=\"8\">部门预算管理<div class=\"sub\">分值 60.00 · 自评 57.00 · 复核 44.21</div></td>"));
  CHECK_THAT(html, Catch::Contains("<td rowspan=\"3\">预算编制<div class=\"sub\">分值 24.00 · 自评 24.00 · 复核 18.99</div></td>"));
  CHECK_THAT(html, Catch::Contains("<td class=\"leaf\">目标实现</td><td class=\"num\">8.00</td><td class=\"num\">8.00</td>"
                                   "<td class=\"num\">5.09</td><td class=\"num\">+2.91 多报</td>"));
  CHECK(count(html, "<tr class=\"differs\"") == 4);  // 目标实现, 编制准确, 动态调整, 专项预算管理
  CHECK_THAT(html, Catch::Contains("<tr class=\"total\"><td colspan=\"3\">总分</td><td class=\"num\">100.00</td>"
                                   "<td class=\"num\">85.00</td><td class=\"num\">71.05</td><td class=\"num\">+13.95</td>"));
  // Two charts: the 一级指标 (two differ) and the four differing leaves, labels in red.
  CHECK(count(html, "<svg ") == 2);
  CHECK(count(html, "<g class=\"bar differs\">") == 2 + 4);
  CHECK_THAT(html, Catch::Contains("<text class=\"label\" x=\"192\" y=\"62\" text-anchor=\"end\">部门预算管理</text>"));
  CHECK_THAT(html, Catch::Contains("jixiao " + std::string(jixiao::engine_version())));
}

TEST_CASE("report: -o FILE writes the page and prints nothing, and report picks the review when there is one", "[report]") {
  const std::string db = database("report-file");
  const std::string file = jixiao::test::scratch_dir("report-file-out") + "/凉山州.html";
  const CliRun run = in_db(db, {"report", "凉山州科学技术协会", "2021", "-o", file});
  CHECK(run.exit_code == 0);
  CHECK(run.out.empty());
  const std::string page = jixiao::read_file(file);
  CHECK(page == in_db(db, {"compare", "--format", "html"}).out);
  // Without a review record, the page shows the scores recomputed from the filed record.
  const std::string db2 = jixiao::test::scratch_dir("report-file-filed") + "/jixiao.db";
  REQUIRE(run_jixiao({"import", home() + "/data/liangshan-kexie-2021.yaml", "--home", home(), "--db", db2}).exit_code == 0);
  const CliRun filed = in_db(db2, {"report"});
  CHECK(filed.exit_code == 0);
  CHECK_THAT(filed.out, Catch::Contains("<th>三级指标</th><th>分值</th><th>自评得分</th><th>得分</th>"));
  CHECK_THAT(filed.out, Catch::Contains("得分合计 85.00 / 90.00；自评得分 85.00"));
}

TEST_CASE("report: text from data is escaped in the page", "[report]") {
  const std::string db = database("report-escape");
  const CliRun run = in_db(db, {"compare", "--format", "html"});
  REQUIRE(run.exit_code == 0);
  // Reasons hold 「」 and ÷ as they are, and every < or & in text is a reference:
  // the only tags are the writer's own.
  CHECK(run.out.find("<td class=\"reason\">调剂金额15÷年初预算571.36=2.63%，得5.90分</td>") != std::string::npos);
  CHECK(std::regex_search(run.out, std::regex("<(?!/?(html|head|meta|title|style|body|h1|p|svg|g|rect|text|table|thead|tbody|tr|th|td|div|br|!DOCTYPE)[ >/])")) == false);
}

TEST_CASE("report: -o FILE into a missing folder is an error naming it, and a failed command leaves FILE as it was", "[report]") {
  const std::string db = database("report-file-fail");
  const std::string dir = jixiao::test::scratch_dir("report-file-fail-out");
  const CliRun missing = in_db(db, {"compare", "--format", "html", "-o", dir + "/no/such/page.html"});
  CHECK(missing.exit_code == 1);
  CHECK(missing.err == "jixiao: " + dir + "/no/such/page.html: cannot write the file: No such file or directory\n");
  const std::string file = dir + "/page.html";
  jixiao::test::write_text(file, "before");
  const CliRun failed = in_db(db, {"compare", "某某单位", "2021", "-o", file});
  CHECK(failed.exit_code == 1);
  CHECK(jixiao::read_file(file) == "before");
  CHECK(in_db(db, {"compare", "-o", file}).exit_code == 0);
  CHECK_THAT(jixiao::read_file(file), Catch::StartsWith("<!DOCTYPE html>"));
}

TEST_CASE("report: score takes CSV and Markdown from the same model, gaps listed and never a total", "[report]") {
  const std::string db = database("report-score-tables");
  const CliRun csv = in_db(db, {"score", "--format", "csv"});
  CHECK(csv.exit_code == 0);
  CHECK(csv.out.rfind("\xEF\xBB\xBF" "id,path,level,weight,filed,recomputed,difference,claim,source,reason\n"
                      "budget_mgmt,部门预算管理,1,60.00,57.00,57.00,0.00,,,\n", 0) == 0);
  CHECK_THAT(csv.out, Catch::EndsWith("\ntotal,总分,0,,85.00,85.00,0.00,,,\n"));
  const CliRun md = in_db(db, {"score", "--format", "markdown"});
  CHECK(md.exit_code == 0);
  CHECK_THAT(md.out, Catch::StartsWith("## 凉山州科学技术协会 2021 · 凉山州2021年部门整体支出绩效评价指标体系\n\n"
                                       "| 指标 | 分值 | 自评得分 | 得分 | 差异 | | 说明 |\n"));
  CHECK_THAT(md.out, Catch::Contains("| **总分** | | 85.00 | 85.00 | 0.00 | | |\n\n得分合计 85.00 / 90.00；自评得分 85.00\n\n"
                                     "指标体系 liangshan-2021-dept，规则版本 "));
  CHECK_THAT(md.out, Catch::EndsWith("；jixiao " + std::string(jixiao::engine_version()) + "\n"));  // the footer
  // A record with gaps: the recomputed part, no gap against the filed total, what is missing.
  const std::string db2 = jixiao::test::scratch_dir("report-score-gaps") + "/jixiao.db";
  REQUIRE(run_jixiao({"import", home() + "/data/panzhihua-kexie-2022.yaml", "--home", home(), "--db", db2}).exit_code == 0);
  const CliRun gaps = in_db(db2, {"score", "攀枝花市科学技术协会", "2022", "--format", "markdown"});
  CHECK(gaps.exit_code == 0);
  CHECK_THAT(gaps.out, Catch::Contains("\n\n可计算部分得分 0.00，覆盖分值 0.00；不是最终得分："));
  CHECK_THAT(gaps.out, Catch::Contains("未能计算：自评质量（self_eval_quality）：分值（未公布），计分标准（未公布），评分脚本（未选定）\n\n指标体系 "));
  CHECK_THAT(in_db(db2, {"score", "攀枝花市科学技术协会", "2022", "--format", "csv"}).out,
             Catch::EndsWith("\ntotal,总分,0,,94.84,0.00,,,partial,不是最终得分：6 项指标未能计算，覆盖分值 0.00\n"));
}
