// The outputs beyond score and compare: list, check, show, explain, try,
// scripts and db check as JSON
// from the same model as their text, errors as JSON, the project tables and
// compare --all as HTML and xlsx (read back with openpyxl against the JSON),
// and the engine version in every format that can carry it.
#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>

#include <cstdlib>
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

std::string database(const std::string& dir) {
  const std::string db = dir + "/jixiao.db";
  REQUIRE(run_jixiao({"import", home() + "/data/liangshan-kexie-2021.yaml", home() + "/data/liangshan-kexie-2021-review.yaml",
                      home() + "/data/liangshan-kexie-2021-projects.yaml", "--home", home(), "--db", db})
              .exit_code == 0);
  return db;
}

// Every value of `"key": VALUE` in `json`, in order (strings without their quotes).
std::vector<std::string> values(const std::string& json, const std::string& key) {
  std::vector<std::string> out;
  const std::regex re("\"" + key + "\": (\"([^\"]*)\"|[^,\\n}]+)");
  for (auto it = std::sregex_iterator(json.begin(), json.end(), re); it != std::sregex_iterator(); ++it)
    out.push_back((*it)[2].matched ? (*it)[2].str() : (*it)[1].str());
  return out;
}

std::string version_fields() {
  return "\"schema_version\": " + std::to_string(jixiao::kJsonSchemaVersion) + ",\n  \"engine_version\": \"" +
         jixiao::engine_version() + "\"";
}

int python(const std::string& args, const std::string& out) {
  return std::system(("/usr/bin/python3 " + args + " >'" + out + "' 2>&1").c_str());
}

// Runs tests/xlsx_tables_readback.py KIND on `book` against `json`; its output.
std::string readback(const std::string& dir, const std::string& kind, const std::string& book, const std::string& json) {
  jixiao::test::write_text(dir + "/out.json", json);
  const int status = python("'" + home() + "/tests/xlsx_tables_readback.py' " + kind + " '" + book + "' '" + dir +
                                "/out.json'",
                            dir + "/readback.txt");
  const std::string out = jixiao::read_file(dir + "/readback.txt");
  INFO(out);
  CHECK(status == 0);
  return out;
}

// A province of `n` departments (gen), every one compared in 2021.
std::string province(const std::string& dir, int n) {
  const std::string db = dir + "/province.db";
  REQUIRE(run_jixiao({"gen", "--departments", std::to_string(n), "--years", "1", "--seed", "7", "--db", db, "--home", home()})
              .exit_code == 0);
  return db;
}

}  // namespace

TEST_CASE("formats: list as text and as JSON shows the same department-years, with the versions", "[formats]") {
  const std::string db = database(jixiao::test::scratch_dir("formats-list"));
  const auto text = in_db(db, {"list"});
  const auto json = in_db(db, {"list", "--format", "json"});
  REQUIRE(text.exit_code == 0);
  REQUIRE(json.exit_code == 0);
  CHECK_THAT(json.out, Catch::StartsWith("{\n  " + version_fields()));
  const auto entities = values(json.out, "entity"), years = values(json.out, "year"), kinds = values(json.out, "kind"),
             sets = values(json.out, "set");
  REQUIRE(entities.size() == 3);
  const auto lines = jixiao::test::lines_of(text.out);
  REQUIRE(lines.size() == entities.size() + 2);  // header, rule, one line per record
  for (size_t i = 0; i < entities.size(); ++i) {
    const std::regex row(entities[i] + " +" + years[i] + " +" + kinds[i] + " +" + sets[i]);
    INFO(lines[i + 2]);
    CHECK(std::regex_search(lines[i + 2], row));
  }
  CHECK_THAT(json.out, Catch::EndsWith("\"skipped\": []\n}\n"));
}

TEST_CASE("formats: check as text and as JSON counts the same leaves and examples", "[formats]") {
  const auto text = run_jixiao({"check", "liangshan-2021-dept", "project-selfeval-2021", "--home", home()});
  const auto json = run_jixiao({"check", "liangshan-2021-dept", "project-selfeval-2021", "--home", home(), "--format", "json"});
  REQUIRE(text.exit_code == 0);
  REQUIRE(json.exit_code == 0);
  CHECK_THAT(json.out, Catch::StartsWith("{\n  " + version_fields() + ",\n  \"ok\": true,"));
  const auto examples = values(json.out, "examples"), passed = values(json.out, "passed");
  REQUIRE(examples.size() == 2);
  const auto leaves = values(json.out, "leaves"), categories = values(json.out, "categories");
  REQUIRE(leaves.size() == 1);
  REQUIRE(categories.size() == 1);
  CHECK_THAT(text.out, Catch::Contains("ok    liangshan-2021-dept  " + leaves[0] + " leaves, full score 100"));
  CHECK_THAT(text.out, Catch::Contains("examples " + passed[0] + "/" + examples[0] + " passed, rules " +
                                       values(json.out, "rules_hash")[0].substr(0, 12)));
  CHECK_THAT(text.out, Catch::Contains("ok    project-selfeval-2021  project set, " + categories[0] +
                                       " categories, full score 100, examples " + passed[1] + "/" + examples[1] + " passed"));
}

TEST_CASE("formats: check as JSON lists a failed example with its file, line and the expected and actual scores", "[formats]") {
  const std::string dir = jixiao::test::scratch_dir("formats-check-fail");
  std::string set = jixiao::read_file(home() + "/indicator-sets/liangshan-2021-dept.yaml");
  const std::string from = "score: 8}";
  REQUIRE(set.find(from) != std::string::npos);
  set.replace(set.find(from), from.size(), "score: 7}");  // the first example of 目标制定
  jixiao::test::write_text(dir + "/liangshan-2021-dept.yaml", set);
  const auto text = run_jixiao({"check", dir + "/liangshan-2021-dept.yaml", "--home", home()});
  const auto json = run_jixiao({"check", dir + "/liangshan-2021-dept.yaml", "--home", home(), "--format", "json"});
  CHECK(text.exit_code == 1);
  CHECK(json.exit_code == 1);
  CHECK_THAT(json.out, Catch::Contains("\"ok\": false"));
  REQUIRE(values(json.out, "expected").size() == 1);
  CHECK_THAT(values(json.out, "expected")[0], Catch::StartsWith("7"));
  CHECK(values(json.out, "line") == std::vector<std::string>{"36"});
  CHECK_THAT(text.out, Catch::Contains(dir + "/liangshan-2021-dept.yaml:36:"));
  CHECK_THAT(text.out, Catch::Contains("  expected: " + values(json.out, "expected")[0] + "\n  actual:   " +
                                       values(json.out, "actual").at(0) + "\n"));
}

TEST_CASE("formats: show as JSON gives every node's weight as the text shows it", "[formats]") {
  const auto text = run_jixiao({"show", "liangshan-2021-dept", "--home", home()});
  const auto json = run_jixiao({"show", "liangshan-2021-dept", "--home", home(), "--format", "json"});
  REQUIRE(text.exit_code == 0);
  REQUIRE(json.exit_code == 0);
  CHECK_THAT(json.out, Catch::StartsWith("{\n  " + version_fields() + ",\n  \"kind\": \"department\""));
  const auto ids = values(json.out, "id"), weights = values(json.out, "weight");
  REQUIRE(weights.size() > 13);  // branches and the 13 leaves
  REQUIRE(ids.size() == 1 + weights.size());  // the set's id, then its nodes
  for (size_t i = 0; i < weights.size(); ++i) {
    const std::regex row(" " + ids[i + 1] + " +" + weights[i] + "( |\n)");
    INFO(ids[i + 1] + " " + weights[i]);
    CHECK(std::regex_search(text.out, row));
  }
  const auto project = run_jixiao({"show", "project-selfeval-2021", "--home", home(), "--format", "json"});
  REQUIRE(project.exit_code == 0);
  CHECK_THAT(project.out, Catch::Contains("\"kind\": \"project\""));
  CHECK_THAT(project.out, Catch::Contains("\"full_score\": 100"));
}

TEST_CASE("formats: explain as JSON gives the weight, scores and inputs the text shows", "[formats]") {
  const std::string db = database(jixiao::test::scratch_dir("formats-explain"));
  const auto text = in_db(db, {"explain", "exec_progress"});
  const auto json = in_db(db, {"explain", "exec_progress", "--format", "json"});
  REQUIRE(text.exit_code == 0);
  REQUIRE(json.exit_code == 0);
  CHECK_THAT(json.out, Catch::StartsWith("{\n  " + version_fields() + ",\n  \"entity\": \"凉山州科学技术协会\""));
  const auto weight = values(json.out, "weight").at(0), filed = values(json.out, "filed").at(0),
             score = values(json.out, "score").at(0);
  CHECK_THAT(text.out, Catch::Contains("分值      " + weight + "\n自评得分  " + filed + "\n得分      " + score + "（"));
  const auto names = values(json.out, "name");  // the set's, then the inputs'
  REQUIRE(names.size() > 1);
  for (size_t i = 1; i < names.size(); ++i) CHECK_THAT(text.out, Catch::Contains("\n  " + names[i]));
}

TEST_CASE("formats: explain of a project row as JSON gives the figures the text shows", "[formats]") {
  const std::string db = database(jixiao::test::scratch_dir("formats-explain-row"));
  const auto text = in_db(db, {"explain", "2", "--project", "summary"});
  const auto json = in_db(db, {"explain", "2", "--project", "summary", "--format", "json"});
  REQUIRE(text.exit_code == 0);
  REQUIRE(json.exit_code == 0);
  CHECK_THAT(json.out, Catch::StartsWith("{\n  " + version_fields()));
  CHECK(values(json.out, "number") == std::vector<std::string>{"2"});
  CHECK_THAT(text.out, Catch::Contains("分值      " + values(json.out, "weight").at(0) + "（"));
  CHECK_THAT(text.out, Catch::Contains("得分      " + values(json.out, "score").at(0) + "\n"));
  CHECK_THAT(text.out, Catch::Contains("预期指标值  「" + values(json.out, "target").at(0) + "」 读作 " +
                                       values(json.out, "target_read").at(0) + "\n"));
  CHECK_THAT(text.out, Catch::Contains("实际完成值  「" + values(json.out, "actual").at(0) + "」 读作 " +
                                       values(json.out, "actual_read").at(0) + "\n"));
}

TEST_CASE("formats: with --format json an error is one JSON object on stderr, and stdout stays empty", "[formats]") {
  const std::string db = database(jixiao::test::scratch_dir("formats-error"));
  const auto run = in_db(db, {"explain", "exec_progres", "--format", "json"});
  CHECK(run.exit_code == 1);
  CHECK(run.out.empty());
  CHECK(run.err == "{\n  " + version_fields() +
                       ",\n  \"error\": {\n    \"kind\": \"missing\",\n    \"message\": \"no leaf 'exec_progres' in "
                       "liangshan-2021-dept, did you mean 'exec_progress'?\",\n    \"file\": null,\n    \"line\": null,\n"
                       "    \"column\": null,\n    \"indicator\": null,\n    \"text\": \"no leaf 'exec_progres' in "
                       "liangshan-2021-dept, did you mean 'exec_progress'?\",\n    \"exit_code\": 1\n  },\n  \"skipped\": []\n}\n");
  const auto usage = in_db(db, {"list", "--fromat=json", "--format=json"});
  CHECK(usage.exit_code == 2);
  CHECK(usage.out.empty());
  CHECK_THAT(usage.err, Catch::Contains("\"kind\": \"usage\""));
  CHECK_THAT(usage.err, Catch::Contains("\"exit_code\": 2"));
  const auto text = in_db(db, {"explain", "exec_progres"});
  CHECK(text.err == "jixiao: no leaf 'exec_progres' in liangshan-2021-dept, did you mean 'exec_progress'?\n");
}

TEST_CASE("formats: an error in JSON names the file, line and column of a set that cannot be loaded", "[formats]") {
  const std::string dir = jixiao::test::scratch_dir("formats-error-where");
  jixiao::test::write_text(dir + "/broken.yaml", "id: broken\nname: x\nroots: [\n");
  const auto run = run_jixiao({"check", dir + "/broken.yaml", "--home", home(), "--format", "json"});
  CHECK(run.exit_code == 1);
  CHECK(run.out.empty());
  CHECK(values(run.err, "file") == std::vector<std::string>{dir + "/broken.yaml"});
  CHECK(values(run.err, "kind") == std::vector<std::string>{"input"});
  CHECK(values(run.err, "line").at(0) != "null");
  CHECK(values(run.err, "column").at(0) != "null");
}

TEST_CASE("formats: the project tables as xlsx read back with the JSON's numbers", "[formats]") {
  REQUIRE(python("-c 'import openpyxl'", "/dev/null") == 0);
  const std::string dir = jixiao::test::scratch_dir("formats-projects-xlsx");
  const std::string db = database(dir);
  const std::string book = dir + "/projects.xlsx";
  REQUIRE(in_db(db, {"score", "--projects", "-o", book}).exit_code == 0);
  const auto json = in_db(db, {"score", "--projects", "--format", "json"});
  REQUIRE(json.exit_code == 0);
  const std::string out = readback(dir, "projects", book, json.out);
  CHECK_THAT(out, Catch::EndsWith(" rows checked, 0 problems\n"));
  CHECK(out.rfind("0 rows", 0) != 0);
}

TEST_CASE("formats: the project tables as HTML are one page in the 自评表 layout", "[formats]") {
  const std::string db = database(jixiao::test::scratch_dir("formats-projects-html"));
  const auto page = in_db(db, {"score", "--projects", "--format", "html"});
  REQUIRE(page.exit_code == 0);
  for (const char* text : {"<th>一级指标</th><th>二级指标</th><th>三级指标</th><th>年度指标值</th><th>实际完成值</th>",
                           "凉山州科学技术协会 2021 · 项目支出绩效自评表", "<td rowspan=", "总分"})
    CHECK_THAT(page.out, Catch::Contains(text));
  for (const char* external : {"<link", "<script", "src=", "url("}) CHECK(page.out.find(external) == std::string::npos);
  const auto one = in_db(db, {"score", "--project", "summary", "--format", "html"});
  REQUIRE(one.exit_code == 0);
  CHECK_THAT(one.out, Catch::Contains("凉山州科协2021年预算项目绩效目标汇总（summary）"));
}

TEST_CASE("formats: compare --all as xlsx reads back with the JSON's departments and bands", "[formats]") {
  REQUIRE(python("-c 'import openpyxl'", "/dev/null") == 0);
  const std::string dir = jixiao::test::scratch_dir("formats-all-xlsx");
  const std::string db = province(dir, 12);
  const std::string book = dir + "/all.xlsx";
  const auto xlsx = run_jixiao({"compare", "--all", "2021", "-o", book, "--home", home(), "--db", db});
  const auto json = run_jixiao({"compare", "--all", "2021", "--format", "json", "--home", home(), "--db", db});
  CHECK(xlsx.exit_code == json.exit_code);
  CHECK(readback(dir, "all", book, json.out) == "12 rows checked, 0 problems\n");
}

TEST_CASE("formats: compare --all as HTML has the departments by gap and the chart of the bands", "[formats]") {
  const std::string dir = jixiao::test::scratch_dir("formats-all-html");
  const std::string db = province(dir, 12);
  const auto page = run_jixiao({"compare", "--all", "2021", "--format", "html", "--home", home(), "--db", db});
  const auto text = run_jixiao({"compare", "--all", "2021", "--home", home(), "--db", db});
  CHECK(page.exit_code == text.exit_code);
  CHECK_THAT(page.out, Catch::Contains("<svg"));
  CHECK_THAT(page.out, Catch::Contains("相对差异按自评准确扣分的分布"));
  // The same distribution line as the text, and the departments in the JSON's order (by gap).
  const std::string bands = text.out.substr(text.out.find("分布："));
  CHECK_THAT(page.out, Catch::Contains(bands.substr(0, bands.size() - 1)));
  const auto json = run_jixiao({"compare", "--all", "2021", "--format", "json", "--home", home(), "--db", db});
  const auto entities = values(json.out, "entity");
  REQUIRE(entities.size() == 12);
  size_t at = 0;
  for (const auto& entity : entities) {
    const size_t found = page.out.find(">" + entity + "<", at);
    INFO(entity);
    CHECK(found != std::string::npos);
    at = found == std::string::npos ? at : found;
  }
}

TEST_CASE("formats: every JSON, HTML and xlsx output names the engine version", "[formats]") {
  const std::string dir = jixiao::test::scratch_dir("formats-version");
  const std::string db = database(dir);
  const std::string version = jixiao::engine_version();
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"score"}, {"compare"}, {"list"}, {"check", "liangshan-2021-dept"}, {"show", "liangshan-2021-dept"},
           {"explain", "exec_progress"}, {"score", "--projects"}, {"compare", "--all", "2021"}, {"compare", "--projects"}}) {
    auto json = args;
    json.insert(json.end(), {"--format", "json"});
    const auto run = in_db(db, json);
    INFO(json[0] + " " + (json.size() > 3 ? json[1] : ""));
    CHECK_THAT(run.out, Catch::Contains("\"engine_version\": \"" + version + "\""));
  }
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"score"}, {"compare"}, {"report"}, {"score", "--projects"}, {"compare", "--all", "2021"}}) {
    auto html = args;
    html.insert(html.end(), {"--format", "html"});
    CHECK_THAT(in_db(db, html).out, Catch::Contains("<meta name=\"generator\" content=\"jixiao " + version + "\">"));
    auto xlsx = args;
    const std::string book = dir + "/book.xlsx";
    xlsx.insert(xlsx.end(), {"-o", book});
    REQUIRE(in_db(db, xlsx).exit_code == 0);
    CHECK(python("-c \"import zipfile,sys; sys.exit(0 if b'" + version +
                     "' in zipfile.ZipFile('" + book + "').read('docProps/custom.xml') else 1)\"",
                 dir + "/zip.txt") == 0);
  }
}

TEST_CASE("formats: score --all as JSON counts what the text counts", "[formats]") {
  const std::string dir = jixiao::test::scratch_dir("formats-score-all");
  const std::string db = province(dir, 5);
  const auto json = run_jixiao({"score", "--all", "--jobs", "1", "--format", "json", "--home", home(), "--db", db});
  REQUIRE(values(json.out, "records").size() == 2);  // the departments', then the project tables' (under "projects")
  CHECK_THAT(json.out, Catch::StartsWith("{\n  " + version_fields()));
  const std::string records = values(json.out, "records")[0], failed = values(json.out, "failed")[0];
  CHECK(records != "0");
  const auto text = run_jixiao({"score", "--all", "--jobs", "1", "--home", home(), "--db", db});
  // The second run skips what the first scored, and retries what failed.
  CHECK_THAT(text.out, Catch::Contains("; " + records + " skipped (already scored under the same set version); " + failed + " failed\n"));
  CHECK(run_jixiao({"score", "--all", "--format", "csv", "--home", home(), "--db", db}).exit_code == 2);
}

TEST_CASE("formats: db check as text and as JSON names the same checks and problems", "[formats]") {
  const std::string db = database(jixiao::test::scratch_dir("formats-db-check"));
  {
    SQLite::Database d(db, SQLite::OPEN_READWRITE);  // foreign keys off: a fact whose record is gone
    d.exec("INSERT INTO facts VALUES (999, 'ghost', '', 'number', '1', '', '', '', '')");
  }
  const auto text = in_db(db, {"db", "check"});
  const auto json = in_db(db, {"db", "check", "--format", "json"});
  CHECK(text.exit_code == 1);
  CHECK(json.exit_code == 1);
  CHECK_THAT(json.out, Catch::StartsWith("{\n  " + version_fields() + ",\n  \"database\": \"" + db +
                                         "\",\n  \"ok\": false,\n  \"problems\": 2,"));
  CHECK_THAT(text.out, Catch::EndsWith(db + ": 2 problem(s)\n"));
  const auto checks = values(json.out, "check"), oks = values(json.out, "ok");
  REQUIRE(checks.size() == 7);
  REQUIRE(oks.size() == 1 + checks.size());  // the database's, then each check's
  std::string expected;
  const std::regex problem("\n        \"([^\"]*)\"");  // the problems, in order, one a line
  auto found = std::sregex_iterator(json.out.begin(), json.out.end(), problem);
  for (size_t i = 0; i < checks.size(); ++i) {
    if (oks[i + 1] == "true") {
      expected += "ok    " + checks[i] + "\n";
      continue;
    }
    REQUIRE(found != std::sregex_iterator());
    std::string lines;
    size_t n = 0;
    const size_t end = json.out.find("]", static_cast<size_t>(found->position()));
    for (; found != std::sregex_iterator() && static_cast<size_t>(found->position()) < end; ++found, ++n)
      lines += "        " + (*found)[1].str() + "\n";
    expected += "FAIL  " + checks[i] + ": " + std::to_string(n) + " problem(s)\n" + lines;
  }
  CHECK(text.out == expected + db + ": 2 problem(s)\n");
}

TEST_CASE("formats: scripts as text and as JSON list the same scripts and maximums", "[formats]") {
  const auto text = run_jixiao({"scripts", "--home", home()});
  const auto json = run_jixiao({"scripts", "--home", home(), "--format", "json"});
  REQUIRE(text.exit_code == 0);
  REQUIRE(json.exit_code == 0);
  CHECK_THAT(json.out, Catch::StartsWith("{\n  " + version_fields() + ",\n  \"scripts\": ["));
  const auto files = values(json.out, "file"), maxes = values(json.out, "max");
  REQUIRE(files.size() > 5);
  REQUIRE(maxes.size() == files.size());
  size_t known = 0;
  for (size_t i = 0; i < files.size(); ++i) {
    const size_t from = text.out.find("  from " + files[i] + "\n");
    REQUIRE(from != std::string::npos);
    const std::string block = text.out.substr(from, text.out.find("\n\n", from) - from);
    INFO(block);
    if (maxes[i] == "null") {
      CHECK(block.find("scores at most") == std::string::npos);
      continue;
    }
    ++known;
    CHECK_THAT(block, Catch::Contains("\n  scores at most " + maxes[i]));
  }
  CHECK(known > 0);
  CHECK(jixiao::test::lines_of(text.out).size() > files.size() * 2);
}

TEST_CASE("formats: try as text and as JSON gives the same weight, score and inputs", "[formats]") {
  const std::vector<std::string> leaf = {"try", "liangshan-2021-dept", "exec_progress", "exec_rate_jun=38",
                                         "exec_rate_sep=70", "exec_rate_nov=85", "--home", home()};
  auto json_args = leaf;
  json_args.insert(json_args.end(), {"--format", "json"});
  const auto text = run_jixiao(leaf), json = run_jixiao(json_args);
  REQUIRE(text.exit_code == 0);
  REQUIRE(json.exit_code == 0);
  CHECK_THAT(json.out, Catch::StartsWith("{\n  " + version_fields() + ",\n  \"set\": \"liangshan-2021-dept\",\n  "
                                         "\"kind\": \"department\",\n  \"part\": \"exec_progress\""));
  CHECK(values(json.out, "score") == std::vector<std::string>{"5.90"});
  CHECK_THAT(text.out, Catch::Contains("\n分值      " + values(json.out, "weight").at(0) + "\n得分      5.90\n"));
  const auto names = values(json.out, "name"), read = values(json.out, "value"), units = values(json.out, "unit");
  REQUIRE(names.size() == 3);
  REQUIRE(read.size() == 3);
  REQUIRE(units.size() == 3);
  std::string inputs;
  for (size_t i = 0; i < names.size(); ++i)
    inputs += (i ? ", " : "") + names[i] + "=" + read[i] + (units[i].empty() ? "" : " " + units[i]);
  CHECK_THAT(text.out, Catch::Contains("\n读取      " + inputs + "\n"));

  const std::vector<std::string> row = {"try", "project-selfeval-2021", "row", "target=≥95%", "actual=98%", "weight=10",
                                        "--home", home()};
  auto row_json_args = row;
  row_json_args.insert(row_json_args.end(), {"--format", "json"});
  const auto row_text = run_jixiao(row), row_json = run_jixiao(row_json_args);
  REQUIRE(row_text.exit_code == 0);
  REQUIRE(row_json.exit_code == 0);
  CHECK_THAT(row_json.out, Catch::Contains("\"kind\": \"project\",\n  \"part\": \"row\""));
  CHECK_THAT(row_text.out, Catch::Contains("\n一级指标  " + values(row_json.out, "category").at(0) + "\n分值      " +
                                           values(row_json.out, "weight").at(0) + "（" +
                                           values(row_json.out, "weight_basis").at(0) + "）\n得分      " +
                                           values(row_json.out, "score").at(0) + "\n"));
  CHECK_THAT(row_text.out, Catch::Contains("\n读取      target=≥95%, actual=98%\n"));
  CHECK(values(row_json.out, "value") == std::vector<std::string>{"≥95%", "98%"});
}
