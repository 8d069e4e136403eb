// The pipeline of batch scoring (jixiao score --all), one for department-years
// and project tables alike: which records still need scoring, then one reader,
// N workers and one writer, each batch written in record order in one
// transaction, whatever the kind of record and however it is scored.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "batch_score.h"
#include "store.h"

namespace jixiao {

// The number of workers `options` asks for. Throws Error(kUsage) for jobs < 1.
size_t workers_of(const BatchOptions& options);

// The ids of `candidates` (ascending) without results under the content hash
// of the set each is scored under (`set_override`, or its own when empty),
// `hash_of(set id)`; the others are counted in `summary.skipped`.
std::vector<int64_t> unscored(const Store& store, const RecordsToScore& candidates, const std::string& set_override,
                              const std::function<std::string(const std::string& set_id)>& hash_of,
                              BatchSummary& summary);

// Scores one record (`id` its row id) on worker `worker` (0 .. workers-1; a
// worker's calls come from one thread at a time) and gives its results as
// stored. Throws Error when the record cannot be scored.
using ScoreRecord = std::function<RecordResults(size_t worker, const Record& record, int64_t id)>;

// Reads the records of `todo` (ascending) from the database of `writer`
// (reading `what`) `options.batch_size` at a time, on a reader thread of its
// own; scores each batch with workers_of(options) workers; and writes its
// results through `writer` in record order, one transaction per batch, while
// the next batch is scored. The results do not depend on the number of
// workers. Counts records, leaves and failures (the first few named) into
// `summary` and calls `options.progress` after each commit. Throws Error for
// a database that cannot be read or written (committed batches stay).
void run_batches(Store& writer, const std::vector<int64_t>& todo, Store::Reading what, const BatchOptions& options,
                 const ScoreRecord& score, BatchSummary& summary);

}  // namespace jixiao
