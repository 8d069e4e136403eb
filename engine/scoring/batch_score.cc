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
#include "record_stream.h"

namespace jixiao {

namespace {

std::vector<StoredResult> stored(int64_t record_id, const IndicatorSet& set, const std::string& set_hash,
                                 const std::vector<LeafResult>& leaves) {
  std::vector<StoredResult> out;
  out.reserve(leaves.size());
  const int places = set.score_places;
  for (const LeafResult& leaf : leaves)
    out.push_back({record_id, set.id, set_hash, leaf.node->id, leaf.score ? leaf.score->str(places) : "",
                   leaf_source_name(leaf.source), leaf.reason});
  return out;
}

}  // namespace

std::vector<StoredResult> results_of(int64_t record_id, const Evaluation& ev) {
  return stored(record_id, *ev.set, ev.set_hash, ev.leaves);
}

namespace {

constexpr size_t kFailuresKept = 5;

using Scorers = std::map<std::string, std::unique_ptr<Scorer>>;  // set id → that worker's scorer

struct Scored {
  std::vector<std::vector<StoredResult>> results;  // per record of the batch
  std::vector<std::string> errors;                 // per record: "" when it was scored
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
  // Listed on the writer's connection: a reader's page cache would stay filled with the list.
  RecordsToScore candidates = writer.ids_to_score(options.year);

  // Every worker gets its own scorer of each set it may need.
  std::vector<Scorers> workers(static_cast<size_t>(options.jobs));
  const std::vector<std::string> set_ids =
      options.set_id.empty() ? candidates.set_ids : std::vector<std::string>{options.set_id};
  for (auto& scorers : workers)
    for (const auto& id : set_ids) {
      scorers[id] = std::make_unique<Scorer>(ws.load_scorer(ws.resolve_set(id)));
      scorers[id]->set_traces(false);  // traces and reasons are not stored
      scorers[id]->set_reasons(false);
    }

  // Records already scored under the same content hash are skipped.
  std::vector<std::vector<int64_t>> done;  // per set of set_ids: scored record ids, ascending
  for (const auto& id : set_ids) done.push_back(writer.scored_records(workers[0].at(id)->content_hash()));
  std::vector<int64_t> todo;  // ids only: memory stays flat in the number of records
  for (size_t i = 0; i < candidates.ids.size(); ++i) {
    const auto& scored = done[options.set_id.empty() ? candidates.set_of[i] : 0];
    if (std::binary_search(scored.begin(), scored.end(), candidates.ids[i])) ++summary.skipped;
    else todo.push_back(candidates.ids[i]);
  }
  candidates = {};
  done = {};

  const size_t batch = std::max<size_t>(1, options.batch_size);
  const size_t total = todo.size();
  RecordStream stream(ws.db_path(), std::move(todo), batch);
  std::future<void> writing;
  size_t committed = 0, pending = 0;
  for (size_t first = 0; first < total; first += batch) {
    const std::vector<Record> records = stream.next();
    Scored scored = score_batch(records, stream.ids().data() + first, workers, options.set_id);
    std::vector<StoredResult> rows;
    size_t leaves = 0;
    for (const auto& results : scored.results) leaves += results.size();
    rows.reserve(leaves);
    for (size_t i = 0; i < records.size(); ++i) {
      if (!scored.errors[i].empty()) {
        ++summary.failed;
        if (summary.failures.size() < kFailuresKept) summary.failures.push_back(scored.errors[i]);
        continue;
      }
      ++summary.records;
      summary.leaves += scored.results[i].size();
      std::move(scored.results[i].begin(), scored.results[i].end(), std::back_inserter(rows));
    }
    if (writing.valid()) {
      writing.get();
      committed += pending;
      if (options.progress) options.progress(committed, total);
    }
    pending = records.size();
    writing = std::async(std::launch::async, [&writer, rows = std::move(rows)] { writer.write_results(rows); });
  }
  if (writing.valid()) {
    writing.get();
    committed += pending;
    if (options.progress) options.progress(committed, total);
  }
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace jixiao
