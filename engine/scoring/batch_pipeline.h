// The pipeline of batch scoring (jixiao score --all), one for department-years
// and project tables alike: which records still need scoring, then N workers,
// each reading, scoring and writing whole batches, one transaction per batch,
// whatever the kind of record and however it is scored.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "batch_score.h"
#include "error.h"
#include "store.h"

namespace jixiao {

// The number of workers `options` asks for: the size of `options.pool` when
// it has one, else `options.jobs`. Throws Error(kUsage) for jobs < 1.
size_t workers_of(const BatchOptions& options);

// The ids of `candidates` (ascending) without results under the content hash
// of the set each is scored under (`set_override`, or its own when empty),
// `hash_of(set id)`; the others are counted in `summary.skipped`.
std::vector<int64_t> unscored(const Store& store, const RecordsToScore& candidates, const std::string& set_override,
                              const std::function<std::string(const std::string& set_id)>& hash_of,
                              BatchSummary& summary);

// The set versions (set id, content hash `hash_of(set id)`) that `todo`
// (ascending, a part of `candidates`) is scored under, `set_override` or
// each record's own set when it is empty, in the order of
// candidates.set_ids: what a pass registers before its first batch, so that
// the version ids do not depend on which worker commits first. A set whose
// hash is "" (not there: its records fail alone) has no version.
std::vector<std::pair<std::string, std::string>> versions_used(
    const RecordsToScore& candidates, const std::vector<int64_t>& todo, const std::string& set_override,
    const std::function<std::string(const std::string& set_id)>& hash_of);

// Scores one record (`id` its row id) on worker `worker` (0 .. workers-1; a
// worker's calls come from one thread at a time) and gives its results as
// stored. Throws Error when the record cannot be scored.
using ScoreRecord = std::function<RecordResults(size_t worker, const Record& record, int64_t id)>;

// What a ScoreRecord throws for a record whose packed inputs do not read
// back (see read_packed): unlike an Error, which counts the record as
// failed, it stops the pass, and run_batches throws `error`.
struct Unreadable {
  Error error;
};

// `read()`'s result, where `read` reads the packed inputs of `record` (`id`
// its row id): a std::invalid_argument it throws (a packing that does not
// read back) is thrown as an Unreadable naming the record (Store::inputs_error).
template <typename Read>
decltype(auto) read_packed(const Store& store, int64_t id, const Record& record, Read&& read) {
  try {
    return read();
  } catch (const std::invalid_argument& e) {
    throw Unreadable{store.inputs_error(id, record, std::string("has packed inputs that do not read back: ") + e.what())};
  }
}

// A pass's start-up, run on the workers' threads so that what each worker
// needs of its own (its scorers, its Lua state) is made at the same time as
// the others', and while worker 0 finds what to score. Each may throw,
// which stops the pass.
struct PassStart {
  // Empty members do nothing (list: nothing to score).
  // Called first, once, on worker 0: finds the sets the pass scores under,
  // calling `found` with each (once) as soon as it is known, and keeps what
  // `list` needs. It may read on the writer.
  std::function<void(const Store::SetFound& found)> find;
  // Called on each worker's thread (`worker` 0 .. workers-1) for each set
  // found, in the order found, before the worker takes a batch: on worker 0
  // once `find` returned, on the others as soon as the set is found.
  std::function<void(size_t worker, const std::string& set_id)> prepare;
  // Called once on worker 0, after it prepared every set found: the ids of
  // the records to score (ascending). Workers take batches once it
  // returned. It may read on the writer.
  std::function<std::vector<int64_t>()> list;
  // Called once right after `list`, on a thread of its own, while the
  // workers (worker 0 too) take and score batches, before any batch is
  // written: writes what must come before the results (such as set
  // versions) on the writer. A first commit waits for the disk.
  std::function<void()> before_writes;
};

// The size of the next batch to take when `left` records are not taken yet,
// for `workers` workers taking batches of at most `batch_size`: batch_size
// (or what is left) for one worker; for more, smaller near the end (a
// share of what is left, not below kSmallestBatch unless batch_size is), so
// that the workers finish nearly together.
constexpr size_t kSmallestBatch = 64;
size_t batch_to_take(size_t left, size_t batch_size, size_t workers);

// Scores the records `start.list` gives in batches (batch_to_take) of
// consecutive ids with workers_of(options) workers: on the calling thread
// for one worker, else on `options.pool` (or threads of its own when it has
// none). Each worker starts (PassStart), takes the next batch not taken,
// reads it (reading `what` of records of `kinds`, Store::load_many) on a read-only connection of its own, scores
// it, and writes its results through `writer`, one transaction per batch,
// one batch at a time (a batch finished while another is being written is
// left to the worker writing; start.before_writes, on a thread of its own,
// is written first). Meanwhile a thread of its own
// copies what was committed into the database file (LogCopier), so that
// little is left to copy at the end (Store::BulkWrites).
// The results do not depend on the number of workers, nor on the order
// batches are committed in. Counts records, leaves and failures (the first
// few in record order named) into `summary`; calls `options.progress` after
// each commit, one call at a time. Throws Error for a database that cannot
// be read or written, the Error of an Unreadable `score` throws, or what
// `options.progress` or `start` throws, once the workers have stopped
// (committed batches stay).
void run_batches(Store& writer, const PassStart& start, Store::Reading what, Store::Kinds kinds,
                 const BatchOptions& options,
                 const ScoreRecord& score, BatchSummary& summary);

}  // namespace jixiao
