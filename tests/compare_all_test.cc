// compare --all takes recomputed scores from the results score --all stored
// under the same set content hash: the same lines as scoring every record,
// and scoring again for records without them or stored under other rules,
// from their packed inputs: each line what comparing its department alone
// gives, errors too.
#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <tuple>

#include "batch_score.h"
#include "compare_all.h"
#include "compare_run.h"
#include "error.h"
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
  SQLite::Statement rows(d, "SELECT r.rowid, r.leaves, v.leaves FROM results r JOIN set_versions v ON v.id = version");
  std::vector<std::pair<int64_t, std::string>> changed;
  while (rows.executeStep()) {
    const std::string packed = rows.getColumn(1).getString(), ids = rows.getColumn(2).getString();
    jixiao::PackedLeaves read(packed, ids);
    // id, score, source, reason
    std::vector<std::tuple<std::string, std::optional<jixiao::Decimal>, std::string, std::string>> leaves;
    for (jixiao::PackedLeaf l; read.next(l);)
      leaves.emplace_back(l.leaf_id, l.leaf_id == leaf ? jixiao::Decimal::parse(score) : l.score, l.source, l.reason);
    std::string out;
    jixiao::LeafPacker pack(out, read.named(), read.places());
    for (const auto& [id, s, source, reason] : leaves) pack.add(id, s, source, reason);
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

// Checks that `got` has the lines of `want`, field by field, and its failed flag and deductions.
void check_same_lines(const jixiao::CompareAll& got, const jixiao::CompareAll& want) {
  CHECK(got.failed == want.failed);
  CHECK(got.deductions == want.deductions);
  REQUIRE(got.lines.size() == want.lines.size());
  for (size_t i = 0; i < want.lines.size(); ++i) {
    INFO(want.lines[i].entity);
    CHECK(got.lines[i].entity == want.lines[i].entity);
    CHECK(got.lines[i].basis == want.lines[i].basis);
    CHECK(got.lines[i].filed_total == want.lines[i].filed_total);
    CHECK(got.lines[i].recomputed_total == want.lines[i].recomputed_total);
    CHECK(got.lines[i].relative_gap_pct == want.lines[i].relative_gap_pct);
    CHECK(got.lines[i].deduction == want.lines[i].deduction);
    CHECK(got.lines[i].error == want.lines[i].error);
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
    check_same_lines(many, one);
  }
}

namespace {

// A copy of the shipped home whose rules fail in two more ways: 预算完成's
// script errs below 90%, and 自评准确's leaves a gap above 10% to judgement.
std::string failing_home(const std::string& name) {
  const std::string dir = jixiao::test::scratch_dir(name);
  std::filesystem::copy(home() + "/indicator-sets", dir + "/indicator-sets");
  std::filesystem::copy(home() + "/scripts", dir + "/scripts", std::filesystem::copy_options::recursive);
  auto edit = [&](const std::string& script, const std::string& after, const std::string& added) {
    const std::string path = dir + "/scripts/" + script;
    std::ifstream in(path);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const size_t at = text.find(after);
    REQUIRE(at != std::string::npos);
    text.insert(at + after.size(), added);
    jixiao::test::write_text(path, text);
  };
  edit("proportional.lua", "local rate = actual * 100 / base\n", "  if rate < 90 then error(\"执行率低于90%\") end\n");
  edit("gap_deduction.lua", "local gap = rules.percent_deviation(self_score, review)\n",
       "  if gap > 10 then return nil, \"差异过大，酌情扣分\" end\n");
  return dir;
}

// The line of `entity` as comparing it alone gives it (run_comparison: the
// record read whole from its tables, evaluated, compared).
jixiao::ComparisonLine alone(jixiao::Workspace& ws, const jixiao::Store& store, const std::string& entity,
                             const std::string& against) {
  jixiao::ComparisonLine line;
  line.entity = entity;
  try {
    const auto run = jixiao::run_comparison(ws, store, entity, 2021, against, "");
    const jixiao::Comparison& c = run->comparison;
    line.basis = c.basis;
    line.filed_total = c.filed_total;
    line.recomputed_total = c.recomputed_total;
    line.relative_gap_pct = c.relative_gap_pct;
    if (c.accuracy) line.deduction = c.accuracy->deduction;
  } catch (const jixiao::Error& e) {
    line.error = e.what();
  }
  return line;
}

// compare --all's lines, each checked to be the line comparing its department
// alone gives, with every kind of line among them.
void check_lines_are_alone(jixiao::Workspace& ws, const jixiao::Store& store, bool stored) {
  std::map<std::string, int> kinds;  // what the lines are, to show every kind is here
  for (const std::string against : {"", "filed", "review"}) {
    INFO("against '" << against << "'");
    jixiao::CompareAllOptions options;
    options.year = 2021;
    options.against = against;
    options.jobs = 2;
    options.batch_size = 7;
    const jixiao::CompareAll all = jixiao::compare_all(ws, store, options);
    CHECK((all.from_results > 0) == stored);
    for (const jixiao::ComparisonLine& line : all.lines) {
      INFO(line.entity);
      const jixiao::ComparisonLine expected = alone(ws, store, line.entity, against);
      CHECK(line.basis == expected.basis);
      CHECK(line.filed_total == expected.filed_total);
      CHECK(line.recomputed_total == expected.recomputed_total);
      CHECK(line.relative_gap_pct == expected.relative_gap_pct);
      CHECK(line.deduction == expected.deduction);
      CHECK(line.error == expected.error);
      for (const char* kind : {"no judgement is recorded", "执行率低于90%", "left the gap to judgement", "no review record"})
        if (line.error.find(kind) != std::string::npos) ++kinds[kind];
      if (line.error.empty()) ++kinds["compared"];
    }
  }
  CHECK(kinds["compared"] > 0);
  CHECK(kinds["no judgement is recorded"] > 0);   // a leaf with neither inputs nor judgement
  CHECK(kinds["执行率低于90%"] > 0);              // a script error
  CHECK(kinds["left the gap to judgement"] > 0);  // 自评准确 pending judgement
  CHECK(kinds["no review record"] > 0);           // --against review without one
}

}  // namespace

TEST_CASE("compare_all: each line is the line comparing its department alone gives, gaps and errors too, "
          "with nothing stored and from stored results",
          "[compare_all]") {
  const std::string db = jixiao::test::scratch_dir("compare-all-packed") + "/province.db";
  REQUIRE(run_jixiao({"gen", "--departments", "60", "--seed", "17", "--db", db, "--home", home()}).exit_code == 0);
  jixiao::Workspace ws(failing_home("compare-all-packed-home"), db, false);
  const jixiao::Store store = jixiao::Store::open_read_only(db);
  SECTION("nothing stored: scored from packed inputs") { check_lines_are_alone(ws, store, false); }
  SECTION("stored by score --all (a record that failed to score has none)") {
    CHECK(jixiao::score_all(ws, {}).failed > 0);
    check_lines_are_alone(ws, store, true);
  }
}

TEST_CASE("compare_all: a packing that does not read stops it with the error reading the record whole gives",
          "[compare_all]") {
  const std::string db = jixiao::test::scratch_dir("compare-all-corrupt") + "/province.db";
  REQUIRE(run_jixiao({"gen", "--departments", "12", "--seed", "5", "--db", db, "--home", home()}).exit_code == 0);
  jixiao::Workspace ws(home(), db, false);
  // The filed record of a department with a review (not the evidence), and of one without (the evidence).
  int64_t reviewed = 0, alone = 0;
  {
    SQLite::Database d(db, SQLite::OPEN_READONLY);
    SQLite::Statement q(d,
                        "SELECT f.id, EXISTS(SELECT 1 FROM records r WHERE r.entity = f.entity AND r.year = f.year "
                        "AND r.kind = 'review') FROM records f WHERE f.kind = 'filed' AND f.year = 2021 ORDER BY f.id");
    while (q.executeStep()) (q.getColumn(1).getInt() ? reviewed : alone) = q.getColumn(0).getInt64();
  }
  REQUIRE(reviewed != 0);
  REQUIRE(alone != 0);
  for (const int64_t id : {reviewed, alone}) {
    INFO("record " << id);
    const std::string where = " WHERE record_id = " + std::to_string(id);
    SQLite::Database d(db, SQLite::OPEN_READWRITE);
    d.exec("CREATE TEMP TABLE kept AS SELECT inputs FROM record_inputs" + where);
    d.exec("UPDATE record_inputs SET inputs = substr(inputs, 1, 30)" + where);
    const jixiao::Store store = jixiao::Store::open_read_only(db);
    std::string whole;
    try {
      store.load_many({id});
    } catch (const jixiao::Error& e) {
      whole = e.what();
    }
    REQUIRE(whole.find("corrupt database: record " + std::to_string(id)) != std::string::npos);
    jixiao::CompareAllOptions options;
    options.year = 2021;
    CHECK_THROWS_WITH(jixiao::compare_all(ws, store, options), whole);
    d.exec("UPDATE record_inputs SET inputs = (SELECT inputs FROM kept)" + where);  // the next one alone is corrupt
    d.exec("DROP TABLE kept");
  }
}

TEST_CASE("compare_all: the scorers it used give reasons and traces again after", "[compare_all]") {
  const std::string db = jixiao::test::scratch_dir("compare-all-reasons") + "/province.db";
  REQUIRE(run_jixiao({"gen", "--departments", "5", "--seed", "3", "--db", db, "--home", home()}).exit_code == 0);
  jixiao::Workspace ws(home(), db, false);
  const jixiao::Store store = jixiao::Store::open_read_only(db);
  jixiao::CompareAllOptions options;
  options.year = 2021;
  jixiao::compare_all(ws, store, options);
  const std::vector<jixiao::RecordKey> keys = store.list();
  REQUIRE(!keys.empty());
  const jixiao::Record record = store.load(keys[0].entity, keys[0].year, keys[0].kind);
  const jixiao::Evaluation ev = ws.scorer(record.set_id).evaluate(record);
  const jixiao::LeafResult* leaf = ev.leaf("budget_completion");
  REQUIRE(leaf != nullptr);
  CHECK(!leaf->reason.empty());
  CHECK(!leaf->inputs.empty());
}

TEST_CASE("compare_all: a department whose records another process imports again after the listing is compared as "
          "it is stored then, by any number of workers",
          "[compare_all]") {
  const std::string fresh = jixiao::test::scratch_dir("compare-all-replaced") + "/fresh.db";
  REQUIRE(run_jixiao({"gen", "--departments", "30", "--seed", "13", "--db", fresh, "--home", home()}).exit_code == 0);
  // A department with a review record and one without, each in a batch of its own part.
  std::string reviewed, alone;
  {
    SQLite::Database d(fresh, SQLite::OPEN_READONLY);
    SQLite::Statement q(d,
                        "SELECT f.entity, EXISTS(SELECT 1 FROM records r WHERE r.entity = f.entity AND r.year = "
                        "f.year AND r.kind = 'review') FROM records f WHERE f.kind = 'filed' AND f.year = 2021 "
                        "ORDER BY f.id");
    while (q.executeStep()) (q.getColumn(1).getInt() ? reviewed : alone) = q.getColumn(0).getString();
  }
  REQUIRE(!reviewed.empty());
  REQUIRE(!alone.empty());
  for (const int jobs : {1, 3}) {
    INFO(jobs << " workers");
    const std::string db = jixiao::test::scratch_dir("compare-all-replaced-" + std::to_string(jobs)) + "/province.db";
    std::filesystem::copy_file(fresh, db);
    jixiao::Workspace ws(home(), db, false);
    std::vector<jixiao::Record> again;
    {
      const jixiao::Store store = jixiao::Store::open_read_only(db);
      for (const char* kind : {"filed", "review"}) again.push_back(store.load(reviewed, 2021, kind));
      again.push_back(store.load(alone, 2021, "filed"));
    }
    for (jixiao::Record& r : again) {  // filed otherwise: the lines show which records were read
      if (r.kind != "filed") continue;
      const jixiao::Decimal one = *jixiao::Decimal::parse("1");
      auto scored = std::find_if(r.filed_scores.begin(), r.filed_scores.end(),
                                 [&](const auto& s) { return !(s.second < one); });
      REQUIRE(scored != r.filed_scores.end());
      scored->second = scored->second - one;
      if (r.filed_total) r.filed_total = *r.filed_total - one;
    }
    const jixiao::Store store = jixiao::Store::open_read_only(db);
    jixiao::CompareAllOptions options;
    options.year = 2021;
    options.jobs = jobs;
    options.batch_size = 4;
    const jixiao::CompareAll before = jixiao::compare_all(ws, store, options);
    options.after_listing = [&] { jixiao::Store::open_for_write(db).import(again, {"a", "b", "c"}); };
    const jixiao::CompareAll during = jixiao::compare_all(ws, store, options);
    options.after_listing = nullptr;
    const jixiao::CompareAll after = jixiao::compare_all(ws, store, options);
    for (size_t i = 0; i < before.lines.size(); ++i)
      if (before.lines[i].entity == alone || before.lines[i].entity == reviewed)
        CHECK(before.lines[i].filed_total != after.lines[i].filed_total);
    check_same_lines(during, after);
  }
}

TEST_CASE("compare_all: a record whose stored results do not read back is scored from its inputs, as one without "
          "them, and db check names it",
          "[compare_all]") {
  const std::string db = jixiao::test::scratch_dir("compare-all-unreadable-results") + "/province.db";
  REQUIRE(run_jixiao({"gen", "--departments", "20", "--seed", "11", "--db", db, "--home", home()}).exit_code == 0);
  const auto scored = compare_all(db);  // nothing stored: every record scored
  REQUIRE(!scored.out.empty());
  REQUIRE(run_jixiao({"score", "--all", "--db", db, "--home", home()}).exit_code == 0);
  SQLite::Database(db, SQLite::OPEN_READWRITE)
      .exec("UPDATE results SET leaves = substr(leaves, 1, 10) WHERE record_id = (SELECT min(id) FROM records WHERE "
            "kind = 'filed')");  // some 37 bytes whole: cut inside its leaves
  const auto damaged = compare_all(db);
  CHECK(damaged.err == scored.err);
  CHECK(damaged.out == scored.out);
  CHECK(damaged.exit_code == scored.exit_code);
  const auto check = run_jixiao({"db", "check", "--db", db, "--home", home()});
  CHECK(check.exit_code == 1);
  CHECK_THAT(check.out, Catch::Contains(": not a packing of leaf results: leaf 4 (spending_control), of its set version: "
                                        "the value ends before it\n"));
}
