// Project records are few beside department-years and each is read whole
// (its tables are what is scored), one record at a time, a batch of results
// per transaction as for department-years.
#include "batch_projects.h"

#include <algorithm>
#include <chrono>
#include <map>

#include "error.h"
#include "packed_leaves.h"

namespace jixiao {

RecordResults project_results_of(int64_t record_id, const ProjectScorer& scorer,
                                 const std::vector<ProjectResult>& projects) {
  const int places = scorer.set().score_places;
  RecordResults out{record_id, scorer.set().id, scorer.content_hash(), {}, 0};
  auto add = [&](const std::string& leaf, const std::optional<Decimal>& score, std::string_view source,
                 std::string_view reason) {
    pack_leaf(out.leaves, leaf, score ? score->str(places) : std::string(), source, reason);
    ++out.count;
  };
  for (const ProjectResult& p : projects) {
    const std::string& id = p.project->id;
    add(id + "/budget", p.budget_score, p.budget_score ? "computed" : "pending", p.budget_reason);
    for (size_t i = 0; i < p.rows.size(); ++i)
      add(id + "/" + std::to_string(i + 1), p.rows[i].score, row_status_name(p.rows[i].status), p.rows[i].reason);
    const bool final = p.pending_weight == Decimal() && p.inconsistencies.empty();
    std::string reason = final ? "总分" + p.total.str(places) + "，" + p.grade
                               : "已定部分" + p.total.str(places) + "分，待定" + p.pending_weight.str(places) + "分";
    for (const std::string& i : p.inconsistencies) reason += "；" + i;
    add(id + "/total", p.total, final ? "computed" : "pending", reason);
  }
  return out;
}

BatchSummary score_projects_all(Workspace& ws, const BatchOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  BatchSummary summary;
  Store writer = Store::open_for_write(ws.db_path());
  const Store reader = Store::open_read_only(ws.db_path());
  std::map<std::string, std::vector<int64_t>> done;  // set id → record ids scored under its hash, ascending
  std::vector<RecordResults> rows;
  size_t in_batch = 0;
  for (const StoredRecord& key : reader.project_records(options.year)) {
    ProjectScorer& scorer = ws.project_scorer(key.key.set_id);
    auto scored = done.find(key.key.set_id);
    if (scored == done.end())
      scored = done.emplace(key.key.set_id, writer.scored_records(scorer.content_hash())).first;
    if (std::binary_search(scored->second.begin(), scored->second.end(), key.id)) {
      ++summary.skipped;
      continue;
    }
    try {
      const Record record = reader.load(key.key.entity, key.key.year, "projects");
      std::vector<ProjectResult> results;
      for (const Project& p : record.projects) results.push_back(scorer.score(p, record.source));
      rows.push_back(project_results_of(key.id, scorer, results));
      summary.leaves += rows.back().count;
      ++summary.records;
    } catch (const Error& e) {
      ++summary.failed;
      if (summary.failures.size() < 5) summary.failures.push_back(e.what());
    }
    if (++in_batch == std::max<size_t>(1, options.batch_size)) {
      writer.write_results(rows);
      rows.clear();
      in_batch = 0;
    }
  }
  if (!rows.empty()) writer.write_results(rows);
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace jixiao
