#include "cli.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <cstdlib>
#include <functional>
#include <ostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "cli_args.h"
#include "cli_home.h"
#include "doc_cache.h"
#include "error.h"
#include "error_json.h"
#include "files.h"
#include "suggest.h"
#include "terminal_text.h"
#include "text_width.h"
#include "version.h"

namespace jixiao {

namespace {

using namespace cli;

struct Command {
  const char* name;
  const char* usage;    // after "jixiao NAME"
  const char* summary;  // one line
  const char* help;     // the rest of --help
  std::vector<std::string> value_options;  // options that take a value, besides --home and --db
  std::function<int(const Args&, Workspace&, std::ostream& out, std::ostream& err)> run;
  std::vector<std::string> flags = {};  // options without a value
  std::vector<Format> formats = {};     // what --format takes (first: the default); none: no --format, no -o
};

// A command whose only output is on `out` (its errors are thrown).
std::function<int(const Args&, Workspace&, std::ostream&, std::ostream&)> out_only(
    int (*run)(const Args&, Workspace&, std::ostream&)) {
  return [run](const Args& args, Workspace& ws, std::ostream& out, std::ostream&) { return run(args, ws, out); };
}

// The usage line: the command's own, then --format and -o from its formats.
std::string usage_of(const Command& cmd) {
  std::string usage = cmd.usage;
  if (!cmd.formats.empty()) usage += (usage.empty() ? "" : " ") + std::string("[--format ") + formats_text(cmd.formats) + "] [-o FILE]";
  return usage;
}

const std::vector<Command>& commands();

// Whether `cmd` writes a file: its output (any command with formats) or one of
// its own (new data --output). Only these take -o/--output.
bool writes_file(const Command& cmd) {
  return !cmd.formats.empty() ||
         std::find(cmd.value_options.begin(), cmd.value_options.end(), "--output") != cmd.value_options.end();
}

Args parse_args(const Command& cmd, const std::vector<std::string>& words) {
  std::vector<std::string> known = cmd.value_options;
  known.insert(known.end(), {"--home", "--db"});
  if (!cmd.formats.empty()) known.insert(known.end(), {"--format", "--output"});
  known.insert(known.end(), cmd.flags.begin(), cmd.flags.end());
  Args args;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i] == "-o" ? "--output" : words[i];
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
    if (name == "--output" && !writes_file(cmd)) {
      std::string writers;
      for (const auto& c : commands())
        if (writes_file(c)) writers += (writers.empty() ? "" : ", ") + std::string(c.name);
      usage_error(std::string("jixiao ") + cmd.name + ": " + (words[i] == "-o" ? "-o" : name) +
                  ": this command writes no file, its output goes to the terminal (commands that write one: " +
                  writers + ")");
    }
    if (std::find(known.begin(), known.end(), name) == known.end())
      usage_error(std::string("jixiao ") + cmd.name + ": unknown option " + name + did_you_mean(name, known));
    const std::string spelled = words[i] == "-o" ? "-o" : name;  // as typed
    if (eq == std::string::npos) {
      if (i + 1 >= words.size()) usage_error(spelled + " 后面缺少值 (" + spelled + " needs a value)");
      value = words[++i];
    }
    if (value.empty()) usage_error(spelled + " 的值是空的 (" + spelled + " needs a value, not an empty one)");
    // An option given twice would silently keep one of the two.
    if (const auto before = args.options.find(name); before != args.options.end()) {
      const std::string both = name == "--output" ? "-o/--output" : name;
      usage_error(both + " 给了两次（'" + before->second + "' 和 '" + value + "'），只能给一次 (" + both +
                  " is given twice: '" + before->second + "', then '" + value + "')");
    }
    args.options[name] = value;
  }
  if (!cmd.formats.empty() && !args.options.count("--help")) args.format = parse_format(args, cmd.formats);
  return args;
}

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {"score", "[ENTITY YEAR] [--record filed|review] [--set SET] [--complete] [--project ID | --projects] | --all [--year Y] [--set SET] [--jobs N]",
       "score a department-year and print every leaf, subtotal and the total",
       "With no ENTITY YEAR, scores the embedded default, 凉山州科学技术协会 2021;\n"
       "the default database is built from data/, and refreshed when data/ changes.\n"
       "--format json gives the same result for programs, with each leaf's inputs\n"
       "and their provenance, and the indicator set's id and content hash.\n"
       "A leaf that cannot be scored (an input and its judgement missing, a weight\n"
       "the set leaves unknown) is listed with what it lacks, and the points that\n"
       "were recomputed are shown with the share of the weight they cover; such a\n"
       "total is never printed as final. --complete makes any gap an error (exit 1).\n"
       "--projects scores every project self-evaluation table (项目支出绩效自评表) of the\n"
       "department-year, one line each; --project ID shows one row by row: target and\n"
       "actual as written and as read, points, score and reason; with the table's own\n"
       "figures beside them, 偏离 where they depart from the rule and 不一致 where they\n"
       "cannot all be right (then no grade). Project tables take table, json, csv, and\n"
       "html and xlsx in the 项目支出绩效自评表 layout (一级/二级/三级指标, 年度指标值, 实际完成值,\n"
       "分值, 表中得分, 得分, pending rows and reasons).\n"
       "--set SET scores the record under another set (an id), without editing the data file.\n"
       "csv and markdown list every node with filed and recomputed scores; html and\n"
       "xlsx are the 自评表 layout (with a chart in html); xlsx needs -o FILE.\n"
       "-o FILE writes any format to FILE, all or nothing, instead of printing it.\n"
       "--all scores every filed and review department-year in the database (of --year Y;\n"
       "under --set SET instead of each record's own set) into its results table, a batch\n"
       "of 1000 per transaction, with --jobs N workers (default: the cores; at most 256). Results are\n"
       "kept per set content hash: a re-run scores only what has no results for the\n"
       "set as it is now. Project tables are scored too, under their own project set,\n"
       "by the same workers; --set SET of a project-table set scores only them, of a\n"
       "department set only department-years. A progress line is drawn on a terminal; a summary is printed\n"
       "(as JSON with --format json); records that failed are named on stderr (exit 1).",
       {"--record", "--project", "--set", "--year", "--jobs"}, cmd_score, {"--projects", "--complete", "--all"},
       {Format::kTable, Format::kJson, Format::kCsv, Format::kMarkdown, Format::kHtml, Format::kXlsx}},
      {"explain", "[ENTITY YEAR] LEAF [--record filed|review] [--set SET] | [ENTITY YEAR] ROW --project ID [--set SET]",
       "show one leaf: its rule texts, script, inputs with provenance, and score",
       "LEAF is a leaf's id as in the indicator set, e.g. exec_progress; --set SET\n"
       "explains it under another set. With --project ID, one row of that project's table (ROW: its number, from 1,\n"
       "or its 三级指标): target and actual as written and as read, points, filed and\n"
       "recomputed score, reason, the set's rule, params and script.",
       {"--record", "--project", "--set"}, out_only(cmd_explain), {}, {Format::kTable, Format::kJson}},
      {"import", "FILE...", "load data sources (data/*.yaml) into the database, all or nothing",
       "All files are parsed and checked first; then every record is written in one\n"
       "transaction. Re-importing an unchanged file changes nothing.", {}, out_only(cmd_import)},
      {"check", "[SET...]", "validate indicator sets, compile their scripts and run their examples",
       "SET is a set id (liangshan-2021-dept) or a file; with none, every set in the home's\n"
       "own indicator-sets/. Each leaf's params are checked against its script's header\n"
       "(jixiao scripts), and a leaf whose points cannot reach its weight is refused.\n"
       "Every example written beside a rule is run; a failure shows the leaf, the\n"
       "example's line, its inputs, and the expected and actual score. Exits 1 on any failure.",
       {}, out_only(cmd_check), {}, {Format::kTable, Format::kJson}},
      {"compare", "[ENTITY YEAR | --all YEAR [--jobs N]] [--against filed|review] [--set SET] [--projects | --project ID] [--fail-above PCT]",
       "compare filed self-scores with scores recomputed from evidence, leaf by leaf",
       "Recomputes the department-year from its review record (评价组复核) when there is\n"
       "one, else from the filed record's own inputs (--against chooses), optionally\n"
       "under another set (--set), and shows per leaf the filed score, the recomputed\n"
       "score, the difference (多报 over-claim, 少报 under-claim) and the reason; then\n"
       "the totals, the relative gap |filed − recomputed| ÷ recomputed, and the\n"
       "deduction the set's own 自评准确 rule gives for it.\n"
       "--all YEAR compares every department of that year, one line each, largest gap\n"
       "first, then how many fall in each deduction band (in html with a chart of that\n"
       "distribution, in xlsx with the figures as numbers); a department's recomputed\n"
       "scores come from the results score --all stored under the same set version when\n"
       "there are any; --jobs N workers (default: the cores; at most 256), the same lines whatever N.\n"
       "--fail-above PCT exits 3 when a relative gap exceeds PCT percent.\n"
       "--projects compares each project table's printed 得分 and 总分 with its set's rule\n"
       "(one line per project, or with --all YEAR every project of the year); --project ID\n"
       "shows one row by row.\n"
       "html and xlsx (one department-year): the 自评表 layout with filed and recomputed\n"
       "scores side by side, differing leaves highlighted, and in html a chart;\n"
       "-o FILE writes any format to FILE, all or nothing, instead of printing it.",
       {"--against", "--set", "--fail-above", "--all", "--project", "--jobs"}, out_only(cmd_compare), {"--projects"},
       {Format::kTable, Format::kJson, Format::kCsv, Format::kMarkdown, Format::kHtml, Format::kXlsx}},
      {"report", "[ENTITY YEAR]", "write a department-year's report as one HTML page (or an xlsx workbook)",
       "With a review record (评价组复核), the page compares the filed self-scores with\n"
       "the review leaf by leaf, as compare does; without one, it shows the scores\n"
       "recomputed from the filed record. The page is self-contained (no network, no\n"
       "other file): the 自评表 table with 分值, 自评得分, 复核得分, differences and\n"
       "reasons, and a chart of each 一级指标's score against its weight; it prints on A4.\n"
       "The format follows -o FILE's extension (.html or .xlsx), html by default.",
       {}, out_only(cmd_report), {}, {Format::kHtml, Format::kXlsx}},
      {"show", "SET [--diff BASE]", "print a set's resolved tree, or what it changes against BASE",
       "A set that extends another is shown with its base's nodes and its own changes\n"
       "applied; --diff lists each added, removed and changed node and parameter.\n"
       "A project set shows its budget row, categories, row rule and grades; --diff\n"
       "against another project set lists each changed field and parameter.",
       {"--diff"}, out_only(cmd_show), {}, {Format::kTable, Format::kJson}},
      {"try", "SET LEAF NAME=VALUE...", "run one leaf's rule on inputs given on the command line",
       "Prints the score, the reason, the inputs the script read, the parameters and\n"
       "the script: a rule tried before any data file exists. Each VALUE is read as\n"
       "YAML: 38 is a number, true/false a boolean, other words text, and a row table\n"
       "is a list of maps, e.g. items='[{name: 培训, done: true}]'. Example:\n"
       "  jixiao try liangshan-2021-dept exec_progress exec_rate_jun=38 exec_rate_sep=70 exec_rate_nov=85\n"
       "For a project set, LEAF is row (target=… actual=…, optionally weight=…,\n"
       "category=… and grade=…) or budget (planned=… executed=…):\n"
       "  jixiao try project-selfeval-2021 row target=≥95% actual=98% weight=10\n"
       "--format json gives the same for programs.",
       {}, out_only(cmd_try), {}, {Format::kTable, Format::kJson}},
      {"scripts", "", "list the scoring scripts: the rule each encodes, its parameters, its maximum",
       "Read from each script's header (scripts/README.md), the scripts of --home first,\n"
       "then the shipped ones; a set's params are checked against the same header.\n"
       "--format json gives the same scripts and parameters for programs.",
       {}, out_only(cmd_scripts), {}, {Format::kTable, Format::kJson}},
      {"gen", "--departments N --years Y --seed S --db FILE",
       "write a synthetic province: N × Y department-years of the 凉山州 2021 set",
       "Facts fall around and across every rule's threshold; some leaves are left to a\n"
       "judgement, a few to nothing; filed scores sometimes over- or under-claim; one\n"
       "department-year in five also gets a review record. The same seed always writes\n"
       "the same records, in one transaction. --db is required: the default database\n"
       "mirrors data/.",
       {"--departments", "--years", "--seed"}, out_only(cmd_gen)},
      {"list", "", "list the department-years in the database",
       "--format json gives the same rows for programs, with the data files that could not be read.",
       {}, out_only(cmd_list), {}, {Format::kTable, Format::kJson}},
      {"new", "set ID --from FILE | data ENTITY YEAR --set ID [--from FORM] [--output FILE] [--force]",
       "start an indicator set from a published table, or a data source to fill in",
       "new set reads the indicator table (一级 / 二级 / 三级 / 分值 / 指标解释 / 评分标准\n"
       "columns, merged cells as Excel writes them) and writes indicator-sets/ID.yaml\n"
       "in the home: the tree, the points and the texts as printed, every leaf's script\n"
       "unknown until you choose one.\n"
       "new data writes data/ENTITY-YEAR.yaml (or --output FILE): every fact and row\n"
       "table the set's leaves read and every leaf a person scores, values left empty.\n"
       "new data --from FORM.csv|FORM.xlsx --set PROJECT-SET reads the published 项目支出绩效自评表\n"
       "(one or more forms, as laid out when published) into data/ENTITY-YEAR-projects.yaml: every\n"
       "project's budget row, indicator rows and 总分 as printed.\n"
       "An existing file is kept unless --force.",
       {"--from", "--set", "--output"}, out_only(cmd_new), {"--force"}},
      {"db", "check [--db FILE]", "check a database: SQLite's integrity and foreign keys, and the engine's own checks",
       "Runs PRAGMA integrity_check and foreign_key_check, then the engine's checks:\n"
       "the schema version, rows whose parent row is gone, records whose indicator set\n"
       "no longer exists. Prints each check and what it found; exits 0 when all are\n"
       "clean, 1 otherwise. The database is read as it is: not refreshed, not migrated.\n"
       "--format json gives every check and every problem for programs.",
       {}, out_only(cmd_db), {}, {Format::kTable, Format::kJson}},
  };
  return table;
}

std::string general_help() {
  auto pad_command = [](const std::string& name) { return pad_right(name, 10); };
  std::string out =
      "jixiao — scores budget performance evaluations (预算绩效评价)\n\n"
      "usage: jixiao COMMAND [ARGS] [--home DIR] [--db FILE]\n"
      "       jixiao --version\n\ncommands:\n";
  for (const auto& c : commands()) out += "  " + pad_command(c.name) + c.summary + "\n";
  out +=
      "\n--home DIR  folder with indicator-sets/, scripts/ and data/ (default: $JIXIAO_HOME, or " + shipped_home() + ");\n"
      "            sets and scripts not in it are taken from " + shipped_home() + "\n"
      "--db FILE   the database (default: $JIXIAO_DB, or " + shipped_home_database_text() + " for the built-in\n"
      "            home, HOME/jixiao.db for another); the default database mirrors data/\n\n"
      "exit codes: 0 success; 1 input that cannot be loaded or scored (bad YAML, missing\n"
      "input, script error, corrupt or busy database), output that cannot be written, or\n"
      "problems found by db check; 2 a wrong command line; 3 compare --fail-above found a\n"
      "gap above the threshold.\n"
      "With --format json an error is one JSON object on stderr (kind, message, file, line,\n"
      "column, indicator, text, exit_code), and stdout stays empty, as with text.\n"
      "'jixiao COMMAND --help' describes one command.\n";
  return out;
}

}  // namespace

namespace {

// -o naming the database (by any path or link), or one of SQLite's files
// beside it, would replace the records with a text table: refused before the
// command runs, so nothing is written.
void refuse_output_over_database(const std::string& output, const std::string& db) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"})
    if (same_file(output, db + suffix))
      usage_error("-o " + output + ": 这是正在使用的数据库文件 " + db + suffix +
                  "，输出会覆盖它，请另选文件 (the output would overwrite the database in use; choose another file)");
}

int dispatch(std::vector<std::string> words, std::ostream& out, std::ostream& err) {
  if (words.empty() || words[0] == "--help" || words[0] == "-h" || words[0] == "help") {
    (words.empty() ? err : out) << general_help();
    return words.empty() ? 2 : 0;
  }
  if (words[0] == "--version") {
    out << "jixiao " << engine_version() << "\n";
    return 0;
  }
  // --format json asks for errors as JSON too (on stderr, as the text is),
  // whether or not the rest of the command line can be parsed.
  bool json_errors = false;
  for (size_t i = 0; i < words.size(); ++i)
    json_errors = json_errors || words[i] == "--format=json" || (words[i] == "--format" && i + 1 < words.size() && words[i + 1] == "json");
  const std::string name = words[0];
  words.erase(words.begin());
  const Command* cmd = nullptr;
  for (const auto& c : commands())
    if (name == c.name) cmd = &c;
  // The sources of data/ a command skipped, said on stderr whatever became of
  // the command: one unreadable file is one message, not the end of every score.
  std::unique_ptr<Workspace> ws;
  auto report_skipped = [&] {
    if (ws == nullptr) return;
    for (const SourceProblem& p : ws->source_problems())
      err << "jixiao: skipped " << visible_lines(p.message) << "\n";
  };
  try {
    if (cmd == nullptr) {
      std::vector<std::string> names;
      for (const auto& c : commands()) names.push_back(c.name);
      usage_error("unknown command '" + name + "'" + did_you_mean(name, names) + " (see jixiao --help)");
    }
    const Args args = parse_args(*cmd, words);
    if (args.options.count("--help")) {
      out << "usage: jixiao " << cmd->name << " " << usage_of(*cmd) << "\n\n" << cmd->summary << ".\n";
      if (*cmd->help) out << "\n" << cmd->help << "\n";
      return 0;
    }
    const char* env_home = std::getenv("JIXIAO_HOME");
    const char* env_db = std::getenv("JIXIAO_DB");
    const bool default_db = !args.options.count("--db") && env_db == nullptr;
    const std::string home = args.option("--home", env_home ? env_home : shipped_home());
    // The built-in default database belongs to the built-in home; another
    // home keeps its own, beside its data/.
    const std::string db = !default_db ? args.option("--db", env_db ? env_db : "")
                           : is_shipped_home(home) ? shipped_home_database()
                                                   : home + "/jixiao.db";
    ws = std::make_unique<Workspace>(home, db, default_db, shipped_home());
    if (args.options.count("--output")) refuse_output_over_database(args.options.at("--output"), ws->db_path());
    if (!cmd->formats.empty() && args.options.count("--output")) check_output_extension(args, cmd->formats, cmd->name);
    // new data's --output is where it writes its template; the others' is their output.
    if (cmd->formats.empty() || !args.options.count("--output")) {
      const int code = cmd->run(args, *ws, out, err);
      report_skipped();
      return code;
    }
    // -o FILE: the whole output, or nothing, in FILE; a text format as it
    // would have been printed, xlsx as the bytes of the workbook.
    std::ostringstream file;
    const int code = cmd->run(args, *ws, file, err);
    const bool binary = file_only(args.format);
    write_file_atomically(args.options.at("--output"), binary ? file.str() : visible_lines(file.str()));
    report_skipped();
    return code;
  } catch (const Error& e) {
    const int code = e.kind() == ErrorKind::kUsage ? 2 : 1;
    if (json_errors) {
      std::vector<std::string> skipped;
      if (ws != nullptr)
        for (const SourceProblem& p : ws->source_problems()) skipped.push_back(p.message);
      err << render_error_json(e, code, skipped);
      return code;
    }
    report_skipped();
    err << "jixiao: " << visible_lines(e.what()) << "\n";
    return code;
  } catch (const std::exception& e) {
    if (json_errors) err << render_internal_error_json(e.what(), 1);
    else err << "jixiao: internal error: " << visible_lines(e.what()) << "\n";
    return 1;
  }
}

}  // namespace

// A command writes into a buffer; what reaches `out` has its control
// characters made visible (line breaks and tabs kept) and invalid UTF-8
// replaced, and is flushed and checked: output that could not be written is
// an error (exit 1), never a silent success. A command that fails prints
// nothing on `out`.
int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  keep_set_parses_in(cli::set_parses_folder());
  std::ostringstream buffer;
  const int code = dispatch(std::vector<std::string>(argv + 1, argv + argc), buffer, err);
  errno = 0;
  out << visible_lines(buffer.str());
  out.flush();
  if (!out) {
    const int error = errno != 0 ? errno : EIO;
    err << "jixiao: cannot write the output: " << std::strerror(error) << "\n";
    return 1;
  }
  return code;
}

}  // namespace jixiao
