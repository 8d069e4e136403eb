#include "batch_pipeline.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
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
  run_batches(writer, todo, Store::Reading::kForScoring, options,
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
                RecordResults r{id, "fake-set", "fake-hash", {}, 1, {}};
                pack_leaf(r.leaves, "leaf", std::to_string(id), "computed", record.title());
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
