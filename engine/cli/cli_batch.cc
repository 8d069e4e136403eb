// The commands for a whole province: jixiao gen (a synthetic one) and
// jixiao score --all (every department-year and project table scored into
// the results table).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <thread>

#include "batch_projects.h"
#include "batch_report.h"
#include "batch_score.h"
#include "cli_args.h"
#include "cli_interrupt.h"
#include "error.h"
#include "files.h"
#include "project_set.h"
#include "province_gen.h"
#include "store.h"
#include "worker_pool.h"

namespace jixiao::cli {

namespace {

// "\r  1200/20000  5,321 records/s  3 s left", redrawn in place.
void draw_progress(size_t done, size_t total, double seconds) {
  const double rate = seconds > 0 ? done / seconds : 0;
  const double left = rate > 0 ? (total - done) / rate : 0;
  std::fprintf(stderr, "\r  %zu/%zu records  %.0f records/s  %.0f s left   ", done, total, rate, left);
  if (done == total) std::fputs("\n", stderr);
  std::fflush(stderr);
}

}  // namespace

int cmd_gen(const Args& args, Workspace& ws, std::ostream& out) {
  if (!args.positional.empty()) usage_error("gen takes no positional arguments");
  if (ws.db_is_default())
    usage_error("gen needs --db FILE: the default database mirrors data/ and would lose what gen writes");
  GenOptions options;
  // Every record is built in memory before the one transaction writes them:
  // a million department-years is already more than a province has.
  options.departments = static_cast<int>(whole_number(args, "--departments", 100, 1, 1000000));
  options.years = static_cast<int>(whole_number(args, "--years", 1, 1, 80));  // 2021 … 2100, the last year read
  options.seed = static_cast<uint64_t>(whole_number(args, "--seed", 1, 0));
  options.project_set = "project-selfeval-2021";
  ws.set_file(options.project_set);  // there, or the error names it before anything is generated
  Scorer scorer = ws.load_scorer(ws.set_file("liangshan-2021-dept"));
  const std::vector<Record> records = generate_province(options, scorer);
  std::vector<std::string> hashes;
  for (size_t i = 0; i < records.size(); ++i)
    hashes.push_back("gen:seed=" + std::to_string(options.seed) + ":" + records[i].entity + ":" +
                     std::to_string(records[i].year) + ":" + records[i].kind);
  require_database_folder(ws.db_path());
  NewDatabaseGuard created(ws.db_path());  // a database this gen made and could not fill is removed
  // The province of these options, whole: what an earlier gen wrote and this one does not is removed.
  const ImportSummary s = Store::open_for_write(ws.db_path()).import_replacing(records, hashes, "gen:");
  created.kept();
  out << "generated " << options.departments * options.years << " department-year(s) (" << records.size()
      << " records, seed " << options.seed << "): " << s.imported << " written, " << s.unchanged << " unchanged, ";
  if (s.removed > 0) out << s.removed << " of an earlier gen removed, ";
  out << "into " << ws.db_path() << "\n";
  return 0;
}

int cmd_score_all(const Args& args, Workspace& ws, std::ostream& out, std::ostream& err) {
  if (!args.positional.empty()) usage_error("score --all takes no ENTITY YEAR");
  require_format(args.format, {Format::kTable, Format::kJson}, "score --all");
  BatchOptions options;
  if (args.options.count("--year")) options.year = parse_year(args.options.at("--year"));
  options.set_id = args.option("--set", "");
  const long cores = static_cast<long>(std::max(1u, std::thread::hardware_concurrency()));
  options.jobs = static_cast<int>(whole_number(args, "--jobs", cores, 1, kMaxJobs));
  // A progress line for each pass (department-years, then project tables), timed from its start.
  auto progress_from_now = [&options] {
    if (!::isatty(STDERR_FILENO)) return;
    const auto start = std::chrono::steady_clock::now();
    options.progress = [start](size_t done, size_t total) {
      draw_progress(done, total, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    };
  };
  if (ws.db_is_default()) ws.open_store();  // brings the default database up to date with data/ first
  WorkerPool pool(static_cast<size_t>(options.jobs));  // the threads of both passes, started once
  options.pool = &pool;
  // --set S scores every record under S instead of its own set: the
  // department-years under a department set, the project tables under a
  // project-table set; the other pass has nothing to score under S.
  bool departments = true, projects = true;
  if (!options.set_id.empty()) {
    const std::string file = ws.resolve_set(options.set_id);
    const SetFinder find = [&ws](const std::string& id) { return ws.set_file(id); };
    projects = is_project_set(read_file(file), file, find);
    departments = !projects;
  }
  // A connection open across both passes: the first pass's write-ahead log is
  // then the second's rather than removed at its end and made again (removing
  // it was 10 to 60 ms at 20,000 department-years, as long as a pass's log).
  const std::optional<Store> across =
      departments && projects ? std::optional<Store>(Store::open_for_write(ws.db_path())) : std::nullopt;
  // Stopped by Ctrl-C, it says so (past the progress line, on a terminal) and what is kept.
  static const char kInterrupted[] =
      "\njixiao: score --all 已中断：已提交的批次都已保存，再次运行只评其余记录 (interrupted: every batch committed "
      "is kept; run jixiao score --all again to score the rest)\n";
  say_on_interrupt(::isatty(STDERR_FILENO) ? kInterrupted : kInterrupted + 1);
  progress_from_now();
  const BatchSummary s = departments ? score_all(ws, options) : BatchSummary{};
  progress_from_now();
  const BatchSummary p = projects ? score_projects_all(ws, options) : BatchSummary{};
  // The counts are the result, on stdout (or -o FILE); what failed is the
  // diagnosis, on stderr, as a failing command's message is (JSON holds both).
  out << (args.format == Format::kJson ? render_batch_json(s, p, options.jobs) : render_batch_text(s, p, options.jobs));
  if (args.format != Format::kJson && !(departments && projects))
    out << "--set " << options.set_id << " is a " << (projects ? "project-table" : "department")
        << " set: only " << (projects ? "project tables" : "department-years") << " were scored under it\n";
  // Nothing to score at all: a year or set that selects no record says so, not only "scored 0".
  if (args.format != Format::kJson && s.records + s.skipped + s.failed + p.records + p.skipped + p.failed == 0)
    out << "没有可评分的记录 (no records"
        << (options.year ? " of " + std::to_string(options.year) : std::string())
        << " in " << ws.db_path() << ": see jixiao list)\n";
  if (args.format != Format::kJson) err << render_batch_failures(s, p);
  return s.failed == 0 && p.failed == 0 ? 0 : 1;
}

}  // namespace jixiao::cli
