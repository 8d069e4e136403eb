// While the workers score batch b, the reader reads batch b+1 and the writer
// commits batch b-1, each on its own connection (WAL lets the reader read
// while the writer writes). Workers take records from a shared cursor, but
// each record's results go to its own slot, and a batch is written in record
// order: the results do not depend on the number of workers.
#include "batch_pipeline.h"

#include <algorithm>
#include <atomic>
#include <future>
#include <thread>

#include "error.h"
#include "record_stream.h"

namespace jixiao {

size_t workers_of(const BatchOptions& options) {
  if (options.jobs < 1) throw Error(ErrorKind::kUsage, "--jobs must be at least 1");
  return static_cast<size_t>(options.jobs);
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

struct Scored {
  std::vector<RecordResults> results;  // per record of the batch
  std::vector<std::string> errors;     // per record: "" when it was scored
};

Scored score_batch(const std::vector<Record>& records, const int64_t* ids, size_t workers, const ScoreRecord& score) {
  Scored out;
  out.results.resize(records.size());
  out.errors.resize(records.size());
  std::atomic<size_t> cursor{0};
  auto work = [&](size_t worker) {
    for (size_t i = cursor++; i < records.size(); i = cursor++) {
      try {
        out.results[i] = score(worker, records[i], ids[i]);
      } catch (const Error& e) {
        out.errors[i] = e.what();
      }
    }
  };
  std::vector<std::thread> threads;
  for (size_t k = 1; k < workers; ++k) threads.emplace_back(work, k);
  work(0);
  for (auto& t : threads) t.join();
  return out;
}

}  // namespace

namespace {

// What the writer wrote of a batch: records whose content changed since they
// were read (imported again meanwhile) are not written, and named.
struct Written {
  size_t records = 0, leaves = 0;
  std::vector<std::string> changed;  // the changed records' titles
};

Written write_batch(Store& writer, const std::vector<RecordResults>& rows, const std::vector<std::string>& titles) {
  const std::vector<int64_t> changed = writer.write_results(rows);  // ascending, as rows are
  Written out;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (std::binary_search(changed.begin(), changed.end(), rows[i].record_id)) {
      out.changed.push_back(titles[i] + ": changed while it was scored (imported again); its results were not "
                                        "written: run jixiao score --all again");
      continue;
    }
    ++out.records;
    out.leaves += rows[i].count;
  }
  return out;
}

}  // namespace

void run_batches(Store& writer, const std::vector<int64_t>& todo, Store::Reading what, const BatchOptions& options,
                 const ScoreRecord& score, BatchSummary& summary) {
  const size_t workers = workers_of(options);
  const size_t batch = std::max<size_t>(1, options.batch_size);
  RecordStream stream(writer.path(), todo, batch, 1, what);
  auto fail = [&](const std::string& message) {
    ++summary.failed;
    if (summary.failures.size() < kFailuresKept) summary.failures.push_back(message);
  };
  std::future<Written> writing;
  size_t committed = 0, pending = 0;
  auto finish_writing = [&] {
    const Written w = writing.get();
    summary.records += w.records;
    summary.leaves += w.leaves;
    for (const auto& message : w.changed) fail(message);
    committed += pending;
    if (options.progress) options.progress(committed, todo.size());
  };
  for (size_t first = 0; first < todo.size(); first += batch) {
    const std::vector<Record> records = stream.next();
    Scored scored = score_batch(records, todo.data() + first, workers, score);
    std::vector<RecordResults> rows;
    std::vector<std::string> titles;
    rows.reserve(records.size());
    titles.reserve(records.size());
    for (size_t i = 0; i < records.size(); ++i) {
      if (!scored.errors[i].empty()) {
        fail(scored.errors[i]);
        continue;
      }
      scored.results[i].source_hash = records[i].source_hash;  // written only while the record is still so
      rows.push_back(std::move(scored.results[i]));
      titles.push_back(records[i].title());
    }
    if (writing.valid()) finish_writing();
    pending = records.size();
    writing = std::async(std::launch::async, [&writer, rows = std::move(rows), titles = std::move(titles)] {
      return write_batch(writer, rows, titles);
    });
  }
  if (writing.valid()) finish_writing();
}

}  // namespace jixiao
