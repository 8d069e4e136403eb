// Batch scoring (jixiao score --all): every filed and review department-year
// in a database scored and its leaf results written into the results table,
// a batch per transaction, by N workers (N threads in all), each with its own
// Scorer (its own Lua state) and its own SQLite connection to read.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "store.h"
#include "workspace.h"

namespace jixiao {

class WorkerPool;

struct BatchOptions {
  int year = 0;            // 0: every year
  std::string set_id;      // score every record under this set instead of its own; "" for its own
  int jobs = 1;            // workers: the calling thread, and jobs - 1 threads
  // The workers' threads when the caller keeps them for several passes
  // (worker_pool.h): its size is the number of workers, jobs only checked.
  // Null: a pass of more than one job starts threads of its own.
  WorkerPool* pool = nullptr;
  size_t batch_size = 1000;  // records per read and per write transaction (fewer near the end for several workers)
  // Called after each batch is committed, one call at a time, on the thread
  // of the worker that committed it.
  std::function<void(size_t done, size_t total)> progress;
};

struct BatchSummary {
  size_t records = 0;   // scored and written in this run
  size_t skipped = 0;   // already had results for the same set content hash
  size_t leaves = 0;    // leaf results written
  size_t failed = 0;    // records that could not be scored (nothing written for them)
  std::vector<std::string> failures;  // the first few messages, naming the department-year
  double seconds = 0;
};

// The results of one scored record, as stored: its leaves packed in document
// order, each with the leaf's reason as `ev` has it ("" from a Scorer with
// reasons off, as score_all's are: scoring the record again with reasons on
// gives them, since its results are dropped when it changes).
RecordResults results_of(int64_t record_id, const Evaluation& ev);

// Scores every record the options select that has no results yet for the
// content hash of the set it is scored under, writing its results; a record
// whose scoring fails is counted and named in the summary, and retried by the
// next run. Results are the same whatever `jobs` is. An interrupted run
// keeps every batch it committed. Throws Error for a set that cannot be
// loaded or a database that cannot be read or written (committed batches
// stay), Error(kUsage) for jobs < 1.
BatchSummary score_all(Workspace& ws, const BatchOptions& options);

}  // namespace jixiao
