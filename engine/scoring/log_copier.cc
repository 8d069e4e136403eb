// The thread sleeps until enough was committed or it is stopped; a copy
// runs outside the lock, so the writer counting its commits never waits for
// the disk.
#include "log_copier.h"

#include <fcntl.h>
#include <unistd.h>

namespace jixiao {

LogCopier::LogCopier(const std::string& path, size_t every_bytes)
    : store_(Store::open_read_only(path)),
      file_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)),
      every_(every_bytes),
      thread_([this] { serve(); }) {}

LogCopier::~LogCopier() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_one();
  thread_.join();
  if (file_ >= 0) ::close(file_);
}

void LogCopier::committed(size_t bytes) {
  bool wake = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    pending_ += bytes;
    wake = pending_ >= every_;
  }
  if (wake) wake_.notify_one();
}

size_t LogCopier::copies() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return copies_;
}

void LogCopier::serve() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return stop_ || pending_ >= every_; });
    if (stop_) return;
    pending_ = 0;
    ++copies_;
    lock.unlock();
    store_.checkpoint();
    if (file_ >= 0) ::fdatasync(file_);  // best effort, as the copy: the checkpoint at the end syncs it anyway
    lock.lock();
  }
}

}  // namespace jixiao
