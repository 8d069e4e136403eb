// Project records through the batch pipeline (batch_pipeline.h), read with
// their project tables whole (what is scored), each worker with its own
// ProjectScorer of every project set.
#include "batch_projects.h"

#include <charconv>
#include <chrono>
#include <map>
#include <memory>

#include "batch_pipeline.h"
#include "error.h"
#include "packed_inputs.h"
#include "packed_leaves.h"

namespace jixiao {

RecordResults project_results_of(int64_t record_id, const ProjectScorer& scorer,
                                 const std::vector<ProjectResult>& projects) {
  const int places = scorer.set().score_places;
  RecordResults out{record_id, scorer.set().id, scorer.content_hash(), {}, 0, {}, nullptr};
  size_t bytes = 1;  // enough for the packing, reasons and all, so that it is allocated once
  for (const ProjectResult& p : projects) {
    bytes += 2 * (p.project->id.size() + 32) + p.budget_reason.size() + 128;
    for (const ProjectRowResult& r : p.rows) bytes += r.reason.size() + 32;
  }
  out.leaves.reserve(bytes);
  // Named each: which projects there are is the record's, not the set version's.
  LeafPacker pack(out.leaves, true, places);
  std::string leaf;  // "ID/…", its buffer reused from leaf to leaf
  size_t prefix = 0;  // the bytes of "ID/"
  // Each source's code (packed_leaves.h), looked up by name once.
  static const uint8_t computed = *leaf_source_code("computed"), pending = *leaf_source_code("pending");
  using Status = ProjectRowResult::Status;
  static const uint8_t row_code[] = {*leaf_source_code(row_status_name(Status::kScored)),
                                     *leaf_source_code(row_status_name(Status::kPending)),
                                     *leaf_source_code(row_status_name(Status::kExcluded)),
                                     *leaf_source_code(row_status_name(Status::kSubtotal))};
  static_assert(static_cast<int>(Status::kSubtotal) == 3, "the four statuses are 0 to 3, in this order");
  auto add = [&](std::string_view suffix, const std::optional<Decimal>& score, uint8_t source,
                 std::string_view reason) {
    leaf.resize(prefix);
    leaf += suffix;
    pack.add(leaf, score, source, reason);
    ++out.count;
  };
  for (const ProjectResult& p : projects) {
    leaf.assign(p.project->id);
    leaf += '/';
    prefix = leaf.size();
    add("budget", p.budget_score, p.budget_score ? computed : pending, p.budget_reason);
    for (size_t i = 0; i < p.rows.size(); ++i) {
      char digits[24];
      const char* end = std::to_chars(digits, digits + sizeof digits, i + 1).ptr;
      add(std::string_view(digits, static_cast<size_t>(end - digits)), p.rows[i].score,
          row_code[static_cast<int>(p.rows[i].status)], p.rows[i].reason);
    }
    const bool final = p.pending_weight == Decimal() && p.inconsistencies.empty();
    std::string reason;  // the total's, when the scorer writes reasons
    if (scorer.reasons()) {
      reason = final ? "总分" + p.total.str(places) + "，" + p.grade
                     : "已定部分" + p.total.str(places) + "分，待定" + p.pending_weight.str(places) + "分";
      for (const std::string& i : p.inconsistencies) reason += "；" + i;
    }
    add("total", p.total, final ? computed : pending, reason);
  }
  return out;
}

BatchSummary score_projects_all(Workspace& ws, const BatchOptions& options) {
  const size_t workers = workers_of(options);
  const auto start = std::chrono::steady_clock::now();
  BatchSummary summary;
  Store writer = Store::open_for_write(ws.db_path());
  RecordsToScore candidates;
  std::vector<std::pair<std::string, std::string>> versions;  // (set id, content hash) of the sets used

  // Every worker gets its own scorer (its own Lua state) of each project set
  // it may need, the records' own or the one every record is scored under,
  // made on its own thread as soon as the set is known.
  using Scorers = std::map<std::string, std::unique_ptr<ProjectScorer>>;  // set id → that worker's scorer
  std::vector<Scorers> scorers(workers);
  // A set records name that is not there, or of the other kind, fails those
  // records alone, each named, and the others are scored: set id → why, per worker.
  std::vector<std::map<std::string, std::string>> unfound(workers);
  PassStart startup;
  startup.find = [&](const Store::SetFound& found) {
    if (!options.set_id.empty()) found(options.set_id);
    candidates = writer.project_ids_to_score(options.year, options.set_id.empty() ? found : Store::SetFound());
  };
  startup.prepare = [&](size_t worker, const std::string& id) {
    std::unique_ptr<ProjectScorer> scorer;
    try {
      scorer = ws.load_project_scorer(id);
    } catch (const Error&) {  // asked only then: unfit_set parses the set's file again
      std::string why = options.set_id.empty() ? ws.unfit_set(id, true) : "";
      if (why.empty()) throw;  // a set that is there but does not load stops the pass
      unfound[worker].emplace(id, std::move(why));
      return;
    }
    scorer->set_reasons(false);  // reasons are not stored: `jixiao score --projects` rebuilds them
    scorer->set_memo(true);      // rows of the same target, actual and weight repeat from table to table
    scorers[worker][id] = std::move(scorer);
  };
  startup.list = [&] {
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

  // Records come with their inputs packed; each worker reads a record's
  // project tables into the storage its record before left. A packing that
  // does not read stops the run, as reading it would.
  std::vector<ProjectTables> tables(workers);
  run_batches(writer, startup, Store::Reading::kPacked, Store::Kinds::kProjectTables, options,
              [&](size_t worker, const Record& record, int64_t id) {
                if (const auto missing = unfound[worker].find(record.set_id); missing != unfound[worker].end())
                  throw Error(ErrorKind::kMissing, record.title() + ": " + missing->second, Location{record.source});
                ProjectScorer& scorer = *scorers[worker].at(options.set_id.empty() ? record.set_id : options.set_id);
                const std::vector<Project>& projects = read_packed(
                    writer, id, record, [&]() -> const std::vector<Project>& { return tables[worker].read(record.packed); });
                std::vector<ProjectResult> results;
                results.reserve(projects.size());
                for (const Project& p : projects) results.push_back(scorer.score(p, record.source));
                return project_results_of(id, scorer, results);
              },
              summary);
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace jixiao
