// jixiao_bench: how fast jixiao scores a province. Not a test: run it by hand
// (build/tests/jixiao_bench [N], default 20000) and read the figures.
//
// It generates N department-years of the 凉山州 2021 set (jixiao gen, seed 1)
// into a scratch database, then prints, in one run:
//   - end to end (SQLite → Lua → results written, jixiao score --all) with one
//     worker and with every core, in turn, three times (the median of each):
//     leaf evaluations per second of wall time and per CPU-second (the
//     machine may be shared: CPU time is steadier);
//   - the floor: the same Scorer over the same records already in memory,
//     their leaves as score --all stores them, without reasons and with the
//     memo of outcomes (as score --all scores them); every script run (no
//     memo), without reasons and with;
//   - the ratio end to end / floor without reasons (per CPU-second, one worker);
//   - the same job done by a plain Python script (tests/bench/plain_score.py:
//     sqlite3, the same rules, the same results on every leaf), when python3
//     is present: its leaf evaluations per CPU-second, and jixiao's (one
//     worker, end to end) as a multiple of it, per core;
//   - compare --all over the N department-years, from the results score
//     --all stored and with nothing stored (every record scored);
//   - the project pass alone (every project table of the N department-years,
//     score --all's second pass) end to end with one worker, a project row's
//     result counted as a leaf;
//   - the whole command, `jixiao score --all` as a user runs it (department-
//     years, then every project table: a project row's result is counted
//     as a leaf), with one job and with every core, in a child process; and
//     with `--set liangshan-2021-dept` (the department-years alone, the job
//     the Python script does) with one job, against Python's whole process;
//   - the cold start of `jixiao score` for one department (median of 11),
//     with --db and with the default database (the README's first command);
//   - peak memory (ru_maxrss) of score --all in a child process at 2,000 and
//     at N department-years.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "batch_projects.h"
#include "batch_score.h"
#include "cli_home.h"
#include "doc_cache.h"
#include "province_gen.h"
#include "scorer.h"
#include "store.h"
#include "workspace.h"

namespace {

using namespace jixiao;
using Clock = std::chrono::steady_clock;

const std::string kHome = JIXIAO_SOURCE_DIR;
const std::string kTmp = JIXIAO_TEST_TMP;

double since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
}

int run(const std::string& command) { return std::system(command.c_str()); }

// A fresh database of `n` department-years, written by jixiao gen.
std::string province(int n) {
  const std::string db = kTmp + "/bench-" + std::to_string(n) + ".db";
  run("rm -f '" + db + "' '" + db + "-wal' '" + db + "-shm'");
  if (run("'" JIXIAO_BINARY "' gen --departments " + std::to_string(n) + " --seed 1 --home '" + kHome + "' --db '" +
          db + "' > /dev/null") != 0) {
    std::fprintf(stderr, "jixiao_bench: gen failed\n");
    std::exit(1);
  }
  return db;
}

// A copy of `db` at `db + suffix`, without a log beside it, on disk before
// it is timed: the checkpoint that ends score --all syncs the file, and would
// otherwise wait for the copy's own pages to be written.
std::string fresh_copy(const std::string& db, const std::string& suffix) {
  const std::string copy = db + suffix;
  run("cp '" + db + "' '" + copy + "' && rm -f '" + copy + "-wal' '" + copy + "-shm' && sync '" + copy + "'");
  return copy;
}

struct Rate {
  double wall_s, cpu_s;
  size_t leaves;
};

Rate end_to_end(const std::string& db, int jobs) {
  const std::string copy = fresh_copy(db, ".run");
  Workspace ws(kHome, copy, false);
  BatchOptions options;
  options.jobs = jobs;
  const double cpu = cpu_seconds();
  const auto start = Clock::now();
  const BatchSummary s = score_all(ws, options);
  return {since(start), cpu_seconds() - cpu, s.leaves};
}

// score --all's project pass alone, one worker, over the copy end_to_end
// left (its department-years already scored).
Rate projects_end_to_end(const std::string& db) {
  Workspace ws(kHome, db + ".run", false);
  BatchOptions options;
  options.jobs = 1;
  const double cpu = cpu_seconds();
  const auto start = Clock::now();
  const BatchSummary s = score_projects_all(ws, options);
  return {since(start), cpu_seconds() - cpu, s.leaves};
}

// The same Scorer over the same records already in memory, their leaves only
// (what score --all stores: no subtotals or totals), with or without reasons
// (score --all builds none), with the memo of outcomes (as score --all) or
// every script run.
Rate floor_rate(const std::string& db, bool reasons, bool memo) {
  const Store store = Store::open_read_only(db);
  std::vector<int64_t> ids;
  for (const auto& r : store.records_to_score(0, "")) ids.push_back(r.id);
  const std::vector<Record> records = store.load_many(ids);
  Scorer scorer = Workspace(kHome, db, false).load_scorer(kHome + "/indicator-sets/liangshan-2021-dept.yaml");
  scorer.set_traces(false);
  scorer.set_reasons(reasons);
  scorer.set_memo(memo);
  size_t leaves = 0;
  const double cpu = cpu_seconds();
  const auto start = Clock::now();
  for (const Record& r : records) leaves += scorer.score_leaves(r).size();
  return {since(start), cpu_seconds() - cpu, leaves};
}

double median_ms(const std::string& command, int times) {
  std::vector<double> ms;
  for (int i = 0; i < times; ++i) {
    const auto start = Clock::now();
    run(command);
    ms.push_back(since(start) * 1000);
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

// Peak RSS in MiB of `jixiao score --all --jobs 1` over a copy of `db`, run
// as its own process (a forked child would start with this one's pages).
double peak_rss_mib(const std::string& db) {
  const std::string copy = fresh_copy(db, ".rss");
  std::fflush(stdout);  // or the child's freopen writes what is buffered here a second time
  const pid_t pid = fork();
  if (pid == 0) {
    if (freopen("/dev/null", "w", stdout) == nullptr) _exit(126);
    execl(JIXIAO_BINARY, JIXIAO_BINARY, "score", "--all", "--jobs", "1", "--home", kHome.c_str(), "--db",
          copy.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  rusage u{};
  wait4(pid, &status, 0, &u);
  return u.ru_maxrss / 1024.0;
}

// The number after `"key": ` in `json`, searched from `from` (0 when absent).
size_t json_count(const std::string& json, const std::string& key, size_t from = 0) {
  const size_t at = json.find("\"" + key + "\": ", from);
  return at == std::string::npos ? 0 : std::strtoull(json.c_str() + at + key.size() + 4, nullptr, 10);
}

// `jixiao score --all --jobs N` over a fresh copy of `db`, as its own process:
// department leaves and project-table results written (from its JSON
// summary), wall and CPU time (from wait4). With `set` ("--set ID"), that set
// alone: the department-years only, under a department set.
Rate whole_command(const std::string& db, int jobs, const char* set = nullptr) {
  const std::string copy = fresh_copy(db, ".whole"), summary = db + ".whole.json";
  std::fflush(stdout);
  const auto start = Clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    const std::string jobs_text = std::to_string(jobs);
    std::vector<const char*> argv = {JIXIAO_BINARY, "score", "--all", "--jobs", jobs_text.c_str(), "--format", "json",
                                     "-o", summary.c_str(), "--home", kHome.c_str(), "--db", copy.c_str()};
    if (set != nullptr) argv.insert(argv.end(), {"--set", set});
    argv.push_back(nullptr);
    execv(JIXIAO_BINARY, const_cast<char* const*>(argv.data()));
    _exit(127);
  }
  int status = 0;
  rusage u{};
  wait4(pid, &status, 0, &u);
  const double wall = since(start);
  std::string json;
  if (FILE* f = fopen(summary.c_str(), "r")) {
    char buffer[4096];
    for (size_t n; (n = fread(buffer, 1, sizeof buffer, f)) > 0;) json.append(buffer, n);
    fclose(f);
  }
  const size_t projects = json.find("\"projects\"");
  if (status != 0 || projects == std::string::npos) {
    std::fprintf(stderr, "jixiao_bench: jixiao score --all failed (see %s)\n", summary.c_str());
    std::exit(1);
  }
  const double cpu = u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
  run("rm -f '" + copy + "' '" + copy + "-wal' '" + copy + "-shm' '" + summary + "'");
  return Rate{wall, cpu, json_count(json, "leaves") + json_count(json, "results", projects)};
}

// The plain Python scorer over `db`, as a child process: its leaves (from
// what it prints) and its wall and CPU time (from wait4); empty without python3.
std::optional<Rate> python_rate(const std::string& db) {
  if (run("command -v python3 > /dev/null 2>&1") != 0) return std::nullopt;
  const std::string log = db + ".python.log";
  std::fflush(stdout);
  const auto start = Clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    if (freopen(log.c_str(), "w", stdout) == nullptr) _exit(126);
    const std::string script = kHome + "/tests/bench/plain_score.py", out = db + ".python.tsv";
    execlp("python3", "python3", script.c_str(), db.c_str(), out.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  rusage u{};
  wait4(pid, &status, 0, &u);
  const double wall = since(start);
  size_t records = 0, leaves = 0;
  FILE* f = fopen(log.c_str(), "r");
  if (f == nullptr || fscanf(f, "plain_score: %zu records, %zu leaves", &records, &leaves) != 2 || status != 0) {
    std::fprintf(stderr, "jixiao_bench: the Python scorer failed (see %s)\n", log.c_str());
    std::exit(1);
  }
  fclose(f);
  const double cpu = u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
  return Rate{wall, cpu, leaves};
}

// The median wall and the median CPU time of `rates` (of the same leaves).
Rate median_of(std::vector<Rate> rates) {
  const size_t mid = rates.size() / 2;
  std::nth_element(rates.begin(), rates.begin() + mid, rates.end(),
                   [](const Rate& a, const Rate& b) { return a.wall_s < b.wall_s; });
  const double wall = rates[mid].wall_s;
  std::nth_element(rates.begin(), rates.begin() + mid, rates.end(),
                   [](const Rate& a, const Rate& b) { return a.cpu_s < b.cpu_s; });
  return Rate{wall, rates[mid].cpu_s, rates[mid].leaves};
}

void print_rate(const char* what, const Rate& r) {
  std::printf("%-34s %9zu leaves  %7.2f s wall %9.0f /s   %7.2f s CPU %9.0f /CPU-s\n", what, r.leaves, r.wall_s,
              r.leaves / r.wall_s, r.cpu_s, r.leaves / r.cpu_s);
}

}  // namespace

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 20000;
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::printf("jixiao_bench: %d department-years of liangshan-2021-dept (jixiao gen, seed 1), %d core(s)\n", n, cores);
  // Sets are parsed as the command line parses them: from the parses it keeps (doc_cache.h).
  keep_set_parses_in(cli::set_parses_folder());
  const std::string db = province(n);
  // First, while this process is small: a child's ru_maxrss counts the pages
  // it was forked with, even after exec.
  const std::string small = province(2000);
  const double rss_small = peak_rss_mib(small), rss_n = peak_rss_mib(db);

  // Three rounds of 1 worker then every core, each line their median: the
  // first scoring of this process pays for its warm-up (allocator, Lua,
  // pages), which put the 1-worker line last in order, not in speed.
  std::vector<Rate> ones, alls;
  for (int round = 0; round < 3; ++round) {
    ones.push_back(end_to_end(db, 1));
    alls.push_back(end_to_end(db, cores));
  }
  const Rate one = median_of(ones), all = median_of(alls);
  const Rate projects = projects_end_to_end(db);
  const Rate whole_one = whole_command(db, 1);
  const Rate whole_all = whole_command(db, cores);
  const Rate whole_departments = whole_command(db, 1, "liangshan-2021-dept");
  const Rate floor = floor_rate(db, false, true);
  const Rate floor_every_run = floor_rate(db, false, false);
  const Rate floor_reasons = floor_rate(db, true, false);
  print_rate("end to end, 1 worker (median of 3)", one);
  print_rate(("end to end, " + std::to_string(cores) + " workers (median of 3)").c_str(), all);
  print_rate("project tables, 1 worker", projects);
  print_rate("score --all, whole command, 1 job", whole_one);
  print_rate(("score --all, whole command, " + std::to_string(cores) + " jobs").c_str(), whole_all);
  print_rate("score --all --set (depts), 1 job", whole_departments);
  print_rate("floor (in memory, no reasons)", floor);
  print_rate("floor, every script run (no memo)", floor_every_run);
  print_rate("floor, every run, with reasons", floor_reasons);
  std::printf("ratio end to end / floor           %.2f× (CPU-s per leaf, 1 worker, floor without reasons as stored)\n",
              (one.cpu_s / one.leaves) / (floor.cpu_s / floor.leaves));
  std::printf("%d workers / 1 worker (wall)        %.2f×\n", cores, one.wall_s / all.wall_s);
  if (const auto python = python_rate(db)) {
    print_rate("plain Python (1 core)", *python);
    std::printf("jixiao / Python, per core          %.1f× (leaves per CPU-s, jixiao end to end with 1 worker)\n",
                (one.leaves / one.cpu_s) / (python->leaves / python->cpu_s));
    std::printf("jixiao / Python, whole processes   %.1f× (the same department-years, CPU-s: Python's process against "
                "score --all --set liangshan-2021-dept --jobs 1)\n",
                python->cpu_s / whole_departments.cpu_s);
  } else {
    std::printf("plain Python                       not run: no python3\n");
  }

  const std::string run_db = db + ".run";  // scored by the last end-to-end run
  for (const std::string& base : {run_db, db}) {
    const auto start = Clock::now();
    run("'" JIXIAO_BINARY "' compare --all 2021 --format csv --home '" + kHome + "' --db '" + base + "' > /dev/null");
    std::printf("compare --all 2021, %-14s %.2f s\n", base == db ? "none stored" : "from results", since(start));
  }

  const Store store = Store::open_read_only(db);
  const std::string entity = store.records_to_score(0, "").front().key.entity;
  std::printf("cold start, score one department   %.1f ms (median of 11)\n",
              median_ms("'" JIXIAO_BINARY "' score '" + entity + "' 2021 --home '" + kHome + "' --db '" + db +
                            "' > /dev/null",
                        11));
  // The README's first command: the default database, refreshed from data/ by
  // the first run (not counted), then read as it is.
  const std::string readme_score = "'" JIXIAO_BINARY "' score 凉山州科学技术协会 2021 --home '" + kHome + "' > /dev/null";
  run(readme_score);
  std::printf("cold start, default database       %.1f ms (median of 11: the README's first command)\n",
              median_ms(readme_score, 11));

  std::printf("peak RSS, score --all --jobs 1     %.1f MiB at 2,000; %.1f MiB at %d department-years\n", rss_small,
              rss_n, n);
  for (const std::string& base : {db, small})  // some 500 MB at 20,000
    run("rm -f '" + base + "'*");
  return 0;
}
