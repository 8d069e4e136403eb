#include "log_copier.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <thread>

#include <SQLiteCpp/SQLiteCpp.h>

#include "test_support.h"

using namespace jixiao;

namespace {

// The rows of the scratch table as the database file alone holds them (its log left out).
int rows_in_file_alone(const std::string& db, const std::string& copy) {
  std::filesystem::remove(copy);
  std::filesystem::copy_file(db, copy);
  SQLite::Database d(copy, SQLite::OPEN_READONLY);
  if (!d.tableExists("scratch")) return -1;
  return d.execAndGet("SELECT count(*) FROM scratch").getInt();
}

}  // namespace

TEST_CASE("log copier: what was committed reaches the database file once enough was, and not before",
          "[log-copier]") {
  const std::string dir = test::scratch_dir("log-copier");
  const std::string db = dir + "/province.db";
  REQUIRE(test::run_jixiao({"gen", "--departments", "1", "--seed", "2", "--db", db, "--home", test::source_dir()})
              .exit_code == 0);
  SQLite::Database writer(db, SQLite::OPEN_READWRITE);
  writer.exec("PRAGMA wal_autocheckpoint = 0");  // only the copier copies
  writer.exec("CREATE TABLE scratch (b BLOB)");
  writer.exec("INSERT INTO scratch VALUES (zeroblob(50000))");
  {
    LogCopier copier(db, 1000);
    copier.committed(999);  // not enough yet
    CHECK(copier.copies() == 0);
  }
  CHECK(rows_in_file_alone(db, dir + "/alone.db") == -1);  // still in the log only

  {
    LogCopier copier(db, 1000);
    copier.committed(600);
    copier.committed(600);  // enough: a copy begins on the copier's thread
    for (int i = 0; i < 6000 && copier.copies() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(copier.copies() == 1);
    writer.exec("INSERT INTO scratch VALUES (1)");  // the writer goes on meanwhile
  }  // waits for the copy under way
  const int alone = rows_in_file_alone(db, dir + "/alone.db");
  CHECK((alone == 1 || alone == 2));  // the second row if it was committed before the copy began
}
