// The default database mirrors data/: one file there that cannot be read is
// one error, reported with its file and line, and every other department-year
// still scores (issue 10).
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "files.h"
#include "test_support.h"

using namespace jixiao::test;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A home whose data/ holds the shipped 凉山州 2021 record and `extra` files.
std::string home_with(const std::string& name, const std::vector<std::pair<std::string, std::string>>& extra) {
  const std::string home = scratch_dir(name);
  std::filesystem::create_directories(home + "/data");
  std::filesystem::copy(source_dir() + "/data/liangshan-kexie-2021.yaml", home + "/data/liangshan-kexie-2021.yaml");
  for (const auto& [file, text] : extra) write_text(home + "/data/" + file, text);
  return home;
}

const char* kBroken = "entity: 坏单位\nyear: 2021\nset: liangshan-2021-dept\nrecord: filed\nfacts: [unclosed\n";

}  // namespace

TEST_CASE("data folder: a broken file beside good ones is skipped and named, and the others still score", "[data-folder]") {
  const std::string home = home_with("data-folder-broken", {{"broken.yaml", kBroken}});
  const CliRun score = run_jixiao({"score", "--home", home});
  INFO(score.err);
  CHECK(score.exit_code == 0);
  CHECK(contains(score.out, "得分合计 85.00 / 90.00"));
  CHECK(contains(score.err, "jixiao: skipped " + home + "/data/broken.yaml:6:1: YAML syntax: end of sequence flow not found"));

  const CliRun list = run_jixiao({"list", "--home", home});
  CHECK(list.exit_code == 0);
  CHECK(contains(list.out, "凉山州科学技术协会"));
  CHECK_FALSE(contains(list.out, "坏单位"));
  CHECK(contains(list.out, "未能读取的数据文件（已跳过，其余照常计分）：\n  " + home + "/data/broken.yaml:6:1: YAML syntax: end of sequence flow not found"));

  // Once mended, the file is taken in, with nothing else done.
  write_text(home + "/data/broken.yaml", std::string(kBroken).replace(std::string(kBroken).find("facts:"), 20,
                                                                      "judgements: {}\n"));
  const CliRun mended = run_jixiao({"list", "--home", home});
  CHECK(mended.err.empty());
  CHECK(contains(mended.out, "坏单位"));
}

TEST_CASE("data folder: a file that breaks after it was imported loses its record, not the others'", "[data-folder]") {
  const std::string home = home_with("data-folder-later", {});
  const std::string file = home + "/data/liangshan-kexie-2021.yaml";
  REQUIRE(run_jixiao({"score", "--home", home}).exit_code == 0);
  write_text(home + "/data/other.yaml", "entity: 另一单位\nyear: 2021\nset: liangshan-2021-dept\nrecord: filed\n");
  write_text(file, "entity: [\n");
  const CliRun list = run_jixiao({"list", "--home", home});
  CHECK(list.exit_code == 0);
  CHECK(contains(list.out, "另一单位"));
  CHECK_FALSE(contains(list.out, "凉山州科学技术协会"));  // no stale record scored as if it were current
  const CliRun score = run_jixiao({"score", "--home", home});
  CHECK(score.exit_code == 1);
  CHECK(contains(score.err, "jixiao: skipped " + file + ":"));
}

TEST_CASE("data folder: two files recording the same department-year are both left out, each named", "[data-folder]") {
  const std::string twin = "entity: 双份单位\nyear: 2021\nset: liangshan-2021-dept\nrecord: filed\n";
  const std::string home = home_with("data-folder-twins", {{"a.yaml", twin}, {"b.yaml", twin}});
  const CliRun list = run_jixiao({"list", "--home", home});
  INFO(list.out << list.err);
  CHECK(list.exit_code == 0);
  CHECK_FALSE(contains(list.out, "双份单位  2021"));  // no row for either
  CHECK(contains(list.out, "凉山州科学技术协会"));
  CHECK(contains(list.err, "/data/b.yaml: records the same filed 双份单位 2021 as "));
  CHECK(contains(list.err, "/data/a.yaml: records the same department-year as a later file: neither is used"));
}

TEST_CASE("data folder: import of named files stays all or nothing", "[data-folder]") {
  const std::string home = home_with("data-folder-import", {{"broken.yaml", kBroken}});
  const std::string db = scratch_dir("data-folder-import-db") + "/jixiao.db";
  const CliRun run = run_jixiao({"import", home + "/data/liangshan-kexie-2021.yaml", home + "/data/broken.yaml",
                                 "--home", home, "--db", db});
  CHECK(run.exit_code == 1);
  CHECK_FALSE(std::filesystem::exists(db));
}

// A run with data/, the sets and the scripts as the last sync left them reads
// the database as it is (Workspace::open_store); each of these must still be
// noticed at the next run.
TEST_CASE("data folder: a record imported by hand into the default database is dropped at the next run", "[data-folder]") {
  const std::string home = home_with("data-folder-by-hand", {});
  REQUIRE(run_jixiao({"score", "--home", home}).exit_code == 0);
  const std::string elsewhere = scratch_dir("data-folder-by-hand-src") + "/other.yaml";
  write_text(elsewhere, "entity: 另一单位\nyear: 2021\nset: liangshan-2021-dept\nrecord: filed\n");
  REQUIRE(run_jixiao({"import", elsewhere, "--home", home}).exit_code == 0);
  const CliRun list = run_jixiao({"list", "--home", home});
  CHECK(list.exit_code == 0);
  CHECK(contains(list.out, "凉山州科学技术协会"));
  CHECK_FALSE(contains(list.out, "另一单位"));  // the default database mirrors data/
}

TEST_CASE("data folder: a set removed after a run is noticed at the next run", "[data-folder]") {
  std::string set = jixiao::read_file(source_dir() + "/indicator-sets/liangshan-2021-dept.yaml");
  set.replace(set.find("id: liangshan-2021-dept"), 23, "id: my-dept");
  const std::string home = home_with("data-folder-set-gone",
                                     {{"mine.yaml", "entity: 本地单位\nyear: 2021\nset: my-dept\nrecord: filed\n"}});
  std::filesystem::create_directories(home + "/indicator-sets");
  write_text(home + "/indicator-sets/my-dept.yaml", set);
  const CliRun before = run_jixiao({"list", "--home", home});
  REQUIRE(before.exit_code == 0);
  REQUIRE(contains(before.out, "本地单位"));
  std::filesystem::remove(home + "/indicator-sets/my-dept.yaml");
  const CliRun after = run_jixiao({"list", "--home", home});
  INFO(after.err);
  CHECK(after.exit_code == 0);
  CHECK_FALSE(contains(after.out, "本地单位  2021"));
  CHECK(contains(after.err, "jixiao: skipped " + home + "/data/mine.yaml:"));
  CHECK(contains(after.out, "凉山州科学技术协会"));
}

TEST_CASE("data folder: rows taken from project tables imported by hand are checked again at every run",
          "[data-folder]") {
  // A sync reads the database too: a department-year of data/ may take its
  // rows from project tables imported by hand, which the same sync then drops
  // (the default database mirrors data/). The next run must say so, as a sync
  // does, not keep rows from tables no longer there.
  const std::string home = home_with("data-folder-rows-by-hand", {});
  std::filesystem::copy(source_dir() + "/data/liangshan-kexie-2021-review.yaml",
                        home + "/data/liangshan-kexie-2021-review.yaml");
  const std::string tables = scratch_dir("data-folder-rows-by-hand-src") + "/liangshan-kexie-2021-projects.yaml";
  std::filesystem::copy(source_dir() + "/data/liangshan-kexie-2021-projects.yaml", tables);
  REQUIRE(run_jixiao({"list", "--home", home}).exit_code == 0);
  REQUIRE(run_jixiao({"import", tables, "--home", home}).exit_code == 0);
  REQUIRE(run_jixiao({"list", "--home", home}).exit_code == 0);  // the review takes the tables' rows; they go
  const CliRun later = run_jixiao({"list", "--home", home});
  INFO(later.err);
  CHECK(later.exit_code == 0);
  CHECK(contains(later.err, "jixiao: skipped " + home + "/jixiao.db: no projects record of 凉山州科学技术协会 2021 in the database"));
  CHECK_FALSE(contains(later.out, "2021  review"));  // its line in the table: dropped
}
