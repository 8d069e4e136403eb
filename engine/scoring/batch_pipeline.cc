// N jobs are N threads in all: each worker reads, scores and writes, so
// nothing else competes for the cores (the log copier's thread mostly waits
// for the disk). Readers each have their own
// connection (WAL lets them read while the writer writes); the one write
// connection is held by one worker at a time, which also writes the batches
// others finished meanwhile, so a worker seldom waits for another's commit.
// The first commit of a pass (before_writes) syncs the log's header, a wait
// for the disk: it is made on a thread of its own while the workers score
// their first batches, worker 0 included; a worker with a batch to write
// before it is made waits for it. A record's results are a row of their own, whoever
// scores or writes it: they do not depend on the number of workers.
#include "batch_pipeline.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "error.h"
#include "log_copier.h"
#include "worker_pool.h"

namespace jixiao {

size_t workers_of(const BatchOptions& options) {
  if (options.jobs < 1) throw Error(ErrorKind::kUsage, "--jobs must be at least 1");
  return options.pool != nullptr ? options.pool->size() : static_cast<size_t>(options.jobs);
}

std::vector<int64_t> unscored(const Store& store, const RecordsToScore& candidates, const std::string& set_override,
                              const std::function<std::string(const std::string& set_id)>& hash_of,
                              BatchSummary& summary) {
  // Per set scored under: the ids with results under its hash, ascending.
  std::vector<std::vector<int64_t>> done(set_override.empty() ? candidates.set_ids.size() : 1);
  std::vector<bool> listed(done.size(), false);
  std::vector<int64_t> out;  // ids only: memory stays flat in the number of records
  for (size_t i = 0; i < candidates.ids.size(); ++i) {
    const size_t set = set_override.empty() ? candidates.set_of[i] : 0;
    if (!listed[set]) {
      done[set] = store.scored_records(hash_of(set_override.empty() ? candidates.set_ids[set] : set_override));
      listed[set] = true;
    }
    if (std::binary_search(done[set].begin(), done[set].end(), candidates.ids[i])) ++summary.skipped;
    else out.push_back(candidates.ids[i]);
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> versions_used(
    const RecordsToScore& candidates, const std::vector<int64_t>& todo, const std::string& set_override,
    const std::function<std::string(const std::string& set_id)>& hash_of) {
  if (!set_override.empty()) {
    if (todo.empty()) return {};
    return {{set_override, hash_of(set_override)}};
  }
  std::vector<bool> used(candidates.set_ids.size(), false);
  for (size_t i = 0, t = 0; t < todo.size(); ++i)  // both ascending
    if (candidates.ids[i] == todo[t]) {
      used[candidates.set_of[i]] = true;
      ++t;
    }
  std::vector<std::pair<std::string, std::string>> out;
  for (size_t s = 0; s < used.size(); ++s)
    if (used[s])
      if (std::string hash = hash_of(candidates.set_ids[s]); !hash.empty())
        out.emplace_back(candidates.set_ids[s], std::move(hash));
  return out;
}

namespace {

constexpr size_t kFailuresKept = 5;

// A batch scored, waiting to be written: the results of the records that
// were scored, in record order, each with its title and its place in `todo`.
struct Scored {
  size_t records = 0;  // in the batch, scored or not
  std::vector<RecordResults> rows;
  std::vector<std::string> titles;
  std::vector<size_t> at;  // each row's record's place in `todo`
};

// One run of run_batches: the batches still to take, the batches scored and
// not yet written, and what was counted.
class Pass {
 public:
  Pass(Store& writer, LogCopier& copier, const PassStart& start, Store::Reading what, Store::Kinds kinds,
       const BatchOptions& options, const ScoreRecord& score, BatchSummary& summary, size_t workers)
      : writer_(writer),
        copier_(copier),
        start_(start),
        what_(what),
        kinds_(kinds),
        options_(options),
        score_(score),
        summary_(summary),
        workers_(workers),
        batch_(std::max<size_t>(1, options.batch_size)) {}

  // Worker `worker`'s share: its start-up, then batches taken, read, scored
  // and written until none is left or the pass stops. Whatever it throws
  // stops the pass.
  void work(size_t worker) {
    try {
      if (!started(worker)) return;
      std::optional<Store> reader;  // opened for the first batch taken
      size_t first = 0, n = 0;
      while (take(first, n)) {
        if (!reader) reader.emplace(Store::open_read_only(writer_.path()));
        deliver(score_batch(*reader, worker, first, n));
      }
    } catch (...) {
      stop();
      throw;
    }
  }

  // Once every worker is done (whether or not one threw): waits for the
  // first commit's thread. What before_writes threw, if it did.
  std::exception_ptr join_first_commit() {
    if (first_commit_.joinable()) first_commit_.join();
    return first_commit_error_;
  }

  // Once every worker is done: the failures kept into the summary, in record order.
  void finish() {
    std::sort(failures_.begin(), failures_.end());
    for (auto& [at, message] : failures_) summary_.failures.push_back(std::move(message));
  }

 private:
  // The start-up of `worker` (PassStart): worker 0 finds the sets, then
  // every worker prepares each set found as soon as it is, and worker 0
  // lists the records to score, which the others wait for. Whether the pass
  // goes on (no worker stopped it meanwhile).
  bool started(size_t worker) {
    if (worker == 0) {
      if (start_.find)
        start_.find([&](const std::string& set_id) {
          std::lock_guard<std::mutex> lock(take_mutex_);
          sets_.push_back(set_id);
          taking_.notify_all();
        });
      std::lock_guard<std::mutex> lock(take_mutex_);
      found_all_ = true;
      taking_.notify_all();
    }
    for (size_t s = 0;; ++s) {
      std::string set_id;
      {
        std::unique_lock<std::mutex> lock(take_mutex_);
        taking_.wait(lock, [&] { return s < sets_.size() || found_all_ || stopped_; });
        if (stopped_) return false;
        if (s == sets_.size()) break;
        set_id = sets_[s];
      }
      if (start_.prepare) start_.prepare(worker, set_id);
    }
    if (worker == 0) {
      std::vector<int64_t> todo = start_.list ? start_.list() : std::vector<int64_t>();
      if (start_.before_writes) first_commit_ = std::thread([this] { first_commit(); });
      else writable();
      std::lock_guard<std::mutex> lock(take_mutex_);
      todo_ = std::move(todo);
      listed_ = true;
      taking_.notify_all();
    } else {
      std::unique_lock<std::mutex> lock(take_mutex_);
      taking_.wait(lock, [&] { return listed_ || stopped_; });
    }
    return !stopped_;
  }

  // before_writes on the first commit's thread, under the write lock; when
  // it throws, the pass stops and nothing is written.
  void first_commit() {
    {
      const std::lock_guard<std::mutex> writing(write_mutex_);
      try {
        start_.before_writes();
        writable_ = true;
      } catch (...) {
        first_commit_error_ = std::current_exception();
        stop();  // before the lock is let go: no batch is written after a failed before_writes
      }
      first_committed_ = true;
    }
    first_commit_done_.notify_all();
  }

  // No first commit to wait for.
  void writable() {
    {
      const std::lock_guard<std::mutex> writing(write_mutex_);
      writable_ = true;
      first_committed_ = true;
    }
    first_commit_done_.notify_all();
  }

  // The next batch: todo_[first, first + n). False when none is left or the pass stopped.
  bool take(size_t& first, size_t& n) {
    std::lock_guard<std::mutex> lock(take_mutex_);
    if (stopped_ || taken_ == todo_.size()) return false;
    first = taken_;
    n = batch_to_take(todo_.size() - taken_, batch_, workers_);
    taken_ += n;
    return true;
  }

  void stop() {
    std::lock_guard<std::mutex> lock(take_mutex_);
    stopped_ = true;
    taking_.notify_all();
  }

  Scored score_batch(const Store& reader, size_t worker, size_t first, size_t n) {
    const auto from = todo_.begin() + static_cast<std::ptrdiff_t>(first);
    std::vector<size_t> gone;  // imported again or removed since the list was made: their new ids are not in it
    const std::vector<Record> records =
        reader.load_many(std::vector<int64_t>(from, from + static_cast<std::ptrdiff_t>(n)), what_, &gone, kinds_);
    Scored out;
    out.records = n;
    out.rows.reserve(n);
    out.titles.reserve(n);
    out.at.reserve(n);
    for (size_t i = 0, g = 0; i < n; ++i) {
      if (g < gone.size() && gone[g] == i) {
        ++g;
        fail(first + i, "record " + std::to_string(todo_[first + i]) +
                            ": imported again or removed after the records to score were listed; it was not scored: "
                            "run jixiao score --all again");
        continue;
      }
      try {
        out.rows.push_back(score_(worker, records[i], todo_[first + i]));
      } catch (const Error& e) {
        fail(first + i, e.what());
        continue;
      }
      out.rows.back().source_hash = records[i].source_hash;  // written only while the record is still so
      out.titles.push_back(records[i].title());
      out.at.push_back(first + i);
    }
    return out;
  }

  // Queues `batch` and writes what is queued (write_queued).
  void deliver(Scored batch) {
    size_t waiting = 0;
    {
      std::lock_guard<std::mutex> lock(queue_mutex_);
      queue_.push_back(std::move(batch));
      waiting = queue_.size();
    }
    write_queued(waiting);
  }

  // Writes what is queued (`waiting` batches when last looked), unless
  // another worker is writing (which writes it too) and not too many wait;
  // first waits for the first commit.
  void write_queued(size_t waiting) {
    for (;;) {
      std::unique_lock<std::mutex> writing(write_mutex_, std::defer_lock);
      // The writer falls behind, or the first commit's thread holds the lock: wait for a turn.
      if (waiting > workers_ || !first_committed_) writing.lock();
      else if (!writing.try_lock()) return;  // the worker writing sees the batch
      first_commit_done_.wait(writing, [&] { return first_committed_.load(); });
      if (!writable_) return;
      for (;;) {
        Scored next;
        {
          std::lock_guard<std::mutex> lock(queue_mutex_);
          if (queue_.empty() || stopped_) break;
          next = std::move(queue_.front());
          queue_.pop_front();
        }
        write(next);
      }
      writing.unlock();
      // A batch queued after the last look, while this worker still held the lock, is written now.
      std::lock_guard<std::mutex> lock(queue_mutex_);
      if (queue_.empty() || stopped_) return;
      waiting = queue_.size();
    }
  }

  // One transaction; records whose content changed since they were read
  // (imported again meanwhile) are not written, and named. Under write_mutex_.
  void write(const Scored& batch) {
    const std::vector<int64_t> changed = writer_.write_results(batch.rows);  // ascending, as rows are
    size_t bytes = 0;
    for (const RecordResults& r : batch.rows) bytes += r.leaves.size();
    copier_.committed(bytes);
    for (size_t i = 0; i < batch.rows.size(); ++i) {
      if (std::binary_search(changed.begin(), changed.end(), batch.rows[i].record_id)) {
        fail(batch.at[i], batch.titles[i] +
                              ": changed while it was scored (imported again); its results were not "
                              "written: run jixiao score --all again");
        continue;
      }
      ++summary_.records;
      summary_.leaves += batch.rows[i].count;
    }
    committed_ += batch.records;
    if (options_.progress) options_.progress(committed_, todo_.size());
  }

  // Counts a record that was not written; the first few in record order are named.
  void fail(size_t at, std::string message) {
    std::lock_guard<std::mutex> lock(failures_mutex_);
    ++summary_.failed;
    failures_.emplace_back(at, std::move(message));
    if (failures_.size() > kFailuresKept)
      failures_.erase(std::max_element(failures_.begin(), failures_.end()));
  }

  Store& writer_;
  LogCopier& copier_;
  const PassStart& start_;
  const Store::Reading what_;
  const Store::Kinds kinds_;
  const BatchOptions& options_;
  const ScoreRecord& score_;
  BatchSummary& summary_;  // records and leaves under write_mutex_, failures under failures_mutex_
  const size_t workers_, batch_;

  std::mutex take_mutex_;
  std::condition_variable taking_;  // a set found, every set found, the list made, or the pass stopped
  std::vector<std::string> sets_;   // found so far
  bool found_all_ = false;
  bool listed_ = false;
  std::vector<int64_t> todo_;  // once listed_: the records to score, ascending
  size_t taken_ = 0;           // todo_[0, taken_) taken by a worker
  std::atomic<bool> stopped_{false};
  std::mutex queue_mutex_;
  std::deque<Scored> queue_;  // scored, not yet written
  std::mutex write_mutex_;    // held by the worker writing
  std::atomic<bool> first_committed_{false};  // set under write_mutex_: before_writes returned or threw, or there is none
  bool writable_ = false;         // under write_mutex_: it returned (or there is none)
  std::condition_variable first_commit_done_;
  size_t committed_ = 0;      // records of the batches written, scored or not
  std::mutex failures_mutex_;
  std::vector<std::pair<size_t, std::string>> failures_;  // (place in todo, message): the first few
  std::thread first_commit_;                // before_writes
  std::exception_ptr first_commit_error_;  // what before_writes threw, once first_commit_ is joined
};

}  // namespace

size_t batch_to_take(size_t left, size_t batch_size, size_t workers) {
  batch_size = std::max<size_t>(1, batch_size);
  if (workers <= 1) return std::min(left, batch_size);
  // Half of each worker's share of what is left: a worker taking the last
  // batch leaves the others little more than that batch to finish.
  const size_t share = (left + 2 * workers - 1) / (2 * workers);
  return std::min(left, std::clamp(share, std::min(batch_size, kSmallestBatch), batch_size));
}

void run_batches(Store& writer, const PassStart& start, Store::Reading what, Store::Kinds kinds,
                 const BatchOptions& options, const ScoreRecord& score, BatchSummary& summary) {
  const size_t workers = workers_of(options);
  const Store::BulkWrites bulk(writer);  // its checkpoint at its end comes after the copier stopped
  LogCopier copier(writer.path());
  Pass pass(writer, copier, start, what, kinds, options, score, summary, workers);
  try {
    try {
      if (workers == 1) {
        pass.work(0);  // no thread but the first commit's: one worker does it all, inline
      } else if (options.pool != nullptr) {
        options.pool->run([&](size_t worker) { pass.work(worker); });
      } else {
        WorkerPool(workers).run([&](size_t worker) { pass.work(worker); });
      }
    } catch (...) {
      pass.join_first_commit();  // the workers' failure is told, rather than its
      throw;
    }
    if (const std::exception_ptr failed = pass.join_first_commit()) std::rethrow_exception(failed);
  } catch (const Unreadable& u) {
    throw u.error;
  }
  pass.finish();
}

}  // namespace jixiao
