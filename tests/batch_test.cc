// jixiao score --all: every department-year of a database scored into its
// results table, a batch per transaction; re-runs, rule versions, workers.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include <SQLiteCpp/SQLiteCpp.h>

#include "batch_projects.h"
#include "batch_score.h"
#include "packed_leaves.h"
#include "test_support.h"
#include "worker_pool.h"

using namespace jixiao;
using jixiao::test::run_jixiao;

namespace {

std::string home() { return test::source_dir(); }

std::string province(const std::string& name, int departments, int years = 1) {
  const std::string db = test::scratch_dir(name) + "/province.db";
  const auto run = run_jixiao({"gen", "--departments", std::to_string(departments), "--years",
                               std::to_string(years), "--seed", "5", "--db", db, "--home", home()});
  REQUIRE(run.exit_code == 0);
  return db;
}

test::CliRun score_all(const std::string& db, std::vector<std::string> extra = {}, const std::string& h = home()) {
  std::vector<std::string> args = {"score", "--all", "--db", db, "--home", h};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_jixiao(args);
}

// The results of department-years (not of project tables, which score --all also scores).
size_t department_results(const std::string& db) {
  const auto results = Store::open_read_only(db).results();
  return static_cast<size_t>(std::count_if(results.begin(), results.end(), [](const StoredResult& r) {
    return r.set_id == "liangshan-2021-dept";
  }));
}

size_t leaves_per_record() {
  return Scorer::from_file(test::sets_dir() + "/liangshan-2021-dept.yaml", test::scripts_dir()).set().leaves().size();
}

// Every column of every row of the results, then the set versions the rows name.
std::vector<std::string> stored_rows(const std::string& db) {
  SQLite::Database d(db, SQLite::OPEN_READONLY);
  std::vector<std::string> out;
  SQLite::Statement results(d, "SELECT record_id, version, hex(leaves) FROM results ORDER BY 1, 2");
  while (results.executeStep())
    out.push_back(results.getColumn(0).getString() + " " + results.getColumn(1).getString() + " " +
                  results.getColumn(2).getString());
  SQLite::Statement versions(d, "SELECT id, set_id, set_hash FROM set_versions ORDER BY 1");
  while (versions.executeStep())
    out.push_back(versions.getColumn(0).getString() + " " + versions.getColumn(1).getString() + " " +
                  versions.getColumn(2).getString());
  return out;
}

}  // namespace

TEST_CASE("batch: score --all writes one result per leaf of every filed and review record", "[batch]") {
  const std::string db = province("batch-all", 30);
  const size_t records = Store::open_read_only(db).records_to_score(0, "").size();
  const auto run = score_all(db, {"--jobs", "1"});
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.find("scored " + std::to_string(records) + " record(s), " +
                     std::to_string(records * leaves_per_record()) + " leaves") == 0);
  CHECK(run.err.empty());  // no progress line when stderr is not a terminal
  CHECK(department_results(db) == records * leaves_per_record());

  const auto again = score_all(db);
  CHECK(again.out.find("scored 0 record(s), 0 leaves") == 0);
  CHECK(again.out.find(std::to_string(records) + " skipped") != std::string::npos);
}

TEST_CASE("batch: a stored result is what jixiao score shows for that leaf, whose reason it prints again",
          "[batch]") {
  const std::string db = province("batch-reasons", 12);
  REQUIRE(score_all(db).exit_code == 0);
  const Store store = Store::open_read_only(db);
  Workspace ws(home(), db, false);
  const auto results = store.results();
  const auto keys = store.records_to_score(0, "");
  size_t checked = 0;
  for (const StoredRecord& key : keys) {
    const Record record = store.load(key.key.entity, key.key.year, key.key.kind);  // as jixiao score reads it
    const Evaluation ev = ws.scorer(record.set_id).evaluate(record);
    const auto expected = results_of(key.id, ev);
    const auto shown = run_jixiao({"score", key.key.entity, std::to_string(key.key.year), "--record", key.key.kind,
                                   "--db", db, "--home", home(), "--format", "json"});
    CHECK(expected.set_hash == ev.set_hash);
    REQUIRE(expected.version_leaves);  // a department set's leaf ids are its version's
    PackedLeaves leaves(expected.leaves, *expected.version_leaves);
    PackedLeaf e;
    char room[Decimal::kTextRoom];
    while (leaves.next(e)) {
      auto found = std::find_if(results.begin(), results.end(), [&](const StoredResult& r) {
        return r.record_id == key.id && r.leaf_id == e.leaf_id;
      });
      REQUIRE(found != results.end());
      CHECK(found->reason.empty());  // not stored: the record and its set version give it again
      CHECK(found->score == (e.score ? e.score->text(room, leaves.places()) : ""));
      CHECK(found->source == e.source);
      CHECK(found->set_hash == ev.set_hash);
      CHECK(!e.reason.empty());
      CHECK(shown.out.find(e.reason) != std::string::npos);
      ++checked;
    }
  }
  CHECK(checked == keys.size() * leaves_per_record());
}

TEST_CASE("batch: an interrupted run keeps its committed batches, and a re-run scores only the rest", "[batch]") {
  const std::string db = province("batch-interrupted", 25);
  Workspace ws(home(), db, false);
  BatchOptions options;
  options.batch_size = 10;
  options.progress = [](size_t done, size_t) {
    if (done >= 10) throw std::runtime_error("interrupted");
  };
  CHECK_THROWS_WITH(score_all(ws, options), "interrupted");
  const size_t kept = Store::open_read_only(db).results().size();
  CHECK(kept == 10 * leaves_per_record());

  options.progress = nullptr;
  const BatchSummary rest = score_all(ws, options);
  const size_t records = Store::open_read_only(db).records_to_score(0, "").size();
  CHECK(rest.skipped == 10);
  CHECK(rest.records == records - 10);
  CHECK(Store::open_read_only(db).results().size() == records * leaves_per_record());
}

// No ';' in a test's name: CTest would split it, and run a name that matches nothing.
TEST_CASE("batch: --year scores one year, and results of another set version are kept apart and not reused",
          "[batch]") {
  const std::string db = province("batch-versions", 8, 2);
  const auto first = score_all(db, {"--year", "2021"});
  REQUIRE(first.exit_code == 0);
  const size_t records_2021 = Store::open_read_only(db).records_to_score(2021, "").size();
  CHECK(first.out.find("scored " + std::to_string(records_2021) + " record(s)") == 0);

  // The same sets and scripts, but one script changed: another content hash.
  const std::string other = test::scratch_dir("batch-versions-home");
  std::filesystem::copy(home() + "/indicator-sets", other + "/indicator-sets");
  std::filesystem::copy(home() + "/scripts", other + "/scripts", std::filesystem::copy_options::recursive);
  std::ofstream(other + "/scripts/proportional.lua", std::ios::app) << "-- a comment: another version\n";
  const size_t all = Store::open_read_only(db).records_to_score(0, "").size();
  const auto second = score_all(db, {}, other);
  REQUIRE(second.exit_code == 0);
  CHECK(second.out.find("scored " + std::to_string(all) + " record(s)") == 0);  // nothing reused

  const Store store = Store::open_read_only(db);
  const auto hashes = store.result_hashes();  // by set id: the department set's two, then the project set's one
  REQUIRE(hashes.size() == 3);
  CHECK(hashes[0].second == "liangshan-2021-dept");
  CHECK(hashes[1].second == "liangshan-2021-dept");
  CHECK(hashes[2].second == "project-selfeval-2021");  // its scripts did not change: its results were reused
  CHECK(department_results(db) == (records_2021 + all) * leaves_per_record());

  const auto check = run_jixiao({"db", "check", "--db", db, "--home", home()});
  CHECK(check.exit_code == 1);
  CHECK(check.out.find("FAIL  results of unknown rule versions: 1 problem(s)\n") != std::string::npos);
}

TEST_CASE("batch: a year with no records says so, and exits 0", "[batch]") {
  const std::string db = province("batch-empty-year", 2);
  const auto run = score_all(db, {"--year", "2030"});
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::StartsWith("scored 0 record(s), "));
  CHECK_THAT(run.out, Catch::EndsWith("\n没有可评分的记录 (no records of 2030 in " + db + ": see jixiao list)\n"));
  CHECK(run.err.empty());
  const auto some = score_all(db, {"--year", "2021"});
  CHECK(some.exit_code == 0);
  CHECK(some.out.find("没有可评分的记录") == std::string::npos);
}

TEST_CASE("batch: db check names a stored row that does not read back, and a leaf its set does not have",
          "[batch]") {
  const std::string db = province("batch-check", 3);
  REQUIRE(score_all(db).exit_code == 0);
  const auto clean = run_jixiao({"db", "check", "--db", db, "--home", home()});
  CHECK(clean.exit_code == 0);
  const Store store = Store::open_read_only(db);
  const std::vector<StoredRecord> departments = store.records_to_score(0, ""), projects = store.project_records(0);
  REQUIRE(departments.size() >= 3);
  REQUIRE(!projects.empty());
  std::map<std::string, std::string> hash_of;  // set id → the content hash its results are under
  for (const auto& [hash, set_id] : store.result_hashes()) hash_of[set_id] = hash;
  {
    SQLite::Database d(db, SQLite::OPEN_READWRITE);
    auto set = [&](int64_t record_id, const std::string& packed) {
      SQLite::Statement put(d, "UPDATE results SET leaves = ? WHERE record_id = ?");
      put.bind(1, packed.data(), static_cast<int>(packed.size()));
      put.bind(2, record_id);
      REQUIRE(put.exec() == 1);
    };
    set(departments[0].id, std::string("\x02\x08", 2));  // a score that is not there
    std::string bad;
    LeafPacker named(bad, true, 2);
    named.add("target_setting", Decimal::from_int(8), "computed", "");
    named.add("no_such_leaf", Decimal::from_int(1), "computed", "");
    set(departments[1].id, bad);
    LeafPacker more(bad, false, 2);  // one leaf more than its set version lists
    for (size_t i = 0; i <= leaves_per_record(); ++i) more.add({}, std::nullopt, "uncovered", "");
    set(departments[2].id, bad);
    LeafPacker project(bad, true, 2);
    project.add("p1/first", Decimal::from_int(1), "scored", "a reason");
    set(projects[0].id, bad);
  }
  auto under = [&](const StoredRecord& r, const std::string& set_id) {
    return "        the results of record " + std::to_string(r.id) + " under '" + set_id + "' (" +
           hash_of.at(set_id).substr(0, 12) + "…): ";
  };
  std::string department_lines =
      under(departments[0], "liangshan-2021-dept") +
      "not a packing of leaf results: leaf 1 (target_setting), its score: the value ends inside it\n" +
      under(departments[1], "liangshan-2021-dept") + "'no_such_leaf' is not a leaf of the set\n" +
      under(departments[2], "liangshan-2021-dept") + "not a packing of leaf results: leaf " +
      std::to_string(leaves_per_record() + 1) + ", its set version lists only " + std::to_string(leaves_per_record()) +
      " leaves\n";
  std::string project_lines = under(projects[0], "project-selfeval-2021") + "'p1/first' is not a leaf of the set\n";
  const bool departments_first = hash_of.at("liangshan-2021-dept") < hash_of.at("project-selfeval-2021");
  const auto check = run_jixiao({"db", "check", "--db", db, "--home", home()});
  CHECK(check.exit_code == 1);
  CHECK(check.out == "ok    schema version\n"
                     "ok    SQLite integrity_check\n"
                     "ok    SQLite foreign_key_check\n"
                     "ok    orphan rows\n"
                     "ok    records whose set exists\n"
                     "FAIL  results of unknown rule versions: 4 problem(s)\n" +
                         (departments_first ? department_lines + project_lines : project_lines + department_lines) +
                         "ok    packed inputs of records\n" + db + ": 4 problem(s)\n");
}

TEST_CASE("batch: three workers sharing their threads across both passes store byte for byte what one stores",
          "[batch]") {
  const std::string one = province("batch-pool-1", 60);
  const std::string three = test::scratch_dir("batch-pool-3") + "/province.db";
  std::filesystem::copy_file(one, three);
  // As score --all runs them: department-years, then project tables, on one pool.
  auto score = [](const std::string& db, int jobs) {
    Workspace ws(home(), db, false);
    WorkerPool pool(static_cast<size_t>(jobs));
    BatchOptions options;
    options.jobs = jobs;
    options.pool = &pool;
    options.batch_size = 7;  // many batches for each worker, the last one short
    const BatchSummary departments = score_all(ws, options);
    const BatchSummary projects = score_projects_all(ws, options);
    CHECK(departments.failed == 0);
    CHECK(projects.failed == 0);
    return std::pair<size_t, size_t>{departments.leaves, projects.leaves};
  };
  CHECK(score(one, 1) == score(three, 3));
  const std::vector<std::string> a = stored_rows(one);
  CHECK(a.size() > Store::open_read_only(one).records_to_score(0, "").size());  // department-years and projects
  CHECK(a == stored_rows(three));
}

TEST_CASE("batch: two workers write exactly what one writes", "[batch]") {
  const std::string one = province("batch-jobs-1", 40);
  const std::string two = test::scratch_dir("batch-jobs-2") + "/province.db";
  std::filesystem::copy_file(one, two);
  REQUIRE(score_all(one, {"--jobs", "1"}).exit_code == 0);
  REQUIRE(score_all(two, {"--jobs", "2"}).exit_code == 0);
  const auto a = Store::open_read_only(one).results();
  const auto b = Store::open_read_only(two).results();
  REQUIRE(a.size() == b.size());
  REQUIRE(!a.empty());
  for (size_t i = 0; i < a.size(); ++i) {
    INFO(i);
    CHECK(a[i].record_id == b[i].record_id);
    CHECK(a[i].leaf_id == b[i].leaf_id);
    CHECK(a[i].set_hash == b[i].set_hash);
    CHECK(a[i].score == b[i].score);
    CHECK(a[i].source == b[i].source);
    CHECK(a[i].reason == b[i].reason);
  }
  // Byte for byte: each record's packed row and the set versions it names.
  auto rows = [](const std::string& db) {
    SQLite::Database d(db, SQLite::OPEN_READONLY);
    SQLite::Statement q(d, "SELECT record_id, set_hash, hex(r.leaves), hex(v.leaves) FROM results r JOIN set_versions v "
                           "ON v.id = version ORDER BY record_id, set_hash");
    std::vector<std::string> out;
    while (q.executeStep())
      out.push_back(q.getColumn(0).getString() + " " + q.getColumn(1).getString() + " " + q.getColumn(2).getString() +
                    " " + q.getColumn(3).getString());
    return out;
  };
  CHECK(rows(one) == rows(two));
}

TEST_CASE("batch: a run where some records fail prints the counts on stdout, names what failed on stderr, and exits 1",
          "[batch]") {
  const std::string db = province("batch-failures", 30);
  // A home whose checkpoints.lua (exec_progress) fails for the departments past 40% in June.
  const std::string failing = test::scratch_dir("batch-failures-home");
  std::string script = read_file(test::scripts_dir() + "/checkpoints.lua");
  const std::string entry = "return function(ctx)\n";
  REQUIRE(script.find(entry) != std::string::npos);
  script.insert(script.find(entry) + entry.size(),
                "  if type(ctx.facts.exec_rate_jun) == 'number' and ctx.facts.exec_rate_jun > 40 then error('boom') end\n");
  std::filesystem::create_directories(failing + "/scripts");
  test::write_text(failing + "/scripts/checkpoints.lua", script);
  const auto run = score_all(db, {"--jobs", "1"}, failing);
  REQUIRE(run.exit_code == 1);
  // stdout: the counts, two lines, as when nothing fails.
  REQUIRE(std::count(run.out.begin(), run.out.end(), '\n') == 2);
  const size_t failed_at = run.out.find(" failed\n");
  REQUIRE(failed_at != std::string::npos);
  const std::string failed = run.out.substr(run.out.rfind("; ", failed_at) + 2, failed_at - run.out.rfind("; ", failed_at) - 2);
  CHECK(failed != "0");
  CHECK(run.out.find("boom") == std::string::npos);
  CHECK_THAT(run.out, Catch::EndsWith("; 0 failed\n"));  // the project tables do not run checkpoints.lua
  // stderr: which records failed, and why.
  CHECK_THAT(run.err, Catch::StartsWith("jixiao: score --all: " + failed + " 条部门记录评分失败 (" + failed +
                                        " record(s) failed):\n  gen:seed=5: "));
  CHECK_THAT(run.err, Catch::Contains("[部门预算管理 › 预算执行 › 执行进度（exec_progress）] boom\n"));
  // As JSON the failures are part of the result, for programs; stderr stays empty.
  const auto json = score_all(db, {"--jobs", "1", "--format", "json"}, failing);
  CHECK(json.exit_code == 1);
  CHECK(json.err.empty());
  CHECK_THAT(json.out, Catch::Contains("\"failed\": " + failed + ",\n  \"failures\": [\n    \"gen:seed=5: "));
}

TEST_CASE("batch: a pass over records of two sets numbers their versions alike whatever the number of workers",
          "[batch]") {
  // The department set under a second id; the later half of the department-years name it.
  const std::string other = test::scratch_dir("batch-two-sets-home");
  std::filesystem::copy(home() + "/indicator-sets", other + "/indicator-sets");
  std::filesystem::copy(home() + "/scripts", other + "/scripts", std::filesystem::copy_options::recursive);
  {
    std::ifstream in(home() + "/indicator-sets/liangshan-2021-dept.yaml");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string id = "id: liangshan-2021-dept\n";
    REQUIRE(text.find(id) != std::string::npos);
    text.replace(text.find(id), id.size(), "id: liangshan-2021-dept-b\n");
    std::ofstream(other + "/indicator-sets/liangshan-2021-dept-b.yaml") << text;
  }
  const std::string one = province("batch-two-sets-1", 30);
  SQLite::Database(one, SQLite::OPEN_READWRITE)
      .exec("UPDATE records SET set_id = 'liangshan-2021-dept-b' WHERE kind IN ('filed', 'review') AND id > "
            "(SELECT avg(id) FROM records WHERE kind IN ('filed', 'review'))");
  const std::string three = test::scratch_dir("batch-two-sets-3") + "/province.db";
  std::filesystem::copy_file(one, three);

  // Both versions are there before the first batch is committed, the sets in the order records name them.
  auto versions = [](const std::string& db) {
    SQLite::Database d(db, SQLite::OPEN_READONLY);
    std::vector<std::string> out;
    SQLite::Statement q(d, "SELECT id, set_id FROM set_versions ORDER BY 1");
    while (q.executeStep()) out.push_back(q.getColumn(0).getString() + " " + q.getColumn(1).getString());
    return out;
  };
  const std::vector<std::string> both = {"1 liangshan-2021-dept", "2 liangshan-2021-dept-b"};
  auto score = [&](const std::string& db, int jobs) {
    Workspace ws(other, db, false);
    BatchOptions options;
    options.jobs = jobs;
    options.batch_size = 3;  // many batches for each worker
    std::vector<std::string> at_first_commit;
    options.progress = [&](size_t, size_t) {
      if (at_first_commit.empty()) at_first_commit = versions(db);
    };
    const BatchSummary summary = score_all(ws, options);
    CHECK(summary.failed == 0);
    CHECK(at_first_commit == both);
    return summary.leaves;
  };
  CHECK(score(one, 1) == score(three, 3));
  CHECK(versions(one) == both);
  CHECK(versions(three) == both);
  CHECK(stored_rows(one).size() > 30);
  CHECK(stored_rows(one) == stored_rows(three));
}

TEST_CASE("batch: --set of a department set scores only department-years under it, of a project-table set only "
          "project tables",
          "[batch]") {
  const std::string db = province("batch-set-kinds", 4);
  const std::string copy = db + ".projects";
  std::filesystem::copy_file(db, copy);
  auto versions = [](const std::string& file) {
    std::map<std::string, int> out;  // set id → records with results under it
    for (const StoredResult& r : Store::open_read_only(file).results()) ++out[r.set_id];
    return out;
  };

  const auto departments = score_all(db, {"--set", "liangshan-2021-dept", "--jobs", "1"});
  REQUIRE(departments.exit_code == 0);
  CHECK_THAT(departments.out, Catch::EndsWith("scored 0 project table record(s), 0 results, in 0.00 s; 0 skipped "
                                              "(already scored under the same set version); 0 failed\n"
                                              "--set liangshan-2021-dept is a department set: only department-years "
                                              "were scored under it\n"));
  const auto by_set = versions(db);
  CHECK(by_set.size() == 1);
  CHECK(by_set.count("liangshan-2021-dept") == 1);

  const auto projects = score_all(copy, {"--set", "project-selfeval-2021", "--jobs", "1"});
  REQUIRE(projects.exit_code == 0);
  CHECK_THAT(projects.out, Catch::StartsWith("scored 0 record(s), 0 leaves,"));
  CHECK_THAT(projects.out, Catch::Contains("--set project-selfeval-2021 is a project-table set: only project tables "
                                           "were scored under it\n"));
  const auto project_sets = versions(copy);
  CHECK(project_sets.size() == 1);
  CHECK(project_sets.count("project-selfeval-2021") == 1);
  // The project tables scored under the set they name already: the same results as score --all without --set.
  const std::string whole = db + ".whole";
  std::filesystem::copy_file(db, whole);
  std::filesystem::remove(db);
  REQUIRE(score_all(whole, {"--jobs", "1"}).exit_code == 0);
  SQLite::Database a(copy, SQLite::OPEN_READONLY), b(whole, SQLite::OPEN_READONLY);
  const char* const kProjectRows =
      "SELECT group_concat(r.record_id || ':' || hex(r.leaves), ',') FROM (SELECT r.record_id, r.leaves FROM results r "
      "JOIN set_versions v ON v.id = r.version WHERE v.set_id = 'project-selfeval-2021' ORDER BY 1) r";
  CHECK(a.execAndGet(kProjectRows).getString() == b.execAndGet(kProjectRows).getString());
}

TEST_CASE("batch: score --all of both passes leaves no -wal or -shm beside the database, whose file alone holds "
          "every result",
          "[batch]") {
  const std::string db = province("batch-no-log-left", 6);
  for (const char* jobs : {"1", "2"}) {
    INFO(jobs << " job(s)");
    std::filesystem::copy_file(db, db + ".run", std::filesystem::copy_options::overwrite_existing);
    REQUIRE(score_all(db + ".run", {"--jobs", jobs}).exit_code == 0);
    CHECK_FALSE(std::filesystem::exists(db + ".run-wal"));
    CHECK_FALSE(std::filesystem::exists(db + ".run-shm"));
    const Store store = Store::open_read_only(db + ".run");
    CHECK(store.results().size() > department_results(db + ".run"));  // project tables' results too
    CHECK(department_results(db + ".run") == store.records_to_score(0, "").size() * leaves_per_record());
  }
}

TEST_CASE("batch: a record naming a set that is not there, or of the other kind, fails on its own, named, and the "
          "others are scored",
          "[batch]") {
  const std::string fresh = province("batch-missing-set", 8);
  // The entities whose filed record, and whose project tables, name a set not there, then one of the other kind.
  std::string department, department_wrong, table, table_wrong;
  size_t departments = 0, tables = 0;
  {
    SQLite::Database d(fresh, SQLite::OPEN_READWRITE);
    departments = static_cast<size_t>(d.execAndGet("SELECT count(*) FROM records WHERE kind != 'projects'").getInt());
    tables = static_cast<size_t>(d.execAndGet("SELECT count(*) FROM records WHERE kind = 'projects'").getInt());
    auto entity = [&](const char* kind, int offset) {
      return d.execAndGet(std::string("SELECT entity FROM records WHERE kind = '") + kind +
                          "' ORDER BY id LIMIT 1 OFFSET " + std::to_string(offset))
          .getString();
    };
    department = entity("filed", 2);
    department_wrong = entity("filed", 4);
    table = entity("projects", 3);
    table_wrong = entity("projects", 5);
    auto name = [&](const std::string& set, const char* kind, const std::string& of) {
      d.exec("UPDATE records SET set_id = '" + set + "' WHERE kind = '" + kind + "' AND entity = '" + of + "'");
    };
    name("liangshan-2021-dpt", "filed", department);
    name("project-selfeval-2021", "filed", department_wrong);
    name("project-2099", "projects", table);
    name("liangshan-2021-dept", "projects", table_wrong);
  }
  const std::string sets = home() + "/indicator-sets";
  for (const char* jobs : {"1", "2"}) {
    INFO(jobs << " workers");
    const std::string db = test::scratch_dir(std::string("batch-missing-set-") + jobs) + "/province.db";
    std::filesystem::copy_file(fresh, db);
    const auto run = score_all(db, {"--jobs", jobs});
    CHECK(run.exit_code == 1);
    CHECK_THAT(run.out, Catch::StartsWith("scored " + std::to_string(departments - 2) + " record(s), "));
    CHECK_THAT(run.out, Catch::Contains("\nscored " + std::to_string(tables - 2) + " project table record(s), "));
    CHECK(std::count(run.out.begin(), run.out.end(), '\n') == 2);
    CHECK_THAT(run.out, Catch::EndsWith("; 2 failed\n"));
    CHECK(run.err ==
          "jixiao: score --all: 2 条部门记录评分失败 (2 record(s) failed):\n  gen:seed=5: " + department +
              " 2021: no indicator set 'liangshan-2021-dpt' in " + sets +
              ", did you mean 'liangshan-2021-dept'?\n  gen:seed=5: " + department_wrong +
              " 2021: project-selfeval-2021 is a project-table set (kind: project); this command needs a department "
              "set\njixiao: score --all: 2 条项目表记录评分失败 (2 project table record(s) failed):\n  gen:seed=5: " +
              table + " 2021: no indicator set 'project-2099' in " + sets + "\n  gen:seed=5: " + table_wrong +
              " 2021: liangshan-2021-dept is a department set; this command needs a project-table set (kind: "
              "project)\n");
    CHECK(department_results(db) == (departments - 2) * leaves_per_record());
  }
}
