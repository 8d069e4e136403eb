#include "mapped_reads.h"

#include <catch2/catch.hpp>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include "test_support.h"

using namespace jixiao;

TEST_CASE("mapped reads: a file shrunk under the map reads as corrupt, never a SIGBUS, and the map goes after",
          "[mapped-reads]") {
  // Another program may shrink the file while a batch reads it (a copy
  // written over it, a truncate): the pages past its new end read as zeros,
  // as a read call that comes short gives them. Run in a child, so that a
  // SIGBUS is a failed check rather than the end of the test run.
  const std::string path = test::scratch_dir("mapped-reads-shrunk") + "/x.db";
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("CREATE TABLE t (x BLOB)");
    SQLite::Statement add(db, "INSERT INTO t VALUES (randomblob(3000))");
    for (int i = 0; i < 200; ++i) {
      add.reset();
      add.exec();
    }
  }
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    int code = 1;
    try {
      SQLite::Database db(path, SQLite::OPEN_READWRITE);
      {
        const MappedReads mapped(db, true);
        SQLite::Statement scan(db, "SELECT length(x) FROM t");
        for (int i = 0; i < 10; ++i) scan.executeStep();  // the map made, at the file's size, and read
        if (::truncate(path.c_str(), 8192) == 0) {  // shrunk in the middle of the scan
          try {
            while (scan.executeStep()) {
            }
          } catch (const SQLite::Exception& e) {
            code = e.getErrorCode() == SQLITE_CORRUPT ? 0 : 2;
          }
        }
      }
      if (code == 0) code = db.execAndGet("PRAGMA mmap_size").getInt64() == 0 ? 0 : 3;  // taken down
    } catch (...) {
      code = 4;
    }
    ::_exit(code);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  INFO("signal " << (WIFSIGNALED(status) ? WTERMSIG(status) : 0));
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}
