// The pipeline: while the workers score batch b, the reader reads batch b+1
// and the writer commits batch b-1, each on its own connection (WAL lets the
// reader read while the writer writes). Workers take records from a shared
// cursor, but each record's results go to its own slot, and a batch is
// written in record order: the results do not depend on the number of workers.
#include "batch_score.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <thread>

#include "error.h"
#include "packed_leaves.h"
#include "record_stream.h"

namespace jixiao {

namespace {

// The leaves packed as they are stored, the set named once per record.
RecordResults stored(int64_t record_id, const IndicatorSet& set, const std::string& set_hash,
                     const std::vector<LeafResult>& leaves) {
  RecordResults out{record_id, set.id, set_hash, {}, leaves.size()};
  out.leaves.reserve(leaves.size() * 32);  // about a leaf without a reason
  const int places = set.score_places;
  for (const LeafResult& leaf : leaves)
    pack_leaf(out.leaves, leaf.node->id, leaf.score ? leaf.score->str(places) : std::string(),
              leaf_source_name(leaf.source), leaf.reason);
  return out;
}

}  // namespace

RecordResults results_of(int64_t record_id, const Evaluation& ev) {
  return stored(record_id, *ev.set, ev.set_hash, ev.leaves);
}

namespace {

constexpr size_t kFailuresKept = 5;

using Scorers = std::map<std::string, std::unique_ptr<Scorer>>;  // set id → that worker's scorer

struct Scored {
  std::vector<RecordResults> results;  // per record of the batch
  std::vector<std::string> errors;     // per record: "" when it was scored
};

Scored score_batch(const std::vector<Record>& records, const int64_t* ids,
                   std::vector<Scorers>& workers, const std::string& set_override) {
  Scored out;
  out.results.resize(records.size());
  out.errors.resize(records.size());
  std::atomic<size_t> cursor{0};
  auto work = [&](Scorers& scorers) {
    for (size_t i = cursor++; i < records.size(); i = cursor++) {
      const std::string& set_id = set_override.empty() ? records[i].set_id : set_override;
      try {
        Scorer& scorer = *scorers.at(set_id);  // the leaves only: totals are not stored
        out.results[i] = stored(ids[i], scorer.set(), scorer.content_hash(), scorer.score_leaves(records[i]));
      } catch (const Error& e) {
        out.errors[i] = e.what();
      }
    }
  };
  std::vector<std::thread> threads;
  for (size_t k = 1; k < workers.size(); ++k) threads.emplace_back(work, std::ref(workers[k]));
  work(workers[0]);
  for (auto& t : threads) t.join();
  return out;
}

}  // namespace

BatchSummary score_all(Workspace& ws, const BatchOptions& options) {
  if (options.jobs < 1) throw Error(ErrorKind::kUsage, "--jobs must be at least 1");
  const auto start = std::chrono::steady_clock::now();
  BatchSummary summary;
  Store writer = Store::open_for_write(ws.db_path());  // migrates an older database first
  Store reader = Store::open_read_only(ws.db_path());
  std::vector<StoredRecord> candidates = reader.records_to_score(options.year, "");

  // Every worker gets its own scorer of each set it may need.
  std::vector<Scorers> workers(static_cast<size_t>(options.jobs));
  std::vector<std::string> set_ids;
  if (!options.set_id.empty()) set_ids.push_back(options.set_id);
  else
    for (const auto& c : candidates)
      if (std::find(set_ids.begin(), set_ids.end(), c.key.set_id) == set_ids.end()) set_ids.push_back(c.key.set_id);
  for (auto& scorers : workers)
    for (const auto& id : set_ids) {
      scorers[id] = std::make_unique<Scorer>(ws.load_scorer(ws.resolve_set(id)));
      scorers[id]->set_traces(false);  // traces and reasons are not stored
      scorers[id]->set_reasons(false);
    }

  // Records already scored under the same content hash are skipped.
  std::map<std::string, std::vector<int64_t>> done;  // set id → scored record ids, ascending
  for (const auto& id : set_ids) done[id] = writer.scored_records(workers[0].at(id)->content_hash());
  std::vector<int64_t> todo;  // ids only: memory stays flat in the number of records
  for (const auto& c : candidates) {
    const auto& scored = done.at(options.set_id.empty() ? c.key.set_id : options.set_id);
    if (std::binary_search(scored.begin(), scored.end(), c.id)) ++summary.skipped;
    else todo.push_back(c.id);
  }
  std::vector<StoredRecord>().swap(candidates);
  done.clear();

  const size_t batch = std::max<size_t>(1, options.batch_size);
  RecordStream stream(ws.db_path(), todo, batch);
  std::future<void> writing;
  size_t committed = 0, pending = 0;
  for (size_t first = 0; first < todo.size(); first += batch) {
    const std::vector<Record> records = stream.next();
    Scored scored = score_batch(records, todo.data() + first, workers, options.set_id);
    std::vector<RecordResults> rows;
    rows.reserve(records.size());
    for (size_t i = 0; i < records.size(); ++i) {
      if (!scored.errors[i].empty()) {
        ++summary.failed;
        if (summary.failures.size() < kFailuresKept) summary.failures.push_back(scored.errors[i]);
        continue;
      }
      ++summary.records;
      summary.leaves += scored.results[i].count;
      rows.push_back(std::move(scored.results[i]));
    }
    if (writing.valid()) {
      writing.get();
      committed += pending;
      if (options.progress) options.progress(committed, todo.size());
    }
    pending = records.size();
    writing = std::async(std::launch::async, [&writer, rows = std::move(rows)] { writer.write_results(rows); });
  }
  if (writing.valid()) {
    writing.get();
    committed += pending;
    if (options.progress) options.progress(committed, todo.size());
  }
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace jixiao
