// compare --all takes recomputed scores from the results score --all stored
// under the same set content hash: the same lines as scoring every record,
// and scoring again for records without them or stored under other rules.
#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <filesystem>
#include <fstream>

#include "batch_score.h"
#include "compare_all.h"
#include "packed_leaves.h"
#include "test_support.h"

using jixiao::test::run_jixiao;

namespace {

std::string home() { return jixiao::test::source_dir(); }

jixiao::test::CliRun compare_all(const std::string& db, const std::string& h = home(),
                                 std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"compare", "--all", "2021", "--format", "csv", "--db", db, "--home", h};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_jixiao(args);
}

// Sets the stored score of `leaf` to `score` in every record's results.
void set_stored_score(const std::string& db, const std::string& leaf, const std::string& score) {
  SQLite::Database d(db, SQLite::OPEN_READWRITE);
  SQLite::Statement rows(d, "SELECT rowid, leaves FROM results");
  std::vector<std::pair<int64_t, std::string>> changed;
  while (rows.executeStep()) {
    const std::string packed = rows.getColumn(1).getString();
    jixiao::PackedLeaves read(packed);
    jixiao::PackedLeaf l;
    std::string out;
    while (read.next(l)) jixiao::pack_leaf(out, l.leaf_id, l.leaf_id == leaf ? score : l.score, l.source, l.reason);
    changed.emplace_back(rows.getColumn(0).getInt64(), out);
  }
  SQLite::Statement put(d, "UPDATE results SET leaves = ? WHERE rowid = ?");
  for (const auto& [rowid, packed] : changed) {
    put.bind(1, packed.data(), static_cast<int>(packed.size()));
    put.bind(2, rowid);
    put.exec();
    put.reset();
  }
}

}  // namespace

TEST_CASE("compare_all: lines from stored results are the lines scoring every record gives", "[compare_all]") {
  const std::string db = jixiao::test::scratch_dir("compare-all-stored") + "/province.db";
  REQUIRE(run_jixiao({"gen", "--departments", "150", "--seed", "11", "--db", db, "--home", home()}).exit_code == 0);
  for (const auto& extra : std::vector<std::vector<std::string>>{{}, {"--against", "filed"}, {"--against", "review"}}) {
    INFO(extra.size());
    const auto scored = compare_all(db, home(), extra);  // nothing stored yet: every record scored
    REQUIRE(!scored.out.empty());
    REQUIRE(run_jixiao({"score", "--all", "--db", db, "--home", home()}).exit_code == 0);
    const auto stored = compare_all(db, home(), extra);
    CHECK(stored.exit_code == scored.exit_code);
    CHECK(stored.out == scored.out);
    CHECK(stored.err == scored.err);
  }
}

TEST_CASE("compare_all: stored results are read, for the set version they were stored under only", "[compare_all]") {
  const std::string dir = jixiao::test::scratch_dir("compare-all-versions");
  const std::string db = dir + "/province.db";
  REQUIRE(run_jixiao({"gen", "--departments", "20", "--seed", "11", "--db", db, "--home", home()}).exit_code == 0);
  REQUIRE(run_jixiao({"score", "--all", "--db", db, "--home", home()}).exit_code == 0);
  const auto before = compare_all(db);
  // Every stored 违规记录 result of every record says 0: the totals move.
  set_stored_score(db, "violations", "0.00");
  const auto tampered = compare_all(db);
  CHECK(tampered.out != before.out);

  // Under another version of the rules (one script changed) nothing stored applies: scored again.
  const std::string other = jixiao::test::scratch_dir("compare-all-versions-home");
  std::filesystem::copy(home() + "/indicator-sets", other + "/indicator-sets");
  std::filesystem::copy(home() + "/scripts", other + "/scripts", std::filesystem::copy_options::recursive);
  std::ofstream(other + "/scripts/proportional.lua", std::ios::app) << "-- a comment: another version\n";
  CHECK(compare_all(db, other).out == before.out);
}

TEST_CASE("compare_all: any number of workers gives the lines one gives", "[compare_all]") {
  const std::string db = jixiao::test::scratch_dir("compare-all-jobs") + "/province.db";
  REQUIRE(run_jixiao({"gen", "--departments", "45", "--seed", "13", "--db", db, "--home", home()}).exit_code == 0);
  // Half of the records scored and stored, half not: both ways in every part.
  jixiao::Workspace ws(home(), db, false);
  jixiao::BatchOptions scoring;
  scoring.batch_size = 5;
  scoring.progress = [](size_t done, size_t) {
    if (done >= 25) throw std::runtime_error("stop");
  };
  CHECK_THROWS(jixiao::score_all(ws, scoring));
  const jixiao::Store store = jixiao::Store::open_read_only(db);
  jixiao::CompareAllOptions options;
  options.year = 2021;
  options.batch_size = 4;
  const jixiao::CompareAll one = jixiao::compare_all(ws, store, options);
  CHECK(one.from_results > 10);
  CHECK(one.from_results < one.lines.size() - 10);
  for (const int jobs : {2, 3, 7, 50}) {
    INFO(jobs << " workers");
    options.jobs = jobs;
    const jixiao::CompareAll many = jixiao::compare_all(ws, store, options);
    CHECK(many.from_results == one.from_results);
    CHECK(many.failed == one.failed);
    CHECK(many.deductions == one.deductions);
    REQUIRE(many.lines.size() == one.lines.size());
    for (size_t i = 0; i < one.lines.size(); ++i) {
      CHECK(many.lines[i].entity == one.lines[i].entity);
      CHECK(many.lines[i].basis == one.lines[i].basis);
      CHECK(many.lines[i].filed_total == one.lines[i].filed_total);
      CHECK(many.lines[i].recomputed_total == one.lines[i].recomputed_total);
      CHECK(many.lines[i].relative_gap_pct == one.lines[i].relative_gap_pct);
      CHECK(many.lines[i].deduction == one.lines[i].deduction);
      CHECK(many.lines[i].error == one.lines[i].error);
    }
  }
}
