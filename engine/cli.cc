#include "cli.h"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "compare_report.h"
#include "error.h"
#include "files.h"
#include "project_report.h"
#include "report.h"
#include "set_diff.h"
#include "suggest.h"
#include "text_table.h"
#include "text_width.h"
#include "workspace.h"

#ifndef JIXIAO_HOME
#define JIXIAO_HOME "."
#endif
#ifndef JIXIAO_DEFAULT_DB
#define JIXIAO_DEFAULT_DB "jixiao.db"
#endif

namespace jixiao {

namespace {

const char* kDefaultEntity = "凉山州科学技术协会";
const int kDefaultYear = 2021;

// The parsed command line of one subcommand.
struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;  // --name → value ("" for flags)

  std::string option(const std::string& name, const std::string& fallback) const {
    auto it = options.find(name);
    return it == options.end() ? fallback : it->second;
  }
};

struct Command {
  const char* name;
  const char* usage;    // after "jixiao NAME"
  const char* summary;  // one line
  const char* help;     // the rest of --help
  std::vector<std::string> value_options;  // options that take a value, besides --home and --db
  std::function<int(const Args&, Workspace&, std::ostream&)> run;
  std::vector<std::string> flags = {};  // options without a value
};

[[noreturn]] void usage_error(const std::string& message) { throw Error(ErrorKind::kUsage, message); }

Args parse_args(const Command& cmd, const std::vector<std::string>& words) {
  std::vector<std::string> known = cmd.value_options;
  known.insert(known.end(), {"--home", "--db"});
  known.insert(known.end(), cmd.flags.begin(), cmd.flags.end());
  Args args;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w.size() < 3 || w.compare(0, 2, "--") != 0) {
      args.positional.push_back(w);
      continue;
    }
    std::string name = w, value;
    const size_t eq = w.find('=');
    if (eq != std::string::npos) {
      name = w.substr(0, eq);
      value = w.substr(eq + 1);
    }
    if (name == "--help" || std::find(cmd.flags.begin(), cmd.flags.end(), name) != cmd.flags.end()) {
      args.options[name] = "";
      continue;
    }
    if (std::find(known.begin(), known.end(), name) == known.end())
      usage_error(std::string("jixiao ") + cmd.name + ": unknown option " + name + did_you_mean(name, known));
    if (eq == std::string::npos) {
      if (i + 1 >= words.size()) usage_error(name + " needs a value");
      value = words[++i];
    }
    args.options[name] = value;
  }
  return args;
}

int parse_year(const std::string& text) {
  char* end = nullptr;
  const long year = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || year < 1949 || year > 2100)
    usage_error("'" + text + "' is not a year such as 2021");
  return static_cast<int>(year);
}

// ENTITY YEAR from the first two positionals, or the embedded default.
std::pair<std::string, int> entity_year(const Args& args, size_t needed_after) {
  const auto& p = args.positional;
  if (p.size() == needed_after) return {kDefaultEntity, kDefaultYear};
  if (p.size() != needed_after + 2) usage_error("expected ENTITY YEAR (or nothing, for the default department-year)");
  return {p[0], parse_year(p[1])};
}

std::string format_option(const Args& args) {
  const std::string format = args.option("--format", "table");
  if (format != "table" && format != "json") usage_error("--format must be table or json, not '" + format + "'");
  return format;
}

// score --project ID / --projects: the project self-evaluation tables.
int score_projects(const Args& args, Workspace& ws, const Store& store, const std::string& entity, int year,
                   const std::string& format, std::ostream& out) {
  const Record record = store.load(entity, year, "projects");
  ProjectScorer& scorer = ws.project_scorer(record.set_id);
  const std::string only = args.option("--project", "");
  std::vector<ProjectResult> results;
  for (const Project& p : record.projects)
    if (only.empty() || p.id == only || p.name == only) results.push_back(scorer.score(p));
  if (results.empty()) {
    std::vector<std::string> ids;
    for (const Project& p : record.projects) ids.push_back(p.id);
    throw Error(ErrorKind::kMissing, "no project '" + only + "' in " + record.title() + did_you_mean(only, ids));
  }
  if (format == "json") {
    out << render_projects_json(scorer.set(), entity, year, results);
  } else if (!only.empty()) {
    out << render_project_table(scorer.set(), results.front());
  } else {
    out << render_project_summary(scorer.set(), record.title(), results);
  }
  return 0;
}

int cmd_score(const Args& args, Workspace& ws, std::ostream& out) {
  const std::string format = format_option(args);
  const auto [entity, year] = entity_year(args, 0);
  Store store = ws.open_store();
  if (args.options.count("--project") || args.options.count("--projects"))
    return score_projects(args, ws, store, entity, year, format, out);
  const Record record = store.load(entity, year, args.option("--record", "filed"));
  const Evaluation ev = ws.scorer(record.set_id).evaluate(record);
  out << (format == "json" ? render_json(ev) : render_table(ev));
  return 0;
}

int cmd_explain(const Args& args, Workspace& ws, std::ostream& out) {
  if (args.positional.size() != 3 && args.positional.size() != 1)
    usage_error("expected ENTITY YEAR LEAF (or just LEAF, for the default department-year)");
  const std::string leaf_id = args.positional.back();
  Args head = args;
  head.positional.pop_back();
  const auto [entity, year] = entity_year(head, 0);
  Store store = ws.open_store();
  const Record record = store.load(entity, year, args.option("--record", "filed"));
  Scorer& scorer = ws.scorer(record.set_id);
  const Node* node = scorer.set().find(leaf_id);
  if (node == nullptr || !node->is_leaf()) {
    std::vector<std::string> ids;
    for (const auto& leaf : scorer.set().leaves()) ids.push_back(leaf.node->id);
    throw Error(ErrorKind::kMissing, "no leaf '" + leaf_id + "' in " + scorer.set().id + did_you_mean(leaf_id, ids));
  }
  const Evaluation ev = scorer.evaluate_one(leaf_id, record);  // other leaves' troubles do not matter here
  const std::string script = node->script.empty() ? "" : read_file(ws.scripts_dir() + "/" + node->script);
  out << render_explain(ev, *ev.leaf(leaf_id), script);
  return 0;
}

int cmd_import(const Args& args, Workspace& ws, std::ostream& out) {
  std::vector<std::string> files = args.positional;
  if (files.empty()) usage_error("expected one or more data files, such as data/liangshan-kexie-2021.yaml");
  const ImportSummary s = ws.import(files);
  out << "imported " << s.imported << " record(s), " << s.unchanged << " unchanged, into " << ws.db_path() << "\n";
  return 0;
}

int cmd_check(const Args& args, Workspace& ws, std::ostream& out) {
  std::vector<std::string> files;
  for (const auto& set : args.positional) files.push_back(ws.resolve_set(set));
  if (files.empty()) files = ws.set_files();
  int failed = 0;
  for (const auto& file : files) {
    const std::string text = read_file(file);
    const SetFinder find = [&ws](const std::string& id) { return ws.set_file(id); };
    if (is_project_set(text, file, find)) {
      const ProjectScorer scorer(text, file, ws.scripts_dir(), find);
      out << "ok    " << scorer.set().id << "  project set, " << scorer.set().categories.size()
          << " categories, full score " << scorer.set().total.str() << "\n";
      continue;
    }
    Scorer scorer = ws.load_scorer(file);
    const IndicatorSet& set = scorer.set();
    const auto results = scorer.run_examples();
    int passed = 0;
    for (const auto& r : results) {
      if (r.passed) {
        ++passed;
        continue;
      }
      out << format_error(r.where, r.path, "example failed") << "\n"
          << "  inputs:   " << r.inputs << "\n  expected: " << r.expected << "\n  actual:   " << r.actual << "\n";
    }
    failed += static_cast<int>(results.size()) - passed;
    out << (passed == static_cast<int>(results.size()) ? "ok    " : "FAIL  ") << set.id << "  " << set.leaves().size()
        << " leaves, full score " << set.total.str() << ", self-assessed out of " << set.self_score_max().str()
        << ", examples " << passed << "/" << results.size() << " passed, rules " << scorer.content_hash().substr(0, 12)
        << "\n";
  }
  return failed == 0 ? 0 : 1;
}

// A filed record, the evidence recomputed, and their comparison, kept
// together because the comparison points into the other two.
struct ComparisonRun {
  Record filed;
  Record evidence;
  Evaluation evaluation;
  Comparison comparison;
};

// Compares `entity year`'s filed scores with its `against` record ("review",
// "filed", or "" for the review record when there is one) recomputed under
// `set_id` ("" for the record's own set).
std::unique_ptr<ComparisonRun> run_comparison(Workspace& ws, const Store& store, const std::string& entity, int year,
                                              std::string against, const std::string& set_id) {
  auto run = std::make_unique<ComparisonRun>();
  run->filed = store.load(entity, year, "filed");
  if (against.empty()) {
    against = "filed";
    for (const auto& key : store.list())
      if (key.entity == entity && key.year == year && key.kind == "review") against = "review";
  }
  run->evidence = against == "filed" ? run->filed : store.load(entity, year, against);
  Scorer& scorer = ws.scorer(set_id.empty() ? run->evidence.set_id : set_id);
  run->evaluation = scorer.evaluate(run->evidence);
  std::string basis = against == "review" ? "评价组复核记录" : "按自评记录的输入重新计算";
  if (!set_id.empty()) basis += "，按 " + set_id + " 规则";
  run->comparison = compare(run->filed, run->evaluation, scorer, basis);
  return run;
}

std::optional<Decimal> fail_above(const Args& args) {
  if (!args.options.count("--fail-above")) return std::nullopt;
  const std::string text = args.options.at("--fail-above");
  const auto pct = Decimal::parse(text);
  if (!pct || *pct < Decimal()) usage_error("--fail-above takes a percentage such as 5 or 7.5, not '" + text + "'");
  return pct;
}

int cmd_compare(const Args& args, Workspace& ws, std::ostream& out) {
  const auto format = parse_compare_format(args.option("--format", "table"));
  if (!format) usage_error("--format must be table, json, csv or markdown");
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
    for (const auto& key : store.list()) {
      if (key.year != year || key.kind != "filed") continue;
      ComparisonLine line;
      line.entity = key.entity;
      try {
        const auto run = run_comparison(ws, store, key.entity, year, against, set_id);
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
    if (lines.empty()) throw Error(ErrorKind::kMissing, "no filed record for " + std::to_string(year) + " in the database");
    std::sort(deductions.begin(), deductions.end());
    out << render_comparison_lines(year, std::move(lines), deductions, *format);
    return failed ? 1 : above ? 3 : 0;  // a department that cannot be compared is never a pass
  }

  const auto [entity, year] = entity_year(args, 0);
  const auto run = run_comparison(ws, store, entity, year, against, set_id);
  out << render_comparison(run->comparison, *format);
  return threshold && run->comparison.relative_gap_pct > *threshold ? 3 : 0;
}

int cmd_show(const Args& args, Workspace& ws, std::ostream& out) {
  if (args.positional.size() != 1) usage_error("expected one SET (an id or a file)");
  const std::string file = ws.resolve_set(args.positional[0]);
  if (is_project_set(read_file(file), file, [&ws](const std::string& id) { return ws.set_file(id); }))
    throw Error(ErrorKind::kUsage, "show works on department-wide sets; " + args.positional[0] +
                                       " is a project set: its rows are each project's data (see the file itself)");
  const Scorer scorer = ws.load_scorer(ws.resolve_set(args.positional[0]));
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
  return 0;
}

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {"score", "[ENTITY YEAR] [--format table|json] [--record filed|review] [--project ID | --projects]",
       "score a department-year and print every leaf, subtotal and the total",
       "With no ENTITY YEAR, scores the embedded default, 凉山州科学技术协会 2021;\n"
       "the default database is built from data/, and refreshed when data/ changes.\n"
       "--format json gives the same result for programs, with each leaf's inputs\n"
       "and their provenance, and the indicator set's id and content hash.\n"
       "--projects scores every project self-evaluation table (项目支出绩效自评表) of the\n"
       "department-year, one line each; --project ID shows one row by row: target and\n"
       "actual as written and as read, points, score and reason.",
       {"--format", "--record", "--project"}, cmd_score, {"--projects"}},
      {"explain", "[ENTITY YEAR] LEAF [--record filed|review]",
       "show one leaf: its rule texts, script, inputs with provenance, and score",
       "LEAF is a leaf's id as in the indicator set, e.g. exec_progress.", {"--record"}, cmd_explain},
      {"import", "FILE...", "load data sources (data/*.yaml) into the database, all or nothing",
       "All files are parsed and checked first; then every record is written in one\n"
       "transaction. Re-importing an unchanged file changes nothing.", {}, cmd_import},
      {"check", "[SET...]", "validate indicator sets, compile their scripts and run their examples",
       "SET is a set id (liangshan-2021-dept) or a file; with none, every set in indicator-sets/.\n"
       "Every example written beside a rule is run; a failure shows the leaf, the\n"
       "example's line, its inputs, and the expected and actual score. Exits 1 on any failure.",
       {}, cmd_check},
      {"compare", "[ENTITY YEAR | --all YEAR] [--against filed|review] [--set SET] [--format table|json|csv|markdown] [--fail-above PCT]",
       "compare filed self-scores with scores recomputed from evidence, leaf by leaf",
       "Recomputes the department-year from its review record (评价组复核) when there is\n"
       "one, else from the filed record's own inputs (--against chooses), optionally\n"
       "under another set (--set), and shows per leaf the filed score, the recomputed\n"
       "score, the difference (多报 over-claim, 少报 under-claim) and the reason; then\n"
       "the totals, the relative gap |filed − recomputed| ÷ recomputed, and the\n"
       "deduction the set's own 自评准确 rule gives for it.\n"
       "--all YEAR compares every department of that year, one line each, largest gap\n"
       "first, then how many fall in each deduction band.\n"
       "--fail-above PCT exits 3 when a relative gap exceeds PCT percent.",
       {"--format", "--against", "--set", "--fail-above", "--all"}, cmd_compare},
      {"show", "SET [--diff BASE]", "print a set's resolved tree, or what it changes against BASE",
       "A set that extends another is shown with its base's nodes and its own changes\n"
       "applied; --diff lists each added, removed and changed node and parameter.",
       {"--diff"}, cmd_show},
      {"list", "", "list the department-years in the database", "", {}, cmd_list},
  };
  return table;
}

std::string general_help() {
  auto pad_command = [](const std::string& name) { return pad_right(name, 10); };
  std::string out =
      "jixiao — scores budget performance evaluations (预算绩效评价)\n\n"
      "usage: jixiao COMMAND [ARGS] [--home DIR] [--db FILE]\n\ncommands:\n";
  for (const auto& c : commands()) out += "  " + pad_command(c.name) + c.summary + "\n";
  out +=
      "\n--home DIR  folder with indicator-sets/, scripts/ and data/ (default: $JIXIAO_HOME, or " JIXIAO_HOME ")\n"
      "--db FILE   the database (default: $JIXIAO_DB, or " JIXIAO_DEFAULT_DB " for the built-in\n"
      "            home, HOME/jixiao.db for another); the default database mirrors data/\n\n"
      "exit codes: 0 success; 1 input that cannot be loaded or scored (bad YAML, missing\n"
      "input, script error, corrupt database); 2 a wrong command line; 3 compare\n"
      "--fail-above found a gap above the threshold.\n"
      "'jixiao COMMAND --help' describes one command.\n";
  return out;
}

}  // namespace

int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  std::vector<std::string> words(argv + 1, argv + argc);
  if (words.empty() || words[0] == "--help" || words[0] == "-h" || words[0] == "help") {
    (words.empty() ? err : out) << general_help();
    return words.empty() ? 2 : 0;
  }
  const std::string name = words[0];
  words.erase(words.begin());
  const Command* cmd = nullptr;
  for (const auto& c : commands())
    if (name == c.name) cmd = &c;
  try {
    if (cmd == nullptr) {
      std::vector<std::string> names;
      for (const auto& c : commands()) names.push_back(c.name);
      usage_error("unknown command '" + name + "'" + did_you_mean(name, names) + " (see jixiao --help)");
    }
    const Args args = parse_args(*cmd, words);
    if (args.options.count("--help")) {
      out << "usage: jixiao " << cmd->name << " " << cmd->usage << "\n\n" << cmd->summary << ".\n";
      if (*cmd->help) out << "\n" << cmd->help << "\n";
      return 0;
    }
    const char* env_home = std::getenv("JIXIAO_HOME");
    const char* env_db = std::getenv("JIXIAO_DB");
    const bool default_db = !args.options.count("--db") && env_db == nullptr;
    const std::string home = args.option("--home", env_home ? env_home : JIXIAO_HOME);
    // The built-in default database belongs to the built-in home; another
    // home keeps its own, beside its data/.
    const std::string fallback_db = home == JIXIAO_HOME ? JIXIAO_DEFAULT_DB : home + "/jixiao.db";
    Workspace ws(home, args.option("--db", env_db ? env_db : fallback_db), default_db);
    return cmd->run(args, ws, out);
  } catch (const Error& e) {
    err << "jixiao: " << e.what() << "\n";
    return e.kind() == ErrorKind::kUsage ? 2 : 1;
  } catch (const std::exception& e) {
    err << "jixiao: internal error: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace jixiao
