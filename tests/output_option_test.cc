// -o/--output on the command line: taken only by the commands that write a
// file (score, compare and report their output, new data its template), and
// refused elsewhere with a message that says so.
#include <catch2/catch.hpp>

#include <string>

#include "files.h"
#include "test_support.h"

using jixiao::test::run_jixiao;
using jixiao::test::scratch_dir;

TEST_CASE("output option: new data --output FILE leaves the template in FILE, not the message about it",
          "[output_option]") {
  const std::string dir = scratch_dir("output-option-new-data");
  const std::string file = dir + "/某部门-2021.yaml";
  const auto run = run_jixiao({"new", "data", "某部门", "2021", "--set", "liangshan-2021-dept", "--output", file,
                               "--home", jixiao::test::source_dir(), "--db", dir + "/x.db"});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(run.out == "wrote " + file + ": fill in every value and its source, then jixiao import " + file + "\n");
  const std::string text = jixiao::read_file(file);
  CHECK_THAT(text, Catch::StartsWith("# 某部门 2021 under liangshan-2021-dept"));
  CHECK_THAT(text, Catch::Contains("\nentity: 某部门\nyear: 2021\nset: liangshan-2021-dept\nrecord: filed\n"));
}

TEST_CASE("output option: a command that writes no file refuses -o and --output, naming those that do",
          "[output_option]") {
  const std::string dir = scratch_dir("output-option-refused");
  const std::vector<std::string> where = {"--home", jixiao::test::source_dir(), "--db", dir + "/x.db"};
  auto with = [&](std::vector<std::string> args) {
    args.insert(args.end(), where.begin(), where.end());
    return run_jixiao(args);
  };
  const auto gen = with({"gen", "-o", dir + "/out.txt"});
  CHECK(gen.exit_code == 2);
  CHECK(gen.err ==
        "jixiao: jixiao gen: -o: this command writes no file, its output goes to the terminal "
        "(commands that write one: score, explain, check, compare, report, show, try, scripts, list, new, db)\n");
  const auto import = with({"import", "--output=" + dir + "/out.txt", jixiao::test::source_dir() + "/data/liangshan-kexie-2021.yaml"});
  CHECK(import.exit_code == 2);
  CHECK(import.err ==
        "jixiao: jixiao import: --output: this command writes no file, its output goes to the terminal "
        "(commands that write one: score, explain, check, compare, report, show, try, scripts, list, new, db)\n");
  // A command with formats writes its output to a file with -o.
  const auto check = with({"check", "liangshan-2021-dept", "--format", "json", "-o", dir + "/check.json"});
  CHECK(check.exit_code == 0);
  CHECK(jixiao::read_file(dir + "/check.json").find("\"engine_version\"") != std::string::npos);
  CHECK(with({"check", "liangshan-2021-dept"}).exit_code == 0);
}
