// The commands that score, explain, import, check, show and list.
#include <algorithm>

#include "cli_args.h"
#include "error.h"
#include "files.h"
#include "html_report.h"
#include "project_csv.h"
#include "project_report.h"
#include "project_set.h"
#include "project_set_view.h"
#include "report.h"
#include "set_diff.h"
#include "table_report.h"
#include "suggest.h"
#include "terminal_text.h"
#include "text_table.h"
#include "xlsx_report.h"

namespace jixiao::cli {

namespace {

// score --project ID / --projects: the project self-evaluation tables.
int score_projects(const Args& args, Workspace& ws, const Store& store, const std::string& entity, int year,
                   Format format, std::ostream& out) {
  const Record record = store.load(entity, year, "projects");
  ProjectScorer& scorer = ws.project_scorer(args.option("--set", record.set_id));
  const std::string only = args.option("--project", "");
  std::vector<ProjectResult> results;
  for (const Project& p : record.projects)
    if (only.empty() || p.id == only || p.name == only) results.push_back(scorer.score(p, record.source));
  if (results.empty()) {
    std::vector<std::string> ids;
    for (const Project& p : record.projects) ids.push_back(p.id);
    throw Error(ErrorKind::kMissing, "no project '" + only + "' in " + record.title() + did_you_mean(only, ids));
  }
  require_format(format, {Format::kTable, Format::kJson, Format::kCsv}, "project tables");
  if (format == Format::kJson) {
    out << render_projects_json(scorer.set(), entity, year, results);
  } else if (format == Format::kCsv) {
    out << render_projects_csv(scorer.set(), entity, year, results);
  } else if (!only.empty()) {
    out << render_project_table(scorer.set(), results.front());
  } else {
    out << render_project_summary(scorer.set(), record.title(), results);
  }
  return 0;
}

// explain --project ID ROW: one row of a project table.
int explain_project_row(const Args& args, Workspace& ws, const Store& store, const std::string& entity, int year,
                        const std::string& row_id, std::ostream& out) {
  const Record record = store.load(entity, year, "projects");
  ProjectScorer& scorer = ws.project_scorer(args.option("--set", record.set_id));
  const std::string only = args.options.at("--project");
  std::vector<std::string> ids;
  for (const Project& p : record.projects) {
    ids.push_back(p.id);
    if (p.id != only && p.name != only) continue;
    const ProjectResult result = scorer.score(p, record.source);
    std::vector<std::string> names;
    for (size_t i = 0; i < p.rows.size(); ++i) {
      names.push_back(p.rows[i].name);
      if (p.rows[i].name == row_id || std::to_string(i + 1) == row_id) {
        out << render_project_row_explain(scorer.set(), result, i, record.title());
        return 0;
      }
    }
    throw Error(ErrorKind::kMissing, "no row '" + row_id + "' in project " + p.id + " (rows 1–" +
                                         std::to_string(p.rows.size()) + ")" + did_you_mean(row_id, names));
  }
  throw Error(ErrorKind::kMissing, "no project '" + only + "' in " + record.title() + did_you_mean(only, ids));
}

}  // namespace

int cmd_score(const Args& args, Workspace& ws, std::ostream& out) {
  if (args.options.count("--all")) return cmd_score_all(args, ws, out);
  const bool projects = args.options.count("--project") || args.options.count("--projects");
  const auto [entity, year] = entity_year(args, 0);
  // Project tables also come as CSV (one line per row, with 偏离 and 不一致 in columns).
  Store store = ws.open_store();
  if (projects) return score_projects(args, ws, store, entity, year, args.format, out);
  const Record record = store.load(entity, year, args.option("--record", "filed"));
  // --set scores the record under another set, the data file left as it is.
  const Evaluation ev = ws.scorer(args.option("--set", record.set_id)).evaluate(record);
  if (args.options.count("--complete") && !ev.complete()) throw incomplete_error(ev);
  switch (args.format) {
    case Format::kJson: out << render_json(ev); break;
    case Format::kCsv: out << render_csv(score_model(ev)); break;
    case Format::kMarkdown: out << render_markdown(score_model(ev)); break;
    case Format::kHtml: out << render_html(score_model(ev)); break;
    case Format::kXlsx: out << render_xlsx(score_model(ev)); break;
    default: out << render_table(ev);
  }
  return 0;
}

int cmd_explain(const Args& args, Workspace& ws, std::ostream& out) {
  if (args.positional.size() != 3 && args.positional.size() != 1)
    usage_error(args.options.count("--project")
                    ? "expected ENTITY YEAR ROW --project ID (ROW: the row's number or its 三级指标)"
                    : "expected ENTITY YEAR LEAF (or just LEAF, for the default department-year)");
  const std::string leaf_id = args.positional.back();
  Args head = args;
  head.positional.pop_back();
  const auto [entity, year] = entity_year(head, 0);
  Store store = ws.open_store();
  if (args.options.count("--project")) return explain_project_row(args, ws, store, entity, year, leaf_id, out);
  const Record record = store.load(entity, year, args.option("--record", "filed"));
  Scorer& scorer = ws.scorer(args.option("--set", record.set_id));
  const Node* node = scorer.set().find(leaf_id);
  if (node == nullptr || !node->is_leaf()) {
    std::vector<std::string> ids;
    for (const auto& leaf : scorer.set().leaves()) ids.push_back(leaf.node->id);
    throw Error(ErrorKind::kMissing, "no leaf '" + leaf_id + "' in " + scorer.set().id + did_you_mean(leaf_id, ids));
  }
  const Evaluation ev = scorer.evaluate_one(leaf_id, record);  // other leaves' troubles do not matter here
  out << render_explain(ev, *ev.leaf(leaf_id), scorer.script_source(node->script));
  return 0;
}

int cmd_import(const Args& args, Workspace& ws, std::ostream& out) {
  std::vector<std::string> files = args.positional;
  if (files.empty()) usage_error("expected one or more data files, such as data/liangshan-kexie-2021.yaml");
  const ImportSummary s = ws.import(files);
  out << "imported " << s.imported << " record(s), " << s.unchanged << " unchanged, into " << ws.db_path() << "\n";
  return 0;
}

namespace {

// Prints each failed example with its line, inputs, expected and actual
// (department and project sets alike); returns how many passed.
template <typename Results>
int report_examples(const Results& results, std::ostream& out) {
  int passed = 0;
  for (const auto& r : results) {
    if (r.passed) {
      ++passed;
      continue;
    }
    out << format_error(r.where, r.path, "example failed") << "\n"
        << "  inputs:   " << r.inputs << "\n  expected: " << r.expected << "\n  actual:   " << r.actual << "\n";
  }
  return passed;
}

}  // namespace

int cmd_check(const Args& args, Workspace& ws, std::ostream& out) {
  std::vector<std::string> files;
  for (const auto& set : args.positional) files.push_back(ws.resolve_set(set));
  if (files.empty()) files = ws.set_files();
  int failed = 0;
  for (const auto& file : files) {
    const std::string text = read_file(file);
    const SetFinder find = [&ws](const std::string& id) { return ws.set_file(id); };
    if (is_project_set(text, file, find)) {
      ProjectScorer scorer(text, file, ws.scripts(), find);
      require_named_after_id(file, scorer.set().id, scorer.set().id_where);
      const auto results = scorer.run_examples();
      const int passed = report_examples(results, out);
      failed += static_cast<int>(results.size()) - passed;
      out << (passed == static_cast<int>(results.size()) ? "ok    " : "FAIL  ") << scorer.set().id << "  project set, "
          << scorer.set().categories.size() << " categories, full score " << scorer.set().total.str() << ", examples "
          << passed << "/" << results.size() << " passed\n";
      continue;
    }
    Scorer scorer = ws.load_scorer(file);
    const IndicatorSet& set = scorer.set();
    const auto results = scorer.run_examples();
    const int passed = report_examples(results, out);
    failed += static_cast<int>(results.size()) - passed;
    out << (passed == static_cast<int>(results.size()) ? "ok    " : "FAIL  ") << set.id << "  " << set.leaves().size()
        << " leaves, full score " << set.total.str() << ", self-assessed out of "
        << (set.self_score_max() ? set.self_score_max()->str() : std::string("unknown")) << ", examples " << passed
        << "/" << results.size() << " passed, rules " << scorer.content_hash().substr(0, 12);
    if (const size_t unknown = set.unknown_nodes().size(); unknown > 0)
      out << ", " << unknown << " unknown (jixiao show " << set.id << ")";
    out << "\n";
  }
  return failed == 0 ? 0 : 1;
}

int cmd_show(const Args& args, Workspace& ws, std::ostream& out) {
  if (args.positional.size() != 1) usage_error("expected one SET (an id or a file)");
  const std::string file = ws.resolve_set(args.positional[0]);
  const SetFinder find = [&ws](const std::string& id) { return ws.set_file(id); };
  if (is_project_set(read_file(file), file, find)) {
    const ProjectSet set = ProjectScorer(read_file(file), file, ws.scripts(), find).set();
    if (!args.options.count("--diff")) {
      out << render_project_set(set);
      return 0;
    }
    const std::string base_file = ws.resolve_set(args.options.at("--diff"));
    if (!is_project_set(read_file(base_file), base_file, find))
      usage_error(args.positional[0] + " is a project set; --diff " + args.options.at("--diff") + " is not");
    const ProjectSet base = ProjectScorer(read_file(base_file), base_file, ws.scripts(), find).set();
    const auto lines = diff_project_sets(base, set);
    out << set.id << " against " << base.id << ": " << lines.size() << " difference(s)\n";
    for (const auto& line : lines) out << line << "\n";
    return 0;
  }
  const Scorer scorer = ws.load_scorer(file);
  if (!args.options.count("--diff")) {
    out << render_set(scorer.set());
    return 0;
  }
  const Scorer base = ws.load_scorer(ws.resolve_set(args.options.at("--diff")));
  const auto lines = diff_sets(base.set(), scorer.set());
  out << scorer.set().id << " against " << base.set().id << ": " << lines.size() << " difference(s)\n";
  for (const auto& line : lines) out << line << "\n";
  return 0;
}

int cmd_list(const Args& args, Workspace& ws, std::ostream& out) {
  if (!args.positional.empty()) usage_error("list takes no arguments");
  Store store = ws.open_store();
  TextTable table;
  table.add_column("单位");
  table.add_column("年度", TextTable::Align::kRight);
  table.add_column("记录");
  table.add_column("指标体系");
  for (const auto& key : store.list()) table.add_row({key.entity, std::to_string(key.year), key.kind, key.set_id});
  out << table.render();
  if (!ws.source_problems().empty()) {
    out << "\n未能读取的数据文件（已跳过，其余照常计分）：\n";
    for (const SourceProblem& p : ws.source_problems()) out << "  " << visible(p.message) << "\n";
  }
  return 0;
}

}  // namespace jixiao::cli
