// The public interface (include/jixiao/) over the engine's internals: each
// call does what the command line's command of the same name does, and
// hands back plain values; internal errors become api::Error here, once.
#include <map>
#include <optional>
#include <utility>

#include "batch_score.h"
#include "compare_run.h"
#include "error.h"
#include "jixiao/engine.h"
#include "jixiao/version.h"
#include "version.h"
#include "workspace.h"

namespace jixiao::api {

const char* version() { return engine_version(); }
int json_schema_version() { return kJsonSchemaVersion; }

Error::Error(Kind kind, const std::string& what, std::string file, int line, int column, std::string indicator,
             std::string message)
    : std::runtime_error(what),
      kind_(kind),
      file_(std::move(file)),
      line_(line),
      column_(column),
      indicator_(std::move(indicator)),
      message_(std::move(message)) {}

namespace {

Error public_error(const jixiao::Error& e) {
  Error::Kind kind = Error::Kind::kInput;
  switch (e.kind()) {
    case ErrorKind::kUsage: kind = Error::Kind::kUsage; break;
    case ErrorKind::kInput: kind = Error::Kind::kInput; break;
    case ErrorKind::kScript: kind = Error::Kind::kScript; break;
    case ErrorKind::kMissing: kind = Error::Kind::kMissing; break;
    case ErrorKind::kIo: kind = Error::Kind::kIo; break;
  }
  return Error(kind, e.what(), e.where().file, e.where().line, e.where().column, e.indicator(), e.message());
}

// Runs `body`, an internal Error thrown as the public one.
template <typename F>
auto translated(F&& body) {
  try {
    return body();
  } catch (const jixiao::Error& e) {
    throw public_error(e);
  }
}

std::optional<std::string> text(const std::optional<Decimal>& d, int places) {
  if (!d) return std::nullopt;
  return d->str(places);
}

RecordKey public_key(const jixiao::RecordKey& key) { return {key.entity, key.year, key.kind, key.set_id}; }

Score public_score(const Evaluation& ev) {
  const int places = ev.set->score_places;
  Score out{ev.record->entity, ev.record->year, ev.set->id, ev.set_hash, ev.total.str(places),
            text(ev.max, places), ev.complete(), {}};
  for (const jixiao::LeafResult& leaf : ev.leaves)
    out.leaves.push_back({leaf.node->id, leaf.path, text(leaf.node->weight, places), text(leaf.score, places),
                          text(leaf.filed, places), leaf_source_name(leaf.source), leaf.reason, leaf.missing});
  return out;
}

Comparison public_comparison(const ComparisonRun& run) {
  const jixiao::Comparison& c = run.comparison;
  const int places = run.evaluation.set->score_places;
  Comparison out{run.filed.entity,
                 run.filed.year,
                 run.evaluation.set->id,
                 c.basis,
                 c.filed_total.str(places),
                 c.recomputed_total.str(places),
                 c.gap.str(places),
                 gap_pct_text(c.relative_gap_pct),
                 c.accuracy ? std::optional<std::string>(c.accuracy->deduction.str(places)) : std::nullopt,
                 {}};
  for (const jixiao::LeafComparison& leaf : c.leaves)
    out.leaves.push_back({leaf.leaf->node->id, leaf.leaf->path, text(leaf.filed, places),
                          text(leaf.recomputed, places), text(leaf.difference, places), leaf.leaf->reason});
  return out;
}

}  // namespace

struct Engine::Impl {
  explicit Impl(const Options& o)
      : workspace(o.home, o.database.empty() ? o.home + "/jixiao.db" : o.database, o.mirror_data, o.shipped) {}
  Workspace workspace;
};

Engine::Engine(Options options) {
  if (options.home.empty())
    throw public_error(jixiao::Error(ErrorKind::kUsage, "Options::home is empty: name the folder with indicator-sets/"));
  impl_ = std::make_unique<Impl>(options);
}
Engine::~Engine() = default;
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;

SetInfo Engine::load_set(const std::string& id) {
  return translated([&] {
    const Scorer& scorer = impl_->workspace.scorer(id);
    const IndicatorSet& set = scorer.set();
    return SetInfo{set.id, set.name, set.file, scorer.content_hash(), set.total.str(set.score_places),
                   static_cast<int>(set.leaves().size())};
  });
}

std::vector<RecordKey> Engine::records() {
  return translated([&] {
    std::vector<RecordKey> out;
    for (const jixiao::RecordKey& key : impl_->workspace.open_store().list()) out.push_back(public_key(key));
    return out;
  });
}

Score Engine::score(const std::string& entity, int year, const std::string& kind, const std::string& set_id) {
  return translated([&] {
    const Record record = impl_->workspace.open_store().load(entity, year, kind);
    const Evaluation ev = impl_->workspace.scorer(set_id.empty() ? record.set_id : set_id).evaluate(record);
    return public_score(ev);
  });
}

Comparison Engine::compare(const std::string& entity, int year) {
  return translated([&] {
    const Store store = impl_->workspace.open_store();
    return public_comparison(*run_comparison(impl_->workspace, store, entity, year, "", ""));
  });
}

std::vector<StoredResult> Engine::results() {
  return translated([&] {
    const Store store = impl_->workspace.open_store();
    std::map<int64_t, RecordKey> keys;
    for (const StoredRecord& r : store.records_to_score(0, "")) keys[r.id] = public_key(r.key);
    for (const StoredRecord& r : store.project_records(0)) keys[r.id] = public_key(r.key);
    std::vector<StoredResult> out;
    for (const jixiao::StoredResult& r : store.results()) {
      std::optional<std::string> score;
      if (!r.score.empty()) score = r.score;
      out.push_back({keys[r.record_id], r.set_hash, r.leaf_id, score, r.source, r.reason});
    }
    return out;
  });
}

}  // namespace jixiao::api
