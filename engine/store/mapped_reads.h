// Reading a database file through a memory map for a while (a batch of
// load_many): SQLite reads its pages in place rather than copying each with a
// read call. A page past the file's end, once another program shrank the file
// under the map, reads as zeros, as SQLite reads a page a read call comes
// short of, and is found corrupt: never a SIGBUS.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

namespace jixiao {

// While one lives (and `on`), `db` reads through a memory map of its file
// (PRAGMA mmap_size), taken down when it ends; reads on this thread that
// fault past the file's end read zeros (a SIGBUS handler, installed with the
// first, hands any other SIGBUS to the action that was there before).
// Throws SQLite::Exception when the map cannot be set up.
class MappedReads {
 public:
  MappedReads(SQLite::Database& db, bool on);
  ~MappedReads();
  MappedReads(const MappedReads&) = delete;
  MappedReads& operator=(const MappedReads&) = delete;

 private:
  SQLite::Database* db_;
};

}  // namespace jixiao
