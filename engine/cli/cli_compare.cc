// jixiao compare: one department-year, or every one of a year.
#include <algorithm>
#include <memory>
#include <optional>
#include <thread>

#include "cli_args.h"
#include "cli_project_compare.h"
#include "compare_all.h"
#include "compare_report.h"
#include "compare_run.h"
#include "error.h"
#include "html_report.h"
#include "xlsx_report.h"

namespace jixiao::cli {

namespace {

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
  const long cores = static_cast<long>(std::max(1u, std::thread::hardware_concurrency()));
  const int jobs = static_cast<int>(whole_number(args, "--jobs", cores, 1, kMaxJobs));
  Store store = ws.open_store();

  if (args.options.count("--all")) {
    if (!args.positional.empty()) usage_error("--all YEAR compares every department: give no ENTITY");
    CompareAllOptions options;
    options.year = parse_year(args.options.at("--all"));
    options.against = against;
    options.set_id = set_id;
    options.threshold = threshold;
    options.jobs = jobs;
    CompareAll all = compare_all(ws, store, options);
    const ComparisonSummary summary = summarize_comparisons(options.year, std::move(all.lines), all.deductions);
    if (chosen == Format::kHtml) out << render_comparison_summary_html(summary);
    else if (chosen == Format::kXlsx) out << render_comparison_summary_xlsx(summary);
    else out << render_comparison_lines(summary, *parse_compare_format(format_name(chosen)));
    return all.failed ? 1 : all.above ? 3 : 0;  // a department that cannot be compared is never a pass
  }

  const auto [entity, year] = entity_year(args, 0);
  const auto run = run_comparison(ws, store, entity, year, against, set_id);
  if (chosen == Format::kHtml) out << render_html(compare_model(run->comparison));
  else if (chosen == Format::kXlsx) out << render_xlsx(compare_model(run->comparison));
  else out << render_comparison(run->comparison, *parse_compare_format(format_name(chosen)));
  return threshold && run->comparison.relative_gap_pct > *threshold ? 3 : 0;
}

}  // namespace jixiao::cli
