// The commands that score, explain, import, check, show and list.
#include <algorithm>

#include "check_report.h"
#include "cli_args.h"
#include "error.h"
#include "explain_json.h"
#include "files.h"
#include "html_report.h"
#include "list_report.h"
#include "project_csv.h"
#include "project_report.h"
#include "project_set.h"
#include "project_set_view.h"
#include "report.h"
#include "set_diff.h"
#include "set_json.h"
#include "table_report.h"
#include "suggest.h"
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
  require_format(format, {Format::kTable, Format::kJson, Format::kCsv, Format::kHtml, Format::kXlsx}, "project tables");
  if (format == Format::kHtml || format == Format::kXlsx) {
    const ProjectReportModel model = project_report_model(scorer.set(), record.title(), entity, year, results);
    out << (format == Format::kHtml ? render_project_html(model) : render_project_xlsx(model));
  } else if (format == Format::kJson) {
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
        out << (args.format == Format::kJson ? render_project_row_explain_json(scorer.set(), result, i, entity, year)
                                             : render_project_row_explain(scorer.set(), result, i, record.title()));
        return 0;
      }
    }
    throw Error(ErrorKind::kMissing, "no row '" + row_id + "' in project " + p.id + " (rows 1–" +
                                         std::to_string(p.rows.size()) + ")" + did_you_mean(row_id, names));
  }
  throw Error(ErrorKind::kMissing, "no project '" + only + "' in " + record.title() + did_you_mean(only, ids));
}

}  // namespace

int cmd_score(const Args& args, Workspace& ws, std::ostream& out, std::ostream& err) {
  if (args.options.count("--all")) return cmd_score_all(args, ws, out, err);
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
  const LeafResult& leaf = *ev.leaf(leaf_id);
  const std::string script = scorer.script_source(node->script);
  out << (args.format == Format::kJson ? render_explain_json(ev, leaf, script) : render_explain(ev, leaf, script));
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

// The examples' results as the check model holds them: the failures, and the counts.
template <typename Results>
void add_examples(const Results& results, CheckedSet& checked) {
  checked.examples = results.size();
  for (const auto& r : results) {
    if (r.passed) ++checked.passed;
    else checked.failures.push_back({r.where, r.path, r.inputs, r.expected, r.actual});
  }
}

}  // namespace

int cmd_check(const Args& args, Workspace& ws, std::ostream& out) {
  std::vector<std::string> files;
  for (const auto& set : args.positional) files.push_back(ws.resolve_set(set));
  if (files.empty()) files = ws.set_files();
  CheckModel model;
  for (const auto& file : files) {
    const std::string text = read_file(file);
    const SetFinder find = [&ws](const std::string& id) { return ws.set_file(id); };
    CheckedSet checked;
    if (is_project_set(text, file, find)) {
      ProjectScorer scorer(text, file, ws.scripts(), find);
      require_named_after_id(file, scorer.set().id, scorer.set().id_where);
      checked.id = scorer.set().id;
      checked.project = true;
      checked.parts = scorer.set().categories.size();
      checked.full_score = scorer.set().total;
      add_examples(scorer.run_examples(), checked);
    } else {
      Scorer scorer = ws.load_scorer(file);
      const IndicatorSet& set = scorer.set();
      checked.id = set.id;
      checked.parts = set.leaves().size();
      checked.full_score = set.total;
      checked.self_max = set.self_score_max();
      checked.rules_hash = scorer.content_hash();
      checked.unknown = set.unknown_nodes().size();
      add_examples(scorer.run_examples(), checked);
    }
    model.sets.push_back(std::move(checked));
  }
  out << (args.format == Format::kJson ? render_check_json(model) : render_check_text(model));
  return model.ok() ? 0 : 1;
}

int cmd_show(const Args& args, Workspace& ws, std::ostream& out) {
  if (args.positional.size() != 1) usage_error("expected one SET (an id or a file)");
  const bool json = args.format == Format::kJson;
  const std::string file = ws.resolve_set(args.positional[0]);
  const SetFinder find = [&ws](const std::string& id) { return ws.set_file(id); };
  std::string id, base_id;
  std::vector<std::string> lines;  // --diff: the differences
  if (is_project_set(read_file(file), file, find)) {
    const ProjectSet set = ProjectScorer(read_file(file), file, ws.scripts(), find).set();
    if (!args.options.count("--diff")) {
      out << (json ? render_project_set_json(set) : render_project_set(set));
      return 0;
    }
    const std::string base_file = ws.resolve_set(args.options.at("--diff"));
    if (!is_project_set(read_file(base_file), base_file, find))
      usage_error(args.positional[0] + " is a project set; --diff " + args.options.at("--diff") + " is not");
    const ProjectSet base = ProjectScorer(read_file(base_file), base_file, ws.scripts(), find).set();
    id = set.id;
    base_id = base.id;
    lines = diff_project_sets(base, set);
  } else {
    const Scorer scorer = ws.load_scorer(file);
    if (!args.options.count("--diff")) {
      out << (json ? render_set_json(scorer.set()) : render_set(scorer.set()));
      return 0;
    }
    const Scorer base = ws.load_scorer(ws.resolve_set(args.options.at("--diff")));
    id = scorer.set().id;
    base_id = base.set().id;
    lines = diff_sets(base.set(), scorer.set());
  }
  if (json) {
    out << render_set_diff_json(id, base_id, lines);
    return 0;
  }
  out << id << " against " << base_id << ": " << lines.size() << " difference(s)\n";
  for (const auto& line : lines) out << line << "\n";
  return 0;
}

int cmd_list(const Args& args, Workspace& ws, std::ostream& out) {
  if (!args.positional.empty()) usage_error("list takes no arguments");
  Store store = ws.open_store();
  ListModel model;
  model.records = store.list();
  for (const SourceProblem& p : ws.source_problems()) model.skipped.push_back(p.message);
  out << (args.format == Format::kJson ? render_list_json(model) : render_list_table(model));
  return 0;
}

}  // namespace jixiao::cli
