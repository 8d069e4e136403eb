// The watchdog of fast runs (sandbox::start_fast_run): one thread for the
// process that, every few milliseconds, stops a fast run it already saw at
// its last look by installing the instruction hook, which then stops the run
// so that it is run again with the hook counting. Lua allows lua_sethook
// from outside the running thread ("this function can be called
// asynchronously", as lua.c does from a signal handler); each state's lock
// keeps it from landing outside the fast run it was meant for, and the
// collector, which steps only between runs, frees none of the frames it walks.
#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <new>
#include <thread>
#include <vector>

#include "lua_sandbox.h"

namespace jixiao::sandbox {

struct Watch {
  std::mutex m;
  lua_State* L = nullptr;
  lua_Hook hook = nullptr;
  unsigned long long run = 0;   // the fast run in progress, 0 for none (under m)
  unsigned long long seen = 0;  // `run` at the watchdog's last look (its thread only)
};

namespace {

constexpr auto kTick = std::chrono::milliseconds(5);

// In a child of fork() there is no watchdog thread: no fast runs there.
std::atomic<bool> forked{false};

class Watchdog {
 public:
  // Never destroyed: its thread waits until the process exits.
  static Watchdog& get() {
    static Watchdog* dog = new Watchdog;
    return *dog;
  }

  bool add(Watch* w) {
    std::lock_guard<std::mutex> lock(m_);
    if (!started_) {
      try {
        std::thread(&Watchdog::loop, this).detach();
      } catch (const std::exception&) {
        return false;  // no thread: this state's runs all count with the hook
      }
      started_ = true;
    }
    watched_.push_back(w);
    wake_.notify_one();
    return true;
  }

  void remove(Watch* w) {
    std::lock_guard<std::mutex> lock(m_);  // the watchdog does not look at it past here
    watched_.erase(std::remove(watched_.begin(), watched_.end(), w), watched_.end());
  }

 private:
  Watchdog() { pthread_atfork(&Watchdog::before_fork, &Watchdog::after_fork_parent, &Watchdog::after_fork_child); }

  void loop() {
    std::unique_lock<std::mutex> lock(m_);
    for (;;) {
      if (watched_.empty()) wake_.wait(lock);
      else wake_.wait_for(lock, kTick);
      for (Watch* w : watched_) {
        std::lock_guard<std::mutex> state(w->m);
        if (w->run != 0 && w->run == w->seen) lua_sethook(w->L, w->hook, LUA_MASKCOUNT, 1);
        w->seen = w->run;
      }
    }
  }

  static void before_fork() { get().m_.lock(); }
  static void after_fork_parent() { get().m_.unlock(); }
  static void after_fork_child() {
    forked.store(true, std::memory_order_relaxed);
    get().m_.unlock();
  }

  std::mutex m_;
  std::condition_variable wake_;
  std::vector<Watch*> watched_;
  bool started_ = false;
};

}  // namespace

Watch* watch_state(lua_State* L, lua_Hook hook) {
  auto* w = new (std::nothrow) Watch;
  if (w == nullptr) return nullptr;
  w->L = L;
  w->hook = hook;
  if (Watchdog::get().add(w)) return w;
  delete w;
  return nullptr;
}

void unwatch_state(Watch* w) {
  if (w == nullptr) return;
  Watchdog::get().remove(w);
  delete w;
}

bool watch_usable(const Watch* w) { return w != nullptr && !forked.load(std::memory_order_relaxed); }

void watch_begin(Watch* w, unsigned long long run) {
  std::lock_guard<std::mutex> lock(w->m);
  w->run = run;
  lua_sethook(w->L, nullptr, 0, 0);
}

void watch_end(Watch* w) {
  std::lock_guard<std::mutex> lock(w->m);
  w->run = 0;
}

}  // namespace jixiao::sandbox
