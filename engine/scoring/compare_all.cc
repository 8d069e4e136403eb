// compare --all reads a batch of department-years at a time. For each, the
// evidence's results under the content hash of the set it is recomputed
// under are summed in one scan; a record without them (never scored, scored
// under other rules, failed, or with a gap) is read packed and scored by
// place, as score --all scores it. Its gaps are named from there too, as
// scoring it whole names them; one whose leaf errs is read whole and scored,
// so its line, and its error, are what scoring it gives.
#include "compare_all.h"

#include <algorithm>
#include <exception>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "error.h"
#include "packed_inputs.h"

namespace jixiao {

namespace {

// Every filed record of `year` with its review record (id 0 when it has
// none), in the order they are stored (by id), so that a batch of them is a
// short range of ids to scan.
struct FiledAndReview {
  StoredRecord filed;
  StoredRecord review;
};
std::vector<FiledAndReview> filed_of_year(const Store& store, int year) {
  std::vector<FiledAndReview> out;
  std::map<std::string, StoredRecord> reviews;
  for (const StoredRecord& r : store.records_to_score(year, "")) {
    if (r.key.kind == "filed") out.push_back({r, {}});
    else reviews[r.key.entity] = r;
  }
  for (auto& f : out)
    if (auto found = reviews.find(f.filed.key.entity); found != reviews.end()) f.review = found->second;
  return out;
}

// Adds the ids at the places `places` of `ids` to `gone`.
void note_gone(const std::vector<int64_t>& ids, const std::vector<size_t>& places, std::set<int64_t>& gone) {
  for (const size_t k : places) gone.insert(ids[k]);
}

// Reads the records of `ids` (in any order, 0 for none) in bulk: id → record;
// the ids no longer stored are added to `gone` instead.
std::map<int64_t, Record> read_whole(const Store& store, std::vector<int64_t> ids, std::set<int64_t>& gone) {
  ids.erase(std::remove(ids.begin(), ids.end(), 0), ids.end());
  std::sort(ids.begin(), ids.end());
  std::vector<size_t> missing;
  std::vector<Record> records = store.load_many(ids, Store::Reading::kForScoring, &missing);
  note_gone(ids, missing, gone);
  std::map<int64_t, Record> out;
  for (size_t i = 0; i < ids.size(); ++i)
    if (!gone.count(ids[i])) out.emplace(ids[i], std::move(records[i]));
  return out;
}

// With reasons and traces off (and the memo on) while it lives: the packed path wants scores
// alone. compare --all's scorers (the workspace's, and each worker's own) are
// built with both on, as compare_records and price_gap, whose errors quote
// reasons, need them: on they are again after.
class ScoresOnly {
 public:
  explicit ScoresOnly(Scorer& scorer) : scorer_(scorer) {
    scorer_.set_reasons(false);
    scorer_.set_traces(false);
    scorer_.set_memo(true);  // the batch's records repeat a leaf's facts
  }
  ~ScoresOnly() {
    scorer_.set_memo(false);
    scorer_.set_reasons(true);
    scorer_.set_traces(true);
  }
  ScoresOnly(const ScoresOnly&) = delete;
  ScoresOnly& operator=(const ScoresOnly&) = delete;

 private:
  Scorer& scorer_;
};

// A record of a batch read packed: the evidence of place `place`, scored by
// `scorer`, or (scorer null) a filed record compared with its review, read
// only to check that it reads, as reading it whole would.
struct PackedRead {
  int64_t id;
  size_t place;
  Scorer* scorer;
  bool operator<(const PackedRead& o) const { return id < o.id; }
};

// Reads `reads` (any order) packed in one scan, and gives each evidence's
// recomputed total at its place in `totals` when its leaves score whole,
// scored by place as score --all scores them; when a leaf has no score, the
// error compare_records throws for it at its place in `incomplete`. A record
// whose leaf errs is left without either, to be scored whole: its line, and
// its error, are then what compare_records gives. Throws Store::inputs_error
// for a packing that does not read, in the order of the ids, as reading the
// records whole would. A record no longer stored is added to `gone`.
void packed_totals(const Store& store, std::vector<PackedRead> reads, std::vector<std::optional<Decimal>>& totals,
                   std::vector<std::optional<Error>>& incomplete, std::set<int64_t>& gone) {
  std::sort(reads.begin(), reads.end());
  std::vector<int64_t> ids;
  for (const PackedRead& r : reads) ids.push_back(r.id);
  std::vector<size_t> missing;
  const std::vector<Record> records = store.load_many(ids, Store::Reading::kPacked, &missing);
  note_gone(ids, missing, gone);
  for (size_t k = 0, m = 0; k < reads.size(); ++k) {
    if (m < missing.size() && missing[m] == k) {
      ++m;
      continue;
    }
    const Record& record = records[k];
    std::vector<LeafResult> leaves;
    try {
      if (reads[k].scorer == nullptr) {
        Record whole;
        unpack_inputs(record.packed, Store::Reading::kForScoring, whole);
        continue;
      }
      ScoresOnly quiet(*reads[k].scorer);
      leaves = reads[k].scorer->score_packed(record);
    } catch (const std::invalid_argument& e) {
      throw store.inputs_error(ids[k], record, std::string("has packed inputs that do not read back: ") + e.what());
    } catch (const Error&) {
      continue;  // scored whole, for its error
    }
    Decimal total;  // as Scorer::evaluate sums the rounded scores
    bool whole = true;
    for (const LeafResult& leaf : leaves) {
      if (leaf.source == LeafSource::kUncovered) whole = false;
      if (leaf.score) total += *leaf.score;
    }
    if (whole) {
      totals[reads[k].place] = total;
      continue;
    }
    try {  // its gaps scored again by name with reasons on, which the sentences naming them quote
      Record inputs = record;
      unpack_inputs(record.packed, Store::Reading::kForScoring, inputs);
      Evaluation ev;
      ev.record = &inputs;
      for (const LeafResult& leaf : leaves)
        if (leaf.source == LeafSource::kUncovered)
          ev.leaves.push_back(std::move(reads[k].scorer->evaluate_one(leaf.node->id, inputs).leaves.front()));
      incomplete[reads[k].place] = incomplete_error(ev);
    } catch (const Error&) {
      // scored whole, for its error
    }
  }
}

// price_gap() with reasons off, as its deduction is all a line shows; run
// again with them on when it throws, for its error, which may quote the rule's
// reason (a gap left to judgement).
std::optional<AccuracyCheck> priced(const std::vector<IndicatorSet::LeafRef>& leaves, const Record& filed,
                                    Decimal filed_total, Decimal recomputed_total, const std::string& basis,
                                    Scorer& scorer) {
  try {
    ScoresOnly quiet(scorer);
    return price_gap(leaves, filed, filed_total, recomputed_total, basis, scorer);
  } catch (const Error&) {
    return price_gap(leaves, filed, filed_total, recomputed_total, basis, scorer);
  }
}

// The line of `entity` whose evidence's recomputed total is `recomputed`:
// whole, or (throwing what compare() throws) not at all, as a line from
// compare_records is.
ComparisonLine compared(const std::string& entity, const std::vector<IndicatorSet::LeafRef>& leaves,
                        const Record& filed, Decimal recomputed, std::string basis, Scorer& scorer) {
  ComparisonLine line;
  line.entity = entity;
  line.basis = std::move(basis);
  line.filed_total = filed_sums(leaves, filed).total;
  line.recomputed_total = recomputed;
  line.relative_gap_pct = relative_gap_pct(filed, line.filed_total, line.recomputed_total);
  if (auto a = priced(leaves, filed, line.filed_total, line.recomputed_total, line.basis, scorer))
    line.deduction = a->deduction;
  return line;
}

// Compares `count` department-years from `all` on, reading from `store` and
// scoring with the scorers of `scorer_of`, into `out` (lines unsorted).
void compare_part(const ScorerOf& scorer_of, const Store& store, const FiledAndReview* all, size_t count,
                  const CompareAllOptions& options, CompareAll& out) {
  std::map<const Scorer*, std::vector<IndicatorSet::LeafRef>> leaves_of;
  auto leaves = [&](Scorer& scorer) -> const std::vector<IndicatorSet::LeafRef>& {
    auto found = leaves_of.find(&scorer);
    if (found == leaves_of.end()) found = leaves_of.emplace(&scorer, scorer.set().leaves()).first;
    return found->second;
  };
  std::set<const IndicatorSet*> noted;
  auto note_deductions = [&](const IndicatorSet& set) {
    if (!noted.insert(&set).second) return;  // once per set
    for (const Decimal& d : possible_deductions(set))
      if (std::find(out.deductions.begin(), out.deductions.end(), d) == out.deductions.end())
        out.deductions.push_back(d);
  };
  const size_t batch_size = std::max<size_t>(1, options.batch_size);  // memory bounded by the batch
  for (size_t first = 0; first < count; first += batch_size) {
    const size_t n = std::min(count, first + batch_size) - first;
    const FiledAndReview* batch = all + first;
    auto uses_review = [&](size_t i) {
      return options.against == "review" || (options.against.empty() && batch[i].review.id != 0);
    };

    // The stored results of each evidence record, one scan per set version.
    std::vector<Scorer*> scorers(n, nullptr);
    std::vector<StoredTotal> stored(n);
    std::map<std::string, std::vector<std::pair<int64_t, size_t>>> by_hash;  // hash → (evidence id, place)
    std::vector<int64_t> filed_ids;
    for (size_t i = 0; i < n; ++i) {
      filed_ids.push_back(batch[i].filed.id);
      if (uses_review(i) && batch[i].review.id == 0) continue;  // scoring it names what is missing
      const StoredRecord& evidence = uses_review(i) ? batch[i].review : batch[i].filed;
      try {
        scorers[i] = &scorer_of(options.set_id.empty() ? evidence.key.set_id : options.set_id);
      } catch (const Error&) {
        continue;  // scoring it gives the error, on its line
      }
      by_hash[scorers[i]->content_hash()].emplace_back(evidence.id, i);
    }
    for (auto& [hash, places] : by_hash) {
      std::sort(places.begin(), places.end());
      std::vector<int64_t> ids;
      for (const auto& p : places) ids.push_back(p.first);
      std::vector<StoredTotal> totals;
      try {
        totals = store.stored_totals(hash, ids);
      } catch (const Error& e) {
        // Results that do not read back (db check names them) are results no more: these records are
        // scored, as records without them are; score --all, which finds them stored, would never mend them.
        if (e.kind() != ErrorKind::kInput) throw;
        totals.assign(ids.size(), StoredTotal{});
      }
      for (size_t k = 0; k < places.size(); ++k) stored[places[k].second] = totals[k];
    }
    auto from_results = [&](size_t i) {
      return scorers[i] != nullptr && stored[i].leaves == leaves(*scorers[i]).size() && stored[i].uncovered == 0;
    };

    // The recomputed total of each evidence: stored, else scored from its packed inputs.
    std::vector<std::optional<Decimal>> recomputed(n);
    std::vector<PackedRead> reads;
    for (size_t i = 0; i < n; ++i) {
      if (from_results(i)) {
        recomputed[i] = stored[i].total;
        continue;
      }
      if (scorers[i] == nullptr) continue;  // compare_records gives its error
      if (uses_review(i)) {
        reads.push_back({batch[i].review.id, i, scorers[i]});
        reads.push_back({batch[i].filed.id, i, nullptr});
      } else {
        reads.push_back({batch[i].filed.id, i, scorers[i]});
      }
    }
    std::vector<std::optional<Error>> incomplete(n);
    std::set<int64_t> gone;  // imported again or removed since they were listed: read by key instead
    packed_totals(store, std::move(reads), recomputed, incomplete, gone);

    // Records to score whole after all (a leaf's error to give), read whole in bulk.
    std::vector<int64_t> whole_ids;
    for (size_t i = 0; i < n; ++i)
      if (!recomputed[i] && !incomplete[i]) {
        whole_ids.push_back(batch[i].filed.id);
        if (uses_review(i)) whole_ids.push_back(batch[i].review.id);
      }
    std::map<int64_t, Record> whole = read_whole(store, whole_ids, gone);
    std::vector<size_t> missing;
    std::vector<Record> filed = store.load_many(filed_ids, Store::Reading::kFiledScores, &missing);
    note_gone(filed_ids, missing, gone);

    for (size_t i = 0; i < n; ++i) {
      ComparisonLine line;
      line.entity = batch[i].filed.key.entity;
      try {
        // Imported again or removed since listed: read as stored now, by key.
        const bool replaced = gone.count(batch[i].filed.id) || gone.count(batch[i].review.id);
        if (incomplete[i] && !replaced) throw *incomplete[i];  // as compare_records throws it
        if (recomputed[i] && !replaced) {
          Scorer& scorer = *scorers[i];
          line = compared(line.entity, leaves(scorer), filed[i], *recomputed[i],
                          comparison_basis(uses_review(i), options.set_id), scorer);
          note_deductions(scorer.set());
          if (from_results(i)) ++out.from_results;
        } else {
          std::optional<Record> evidence;
          if (uses_review(i)) {
            if (batch[i].review.id == 0 || replaced)
              evidence = store.load(line.entity, options.year, "review");  // throws: none
            else evidence = std::move(whole.at(batch[i].review.id));
          }
          Record filed_record =
              replaced ? store.load(line.entity, options.year, "filed") : std::move(whole.at(batch[i].filed.id));
          const auto run = compare_records(scorer_of, std::move(filed_record), std::move(evidence), options.set_id);
          const Comparison& c = run->comparison;
          line.basis = c.basis;
          line.filed_total = c.filed_total;
          line.recomputed_total = c.recomputed_total;
          line.relative_gap_pct = c.relative_gap_pct;
          if (c.accuracy) line.deduction = c.accuracy->deduction;
          note_deductions(*c.recomputed->set);
        }
        out.above = out.above || (options.threshold && line.relative_gap_pct > *options.threshold);
      } catch (const Error& e) {
        line.error = e.what();
        out.failed = true;
      }
      out.lines.push_back(std::move(line));
    }
  }
}

}  // namespace

CompareAll compare_all(Workspace& ws, const Store& store, const CompareAllOptions& options) {
  if (options.jobs < 1) throw Error(ErrorKind::kUsage, "--jobs must be at least 1");
  const std::vector<FiledAndReview> all = filed_of_year(store, options.year);
  if (options.after_listing) options.after_listing();
  // Contiguous parts of whole batches, one per worker; part 0 on this thread
  // with the workspace's scorers, the others each with a connection and
  // scorers of their own.
  const size_t batch_size = std::max<size_t>(1, options.batch_size);
  const size_t batches = (all.size() + batch_size - 1) / batch_size;
  const size_t jobs = std::max<size_t>(1, std::min<size_t>(static_cast<size_t>(options.jobs), batches));
  const size_t per_part = (batches + jobs - 1) / jobs * batch_size;
  std::vector<CompareAll> parts(jobs);
  std::vector<std::exception_ptr> failures(jobs);
  std::mutex loading;  // the workspace reads set files and scripts for one worker at a time
  auto part = [&](size_t k) {
    const size_t first = std::min(all.size(), k * per_part), count = std::min(all.size() - first, per_part);
    try {
      if (k == 0) {
        auto scorer_of = [&](const std::string& id) -> Scorer& {
          std::lock_guard<std::mutex> lock(loading);
          return ws.scorer(id);
        };
        compare_part(scorer_of, store, all.data(), count, options, parts[0]);
        return;
      }
      const Store own = Store::open_read_only(store.path());
      std::map<std::string, std::unique_ptr<Scorer>> scorers;
      auto scorer_of = [&](const std::string& id) -> Scorer& {
        auto& slot = scorers[id];
        if (!slot) {
          std::lock_guard<std::mutex> lock(loading);
          slot = std::make_unique<Scorer>(ws.load_scorer(ws.set_file(id)));  // as Workspace::scorer
        }
        return *slot;
      };
      compare_part(scorer_of, own, all.data() + first, count, options, parts[k]);
    } catch (...) {
      failures[k] = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  for (size_t k = 1; k < jobs; ++k) threads.emplace_back(part, k);
  part(0);
  for (auto& t : threads) t.join();
  for (const auto& f : failures)
    if (f) std::rethrow_exception(f);

  CompareAll out;
  for (CompareAll& p : parts) {
    std::move(p.lines.begin(), p.lines.end(), std::back_inserter(out.lines));
    for (const Decimal& d : p.deductions)
      if (std::find(out.deductions.begin(), out.deductions.end(), d) == out.deductions.end())
        out.deductions.push_back(d);
    out.above = out.above || p.above;
    out.failed = out.failed || p.failed;
    out.from_results += p.from_results;
  }
  // In the order of Store::list() (by entity), as the report has always had them.
  std::sort(out.lines.begin(), out.lines.end(),
            [](const ComparisonLine& a, const ComparisonLine& b) { return a.entity < b.entity; });
  if (out.lines.empty())
    throw Error(ErrorKind::kMissing, "no filed record for " + std::to_string(options.year) + " in the database");
  std::sort(out.deductions.begin(), out.deductions.end());
  return out;
}

}  // namespace jixiao
