// The records of a batch scoring run, read ahead in bounded chunks by one
// reader thread with its own read-only connection: memory holds the batch
// being scored and at most `ahead` batches read, whatever the number of
// records, and one thread (one malloc arena) allocates them all.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "record.h"
#include "store.h"

namespace jixiao {

class RecordStream {
 public:
  // Starts reading, from the database at `db_path`, the records of `ids`
  // (ascending) `batch_size` at a time with Store::load_many (reading
  // `what`), in order.
  RecordStream(std::string db_path, std::vector<int64_t> ids, size_t batch_size, size_t ahead = 1,
               Store::Reading what = Store::Reading::kForScoring);
  // Stops the reader (after the batch it is reading) and waits for it.
  ~RecordStream();
  RecordStream(const RecordStream&) = delete;
  RecordStream& operator=(const RecordStream&) = delete;

  // The next batch, in the order of `ids`; empty after the last. Rethrows
  // what the reader threw (an Error naming the database), once.
  std::vector<Record> next();

  // The ids being read, as given.
  const std::vector<int64_t>& ids() const { return ids_; }

 private:
  void read();

  const std::string db_path_;
  const std::vector<int64_t> ids_;
  const size_t batch_size_, ahead_;
  const Store::Reading what_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::vector<Record>> ready_;
  size_t handed_ = 0;  // batches handed out by next()
  bool stop_ = false;
  std::exception_ptr failure_;
  std::thread reader_;  // last: starts once the rest is set
};

}  // namespace jixiao
