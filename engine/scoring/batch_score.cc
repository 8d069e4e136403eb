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

// The set's leaf ids as its version lists them, in document order (the
// order of a record's leaf results).
std::shared_ptr<const std::string> version_leaves_of(const IndicatorSet& set) {
  const std::vector<IndicatorSet::LeafRef> leaves = set.leaves();
  std::vector<std::string_view> ids;
  for (const auto& leaf : leaves) ids.push_back(leaf.node->id);
  return std::make_shared<const std::string>(pack_leaf_ids(ids));
}

// The leaves packed as they are stored, the set named once per record and
// its leaf ids once per set version (`version_leaves`).
RecordResults stored(int64_t record_id, const IndicatorSet& set, const std::string& set_hash,
                     const std::shared_ptr<const std::string>& version_leaves, const std::vector<LeafResult>& leaves) {
  RecordResults out{record_id, set.id, set_hash, {}, leaves.size(), {}, version_leaves};
  out.leaves.reserve(1 + leaves.size() * 4);  // a leaf without a reason: its flags and a score of up to 3 bytes
  // Each source's code, looked up by name once, by the source's value.
  static_assert(static_cast<int>(LeafSource::kUncovered) == 3, "the four sources are 0 to 3, in this order");
  static const uint8_t code[] = {*leaf_source_code(leaf_source_name(LeafSource::kComputed)),
                                 *leaf_source_code(leaf_source_name(LeafSource::kJudged)),
                                 *leaf_source_code(leaf_source_name(LeafSource::kNotScored)),
                                 *leaf_source_code(leaf_source_name(LeafSource::kUncovered))};
  LeafPacker pack(out.leaves, false, set.score_places);
  for (const LeafResult& leaf : leaves) pack.add({}, leaf.score, code[static_cast<int>(leaf.source)], leaf.reason);
  return out;
}

}  // namespace

RecordResults results_of(int64_t record_id, const Evaluation& ev) {
  return stored(record_id, *ev.set, ev.set_hash, version_leaves_of(*ev.set), ev.leaves);
}

BatchSummary score_all(Workspace& ws, const BatchOptions& options) {
  const size_t workers = workers_of(options);
  const auto start = std::chrono::steady_clock::now();
  BatchSummary summary;
  Store writer = Store::open_for_write(ws.db_path());  // migrates an older database first
  RecordsToScore candidates;
  std::vector<std::pair<std::string, std::string>> versions;  // (set id, content hash) of the sets used

  // Every worker gets its own scorer of each set it may need, made on its
  // own thread as soon as the set is known, while the list is still read.
  using Scorers = std::map<std::string, std::unique_ptr<Scorer>>;  // set id → that worker's scorer
  std::vector<Scorers> scorers(workers);
  using Listed = std::map<std::string, std::shared_ptr<const std::string>>;  // set id → version_leaves_of its set
  std::vector<Listed> listed(workers);
  // A set records name that is not there, or of the other kind, fails those
  // records alone, each named, and the others are scored: set id → why, per worker.
  std::vector<std::map<std::string, std::string>> unfound(workers);
  PassStart startup;
  startup.find = [&](const Store::SetFound& found) {
    if (!options.set_id.empty()) found(options.set_id);
    // Listed on the writer's connection: a reader's page cache would stay filled with the list.
    candidates = writer.ids_to_score(options.year, options.set_id.empty() ? found : Store::SetFound());
  };
  startup.prepare = [&](size_t worker, const std::string& id) {
    std::unique_ptr<Scorer> scorer;
    try {
      scorer = std::make_unique<Scorer>(ws.load_scorer(ws.resolve_set(id)));
    } catch (const Error&) {  // asked only then: unfit_set parses the set's file again
      std::string why = options.set_id.empty() ? ws.unfit_set(id, false) : "";
      if (why.empty()) throw;  // a set that is there but does not load stops the pass
      unfound[worker].emplace(id, std::move(why));
      return;
    }
    scorer->set_traces(false);  // traces and reasons are not stored
    scorer->set_reasons(false);
    scorer->set_memo(true);  // checklists repeat from record to record
    listed[worker][id] = version_leaves_of(scorer->set());
    scorers[worker][id] = std::move(scorer);
  };
  startup.list = [&] {
    // Records already scored under the same content hash are skipped.
    const auto hash_of = [&](const std::string& id) {
      return unfound[0].count(id) ? std::string() : scorers[0].at(id)->content_hash();  // "": fails alone
    };
    std::vector<int64_t> todo = unscored(writer, candidates, options.set_id, hash_of, summary);
    versions = versions_used(candidates, todo, options.set_id, hash_of);
    candidates = {};
    return todo;
  };
  // The first commit of a pass also syncs the log's header: on a thread of its own, the workers scoring meanwhile.
  startup.before_writes = [&] { writer.add_set_versions(versions); };

  // Records come with their inputs packed, read by place by the scorer; a
  // packing that does not read stops the run, as reading it would.
  run_batches(writer, startup, Store::Reading::kPacked, Store::Kinds::kDepartmentYears, options,
              [&](size_t worker, const Record& record, int64_t id) {
                if (const auto missing = unfound[worker].find(record.set_id); missing != unfound[worker].end())
                  throw Error(ErrorKind::kMissing, record.title() + ": " + missing->second, Location{record.source});
                const std::string& set_id = options.set_id.empty() ? record.set_id : options.set_id;
                Scorer& scorer = *scorers[worker].at(set_id);
                // The leaves only (totals are not stored), kept by the scorer until its next record.
                const std::vector<LeafResult>& leaves = read_packed(
                    writer, id, record, [&]() -> const std::vector<LeafResult>& { return scorer.score_packed(record); });
                return stored(id, scorer.set(), scorer.content_hash(), listed[worker].at(set_id), leaves);
              },
              summary);
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace jixiao
