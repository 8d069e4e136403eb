#include "compare_run.h"

namespace jixiao {

std::string comparison_basis(bool review, const std::string& set_id) {
  std::string basis = review ? "评价组复核记录" : "按自评记录的输入重新计算";
  if (!set_id.empty()) basis += "，按 " + set_id + " 规则";
  return basis;
}

std::unique_ptr<ComparisonRun> compare_records(Workspace& ws, Record filed, std::optional<Record> evidence,
                                               const std::string& set_id) {
  return compare_records([&ws](const std::string& id) -> Scorer& { return ws.scorer(id); }, std::move(filed),
                         std::move(evidence), set_id);
}

std::unique_ptr<ComparisonRun> compare_records(const ScorerOf& scorer_of, Record filed, std::optional<Record> evidence,
                                               const std::string& set_id) {
  auto run = std::make_unique<ComparisonRun>();
  const bool review = evidence.has_value();
  run->filed = std::move(filed);
  run->evidence = review ? std::move(*evidence) : run->filed;
  Scorer& scorer = scorer_of(set_id.empty() ? run->evidence.set_id : set_id);
  run->evaluation = scorer.evaluate(run->evidence);
  if (!run->evaluation.complete()) throw incomplete_error(run->evaluation);  // a gap is no difference
  run->comparison = compare(run->filed, run->evaluation, scorer, comparison_basis(review, set_id));
  return run;
}

std::unique_ptr<ComparisonRun> run_comparison(Workspace& ws, const Store& store, const std::string& entity, int year,
                                              std::string against, const std::string& set_id) {
  Record filed = store.load(entity, year, "filed");
  if (against.empty()) {
    against = "filed";
    for (const auto& key : store.list())
      if (key.entity == entity && key.year == year && key.kind == "review") against = "review";
  }
  std::optional<Record> evidence;
  if (against != "filed") evidence = store.load(entity, year, against);
  return compare_records(ws, std::move(filed), std::move(evidence), set_id);
}

}  // namespace jixiao
