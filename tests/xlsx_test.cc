// xlsx out: the 凉山州科协 2021 comparison as a workbook, read back with
// Debian's openpyxl (tests/xlsx_readback.py), holds the same numbers as the
// JSON, as number cells, with the 一级/二级 cells merged.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

#include "files.h"
#include "test_support.h"

using jixiao::test::run_jixiao;

namespace {

std::string home() { return jixiao::test::source_dir(); }

std::string database(const std::string& dir) {
  const std::string db = dir + "/jixiao.db";
  REQUIRE(run_jixiao({"import", home() + "/data/liangshan-kexie-2021.yaml", home() + "/data/liangshan-kexie-2021-review.yaml",
                      home() + "/data/liangshan-kexie-2021-projects.yaml", "--home", home(), "--db", db})
              .exit_code == 0);
  return db;
}

// Runs `command` with Debian's python3 (where python3-openpyxl is), its
// output in `out`; the exit status.
int python(const std::string& args, const std::string& out) {
  return std::system(("/usr/bin/python3 " + args + " >'" + out + "' 2>&1").c_str());
}

// `cells` (a Python expression list over `s`, the sheet, and `row`, its 总分
// row) of `book` as openpyxl prints them.
std::string total_row(const std::string& book, const std::string& cells) {
  const std::string script =
      "import openpyxl\n"
      "s = openpyxl.load_workbook('" + book + "').active\n"
      "row = next(r for r in s.iter_rows(values_only=True) if r[0] == '总分')\n"
      "print(" + cells + ")\n";
  jixiao::test::write_text(book + ".py", script);
  const int status = python("'" + book + ".py'", book + ".txt");
  const std::string out = jixiao::read_file(book + ".txt");
  INFO(out);
  CHECK(status == 0);
  return out;
}

}  // namespace

TEST_CASE("xlsx: the comparison workbook reads back with the JSON's numbers", "[xlsx]") {
  REQUIRE(python("-c 'import openpyxl'", "/dev/null") == 0);  // installed by ./jixiao test (python3-openpyxl)
  const std::string dir = jixiao::test::scratch_dir("xlsx-compare");
  const std::string db = database(dir);
  const std::string book = dir + "/凉山州.xlsx";
  const auto xlsx = run_jixiao({"compare", "--format", "xlsx", "-o", book, "--home", home(), "--db", db});
  REQUIRE(xlsx.exit_code == 0);
  CHECK(xlsx.out.empty());
  CHECK(jixiao::read_file(book).rfind("PK", 0) == 0);  // a zip, as every xlsx is
  const auto json = run_jixiao({"compare", "--format", "json", "--home", home(), "--db", db});
  REQUIRE(json.exit_code == 0);
  jixiao::test::write_text(dir + "/compare.json", json.out);
  const int status = python("'" + home() + "/tests/xlsx_readback.py' '" + book + "' '" + dir + "/compare.json'", dir + "/out.txt");
  const std::string out = jixiao::read_file(dir + "/out.txt");
  INFO(out);
  CHECK(status == 0);
  CHECK(out == "13 leaves checked, 0 problems\n");
}

TEST_CASE("xlsx: the score workbook has the totals as numbers and the -o extension chooses the format", "[xlsx]") {
  const std::string dir = jixiao::test::scratch_dir("xlsx-score");
  const std::string db = database(dir);
  const std::string book = dir + "/score.xlsx";
  REQUIRE(run_jixiao({"score", "-o", book, "--home", home(), "--db", db}).exit_code == 0);
  CHECK(total_row(book, "s.title, row[3], row[4], row[5]") == "得分 100 85 85\n");  // 满分, 自评得分, 得分: number cells
}

TEST_CASE("xlsx: a score workbook with a leaf that cannot be recomputed says in the total row that it is not final",
          "[xlsx]") {
  const std::string dir = jixiao::test::scratch_dir("xlsx-partial");
  std::string yaml;
  for (const std::string& line : jixiao::test::lines_of(jixiao::read_file(home() + "/data/example-county-kexie-2022.yaml")))
    if (line.find("violations_found") == std::string::npos) yaml += line + "\n";
  jixiao::test::write_text(dir + "/county.yaml", yaml);
  const std::string db = dir + "/x.db";
  REQUIRE(run_jixiao({"import", dir + "/county.yaml", "--home", home(), "--db", db}).exit_code == 0);
  const std::string book = dir + "/score.xlsx";
  REQUIRE(run_jixiao({"score", "示例县科学技术协会", "2022", "-o", book, "--home", home(), "--db", db}).exit_code == 0);
  // 自评得分, 得分 and 说明 of the total row.
  CHECK(total_row(book, "row[4], row[5], row[8]") ==
        "74 62.58 可计算部分得分 62.58，覆盖分值 82.00；不是最终得分：1 项指标未能计算\n");
}

TEST_CASE("xlsx: a relative gap holds the exact figure and shows the places the text shows, 10.004 not 10.00",
          "[xlsx]") {
  const std::string dir = jixiao::test::scratch_dir("xlsx-gap");
  const std::string db = dir + "/x.db";
  REQUIRE(run_jixiao({"import", home() + "/tests/fixtures/edge-gap-2021.yaml", "--home", home(), "--db", db}).exit_code == 0);
  const std::string one = dir + "/one.xlsx", all = dir + "/all.xlsx";
  REQUIRE(run_jixiao({"compare", "边界单位", "2021", "-o", one, "--home", home(), "--db", db}).exit_code == 0);
  REQUIRE(run_jixiao({"compare", "--all", "2021", "-o", all, "--home", home(), "--db", db}).exit_code == 0);
  const std::string script =
      "import openpyxl\n"
      "for book, label, col in (('" + one + "', '相对差异（%）', 3), ('" + all + "', '边界单位', 3)):\n"
      "    s = openpyxl.load_workbook(book).active\n"
      "    c = next(r for r in s.iter_rows() if r[0].value == label)[col]\n"
      "    print(c.value, c.number_format)\n";
  jixiao::test::write_text(dir + "/read.py", script);
  const int status = python("'" + dir + "/read.py'", dir + "/out.txt");
  const std::string out = jixiao::read_file(dir + "/out.txt");
  INFO(out);
  CHECK(status == 0);
  CHECK(out == "10.004281 0.000\n10.004281 0.000\n");
}
