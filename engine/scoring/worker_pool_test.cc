#include "worker_pool.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <fstream>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace jixiao;

namespace {

// The threads this process runs now, as Linux counts them.
int threads_running() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("Threads:", 0) == 0) return std::stoi(line.substr(8));
  return -1;
}

}  // namespace

TEST_CASE("worker pool: N workers are the calling thread and N-1 threads, and a pool of one starts none",
          "[worker-pool]") {
  const int before = threads_running();
  REQUIRE(before > 0);
  {
    WorkerPool one(1);
    CHECK(one.size() == 1);
    CHECK(threads_running() == before);
    std::thread::id ran;
    one.run([&](size_t worker) {
      CHECK(worker == 0);
      ran = std::this_thread::get_id();
    });
    CHECK(ran == std::this_thread::get_id());
  }
  {
    WorkerPool three(3);
    CHECK(three.size() == 3);
    CHECK(threads_running() == before + 2);
  }
}

TEST_CASE("worker pool: every run calls each worker once, worker 0 on the caller, on the same threads every run",
          "[worker-pool]") {
  WorkerPool pool(4);
  std::vector<std::thread::id> first(4);
  for (int run = 0; run < 50; ++run) {
    INFO("run " << run);
    std::vector<std::thread::id> ids(4);
    std::vector<std::atomic<int>> calls(4);
    pool.run([&](size_t worker) {
      ++calls.at(worker);
      ids.at(worker) = std::this_thread::get_id();
    });
    for (const auto& c : calls) CHECK(c == 1);
    CHECK(ids[0] == std::this_thread::get_id());
    CHECK(std::set<std::thread::id>(ids.begin(), ids.end()).size() == 4);
    if (run == 0) first = ids;
    CHECK(ids == first);  // started once, not per run
  }
}

TEST_CASE("worker pool: what a worker throws is rethrown once every worker has returned, and the pool runs on",
          "[worker-pool]") {
  WorkerPool pool(3);
  std::atomic<bool> thrown{false};
  std::atomic<int> finished{0};
  CHECK_THROWS_WITH(pool.run([&](size_t worker) {
                      if (worker == 1) {
                        thrown = true;
                        throw std::runtime_error("worker 1 failed");
                      }
                      while (!thrown) std::this_thread::yield();  // the others are still at work when it throws
                      ++finished;
                    }),
                    "worker 1 failed");
  CHECK(finished == 2);

  std::atomic<int> calls{0};
  pool.run([&](size_t) { ++calls; });
  CHECK(calls == 3);
}
