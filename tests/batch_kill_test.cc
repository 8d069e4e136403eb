// score --all killed with SIGKILL in the middle of a run: the database passes
// db check, every batch committed before the kill is kept whole (each of its
// records with all its leaves), nothing of a batch not committed is, and a
// re-run scores only the rest, to the same results as one uninterrupted run.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <thread>

#include "batch_score.h"
#include "test_support.h"

using namespace jixiao;
using jixiao::test::run_jixiao;

namespace {

constexpr size_t kBatch = 10;

// Department-years' results as comparable text, and how many leaves each record has.
std::vector<std::string> result_lines(const std::string& db, std::map<int64_t, size_t>* per_record = nullptr) {
  std::vector<std::string> out;
  for (const StoredResult& r : Store::open_read_only(db).results()) {
    if (r.set_id != "liangshan-2021-dept") continue;  // the project tables score --all also scores
    out.push_back(std::to_string(r.record_id) + "\t" + r.set_hash + "\t" + r.leaf_id + "\t" + r.score + "\t" +
                  r.source + "\t" + r.reason);
    if (per_record != nullptr) ++(*per_record)[r.record_id];
  }
  return out;
}

// Scores `db` in a child process that kills itself with SIGKILL `delay`
// after its third batch is committed, while it reads, scores and writes the
// next ones (a run that finishes first waits for the kill). Returns how the
// child ended.
int killed_run(const std::string& db, std::chrono::microseconds delay) {
  std::cout.flush();
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    Workspace ws(test::source_dir(), db, false);
    BatchOptions options;
    options.jobs = 2;
    options.batch_size = kBatch;
    options.progress = [delay](size_t done, size_t) {
      if (done < 3 * kBatch) return;
      if (delay.count() == 0) ::raise(SIGKILL);
      std::thread([delay] {
        std::this_thread::sleep_for(delay);
        ::raise(SIGKILL);
      }).detach();
    };
    try {
      score_all(ws, options);
    } catch (...) {
      ::_exit(2);
    }
    for (;;) ::pause();  // a run that finished first waits for its kill

  }
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

}  // namespace

TEST_CASE("batch: score --all killed mid-run keeps its committed batches whole, and a re-run does only the rest",
          "[batch]") {
  const std::string dir = test::scratch_dir("batch-kill");
  const std::string fresh = dir + "/fresh.db";
  REQUIRE(run_jixiao({"gen", "--departments", "120", "--seed", "3", "--db", fresh, "--home", test::source_dir()})
              .exit_code == 0);
  const std::string whole = dir + "/whole.db";
  std::filesystem::copy_file(fresh, whole);
  REQUIRE(run_jixiao({"score", "--all", "--db", whole, "--home", test::source_dir()}).exit_code == 0);
  const std::vector<std::string> expected = result_lines(whole);
  std::vector<std::string> sorted = expected;
  std::sort(sorted.begin(), sorted.end());
  std::vector<int64_t> ids;  // what each run scores, in the order batches are cut
  for (const StoredRecord& r : Store::open_read_only(fresh).records_to_score(0, "")) ids.push_back(r.id);
  const size_t records = ids.size();
  const size_t leaves = expected.size() / records;
  REQUIRE(records > 10 * kBatch);

  for (const int us : {0, 300, 3000, 30000}) {
    INFO("killed " << us << " µs after the third batch was committed");
    const std::string db = dir + "/killed-" + std::to_string(us) + ".db";
    std::filesystem::copy_file(fresh, db);
    CHECK(killed_run(db, std::chrono::microseconds(us)) == 128 + SIGKILL);

    const auto check = run_jixiao({"db", "check", "--db", db, "--home", test::source_dir()});
    INFO(check.out << check.err);
    CHECK(check.exit_code == 0);
    std::map<int64_t, size_t> per_record;
    const std::vector<std::string> kept = result_lines(db, &per_record);
    for (const auto& [record, n] : per_record) CHECK(n == leaves);  // no record half written
    CHECK(per_record.size() >= 3 * kBatch);  // every committed batch kept
    // Nothing of an uncommitted batch: each batch (kBatch records in id order) is kept whole or not at all,
    // whichever order the two workers committed them in.
    for (size_t first = 0; first < ids.size(); first += kBatch) {
      size_t kept_of_batch = 0;
      for (size_t i = first; i < std::min(ids.size(), first + kBatch); ++i) kept_of_batch += per_record.count(ids[i]);
      INFO("the batch from record " << ids[first]);
      CHECK((kept_of_batch == 0 || kept_of_batch == std::min(kBatch, ids.size() - first)));
    }
    for (const std::string& line : kept) CHECK(std::binary_search(sorted.begin(), sorted.end(), line));

    const auto rerun = run_jixiao({"score", "--all", "--db", db, "--home", test::source_dir()});
    INFO(rerun.out);
    CHECK(rerun.out.find("scored " + std::to_string(records - per_record.size()) + " record(s)") == 0);
    CHECK(rerun.out.find(std::to_string(per_record.size()) + " skipped") != std::string::npos);
    CHECK(result_lines(db) == expected);
  }
}
