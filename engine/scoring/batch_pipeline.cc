// N jobs are N threads in all: each worker reads, scores and writes, so
// nothing else competes for the cores (the log copier's thread mostly waits
// for the disk). Readers each have their own
// connection (WAL lets them read while the writer writes); the one write
// connection is held by one worker at a time, which also writes the batches
// others finished meanwhile, so a worker seldom waits for another's commit.
// A record's results are a row of their own, whoever scores or writes it:
// they do not depend on the number of workers.
#include "batch_pipeline.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
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
  Pass(Store& writer, LogCopier& copier, const PassStart& start, Store::Reading what, const BatchOptions& options,
       const ScoreRecord& score, BatchSummary& summary, size_t workers)
      : writer_(writer),
        copier_(copier),
        start_(start),
        what_(what),
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
      {
        const std::lock_guard<std::mutex> writing(write_mutex_);  // no batch written before before_writes
        {
          std::lock_guard<std::mutex> lock(take_mutex_);
          todo_ = std::move(todo);
          listed_ = true;
          taking_.notify_all();
        }
        try {
          if (start_.before_writes) start_.before_writes();
        } catch (...) {
          stop();  // before the lock is let go: no batch is written after a failed before_writes
          throw;
        }
      }
      // What the others delivered meanwhile, finding the lock taken, is left to this worker.
      write_queued(0);
    } else {
      std::unique_lock<std::mutex> lock(take_mutex_);
      taking_.wait(lock, [&] { return listed_ || stopped_; });
    }
    return !stopped_;
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
        reader.load_many(std::vector<int64_t>(from, from + static_cast<std::ptrdiff_t>(n)), what_, &gone);
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
  // another worker is writing (which writes it too) and not too many wait.
  void write_queued(size_t waiting) {
    for (;;) {
      std::unique_lock<std::mutex> writing(write_mutex_, std::defer_lock);
      if (waiting > workers_) writing.lock();  // the writer falls behind: wait for a turn
      else if (!writing.try_lock()) return;    // the worker writing sees the batch
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
  size_t committed_ = 0;      // records of the batches written, scored or not
  std::mutex failures_mutex_;
  std::vector<std::pair<size_t, std::string>> failures_;  // (place in todo, message): the first few
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

void run_batches(Store& writer, const PassStart& start, Store::Reading what, const BatchOptions& options,
                 const ScoreRecord& score, BatchSummary& summary) {
  const size_t workers = workers_of(options);
  const Store::BulkWrites bulk(writer);  // its checkpoint at its end comes after the copier stopped
  LogCopier copier(writer.path());
  Pass pass(writer, copier, start, what, options, score, summary, workers);
  try {
    if (workers == 1) {
      pass.work(0);  // no thread: one worker does it all, inline
    } else if (options.pool != nullptr) {
      options.pool->run([&](size_t worker) { pass.work(worker); });
    } else {
      WorkerPool(workers).run([&](size_t worker) { pass.work(worker); });
    }
  } catch (const Unreadable& u) {
    throw u.error;
  }
  pass.finish();
}

}  // namespace jixiao
