// Tables people have, read in: the 凉山州 2021 indicator table (CSV and xlsx
// with merged cells) to a set with `jixiao new set`, and the department's
// inputs as CSV and xlsx through `jixiao import`, scoring as the YAML does.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "files.h"
#include "set_loader.h"
#include "test_support.h"

using namespace jixiao;
using namespace jixiao::test;

namespace {

std::string fixture(const std::string& name) { return source_dir() + "/tests/fixtures/" + name; }

std::string new_home(const std::string& name) {
  const std::string home = scratch_dir(name);
  std::filesystem::create_directories(home + "/indicator-sets");
  return home;
}

}  // namespace

TEST_CASE("table input: new set from the 凉山州 2021 table, CSV and xlsx, gives the shipped tree and texts",
          "[table_input]") {
  const IndicatorSet shipped = load_set_file(sets_dir() + "/liangshan-2021-dept.yaml", {});
  for (const std::string table : {"liangshan-2021-table.csv", "liangshan-2021-table.xlsx"}) {
    INFO(table);
    const std::string home = new_home("new_set_" + table.substr(table.size() - 4));
    const CliRun run = run_jixiao({"new", "set", "ls21", "--from", fixture(table), "--home", home});
    REQUIRE(run.err == "");
    CHECK(run.out == "wrote " + home + "/indicator-sets/ls21.yaml: 13 leaves, full score 100, 13 unknown "
                                       "(choose each leaf's script: jixiao show ls21)\n");
    const IndicatorSet made = load_set_file(home + "/indicator-sets/ls21.yaml", {});
    CHECK(made.name == shipped.name);
    CHECK(made.total == shipped.total);
    const auto a = made.leaves(), b = shipped.leaves();
    REQUIRE(a.size() == b.size());
    for (size_t i = 0; i < a.size(); ++i) {
      CHECK(a[i].path == b[i].path);
      CHECK(a[i].node->weight == b[i].node->weight);
      CHECK(a[i].node->explanation == b[i].node->explanation);
      CHECK(a[i].node->rule == b[i].node->rule);
      CHECK(a[i].node->script_unknown);
    }
    CHECK(made.leaves()[0].node->id == "l1_1_1");
    // The guide the file cites exists (the fresh home has no GUIDE.md of its own).
    const std::string text = read_file(home + "/indicator-sets/ls21.yaml");
    const size_t see = text.find("see ");
    REQUIRE(see != std::string::npos);
    const std::string guide = text.substr(see + 4, text.find(".\n", see) - see - 4);
    CHECK_THAT(guide, Catch::EndsWith("/indicator-sets/GUIDE.md"));
    CHECK(file_exists(guide));
    const CliRun check = run_jixiao({"check", "ls21", "--home", home});
    CHECK(check.exit_code == 0);
    CHECK(check.out.find("13 unknown (jixiao show ls21)") != std::string::npos);
  }
}

TEST_CASE("table input: new set keeps an existing set unless --force", "[table_input]") {
  const std::string home = new_home("new_set_force");
  const std::string path = home + "/indicator-sets/ls21.yaml";
  write_text(path, "keep me\n");
  const CliRun refused = run_jixiao({"new", "set", "ls21", "--from", fixture("liangshan-2021-table.csv"), "--home", home});
  CHECK(refused.exit_code == 1);
  CHECK(refused.err == "jixiao: " + path + ": exists already: pass --force to overwrite it\n");
  CHECK(read_file(path) == "keep me\n");
  const CliRun forced =
      run_jixiao({"new", "set", "ls21", "--from", fixture("liangshan-2021-table.csv"), "--home", home, "--force"});
  CHECK(forced.exit_code == 0);
  CHECK(read_file(path).compare(0, 2, "# ") == 0);
}

TEST_CASE("table input: new set on the command line's mistakes", "[table_input]") {
  const std::string home = new_home("new_set_usage");
  CHECK(run_jixiao({"new", "set", "两山", "--from", "x.csv", "--home", home}).err ==
        "jixiao: set id '两山' must be ASCII letters, digits, _ and -, such as liangshan-2021-dept\n");
  CHECK(run_jixiao({"new", "set", "ls", "--home", home}).err ==
        "jixiao: jixiao new set needs --from FILE, the indicator table as .csv or .xlsx\n");
  CHECK(run_jixiao({"new", "set", "ls", "--from", home + "/missing.csv", "--home", home}).err ==
        "jixiao: " + home + "/missing.csv: cannot read file\n");
}

namespace {

// The JSON score of 凉山州科协 2021 after importing `files` into a fresh
// database, without the line naming the imported file.
std::string score_after_import(const std::string& name, const std::vector<std::string>& files) {
  const std::string db = scratch_dir(name) + "/t.db";
  std::vector<std::string> args = {"import"};
  args.insert(args.end(), files.begin(), files.end());
  args.insert(args.end(), {"--home", source_dir(), "--db", db});
  const CliRun import = run_jixiao(args);
  REQUIRE(import.err == "");
  CHECK(import.out == "imported 1 record(s), 0 unchanged, into " + db + "\n");
  CHECK(run_jixiao(args).out == "imported 0 record(s), 1 unchanged, into " + db + "\n");  // the same files again
  const CliRun score =
      run_jixiao({"score", "凉山州科学技术协会", "2021", "--format", "json", "--home", source_dir(), "--db", db});
  REQUIRE(score.exit_code == 0);
  std::string out;
  for (const auto& line : lines_of(score.out))
    if (line.find("\"source\": \"/") == std::string::npos) out += line + "\n";
  return out;
}

std::string import_error(const std::string& name, const std::string& csv) {
  const std::string dir = scratch_dir(name);
  write_text(dir + "/in.csv", csv);
  const CliRun run = run_jixiao({"import", dir + "/in.csv", "--home", source_dir(), "--db", dir + "/t.db"});
  CHECK(run.exit_code == 1);
  CHECK_FALSE(file_exists(dir + "/t.db"));
  return run.err.substr(0, 8) == "jixiao: " ? run.err.substr(8 + dir.size() + 1) : run.err;
}

const std::string kKey = "entity,year,set,record,";
const std::string kWho = "凉山州科学技术协会,2021,liangshan-2021-dept,filed,";

}  // namespace

TEST_CASE("table input: the 凉山州 2021 inputs as CSV and as xlsx score as the YAML does, leaf by leaf",
          "[table_input]") {
  const std::string yaml = score_after_import("import_yaml", {source_dir() + "/data/liangshan-kexie-2021.yaml"});
  CHECK(yaml.find("\"total\": 85.00,") != std::string::npos);
  const std::string csv = score_after_import(
      "import_csv", {fixture("liangshan-kexie-2021-facts.csv"), fixture("liangshan-kexie-2021-judgements.csv"),
                     fixture("liangshan-kexie-2021-filed.csv")});
  const std::string xlsx = score_after_import("import_xlsx", {fixture("liangshan-kexie-2021.xlsx")});
  CHECK(csv == yaml);
  CHECK(xlsx == yaml);
}

TEST_CASE("table input: the 凉山州 2021 project tables as CSV and as xlsx score as the YAML does, row by row",
          "[table_input]") {
  auto projects_after_import = [](const std::string& name, const std::vector<std::string>& files) {
    const std::string db = scratch_dir(name) + "/t.db";
    std::vector<std::string> args = {"import"};
    args.insert(args.end(), files.begin(), files.end());
    args.insert(args.end(), {"--home", source_dir(), "--db", db});
    REQUIRE(run_jixiao(args).err == "");
    const CliRun score = run_jixiao({"score", "凉山州科学技术协会", "2021", "--projects", "--format", "json", "--home",
                                     source_dir(), "--db", db});
    REQUIRE(score.exit_code == 0);
    return score.out;
  };
  const std::string yaml =
      projects_after_import("projects_yaml", {source_dir() + "/data/liangshan-kexie-2021-projects.yaml"});
  CHECK(yaml.find("\"target\"") != std::string::npos);
  CHECK(projects_after_import("projects_csv", {fixture("liangshan-kexie-2021-projects.csv"),
                                               fixture("liangshan-kexie-2021-project-rows.csv")}) == yaml);
  CHECK(projects_after_import("projects_xlsx", {fixture("liangshan-kexie-2021-projects.xlsx")}) == yaml);
}

TEST_CASE("table input: an xlsx import error names the workbook, the sheet and the cell", "[table_input]") {
  const std::string dir = scratch_dir("import_xlsx_error");
  const std::string book = fixture("liangshan-kexie-2021-no-unit.xlsx");
  const CliRun run = run_jixiao({"import", book, "--home", source_dir(), "--db", dir + "/t.db"});
  CHECK(run.exit_code == 1);
  CHECK(run.err == "jixiao: " + book + ", sheet facts, cell E8: fact annual_budget: a number needs its unit (万元, 元, %, 个, …)\n");
  CHECK_FALSE(file_exists(dir + "/t.db"));
}

TEST_CASE("table input: an Excel error cell (#DIV/0!) is refused at its own cell, named as Excel does, with the fact",
          "[table_input]") {
  // It used to be read as the text '#DIV/0!' and refused at the fact's name, cell E8: "a unit goes with a number,
  // but the value is text".
  const std::string dir = scratch_dir("import_xlsx_error_cell");
  const std::string book = fixture("liangshan-kexie-2021-error-cell.xlsx");
  const CliRun run = run_jixiao({"import", book, "--home", source_dir(), "--db", dir + "/t.db"});
  CHECK(run.exit_code == 1);
  CHECK(run.err == "jixiao: " + book + ", sheet facts, cell G8: fact annual_budget: value: the cell 'facts'!G8 shows "
                   "Excel's error #DIV/0! (除数为零, a division by zero), not a value: correct the formula in Excel or "
                   "type the value\n");
  CHECK_FALSE(file_exists(dir + "/t.db"));
}

TEST_CASE("table input: a project row names a project the projects sheet has", "[table_input]") {
  CHECK(import_error("import_err_project", kKey + "project,level1,level2,name\n凉山州科学技术协会,2021,project-selfeval-2021,projects,"
                                                  "summry,产出指标,数量指标,培训\n") ==
        "in.csv, cell E2: no project 'summry' in a projects sheet of the same record\n");
}

TEST_CASE("table input: provenance given once, in the first row, holds for the rows below", "[table_input]") {
  const std::string dir = scratch_dir("import_once");
  write_text(dir + "/facts.csv", kKey + "name,label,value,unit,source_file,quote,inferred\n" + kWho +
                                     "annual_budget,年度预算总额,686.54,万元,report.txt,当年总收支686.54万元,\n"
                                     ",,,,monitoring_cancelled,绩效监控调整取消额,3.1,万元,,,\n"
                                     ",,,,balance_written_off,预算结余注销额,0,万元,,,\n");
  const CliRun run = run_jixiao({"import", dir + "/facts.csv", "--home", source_dir(), "--db", dir + "/t.db"});
  REQUIRE(run.err == "");
  const CliRun explain = run_jixiao({"explain", "凉山州科学技术协会", "2021", "dynamic_adjustment", "--home",
                                     source_dir(), "--db", dir + "/t.db"});
  REQUIRE(explain.exit_code == 0);
  size_t quoted = 0;
  for (size_t at = 0; (at = explain.out.find("report.txt: 「当年总收支686.54万元」", at)) != std::string::npos; ++at) ++quoted;
  CHECK(quoted == 2);  // the two facts this score read, both below the row that gave the provenance
}

TEST_CASE("table input: a row table from a CSV, its columns in written order, scored by the leaf that reads it",
          "[table_input]") {
  const std::string dir = scratch_dir("import_rows");
  write_text(dir + "/rows.csv", kKey + "table,name,target,actual,unit,source_file,quote\n" + kWho +
                                    "quantity_indicators,资助贫困生,25,22,人,003.txt,资助贫困生22人\n"
                                    ",,,,quantity_indicators,科普活动,10,10,次,,\n");
  REQUIRE(run_jixiao({"import", dir + "/rows.csv", "--home", source_dir(), "--db", dir + "/t.db"}).err == "");
  const CliRun explain = run_jixiao({"explain", "凉山州科学技术协会", "2021", "target_achievement", "--home",
                                     source_dir(), "--db", dir + "/t.db"});
  CHECK(explain.out.find("得分      4.00（计算）") != std::string::npos);
  CHECK(explain.out.find("    2. name=科普活动，target=10，actual=10，unit=次\n       出处：003.txt: 「资助贫困生22人」") !=
        std::string::npos);
}

TEST_CASE("table input: import errors name the file, sheet and cell, and nothing is written", "[table_input]") {
  CHECK(import_error("import_err_column", kKey + "name,label,value,unti\n") ==
        "in.csv, cell H1: unknown column 'unti', did you mean 'unit'?\n");
  CHECK(import_error("import_err_layout", "名称,数值\n甲,1\n") ==
        "in.csv, cell A1: cannot tell what this sheet holds from its first row: facts have name and value, judgements "
        "leaf, score and basis, filed scores leaf and score, row tables a table column (data/README.md)\n");
  CHECK(import_error("import_err_unit", kKey + "name,label,value,unit,source_file,quote\n" + kWho +
                                            "annual_budget,年度预算总额,686.54万元,,a.txt,q\n") ==
        "in.csv, cell G2: fact annual_budget: '686.54万元' reads as a number with its unit: write 'value: <number>' "
        "and 'unit: <unit>' apart (quote the value if it really is text)\n");
  CHECK(import_error("import_err_twice", kKey + "name,label,value,unit,source_file,quote\n" + kWho +
                                             "annual_budget,年度预算总额,1,万元,a.txt,q\n" + kWho +
                                             "annual_budget,年度预算总额,2,万元,a.txt,q\n") ==
        "in.csv, cell E3: fact 'annual_budget' is given twice (also at E2)\n");
  CHECK(import_error("import_err_provenance", kKey + "leaf,score,basis\n" + kWho + "exec_progress,6,按进度\n") ==
        "in.csv, cell E2: judgement exec_progress: say where it comes from: 'source: {file: …, quote: …}' or "
        "'inferred: why'\n");
  CHECK(import_error("import_err_score", kKey + "leaf,score,basis,inferred\n" + kWho + "exec_progress,六,按进度,估计\n") ==
        "in.csv, cell F2: judgement exec_progress: score: expected a decimal number such as 8 or 686.54, got '六'\n");
  // Cells are held to what YAML sources are: no control characters, well-formed UTF-8.
  CHECK(import_error("import_err_control", kKey + "leaf,score,basis,inferred\n" + kWho + "exec_progress,6,按\x1b[2K进度,估计\n") ==
        "in.csv, cell G2: a control character (U+001B) is not allowed in text\n");
}

TEST_CASE("table input: new data writes a template under the home's data/ (made when missing), and keeps an existing one", "[table_input]") {
  const std::string home = new_home("new_data");
  std::filesystem::copy(sets_dir() + "/liangshan-2021-dept.yaml", home + "/indicator-sets/liangshan-2021-dept.yaml");
  const std::vector<std::string> args = {"new", "data", "某县科协", "2022", "--set", "liangshan-2021-dept", "--home", home};
  const CliRun run = run_jixiao(args);
  const std::string path = home + "/data/某县科协-2022.yaml";
  CHECK(run.err == "");
  CHECK(run.out == "wrote " + path + ": fill in every value and its source, then jixiao import " + path + "\n");
  CHECK(read_file(path).find("set: liangshan-2021-dept\n") != std::string::npos);
  CHECK(run_jixiao(args).err == "jixiao: " + path + ": exists already: pass --force to overwrite it\n");
  CHECK(run_jixiao({"new", "data", "某县科协", "2022", "--home", home}).err ==
        "jixiao: jixiao new data needs --set ID, the indicator set the department is scored under\n");
}

TEST_CASE("table input: new data refuses an entity that would leave data/ or is no file name, and keeps Chinese names with spaces",
          "[table_input]") {
  const std::string home = new_home("new_data_entity");
  std::filesystem::copy(sets_dir() + "/liangshan-2021-dept.yaml", home + "/indicator-sets/liangshan-2021-dept.yaml");
  auto new_data = [&](const std::string& entity, std::vector<std::string> more = {}) {
    std::vector<std::string> args = {"new", "data", entity, "2021", "--set", "liangshan-2021-dept", "--home", home};
    args.insert(args.end(), more.begin(), more.end());
    return run_jixiao(args);
  };
  const std::string why = " (单位名称用作数据文件名: it names the file data/ENTITY-YEAR.yaml)\n";
  const CliRun up = new_data("../../../../x", {"--force"});
  CHECK(up.exit_code == 2);
  CHECK(up.err == "jixiao: entity '../../../../x' cannot hold '/' or '\\'" + why);
  CHECK(new_data("a/b").err == "jixiao: entity 'a/b' cannot hold '/' or '\\'" + why);
  CHECK(new_data("a\\b").err == "jixiao: entity 'a\\b' cannot hold '/' or '\\'" + why);
  CHECK(new_data("..").err == "jixiao: entity '..' cannot be '.' or '..'" + why);
  CHECK(new_data("").err == "jixiao: the entity is empty: name the department, such as 凉山州科学技术协会" + why);
  CHECK(new_data("某县\n科协").err == "jixiao: entity '某县\\n科协' cannot hold control characters or invalid UTF-8" + why);
  CHECK(new_data("某县\x1b[31m").err == "jixiao: entity '某县\\x1b[31m' cannot hold control characters or invalid UTF-8" + why);
  CHECK(!std::filesystem::exists(home + "/data"));
  const CliRun spaced = new_data("某县 科学技术协会");
  CHECK(spaced.err == "");
  CHECK(file_exists(home + "/data/某县 科学技术协会-2021.yaml"));
}
