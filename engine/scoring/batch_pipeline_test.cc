#include "batch_pipeline.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include "error.h"
#include "packed_leaves.h"
#include "test_support.h"
#include "worker_pool.h"

using namespace jixiao;

namespace {

// The results table as stored, row by row, bytes and all.
std::vector<std::string> stored_rows(const std::string& db) {
  SQLite::Database d(db, SQLite::OPEN_READONLY);
  SQLite::Statement q(d, "SELECT record_id, version, hex(leaves) FROM results ORDER BY record_id, version");
  std::vector<std::string> out;
  while (q.executeStep())
    out.push_back(q.getColumn(0).getString() + " " + q.getColumn(1).getString() + " " + q.getColumn(2).getString());
  return out;
}

struct Run {
  BatchSummary summary;
  std::vector<size_t> progress;        // `done` of each call
  std::set<std::thread::id> threads;   // that scored
  std::vector<std::string> rows;       // stored_rows afterwards
};

// Runs the pipeline over every department-year of a copy of `fresh` with a
// scorer that fails on every fourth record id and sees one record
// (`changed`) imported again while it scores it.
Run run(const std::string& fresh, const std::string& name, int jobs, WorkerPool* pool, int64_t changed) {
  const std::string db = test::scratch_dir(name) + "/province.db";
  std::filesystem::copy_file(fresh, db);
  Store writer = Store::open_for_write(db);
  const std::vector<int64_t> todo = writer.ids_to_score(0).ids;
  Run out;
  std::mutex mutex;
  std::atomic<bool> in_progress{false};
  BatchOptions options;
  options.jobs = jobs;
  options.pool = pool;
  options.batch_size = 2;
  options.progress = [&](size_t done, size_t total) {
    CHECK_FALSE(in_progress.exchange(true));  // one call at a time
    CHECK(total == todo.size());
    out.progress.push_back(done);
    in_progress = false;
  };
  run_batches(writer, {{}, {}, [&] { return todo; }, {}}, Store::Reading::kForScoring, Store::Kinds::kDepartmentYears, options,
              [&](size_t, const Record& record, int64_t id) {
                {
                  std::lock_guard<std::mutex> lock(mutex);
                  out.threads.insert(std::this_thread::get_id());
                }
                if (id % 4 == 1) throw Error(ErrorKind::kMissing, "cannot score " + record.title());
                if (id == changed) {
                  SQLite::Database other(db, SQLite::OPEN_READWRITE);
                  other.setBusyTimeout(5000);
                  other.exec("UPDATE records SET source_hash = 'imported again' WHERE id = " + std::to_string(id));
                }
                RecordResults r{id, "fake-set", "fake-hash", {}, 1, {}, nullptr};
                LeafPacker(r.leaves, true, 0).add("leaf", Decimal::from_int(id), "computed", record.title());
                return r;
              },
              out.summary);
  out.rows = stored_rows(db);
  return out;
}

}  // namespace

TEST_CASE("batch pipeline: any number of workers stores, counts and names what one worker does, in record order",
          "[batch-pipeline]") {
  const std::string fresh = test::scratch_dir("batch-pipeline") + "/fresh.db";
  REQUIRE(test::run_jixiao({"gen", "--departments", "25", "--seed", "2", "--db", fresh, "--home", test::source_dir()})
              .exit_code == 0);
  const std::vector<int64_t> ids = Store::open_read_only(fresh).ids_to_score(0).ids;
  REQUIRE(ids.size() > 20);
  const int64_t changed = *std::find_if(ids.begin() + 7, ids.end(), [](int64_t id) { return id % 4 != 1; });
  std::vector<std::string> failures;  // the first five, in record order
  size_t failing = 0;
  for (const int64_t id : ids) {
    const Record read = Store::open_read_only(fresh).load_many({id}).at(0);
    std::string message;
    if (id % 4 == 1) message = Error(ErrorKind::kMissing, "cannot score " + read.title()).what();
    else if (id == changed)
      message = read.title() + ": changed while it was scored (imported again); its results were not written: "
                               "run jixiao score --all again";
    else continue;
    ++failing;
    if (failures.size() < 5) failures.push_back(message);
  }
  REQUIRE(failing > 5);

  const Run one = run(fresh, "batch-pipeline-1", 1, nullptr, changed);
  CHECK(one.threads == std::set<std::thread::id>{std::this_thread::get_id()});  // inline: no thread of its own
  CHECK(one.summary.failed == failing);
  CHECK(one.summary.failures == failures);
  CHECK(one.summary.records == ids.size() - failing);
  CHECK(one.summary.leaves == ids.size() - failing);
  CHECK(one.rows.size() == ids.size() - failing);
  CHECK(one.progress.back() == ids.size());

  WorkerPool pool(3);
  for (const auto& [jobs, on] : {std::pair<int, WorkerPool*>{3, &pool}, {2, nullptr}}) {
    INFO(jobs << " workers");
    const Run many = run(fresh, "batch-pipeline-" + std::to_string(jobs), jobs, on, changed);
    CHECK(many.summary.failed == one.summary.failed);
    CHECK(many.summary.failures == one.summary.failures);
    CHECK(many.summary.records == one.summary.records);
    CHECK(many.summary.leaves == one.summary.leaves);
    CHECK(many.rows == one.rows);
    CHECK(std::is_sorted(many.progress.begin(), many.progress.end()));
    CHECK(many.progress.back() == ids.size());
    CHECK(many.progress.size() == one.progress.size());  // a commit per batch
  }
}

TEST_CASE("batch pipeline: SQLite keeps no count of its memory, whose one lock every worker's reads would queue on",
          "[batch-pipeline]") {
  const std::string db = test::scratch_dir("batch-pipeline-memory") + "/province.db";
  REQUIRE(test::run_jixiao({"gen", "--departments", "3", "--seed", "2", "--db", db, "--home", test::source_dir()})
              .exit_code == 0);
  const Store store = Store::open_read_only(db);
  CHECK(!store.load_many(store.ids_to_score(0).ids).empty());
  CHECK(sqlite3_memory_used() == 0);  // counted, it would be the memory of the connection and its cache
}

TEST_CASE("batch pipeline: one worker takes whole batches, several take smaller ones near the end so that they finish "
          "together",
          "[batch-pipeline]") {
  CHECK(batch_to_take(5000, 1000, 1) == 1000);
  CHECK(batch_to_take(10, 1000, 1) == 10);
  CHECK(batch_to_take(5000, 1000, 2) == 1000);  // far from the end: whole batches
  CHECK(batch_to_take(3000, 1000, 2) == 750);   // then half of each worker's share of what is left
  CHECK(batch_to_take(300, 1000, 2) == 75);
  CHECK(batch_to_take(100, 1000, 2) == kSmallestBatch);  // never below kSmallestBatch records…
  CHECK(batch_to_take(10, 1000, 2) == 10);                // …unless fewer are left
  CHECK(batch_to_take(100, 2, 3) == 2);                   // nor above the batch size asked for
  CHECK(batch_to_take(7, 0, 1) == 1);                     // a batch size of 0 is 1
  for (const size_t workers : {size_t{1}, size_t{2}, size_t{3}, size_t{8}}) {
    INFO(workers << " workers");
    size_t left = 24025, batches = 0, last = 1000;
    while (left > 0) {
      const size_t n = batch_to_take(left, 1000, workers);
      REQUIRE(n >= 1);
      CHECK(n <= last);  // never growing again
      left -= n;
      last = n;
      ++batches;
    }
    CHECK(batches <= 24025 / 1000 + 1 + 10 * (workers - 1));  // a few more transactions than whole batches
  }
}

TEST_CASE("batch pipeline: each worker prepares each set found on its own thread, the others while worker 0 still "
          "finds, and worker 0 lists once after preparing; what comes before the results is written on a thread of "
          "its own",
          "[batch-pipeline]") {
  const std::string fresh = test::scratch_dir("batch-pipeline-start") + "/fresh.db";
  REQUIRE(test::run_jixiao({"gen", "--departments", "6", "--seed", "2", "--db", fresh, "--home", test::source_dir()})
              .exit_code == 0);
  for (const int jobs : {1, 3}) {
    INFO(jobs << " workers");
    const std::string db = test::scratch_dir("batch-pipeline-start-" + std::to_string(jobs)) + "/province.db";
    std::filesystem::copy_file(fresh, db);
    Store writer = Store::open_for_write(db);
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<std::thread::id> threads(jobs);       // by worker: the thread it prepared on
    std::vector<std::vector<std::string>> sets(jobs);  // by worker: the sets it prepared, in order
    std::vector<std::string> events;                   // of worker 0, in order
    std::thread::id writes_before;                     // the thread of before_writes
    BatchOptions options;
    options.jobs = jobs;
    options.batch_size = 1;
    PassStart start;
    start.find = [&](const Store::SetFound& found) {
      {
        std::lock_guard<std::mutex> lock(mutex);
        events.push_back("find");
      }
      found("a");
      // The other workers make theirs of "a" while this one still finds.
      std::unique_lock<std::mutex> lock(mutex);
      const bool others_prepared = changed.wait_for(lock, std::chrono::seconds(60), [&] {
        return std::all_of(sets.begin() + 1, sets.end(), [](const auto& mine) { return !mine.empty(); });
      });
      CHECK(others_prepared);
      lock.unlock();
      found("b");
    };
    start.prepare = [&](size_t worker, const std::string& set_id) {
      std::lock_guard<std::mutex> lock(mutex);
      if (sets.at(worker).empty()) threads[worker] = std::this_thread::get_id();
      CHECK(threads[worker] == std::this_thread::get_id());
      sets[worker].push_back(set_id);
      if (worker == 0) events.push_back("prepare " + set_id);
      changed.notify_all();
    };
    start.list = [&] {
      std::lock_guard<std::mutex> lock(mutex);
      CHECK(threads[0] == std::this_thread::get_id());
      events.push_back("list");
      return writer.ids_to_score(0).ids;
    };
    start.before_writes = [&] {
      std::lock_guard<std::mutex> lock(mutex);
      CHECK(std::find(events.begin(), events.end(), "list") != events.end());  // after it, worker 0 scoring or not
      writes_before = std::this_thread::get_id();
      CHECK(stored_rows(db).empty());
    };
    BatchSummary summary;
    run_batches(writer, start, Store::Reading::kForScoring, Store::Kinds::kDepartmentYears, options,
                [&](size_t worker, const Record&, int64_t id) {
                  std::lock_guard<std::mutex> lock(mutex);
                  CHECK(threads.at(worker) == std::this_thread::get_id());  // prepared, and on this thread
                  CHECK(sets[worker] == std::vector<std::string>{"a", "b"});
                  if (worker == 0 && events.back() != "score") events.push_back("score");
                  RecordResults r{id, "fake-set", "fake-hash", {}, 1, {}, nullptr};
                  LeafPacker(r.leaves, true, 0).add("leaf", Decimal::from_int(1), "computed", "");
                  return r;
                },
                summary);
    if (jobs > 1 && events.back() != "score") events.push_back("score");  // the others may have taken every batch
    CHECK(events == std::vector<std::string>{"find", "prepare a", "prepare b", "list", "score"});
    CHECK(std::set<std::thread::id>(threads.begin(), threads.end()).size() == static_cast<size_t>(jobs));
    CHECK(writes_before != std::thread::id());
    CHECK(std::find(threads.begin(), threads.end(), writes_before) == threads.end());
    CHECK(summary.records == writer.ids_to_score(0).ids.size());
  }
}

TEST_CASE("batch pipeline: a start-up that fails on any worker stops the pass, and nothing is scored without a list, "
          "written before before_writes, or scored by a worker that is not ready",
          "[batch-pipeline]") {
  const std::string db = test::scratch_dir("batch-pipeline-start-fails") + "/province.db";
  REQUIRE(test::run_jixiao({"gen", "--departments", "3", "--seed", "2", "--db", db, "--home", test::source_dir()})
              .exit_code == 0);
  Store writer = Store::open_for_write(db);
  WorkerPool pool(3);
  for (const std::string failing : {"find", "prepare 0", "list", "before writes", "prepare 2"}) {  // the last may leave commits
    INFO(failing);
    BatchOptions options;
    options.jobs = 3;
    options.pool = &pool;
    PassStart start;
    start.find = [&](const Store::SetFound& found) {
      found("a");
      if (failing == "find") throw Error(ErrorKind::kInput, "cannot find");
    };
    start.prepare = [&](size_t worker, const std::string&) {
      if (failing == "prepare " + std::to_string(worker)) throw Error(ErrorKind::kInput, "no scorer " + failing);
    };
    start.list = [&] {
      if (failing == "list") throw Error(ErrorKind::kInput, "no list");
      return writer.ids_to_score(0).ids;
    };
    start.before_writes = [&] {
      if (failing == "before writes") throw Error(ErrorKind::kInput, "cannot write");
    };
    std::atomic<size_t> scored{0}, scored_by_2{0};
    BatchSummary summary;
    CHECK_THROWS_WITH(run_batches(writer, start, Store::Reading::kForScoring, Store::Kinds::kDepartmentYears, options,
                                  [&](size_t worker, const Record&, int64_t id) -> RecordResults {
                                    ++scored;
                                    if (worker == 2) ++scored_by_2;
                                    return {id, "fake-set", "fake-hash", {}, 0, {}, nullptr};
                                  },
                                  summary),
                      failing == "find"            ? "cannot find"
                      : failing == "list"          ? "no list"
                      : failing == "before writes" ? "cannot write"
                                                   : "no scorer " + failing);
    if (failing == "prepare 2") {
      CHECK(scored_by_2 == 0);  // the others may have begun meanwhile, and their commits stay
    } else if (failing == "before writes") {
      CHECK(stored_rows(db).empty());  // the others may have scored, but nothing is written
    } else {
      CHECK(scored == 0);  // no list, no batch
      CHECK(stored_rows(db).empty());
    }
  }
}

TEST_CASE("batch pipeline: after a pass of several workers the database file alone holds every result",
          "[batch-pipeline]") {
  const std::string dir = test::scratch_dir("batch-pipeline-file-alone");
  const std::string db = dir + "/province.db";
  REQUIRE(test::run_jixiao({"gen", "--departments", "40", "--seed", "2", "--db", db, "--home", test::source_dir()})
              .exit_code == 0);
  Store writer = Store::open_for_write(db);  // still open: its log is not removed
  BatchOptions options;
  options.jobs = 2;
  options.batch_size = 8;
  BatchSummary summary;
  run_batches(writer, {{}, {}, [&] { return writer.ids_to_score(0).ids; }, {}}, Store::Reading::kForScoring, Store::Kinds::kDepartmentYears, options,
              [&](size_t, const Record&, int64_t id) {
                RecordResults r{id, "fake-set", "fake-hash", {}, 1, {}, nullptr};
                LeafPacker(r.leaves, true, 0).add("leaf", Decimal::from_int(id), "computed", std::string(2000, 'x'));
                return r;
              },
              summary);
  REQUIRE(summary.records > 40);
  std::filesystem::copy_file(db, dir + "/alone.db");  // the file without its -wal
  CHECK(stored_rows(dir + "/alone.db").size() == summary.records);
}

TEST_CASE("batch pipeline: the workers score while the first commit is made, and write their batches after it",
          "[batch-pipeline]") {
  const std::string db = test::scratch_dir("batch-pipeline-before-writes") + "/province.db";
  REQUIRE(test::run_jixiao({"gen", "--departments", "6", "--seed", "2", "--db", db, "--home", test::source_dir()})
              .exit_code == 0);
  Store writer = Store::open_for_write(db);
  const std::vector<int64_t> every = writer.ids_to_score(0).ids;
  for (const int jobs : {1, 3}) {
    INFO(jobs << " worker(s)");
    const std::vector<int64_t> todo(every.begin() + jobs, every.begin() + 2 * jobs);  // a batch each, at least
    std::mutex mutex;
    std::condition_variable changed;
    size_t scored = 0;
    bool versions_written = false;
    BatchOptions options;
    options.jobs = jobs;
    options.batch_size = 1;
    PassStart start;
    start.list = [&] { return todo; };
    // Returns once every record is scored (worker 0's too), the write lock taken meanwhile.
    start.before_writes = [&] {
      std::unique_lock<std::mutex> lock(mutex);
      CHECK(changed.wait_for(lock, std::chrono::seconds(60), [&] { return scored == todo.size(); }));
      versions_written = true;
    };
    std::vector<size_t> progress;
    options.progress = [&](size_t done, size_t) {
      std::lock_guard<std::mutex> lock(mutex);
      CHECK(versions_written);  // nothing written before
      progress.push_back(done);
    };
    BatchSummary summary;
    run_batches(writer, start, Store::Reading::kForScoring, Store::Kinds::kDepartmentYears, options,
                [&](size_t, const Record&, int64_t id) {
                  {
                    std::lock_guard<std::mutex> lock(mutex);
                    ++scored;
                    changed.notify_all();
                  }
                  RecordResults r{id, "fake-set", "fake-hash", {}, 1, {}, nullptr};
                  LeafPacker(r.leaves, true, 0).add("leaf", Decimal::from_int(1), "computed", "");
                  return r;
                },
                summary);
    CHECK(summary.records == todo.size());
    CHECK(progress.size() == todo.size());
    CHECK(progress.back() == todo.size());
  }
  CHECK(stored_rows(db).size() == 4);
}

TEST_CASE("batch pipeline: the set versions a pass registers first are those of the records it scores, in set order",
          "[batch-pipeline]") {
  RecordsToScore candidates;
  candidates.set_ids = {"a", "b", "c"};
  candidates.ids = {1, 2, 3, 5, 8};
  candidates.set_of = {1, 0, 1, 2, 0};
  const auto hash_of = [](const std::string& id) { return "hash of " + id; };
  using Versions = std::vector<std::pair<std::string, std::string>>;
  CHECK(versions_used(candidates, {1, 2, 3, 5, 8}, "", hash_of) ==
        Versions{{"a", "hash of a"}, {"b", "hash of b"}, {"c", "hash of c"}});
  CHECK(versions_used(candidates, {3, 8}, "", hash_of) == Versions{{"a", "hash of a"}, {"b", "hash of b"}});
  CHECK(versions_used(candidates, {5}, "", hash_of) == Versions{{"c", "hash of c"}});
  CHECK(versions_used(candidates, {}, "", hash_of).empty());
  CHECK(versions_used(candidates, {2}, "z", hash_of) == Versions{{"z", "hash of z"}});  // every record under z
  CHECK(versions_used(candidates, {}, "z", hash_of).empty());
}

TEST_CASE("batch pipeline: a record imported again after the list was made is named as not scored, and the pass "
          "goes on",
          "[batch-pipeline]") {
  const std::string fresh = test::scratch_dir("batch-pipeline-replaced") + "/fresh.db";
  REQUIRE(test::run_jixiao({"gen", "--departments", "25", "--seed", "2", "--db", fresh, "--home", test::source_dir()})
              .exit_code == 0);
  for (const int jobs : {1, 2}) {
    INFO(jobs << " workers");
    const std::string db = test::scratch_dir("batch-pipeline-replaced-" + std::to_string(jobs)) + "/province.db";
    std::filesystem::copy_file(fresh, db);
    Store writer = Store::open_for_write(db);
    const std::vector<int64_t> todo = writer.ids_to_score(0).ids;
    const int64_t replaced = todo[todo.size() - 2];  // a later batch's, never the last row id: a new one is given
    Record again = writer.load_many({replaced}).at(0);
    again = writer.load(again.entity, again.year, again.kind);
    BatchOptions options;
    options.jobs = jobs;
    options.batch_size = 2;
    BatchSummary summary;
    std::once_flag import_once;  // every worker waits for it: none reads the replaced record's batch before
    run_batches(writer, {{}, {}, [&] { return todo; }, {}}, Store::Reading::kForScoring, Store::Kinds::kDepartmentYears, options,
                [&](size_t, const Record& record, int64_t id) {
                  std::call_once(import_once, [&] { Store::open_for_write(db).import({again}, {"imported again"}); });
                  RecordResults r{id, "fake-set", "fake-hash", {}, 1, {}, nullptr};
                  LeafPacker(r.leaves, true, 0).add("leaf", Decimal::from_int(id), "computed", record.title());
                  return r;
                },
                summary);
    CHECK(summary.failed == 1);
    CHECK(summary.failures == std::vector<std::string>{
                                  "record " + std::to_string(replaced) +
                                  ": imported again or removed after the records to score were listed; it was not "
                                  "scored: run jixiao score --all again"});
    CHECK(summary.records == todo.size() - 1);
    CHECK(stored_rows(db).size() == todo.size() - 1);
  }
}
