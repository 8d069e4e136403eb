// The watchdog of fast runs (sandbox::start_fast_run): one thread for the
// process that, every few milliseconds, stops a fast run it already saw at
// its last look. It never touches the run's lua_State, which its own thread
// is changing: it sends that thread the signal sandbox::watchdog_signal()
// (SIGRTMIN + 3), and the handler, running on that thread, installs the
// instruction hook as lua.c's handler of SIGINT does (lua_sethook may be
// called from a signal handler on the state's own thread), only if the
// thread is still in the fast run the watchdog saw. The hook then stops the
// run so that it is run again with the hook counting.
//
// The handler is installed once, with SA_RESTART (a system call the signal
// interrupts between runs, SQLite's I/O, carries on), when the first state
// is watched. An application that set a handler of its own for the signal
// (or ignores it) keeps it: there are then no fast runs and every run counts
// with the hook, as where no watchdog thread can start; likewise on a thread
// that blocks the signal (looked at once, at the thread's first fast run),
// and in a child of fork(). An application that wants the signal sets its
// handler before the first script host is made and does not block it later.
#include <pthread.h>
#include <signal.h>

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

// No lock on a run's way in or out (they are most of a short run's cost):
// the watchdog says it is looking (`looking`) before it reads `run`, and a
// run's thread, having set `run` to 0, waits while it looks. With every one
// of those four accesses sequentially consistent, either the watchdog reads
// 0, or the thread sees it looking and waits until its signal is sent: the
// watchdog only signals a thread that is still in the run it read, so alive.
struct Watch {
  lua_State* L = nullptr;
  lua_Hook hook = nullptr;
  // The thread of the fast run in progress: written before `run`, read by the
  // watchdog after it read that run.
  std::atomic<pthread_t> thread{};
  // The fast run in progress, 0 for none: written by its thread, read by the
  // watchdog and by the handler on that thread.
  std::atomic<unsigned long long> run{0};
  std::atomic<bool> looking{false};         // the watchdog is between reading `run` and signalling
  std::atomic<unsigned long long> stop{0};  // the run the watchdog signalled
  unsigned long long seen = 0;              // `run` at the watchdog's last look (its thread only)
};

namespace {

static_assert(std::atomic<unsigned long long>::is_always_lock_free && std::atomic<Watch*>::is_always_lock_free,
              "the signal handler reads these");
static_assert(std::atomic<pthread_t>::is_always_lock_free && std::atomic<bool>::is_always_lock_free,
              "a run's way in and out takes no lock");

constexpr auto kTick = std::chrono::milliseconds(5);

// In a child of fork() there is no watchdog thread: no fast runs there.
std::atomic<bool> forked{false};

// The fast run this thread is in (set for its length by watch_begin and
// watch_end), what the handler reads; a thread runs one state at a time.
thread_local std::atomic<Watch*> current{nullptr};

// Whether this thread takes the signal: 0 not yet asked, 1 yes, -1 it blocks it.
thread_local signed char takes_signal = 0;

// On the thread the watchdog signalled: no lock, no allocation.
void on_signal(int) {
  Watch* w = current.load(std::memory_order_acquire);
  if (w != nullptr && w->run.load(std::memory_order_relaxed) == w->stop.load(std::memory_order_relaxed))
    lua_sethook(w->L, w->hook, LUA_MASKCOUNT, 1);
}

// Installs on_signal unless the signal has a handler already (or is ignored).
bool install_handler() {
  struct sigaction old = {};
  if (sigaction(watchdog_signal(), nullptr, &old) != 0 || old.sa_handler != SIG_DFL) return false;
  struct sigaction ours = {};
  ours.sa_handler = on_signal;
  sigemptyset(&ours.sa_mask);
  ours.sa_flags = SA_RESTART;
  return sigaction(watchdog_signal(), &ours, nullptr) == 0;
}

class Watchdog {
 public:
  // Never destroyed: its thread waits until the process exits.
  static Watchdog& get() {
    static Watchdog* dog = new Watchdog;
    return *dog;
  }

  bool add(Watch* w) {
    std::lock_guard<std::mutex> lock(m_);
    if (!handler_) return false;  // the signal is the application's: this state's runs all count with the hook
    if (!started_) {
      try {
        std::thread(&Watchdog::loop, this).detach();
      } catch (const std::exception&) {
        return false;  // no thread: likewise
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
  Watchdog() : handler_(install_handler()) {
    pthread_atfork(&Watchdog::before_fork, &Watchdog::after_fork_parent, &Watchdog::after_fork_child);
  }

  void loop() {
    std::unique_lock<std::mutex> lock(m_);
    for (;;) {
      if (watched_.empty()) wake_.wait(lock);
      else wake_.wait_for(lock, kTick);
      for (Watch* w : watched_) {
        // While `looking`, the run's thread is inside the run read or waiting
        // in watch_end, so it is alive; the handler checks the run is the same.
        w->looking.store(true, std::memory_order_seq_cst);
        const unsigned long long run = w->run.load(std::memory_order_seq_cst);
        if (run != 0 && run == w->seen && w->stop.load(std::memory_order_relaxed) != run) {
          w->stop.store(run, std::memory_order_relaxed);
          pthread_kill(w->thread.load(std::memory_order_relaxed), watchdog_signal());
        }
        w->looking.store(false, std::memory_order_seq_cst);
        w->seen = run;
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
  const bool handler_;
  bool started_ = false;
};

}  // namespace

int watchdog_signal() { return SIGRTMIN + 3; }

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

bool watch_usable(const Watch* w) {
  if (w == nullptr || forked.load(std::memory_order_relaxed)) return false;
  if (takes_signal == 0) {
    sigset_t blocked;
    const bool takes = pthread_sigmask(SIG_BLOCK, nullptr, &blocked) == 0 &&
                       sigismember(&blocked, watchdog_signal()) == 0;
    takes_signal = takes ? 1 : -1;
  }
  return takes_signal > 0;
}

void watch_begin(Watch* w, unsigned long long run) {
  lua_sethook(w->L, nullptr, 0, 0);  // before the handler may install it
  w->thread.store(pthread_self(), std::memory_order_relaxed);
  current.store(w, std::memory_order_release);
  w->run.store(run, std::memory_order_seq_cst);  // after the thread: the watchdog reads it once it read the run
  std::atomic_signal_fence(std::memory_order_seq_cst);
}

void watch_end(Watch* w) {
  current.store(nullptr, std::memory_order_relaxed);
  std::atomic_signal_fence(std::memory_order_seq_cst);  // from here the handler does nothing
  w->run.store(0, std::memory_order_seq_cst);
  while (w->looking.load(std::memory_order_seq_cst)) std::this_thread::yield();  // it may have read the run: let it signal
}

}  // namespace jixiao::sandbox
