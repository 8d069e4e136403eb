// The reader waits while `ahead` batches are ready and unread; next() waits
// while none is. A failure ends the stream: next() rethrows it after the
// batches read before it.
#include "record_stream.h"

#include <algorithm>

#include "store.h"

namespace jixiao {

RecordStream::RecordStream(std::string db_path, std::vector<int64_t> ids, size_t batch_size, size_t ahead,
                           Store::Reading what)
    : db_path_(std::move(db_path)),
      ids_(std::move(ids)),
      batch_size_(std::max<size_t>(1, batch_size)),
      ahead_(std::max<size_t>(1, ahead)),
      what_(what),
      reader_([this] { read(); }) {}

RecordStream::~RecordStream() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  reader_.join();
}

void RecordStream::read() {
  try {
    const Store store = Store::open_read_only(db_path_);
    for (size_t first = 0; first < ids_.size(); first += batch_size_) {
      {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [&] { return stop_ || ready_.size() < ahead_; });
        if (stop_) return;
      }
      const auto from = ids_.begin() + static_cast<std::ptrdiff_t>(first);
      std::vector<Record> batch = store.load_many(std::vector<int64_t>(from, from + static_cast<std::ptrdiff_t>(
                                                                                    std::min(batch_size_, ids_.size() - first))),
                                                   what_);
      {
        std::lock_guard<std::mutex> lock(mutex_);
        ready_.push_back(std::move(batch));
      }
      changed_.notify_all();
    }
  } catch (...) {
    std::lock_guard<std::mutex> lock(mutex_);
    failure_ = std::current_exception();
  }
  changed_.notify_all();
}

std::vector<Record> RecordStream::next() {
  const size_t batches = (ids_.size() + batch_size_ - 1) / batch_size_;
  std::unique_lock<std::mutex> lock(mutex_);
  if (handed_ == batches) return {};
  changed_.wait(lock, [&] { return !ready_.empty() || failure_ != nullptr; });
  if (ready_.empty()) {
    std::exception_ptr failure = failure_;
    handed_ = batches;  // the stream ends here
    std::rethrow_exception(failure);
  }
  std::vector<Record> batch = std::move(ready_.front());
  ready_.pop_front();
  ++handed_;
  lock.unlock();
  changed_.notify_all();
  return batch;
}

}  // namespace jixiao
