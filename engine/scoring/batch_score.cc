// Department-years through the batch pipeline (batch_pipeline.h), each
// worker with its own Scorer of every set.
#include "batch_score.h"

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "batch_pipeline.h"
#include "error.h"
#include "packed_leaves.h"

namespace jixiao {

namespace {

// The leaves packed as they are stored, the set named once per record.
RecordResults stored(int64_t record_id, const IndicatorSet& set, const std::string& set_hash,
                     const std::vector<LeafResult>& leaves) {
  RecordResults out{record_id, set.id, set_hash, {}, leaves.size(), {}};
  out.leaves.reserve(leaves.size() * 48);  // about a leaf without a reason, and room to spare
  const int places = set.score_places;
  char score[Decimal::kTextRoom];
  for (const LeafResult& leaf : leaves)
    pack_leaf(out.leaves, leaf.node->id, leaf.score ? leaf.score->text(score, places) : std::string_view(),
              leaf_source_name(leaf.source), leaf.reason);
  return out;
}

}  // namespace

RecordResults results_of(int64_t record_id, const Evaluation& ev) {
  return stored(record_id, *ev.set, ev.set_hash, ev.leaves);
}

BatchSummary score_all(Workspace& ws, const BatchOptions& options) {
  const size_t workers = workers_of(options);
  const auto start = std::chrono::steady_clock::now();
  BatchSummary summary;
  Store writer = Store::open_for_write(ws.db_path());  // migrates an older database first
  RecordsToScore candidates;
  std::vector<std::string> set_ids;  // the sets records are scored under, in order of first appearance
  std::vector<std::pair<std::string, std::string>> versions;  // (set id, content hash) of the sets used

  // Every worker gets its own scorer of each set it may need, made on its
  // own thread as soon as the set is known, while the list is still read.
  using Scorers = std::map<std::string, std::unique_ptr<Scorer>>;  // set id → that worker's scorer
  std::vector<Scorers> scorers(workers);
  // A set records name that is not there, or of the other kind, fails those
  // records alone, each named, and the others are scored: set id → why, per worker.
  std::vector<std::map<std::string, std::string>> unfound(workers);
  PassStart startup;
  startup.find = [&](const Store::SetFound& found) {
    if (!options.set_id.empty()) found(options.set_id);
    // Listed on the writer's connection: a reader's page cache would stay filled with the list.
    candidates = writer.ids_to_score(options.year, options.set_id.empty() ? found : Store::SetFound());
    set_ids = options.set_id.empty() ? candidates.set_ids : std::vector<std::string>{options.set_id};
  };
  startup.prepare = [&](size_t worker, const std::string& id) {
    if (std::string why = options.set_id.empty() ? ws.unfit_set(id, false) : ""; !why.empty()) {
      unfound[worker].emplace(id, std::move(why));
      return;
    }
    auto scorer = std::make_unique<Scorer>(ws.load_scorer(ws.resolve_set(id)));
    scorer->set_traces(false);  // traces and reasons are not stored
    scorer->set_reasons(false);
    scorer->set_memo(true);  // checklists repeat from record to record
    scorers[worker][id] = std::move(scorer);
  };
  startup.list = [&] {
    // Records already scored under the same content hash are skipped.
    std::vector<int64_t> todo = unscored(
        writer, candidates, options.set_id,
        [&](const std::string& id) { return unfound[0].count(id) ? std::string() : scorers[0].at(id)->content_hash(); },
        summary);
    // Registered before any batch is committed, in the order of the sets: the
    // version ids do not depend on which worker commits first.
    std::vector<bool> used(set_ids.size(), false);
    for (size_t i = 0, t = 0; t < todo.size(); ++i)  // both ascending, todo a part of the candidates
      if (candidates.ids[i] == todo[t]) {
        used[options.set_id.empty() ? candidates.set_of[i] : 0] = true;
        ++t;
      }
    for (size_t s = 0; s < set_ids.size(); ++s)
      if (used[s] && !unfound[0].count(set_ids[s]))
        versions.emplace_back(set_ids[s], scorers[0].at(set_ids[s])->content_hash());
    candidates = {};
    return todo;
  };
  // The first commit of a pass also syncs the log's header: the others score meanwhile.
  startup.before_writes = [&] { writer.add_set_versions(versions); };

  // Records come with their inputs packed, read by place by the scorer; a
  // packing that does not read stops the run, as reading it would.
  run_batches(writer, startup, Store::Reading::kPacked, options,
              [&](size_t worker, const Record& record, int64_t id) {
                if (const auto missing = unfound[worker].find(record.set_id); missing != unfound[worker].end())
                  throw Error(ErrorKind::kMissing, record.title() + ": " + missing->second, Location{record.source});
                Scorer& scorer = *scorers[worker].at(options.set_id.empty() ? record.set_id : options.set_id);
                // The leaves only (totals are not stored), kept by the scorer until its next record.
                const std::vector<LeafResult>& leaves = read_packed(
                    writer, id, record, [&]() -> const std::vector<LeafResult>& { return scorer.score_packed(record); });
                return stored(id, scorer.set(), scorer.content_hash(), leaves);
              },
              summary);
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace jixiao
