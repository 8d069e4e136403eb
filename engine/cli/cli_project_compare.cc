#include "cli_project_compare.h"

#include <deque>
#include <memory>

#include "error.h"
#include "project_compare.h"
#include "suggest.h"

namespace jixiao::cli {

int compare_projects(const Args& args, Workspace& ws, std::ostream& out) {
  require_format(args.format, {Format::kTable, Format::kJson, Format::kCsv, Format::kMarkdown}, "project tables");
  const auto format = parse_compare_format(format_name(args.format));
  if (args.options.count("--against") || args.options.count("--set"))
    usage_error("--against and --set compare department records; project tables are compared with their own rule");
  std::optional<Decimal> threshold;
  if (args.options.count("--fail-above")) {
    threshold = Decimal::parse(args.options.at("--fail-above"));
    if (!threshold || *threshold < Decimal())
      usage_error("--fail-above takes a percentage such as 5 or 7.5, not '" + args.options.at("--fail-above") + "'");
  }
  Store store = ws.open_store();
  const std::string only = args.option("--project", "");
  std::deque<Record> records;  // results point into them
  std::deque<ProjectResult> results;
  std::vector<ProjectComparisonLine> lines;
  int places = 2;
  bool failed = false;
  auto compare_record = [&](const std::string& entity, int year) {
    records.push_back(store.load(entity, year, "projects"));
    const Record& record = records.back();
    ProjectScorer& scorer = ws.project_scorer(record.set_id);
    places = scorer.set().score_places;
    for (const Project& p : record.projects) {
      if (!only.empty() && p.id != only && p.name != only) continue;
      try {
        results.push_back(scorer.score(p, record.source));
        lines.push_back(compare_project(entity, scorer.set(), results.back()));
      } catch (const Error& e) {
        ProjectComparisonLine line;
        line.entity = entity;
        line.error = e.what();
        lines.push_back(line);
        failed = true;
      }
    }
    if (!only.empty() && lines.empty()) {
      std::vector<std::string> ids;
      for (const Project& p : record.projects) ids.push_back(p.id);
      throw Error(ErrorKind::kMissing, "no project '" + only + "' in " + record.title() + did_you_mean(only, ids));
    }
    return &scorer.set();
  };
  bool above = false;
  if (args.options.count("--all")) {
    if (!args.positional.empty()) usage_error("--all YEAR compares every department: give no ENTITY");
    const int year = parse_year(args.options.at("--all"));
    for (const auto& key : store.list())
      if (key.year == year && key.kind == "projects") compare_record(key.entity, year);
    if (lines.empty()) throw Error(ErrorKind::kMissing, "no project tables for " + std::to_string(year) + " in the database");
    out << render_project_comparison_lines(year, places, lines, *format);
  } else {
    const auto [entity, year] = entity_year(args, 0);
    const ProjectSet* set = compare_record(entity, year);
    if (!only.empty() && lines.size() == 1 && lines.front().result)
      out << render_project_comparison(*set, lines.front(), *format);
    else
      out << render_project_comparison_lines(year, places, lines, *format);
  }
  for (const auto& l : lines) above = above || (threshold && l.relative_gap_pct && *l.relative_gap_pct > *threshold);
  return failed ? 1 : above ? 3 : 0;
}

}  // namespace jixiao::cli
