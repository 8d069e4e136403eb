// The threads of one batch scoring command (jixiao score --all): N workers
// are the calling thread and N-1 threads started once, which every pass of
// the command (department-years, then project tables) runs on in turn.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace jixiao {

class WorkerPool {
 public:
  // Starts `workers` - 1 threads (none for 1), which wait for run().
  explicit WorkerPool(size_t workers);
  // Stops the threads and waits for them.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // The number of workers, the calling thread of run() included.
  size_t size() const { return threads_.size() + 1; }

  // Calls `work(k)` once for every worker k (0 .. size()-1) at the same
  // time, k = 0 on the calling thread, and returns when every call has
  // returned. When calls throw, rethrows what the first to throw threw.
  // One run at a time.
  void run(const std::function<void(size_t worker)>& work);

 private:
  void serve(size_t worker);

  std::mutex mutex_;
  std::condition_variable started_, finished_;
  const std::function<void(size_t)>* work_ = nullptr;  // the run under way
  uint64_t runs_ = 0;                                  // runs started: a thread waits for the next one
  size_t running_ = 0;                                 // the pool's threads still in the run under way
  std::exception_ptr failure_;                         // what the first call to throw threw
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace jixiao
