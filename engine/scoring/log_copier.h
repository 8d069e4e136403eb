// Copying a batch run's commits into the database file while the run goes
// on (jixiao score --all): a checkpoint is mostly waiting for the disk (the
// log and the file each synced), so done on a thread of its own it overlaps
// the scoring instead of following it, and the checkpoint at the end of the
// run has only the last commits left to copy, and to sync.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <thread>

#include "store.h"

namespace jixiao {

class LogCopier {
 public:
  // About this many bytes committed between two copies.
  static constexpr size_t kEveryBytes = 1 << 20;

  // Opens a connection of its own to the database at `path` (throws Error
  // as Store::open_read_only does) and starts its thread, which copies
  // (Store::checkpoint: passive, never blocking a reader or the writer)
  // whenever `every_bytes` were committed since the last copy began, then
  // syncs the database file: SQLite syncs it only after a copy that caught
  // up with the writer, which a copy during a run seldom does, so that the
  // checkpoint at the end would wait for the disk to take every page copied.
  explicit LogCopier(const std::string& path, size_t every_bytes = kEveryBytes);
  // Waits for a copy under way, then stops the thread: a checkpoint after
  // it is not refused as busy.
  ~LogCopier();
  LogCopier(const LogCopier&) = delete;
  LogCopier& operator=(const LogCopier&) = delete;

  // Counts `bytes` more committed, waking the thread once every_bytes are.
  void committed(size_t bytes);
  // The copies begun so far.
  size_t copies() const;

 private:
  void serve();

  Store store_;  // used by the thread alone once it started
  int file_;     // the database file, read-only, to sync it (-1 when it cannot be opened)
  const size_t every_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  size_t pending_ = 0;  // bytes committed since the last copy began
  size_t copies_ = 0;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace jixiao
