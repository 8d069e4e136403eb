// Each thread waits for the count of runs to pass the last run it served,
// calls the work with its own index, and reports back; run() does worker 0's
// share itself, then waits for the others.
#include "worker_pool.h"

namespace jixiao {

WorkerPool::WorkerPool(size_t workers) {
  threads_.reserve(workers > 1 ? workers - 1 : 0);
  for (size_t k = 1; k < workers; ++k) threads_.emplace_back([this, k] { serve(k); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  started_.notify_all();
  for (auto& t : threads_) t.join();
}

void WorkerPool::serve(size_t worker) {
  uint64_t served = 0;
  for (;;) {
    const std::function<void(size_t)>* work = nullptr;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      started_.wait(lock, [&] { return stop_ || runs_ != served; });
      if (stop_) return;
      served = runs_;
      work = work_;
    }
    std::exception_ptr failure;
    try {
      (*work)(worker);
    } catch (...) {
      failure = std::current_exception();
    }
    std::lock_guard<std::mutex> lock(mutex_);
    if (failure && !failure_) failure_ = failure;
    if (--running_ == 0) finished_.notify_all();
  }
}

void WorkerPool::run(const std::function<void(size_t worker)>& work) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    work_ = &work;
    failure_ = nullptr;
    running_ = threads_.size();
    ++runs_;
  }
  started_.notify_all();
  std::exception_ptr failure;
  try {
    work(0);
  } catch (...) {
    failure = std::current_exception();
  }
  std::unique_lock<std::mutex> lock(mutex_);
  if (failure && !failure_) failure_ = failure;
  finished_.wait(lock, [&] { return running_ == 0; });
  work_ = nullptr;
  failure = failure_;
  lock.unlock();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace jixiao
