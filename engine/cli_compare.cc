// jixiao compare: one department-year, or every one of a year.
#include <algorithm>
#include <map>
#include <memory>
#include <optional>

#include "cli_args.h"
#include "cli_project_compare.h"
#include "compare_report.h"
#include "compare_run.h"
#include "error.h"
#include "html_report.h"
#include "xlsx_report.h"

namespace jixiao::cli {

namespace {

// Every filed record of `year` with its review record's id (0 when it has
// none), in the order they are stored (by id), so that a batch of them is a
// short range of ids to scan.
struct FiledAndReview {
  StoredRecord filed;
  int64_t review = 0;
};
std::vector<FiledAndReview> filed_of_year(const Store& store, int year) {
  std::vector<FiledAndReview> out;
  std::map<std::string, int64_t> reviews;
  for (const StoredRecord& r : store.records_to_score(year, "")) {
    if (r.key.kind == "filed") out.push_back({r, 0});
    else reviews[r.key.entity] = r.id;
  }
  for (auto& f : out)
    if (auto found = reviews.find(f.filed.key.entity); found != reviews.end()) f.review = found->second;
  return out;
}

std::optional<Decimal> fail_above(const Args& args) {
  if (!args.options.count("--fail-above")) return std::nullopt;
  const std::string text = args.options.at("--fail-above");
  const auto pct = Decimal::parse(text);
  if (!pct || *pct < Decimal()) usage_error("--fail-above takes a percentage such as 5 or 7.5, not '" + text + "'");
  return pct;
}

}  // namespace

int cmd_report(const Args& args, Workspace& ws, std::ostream& out) {
  const auto [entity, year] = entity_year(args, 0);
  Store store = ws.open_store();
  bool reviewed = false;
  for (const auto& key : store.list()) reviewed = reviewed || (key.entity == entity && key.year == year && key.kind == "review");
  if (reviewed) {  // filed against the review: the page a review team hands over
    const auto run = run_comparison(ws, store, entity, year, "review", "");
    const ReportModel model = compare_model(run->comparison);
    out << (args.format == Format::kXlsx ? render_xlsx(model) : render_html(model));
    return 0;
  }
  const Record record = store.load(entity, year, "filed");
  const Evaluation ev = ws.scorer(record.set_id).evaluate(record);
  const ReportModel model = score_model(ev);
  out << (args.format == Format::kXlsx ? render_xlsx(model) : render_html(model));
  return 0;
}

int cmd_compare(const Args& args, Workspace& ws, std::ostream& out) {
  if (args.options.count("--projects") || args.options.count("--project")) return compare_projects(args, ws, out);
  const Format chosen = args.format;
  const auto threshold = fail_above(args);
  const std::string against = args.option("--against", "");
  if (!against.empty() && against != "filed" && against != "review")
    usage_error("--against must be filed or review, not '" + against + "'");
  const std::string set_id = args.option("--set", "");
  Store store = ws.open_store();

  if (args.options.count("--all")) {
    if (!args.positional.empty()) usage_error("--all YEAR compares every department: give no ENTITY");

    const int year = parse_year(args.options.at("--all"));
    std::vector<ComparisonLine> lines;
    std::vector<Decimal> deductions;
    bool above = false, failed = false;
    // Read a batch of departments at a time, in bulk: linear in the records,
    // and memory bounded by the batch.
    constexpr size_t kBatch = 1000;
    const std::vector<FiledAndReview> all = filed_of_year(store, year);
    std::vector<Record> filed_records, review_records;
    std::map<int64_t, size_t> review_at;  // review record id → its place in review_records
    for (size_t i = 0; i < all.size(); ++i) {
      if (i % kBatch == 0) {
        std::vector<int64_t> filed_ids, review_ids;
        for (size_t j = i; j < std::min(all.size(), i + kBatch); ++j) {
          filed_ids.push_back(all[j].filed.id);
          if (all[j].review != 0) review_ids.push_back(all[j].review);
        }
        std::sort(review_ids.begin(), review_ids.end());
        filed_records = store.load_many(filed_ids);  // ascending: filed_of_year is in id order
        review_records = store.load_many(review_ids);
        review_at.clear();
        for (size_t k = 0; k < review_ids.size(); ++k) review_at[review_ids[k]] = k;
      }
      const FiledAndReview& key = all[i];
      ComparisonLine line;
      line.entity = key.filed.key.entity;
      try {
        std::optional<Record> evidence;
        if (against == "review" || (against.empty() && key.review != 0)) {
          if (key.review == 0) evidence = store.load(key.filed.key.entity, year, "review");  // throws: none
          else evidence = review_records[review_at.at(key.review)];
        }
        const auto run = compare_records(ws, std::move(filed_records[i % kBatch]), std::move(evidence), set_id);
        const Comparison& c = run->comparison;
        line.basis = c.basis;
        line.filed_total = c.filed_total;
        line.recomputed_total = c.recomputed_total;
        line.relative_gap_pct = c.relative_gap_pct;
        if (c.accuracy) line.deduction = c.accuracy->deduction;
        for (const Decimal& d : possible_deductions(*c.recomputed->set))
          if (std::find(deductions.begin(), deductions.end(), d) == deductions.end()) deductions.push_back(d);
        above = above || (threshold && c.relative_gap_pct > *threshold);
      } catch (const Error& e) {
        line.error = e.what();
        failed = true;
      }
      lines.push_back(std::move(line));
    }
    // In the order of Store::list() (by entity), as the report has always had them.
    std::sort(lines.begin(), lines.end(),
              [](const ComparisonLine& a, const ComparisonLine& b) { return a.entity < b.entity; });
    if (lines.empty()) throw Error(ErrorKind::kMissing, "no filed record for " + std::to_string(year) + " in the database");
    std::sort(deductions.begin(), deductions.end());
    const ComparisonSummary summary = summarize_comparisons(year, std::move(lines), deductions);
    if (chosen == Format::kHtml) out << render_comparison_summary_html(summary);
    else if (chosen == Format::kXlsx) out << render_comparison_summary_xlsx(summary);
    else out << render_comparison_lines(summary, *parse_compare_format(format_name(chosen)));
    return failed ? 1 : above ? 3 : 0;  // a department that cannot be compared is never a pass
  }

  const auto [entity, year] = entity_year(args, 0);
  const auto run = run_comparison(ws, store, entity, year, against, set_id);
  if (chosen == Format::kHtml) out << render_html(compare_model(run->comparison));
  else if (chosen == Format::kXlsx) out << render_xlsx(compare_model(run->comparison));
  else out << render_comparison(run->comparison, *parse_compare_format(format_name(chosen)));
  return threshold && run->comparison.relative_gap_pct > *threshold ? 3 : 0;
}

}  // namespace jixiao::cli
