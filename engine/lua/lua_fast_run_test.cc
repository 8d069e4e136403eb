// Runs are tried without the instruction hook (sandbox::start_fast_run) and
// run again with it unless the hook could not have stopped them: what a
// script gives is what the counted run gives, whether or not it was run twice.
#include <catch2/catch.hpp>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "error.h"
#include "lua_runtime.h"
#include "lua_sandbox.h"
#include "test_support.h"

using jixiao::Decimal;
using jixiao::Error;
using jixiao::Node;
using jixiao::Record;
using jixiao::SandboxLimits;
using jixiao::ScriptHost;
using jixiao::test::script_leaf;

namespace {

std::string scripts(const std::string& test, const std::vector<std::pair<std::string, std::string>>& files) {
  return jixiao::test::script_dir("lua-fast-" + test, files);
}

std::string run_text(ScriptHost& host, const std::string& script) {
  const Node node = script_leaf(script);
  try {
    return host.run(host.compile(script), node, Record{}).reason;
  } catch (const Error& e) {
    return e.what();
  }
}

// A run with no way out but a stop: unhooked, only the watchdog's signal ends it.
const std::pair<std::string, std::string> kEndless = {"endless.lua",
                                                      "return function(ctx)\n"
                                                      "  while true do end\n"
                                                      "end\n"};
const std::pair<std::string, std::string> kGood = {"good.lua", "return function(ctx) return 1, 'good' end\n"};
const char* const kEndlessStopped =
    "scripts/endless.lua:2: stopped: instruction budget of 1000000 exceeded (an endless loop?)\n"
    "  scripts/endless.lua:2: in function <scripts/endless.lua:1>";
const SandboxLimits kMillion{1'000'000, 64u << 20};

const char* const kAppHandlerTest =
    "lua: run alone by the next test: a handler the application set for the watchdog's signal is kept";
std::atomic<int> app_signals{0};
void app_handler(int) { app_signals.fetch_add(1); }

}  // namespace

TEST_CASE("lua: a run over its budget is stopped where the count stops it, however quickly it would end", "[lua]") {
  const auto dir = scripts("over", {{"over.lua",
                                     "return function(ctx)\n"
                                     "  local n = 0\n"
                                     "  for i = 1, 100000 do n = n + i end\n"
                                     "  return 0, tostring(n)\n"
                                     "end\n"},
                                    {"under.lua",
                                     "return function(ctx)\n"
                                     "  local n = 0\n"
                                     "  for i = 1, 1000 do n = n + i end\n"
                                     "  return 0, tostring(n)\n"
                                     "end\n"}});
  ScriptHost host(dir, "scripts", 2, SandboxLimits{50'000, 64u << 20});
  for (int round = 0; round < 3; ++round) {
    CHECK(run_text(host, "over.lua") ==
          "scripts/over.lua:3: stopped: instruction budget of 50000 exceeded (an endless loop?)\n"
          "  scripts/over.lua:3: in function <scripts/over.lua:1>");
    CHECK(run_text(host, "under.lua") == "500500");
  }
}

TEST_CASE("lua: an endless loop that catches every stop with pcall is stopped by the count", "[lua]") {
  // The default budget: the loop runs fast until the watchdog stops it, which
  // no pcall may catch, and is then counted from its start.
  const auto dir = scripts("sly", {{"sly.lua",
                                    "return function(ctx)\n"
                                    "  while true do\n"
                                    "    pcall(function() while true do end end)\n"
                                    "  end\n"
                                    "end\n"},
                                   {"good.lua", "return function(ctx) return 1, 'good' end\n"}});
  ScriptHost host(dir, "scripts", 2);
  CHECK(run_text(host, "sly.lua") ==
        "scripts/sly.lua:3: stopped: instruction budget of 10000000 exceeded (an endless loop?)\n"
        "  scripts/sly.lua:3: in function <scripts/sly.lua:1>");
  CHECK(run_text(host, "good.lua") == "good");
}

TEST_CASE("lua: a run done again draws the same random numbers as a run done once", "[lua]") {
  const auto dir = scripts("random", {{"once.lua", "return function(ctx) return 0, tostring(math.random(1000000)) end\n"},
                                      {"slow.lua",
                                       "return function(ctx)\n"
                                       "  local r = math.random(1000000)\n"
                                       "  local n = 0\n"
                                       "  for i = 1, 20000 do n = n + i end\n"
                                       "  return 0, tostring(r)\n"
                                       "end\n"}});
  ScriptHost host(dir, "scripts", 2, SandboxLimits{200'000, 64u << 20});  // slow.lua always outlasts the fast bound
  const std::string first = run_text(host, "once.lua");
  CHECK(run_text(host, "slow.lua") == first);
  CHECK(run_text(host, "once.lua") == first);
}

TEST_CASE("lua: a run whose garbage adds up past the memory limit, with little of it live, ends as counted", "[lua]") {
  // The collector steps only between runs (sandbox::start_fast_run), so the
  // garbage of one run is freed by the emergency collection at the limit.
  const auto dir = scripts("garbage", {{"garbage.lua",
                                        "return function(ctx)\n"
                                        "  local kept = 0\n"
                                        "  for i = 1, 150 do kept = kept + #string.rep('x', 1 << 18, tostring(i)) end\n"
                                        "  return 0, tostring(kept)\n"
                                        "end\n"}});
  // What is tested is memory, not time: a wall clock of a minute, so that a
  // loaded machine (0.4 s of CPU can take seconds of wall time) cannot fail it.
  ScriptHost host(dir, "scripts", 2, SandboxLimits{1'000'000'000, 64u << 20, 60'000});
  for (int round = 0; round < 2; ++round) CHECK(run_text(host, "garbage.lua") == "128974506");
}

namespace {

// A state of the sandbox's own, without a ScriptHost, and `chunk` compiled in it.
struct Sandboxed {
  jixiao::sandbox::Budget budget;
  lua_State* L = nullptr;
  explicit Sandboxed(const char* chunk) {
    budget.instruction_limit = 10'000'000;  // a fast run stands when it took less than 1 ms
    budget.memory_limit = 64u << 20;
    budget.wall_ms = 60'000;
    L = jixiao::sandbox::open_state(&budget);
    REQUIRE(L != nullptr);
    jixiao::sandbox::start_run(L);
    REQUIRE(luaL_loadstring(L, chunk) == LUA_OK);
  }
  ~Sandboxed() { jixiao::sandbox::close_state(L); }
  // Runs the chunk, fast when `fast`, and again counted (as ScriptHost does)
  // when the fast run does not stand; returns whether it stood.
  bool run(bool fast) {
    if (fast) REQUIRE(jixiao::sandbox::start_fast_run(L));
    else jixiao::sandbox::start_run(L);
    lua_pushvalue(L, 1);
    int status = lua_pcall(L, 0, 0, 0);
    const bool stands = fast && jixiao::sandbox::end_fast_run(L);
    if (fast && !stands) {
      lua_settop(L, 1);
      jixiao::sandbox::start_run(L);
      lua_pushvalue(L, 1);
      status = lua_pcall(L, 0, 0, 0);
    }
    INFO((status == LUA_OK ? "" : lua_tostring(L, -1)));
    REQUIRE(status == LUA_OK);
    lua_settop(L, 1);
    return stands;
  }
};

// What the state holds after `warm` counted runs and a full collection, and
// the most it holds over 2,000 runs after them, every other one fast.
struct Peak {
  size_t live = 0, most = 0;
};
Peak peak_over_runs(Sandboxed& box, int warm) {
  for (int i = 0; i < warm; ++i) box.run(false);
  lua_gc(box.L, LUA_GCCOLLECT);
  Peak peak{box.budget.memory_used, 0};
  for (int i = 0; i < 2000; ++i) {
    box.run(i % 2 == 0);
    peak.most = std::max(peak.most, box.budget.memory_used);
  }
  return peak;
}

}  // namespace

TEST_CASE("lua: a fast run is timed from the clock's last reading, so a pause before it counts as its own time",
          "[lua]") {
  // The clock is read once per fast run, at its end: the next one is timed
  // from there, a span that holds the run and never less. Slept past the
  // bound (1 ms of this budget), even a run of one instruction does not
  // stand; a loaded machine only makes the pause longer.
  Sandboxed box("return 1");
  box.run(false);  // reads the clock
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  CHECK_FALSE(box.run(true));
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  CHECK_FALSE(box.run(true));  // from the end of the one before
}

TEST_CASE("lua: a fast run after a collection step is timed from the step's end, before the run", "[lua]") {
  // The step between runs can take longer than the run's bound: the clock is
  // read again after it (the span still starts before the run), and only then.
  Sandboxed box("local t = {} for i = 1, 10000 do t[i] = {i} end");  // about 1 MiB: the next start steps
  box.run(true);
  auto before = std::chrono::steady_clock::now();
  REQUIRE(jixiao::sandbox::start_fast_run(box.L));
  CHECK(box.budget.started >= before);
  jixiao::sandbox::end_fast_run(box.L);
  box.run(false);  // the clock read, and garbage made again; no step is due until the next start
  lua_settop(box.L, 1);
  REQUIRE(luaL_loadstring(box.L, "return 1") == LUA_OK);
  lua_replace(box.L, 1);
  box.run(true);   // steps: the big garbage of the run before
  before = std::chrono::steady_clock::now();
  REQUIRE(jixiao::sandbox::start_fast_run(box.L));
  CHECK(box.budget.started <= before);  // no step: from the last reading, the end of the run before
  jixiao::sandbox::end_fast_run(box.L);
}

TEST_CASE("lua: the garbage of many runs is collected between them, the state staying near what is live", "[lua]") {
  // About 100 KiB of garbage a run, 200 MiB over the runs: the collector,
  // stopped within runs, steps between them (sandbox::start_run).
  Sandboxed box("local t = {} for i = 1, 1000 do t[i] = {i} end");
  const Peak peak = peak_over_runs(box, 1);
  CHECK(peak.most < 2 * peak.live + (2u << 20));
}

TEST_CASE("lua: what is kept past several runs and then let go is collected too, the state staying near what is live",
          "[lua]") {
  // Young collections take what runs made and let go; a table kept long
  // enough to grow old (as a ctx is, until another leaf takes its Node's
  // place) is taken only by a full collection, which must still come as the
  // state grows. Each run keeps its 100 KiB for four runs, in a global.
  Sandboxed box(
      "n = (n or 0) + 1\n"
      "local t = {} for i = 1, 1000 do t[i] = {i} end\n"
      "kept = kept or {}\n"
      "kept[n % 4 + 1] = t\n");
  const Peak peak = peak_over_runs(box, 4);
  CHECK(peak.most < 2 * peak.live + (2u << 20));
}

TEST_CASE("lua: a fast run that lasts past the watchdog's look is stopped by its signal, then counted", "[lua]") {
  const auto dir = scripts("endless", {kEndless, kGood});
  ScriptHost host(dir, "scripts", 2, kMillion);
  for (int round = 0; round < 3; ++round) {
    CHECK(run_text(host, "endless.lua") == kEndlessStopped);
    CHECK(run_text(host, "good.lua") == "good");
  }
}

TEST_CASE("lua: endless runs of many hosts on several threads are all stopped", "[lua]") {
  // Each thread goes from one host's fast run to another's: the signal stops
  // the one the watchdog saw, and no hook is left for the next.
  const auto dir = scripts("threads", {kEndless, kGood});
  constexpr int kThreads = 4, kHosts = 3;
  std::vector<std::vector<std::string>> seen(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      std::vector<std::unique_ptr<ScriptHost>> hosts;
      for (int h = 0; h < kHosts; ++h) hosts.push_back(std::make_unique<ScriptHost>(dir, "scripts", 2, kMillion));
      for (int round = 0; round < 2; ++round)
        for (auto& host : hosts) {
          seen[t].push_back(run_text(*host, "endless.lua"));
          seen[t].push_back(run_text(*host, "good.lua"));
        }
    });
  for (auto& thread : threads) thread.join();
  for (const auto& texts : seen) {
    REQUIRE(texts.size() == 2 * 2 * kHosts);
    for (size_t i = 0; i < texts.size(); i += 2) {
      CHECK(texts[i] == kEndlessStopped);
      CHECK(texts[i + 1] == "good");
    }
  }
}

TEST_CASE("lua: on a thread that blocks the watchdog's signal, runs are counted and an endless one ends", "[lua]") {
  const auto dir = scripts("blocked", {kEndless, kGood});
  std::vector<std::string> texts;
  jixiao::test::on_counted_thread([&] {
    ScriptHost host(dir, "scripts", 2, kMillion);
    texts.push_back(run_text(host, "endless.lua"));
    texts.push_back(run_text(host, "good.lua"));
  });
  CHECK(texts == std::vector<std::string>{kEndlessStopped, "good"});
}

// Run alone in a process of its own (the next test starts it): the handler
// is installed, or not, with the process's first host.
TEST_CASE(kAppHandlerTest, "[.]") {
  const int signal = jixiao::sandbox::watchdog_signal();
  struct sigaction app = {};
  app.sa_handler = app_handler;
  sigemptyset(&app.sa_mask);
  REQUIRE(sigaction(signal, &app, nullptr) == 0);
  const auto dir = scripts("app-handler", {kEndless, kGood});
  ScriptHost host(dir, "scripts", 2, kMillion);
  CHECK(run_text(host, "endless.lua") == kEndlessStopped);  // counted from its start: no fast run to stop
  CHECK(run_text(host, "good.lua") == "good");
  struct sigaction now = {};
  REQUIRE(sigaction(signal, nullptr, &now) == 0);
  CHECK(now.sa_handler == app_handler);
  CHECK(app_signals.load() == 0);
}

TEST_CASE("lua: a handler the application set for the watchdog's signal is kept, and runs are counted and end",
          "[lua]") {
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::execl("/proc/self/exe", "/proc/self/exe", "--warn", "NoTests", kAppHandlerTest, static_cast<char*>(nullptr));
    ::_exit(127);
  }
  REQUIRE(pid > 0);
  std::string outcome = "still running after 120 s";
  for (int waited = 0; waited < 120 * 20; ++waited) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) {
      outcome = WIFEXITED(status) ? "exit " + std::to_string(WEXITSTATUS(status))
                                  : "signal " + std::to_string(WTERMSIG(status));
      break;
    }
    ::usleep(50 * 1000);
  }
  if (outcome.rfind("still", 0) == 0) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
  }
  CHECK(outcome == "exit 0");
}

TEST_CASE("lua: a fast run after a pause longer than the wall clock's limit is not stopped for the pause", "[lua]") {
  // A fast run is timed from the clock's last reading (the run before it):
  // the pause between is counted, which only makes it be run again with the
  // hook, never stopped for time it did not take. Here the budget leaves
  // room for more instructions than 10 a ns could run in the wall clock's
  // second, and the script reads the clock (its calls into C are charged)
  // while allocating little (no collection step, which reads it again).
  const auto dir = scripts("pause", {{"charged.lua",
                                      "local s = string.rep('a', 2000)\n"
                                      "return function(ctx)\n"
                                      "  local n = 0\n"
                                      "  for i = 1, 200 do if string.find(s, 'b', 1, true) == nil then n = n + 1 end end\n"
                                      "  return 1, tostring(n)\n"
                                      "end\n"}});
  ScriptHost host(dir, "scripts", 2, SandboxLimits{1'000'000'000'000, 64u << 20, 1000});
  for (int round = 0; round < 3; ++round) CHECK(run_text(host, "charged.lua") == "200");
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  CHECK(run_text(host, "charged.lua") == "200");
}
