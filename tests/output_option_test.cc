// -o/--output on the command line: taken only by the commands that write a
// file (score, compare and report their output, new data its template), and
// refused elsewhere with a message that says so.
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
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

namespace {

// A database holding 凉山州科学技术协会 2021, and the arguments that score it from there.
std::vector<std::string> scored_from(const std::string& db) {
  const auto import = run_jixiao({"import", jixiao::test::source_dir() + "/data/liangshan-kexie-2021.yaml", "--db", db,
                                  "--home", jixiao::test::source_dir()});
  REQUIRE(import.exit_code == 0);
  return {"score", "凉山州科学技术协会", "2021", "--db", db, "--home", jixiao::test::source_dir()};
}

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

}  // namespace

TEST_CASE("output option: -o naming the database in use, by its path or through a link, is refused and writes nothing",
          "[output_option]") {
  const std::string dir = scratch_dir("output-option-database");
  const std::string db = dir + "/o.db";
  const auto score = scored_from(db);
  const std::string before = jixiao::read_file(db);
  const auto same = run_jixiao(with(score, {"-o", db}));
  CHECK(same.exit_code == 2);
  CHECK(same.out.empty());
  CHECK(same.err == "jixiao: -o " + db + ": 这是正在使用的数据库文件 " + db +
                        "，输出会覆盖它，请另选文件 (the output would overwrite the database in use; choose another file)\n");
  std::filesystem::create_symlink("o.db", dir + "/link.db");
  const auto linked = run_jixiao(with(score, {"--output", dir + "/link.db", "--format", "csv"}));
  CHECK(linked.exit_code == 2);
  CHECK(linked.err == "jixiao: -o " + dir + "/link.db: 这是正在使用的数据库文件 " + db +
                          "，输出会覆盖它，请另选文件 (the output would overwrite the database in use; choose another file)\n");
  const auto other_path = run_jixiao({"list", "--db", db, "--home", jixiao::test::source_dir(), "-o",
                                     dir + "/../" + std::filesystem::path(dir).filename().string() + "/o.db"});
  CHECK(other_path.exit_code == 2);
  CHECK(jixiao::read_file(db) == before);
  CHECK(std::filesystem::is_symlink(dir + "/link.db"));
  CHECK(run_jixiao(with(score, {"-o", dir + "/out.txt"})).exit_code == 0);
}

TEST_CASE("output option: -o through a symbolic link writes its target and keeps the link", "[output_option]") {
  const std::string dir = scratch_dir("output-option-symlink");
  const auto score = scored_from(dir + "/x.db");
  jixiao::test::write_text(dir + "/target.csv", "old\n");
  std::filesystem::create_symlink("target.csv", dir + "/link.csv");
  std::filesystem::create_symlink("never-written.csv", dir + "/dangling.csv");
  REQUIRE(run_jixiao(with(score, {"-o", dir + "/link.csv"})).exit_code == 0);
  REQUIRE(run_jixiao(with(score, {"-o", dir + "/dangling.csv"})).exit_code == 0);
  CHECK(std::filesystem::is_symlink(dir + "/link.csv"));
  CHECK(std::filesystem::is_symlink(dir + "/dangling.csv"));
  CHECK_THAT(jixiao::read_file(dir + "/target.csv"), Catch::StartsWith("\xEF\xBB\xBF" "id,path,"));
  CHECK(jixiao::read_file(dir + "/never-written.csv") == jixiao::read_file(dir + "/target.csv"));
}

TEST_CASE("output option: -o on a FIFO writes through it to its reader and leaves the FIFO in place",
          "[output_option]") {
  const std::string dir = scratch_dir("output-option-fifo");
  const auto score = scored_from(dir + "/x.db");
  const std::string fifo = dir + "/pipe";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  // Held open for reading and writing, the FIFO never blocks jixiao's open,
  // and what it writes (a few kB: less than a pipe holds) waits here.
  const int fd = ::open(fifo.c_str(), O_RDWR | O_NONBLOCK);
  REQUIRE(fd >= 0);
  const auto run = run_jixiao(with(score, {"-o", fifo, "--format", "csv"}));
  std::string received;
  char buffer[4096];
  for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;) received.append(buffer, static_cast<size_t>(n));
  ::close(fd);
  CHECK(run.exit_code == 0);
  CHECK(run.err == "");
  CHECK_THAT(received, Catch::StartsWith("\xEF\xBB\xBF" "id,path,"));
  CHECK_THAT(received, Catch::EndsWith("\ntotal,总分,0,,85.00,85.00,0.00,,,\n"));
  CHECK(std::filesystem::is_fifo(fifo));
}

TEST_CASE("output option: -o FILE's extension chooses the format, and one the command does not write is refused, naming "
          "those it does", "[output_option]") {
  const std::string dir = scratch_dir("output-option-extension");
  const auto score = scored_from(dir + "/x.db");
  const std::vector<std::string> report = {"report", "凉山州科学技术协会", "2021", "--db", dir + "/x.db", "--home",
                                           jixiao::test::source_dir()};
  // report -o r.pdf used to write HTML into r.pdf.
  const auto pdf = run_jixiao(with(report, {"-o", dir + "/r.pdf"}));
  CHECK(pdf.exit_code == 2);
  CHECK(pdf.out.empty());
  CHECK(pdf.err == "jixiao: -o " + dir + "/r.pdf: report 不写 .pdf 文件，它写 html (.html) 或 xlsx (.xlsx) (report writes "
                   "html (.html) or xlsx (.xlsx), not .pdf)\n");
  // The same rule for every command that takes -o, whichever its formats.
  const auto doc = run_jixiao(with(score, {"-o", dir + "/s.docx"}));
  CHECK(doc.exit_code == 2);
  CHECK(doc.err == "jixiao: -o " + dir + "/s.docx: score 不写 .docx 文件，它写 table (.txt)、json (.json)、csv (.csv)、"
                   "markdown (.md)、html (.html) 或 xlsx (.xlsx) (score writes table (.txt), json (.json), csv (.csv), "
                   "markdown (.md), html (.html) or xlsx (.xlsx), not .docx)\n");
  // An extension of a format the command does not write is refused too, not taken for its default.
  const auto md = run_jixiao(with(report, {"-o", dir + "/r.md"}));
  CHECK(md.err == "jixiao: -o " + dir + "/r.md: report 不写 .md 文件，它写 html (.html) 或 xlsx (.xlsx) (report writes "
                  "html (.html) or xlsx (.xlsx), not .md)\n");
  // --format and an extension that is another format's.
  const auto mismatch = run_jixiao(with(score, {"--format", "csv", "-o", dir + "/s.json"}));
  CHECK(mismatch.exit_code == 2);
  CHECK(mismatch.err == "jixiao: -o " + dir + "/s.json: --format csv 写的是 .csv 文件，不是 .json (--format csv writes a "
                        ".csv file, not .json)\n");
  for (const char* refused : {"/r.pdf", "/s.docx", "/r.md", "/s.json"}) CHECK_FALSE(jixiao::file_exists(dir + refused));
  // The extension chooses (any case; .htm too); a name without one takes the default or --format.
  REQUIRE(run_jixiao(with(report, {"-o", dir + "/r.HTM"})).exit_code == 0);
  CHECK_THAT(jixiao::read_file(dir + "/r.HTM"), Catch::StartsWith("<!DOCTYPE html>"));
  REQUIRE(run_jixiao(with(score, {"-o", dir + "/s.txt"})).exit_code == 0);
  CHECK(jixiao::read_file(dir + "/s.txt") == run_jixiao(score).out);
  REQUIRE(run_jixiao(with(score, {"--format", "json", "-o", dir + "/plain"})).exit_code == 0);
  CHECK_THAT(jixiao::read_file(dir + "/plain"), Catch::StartsWith("{"));
}
