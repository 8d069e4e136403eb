// The SQLite database of recorded department-years (the only file that knows
// SQLiteCpp). Scoring opens it read-only; import writes it in one transaction.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "record.h"

namespace SQLite {
class Database;
class Statement;
}

namespace jixiao {

struct RecordKey {
  std::string entity;
  int year = 0;
  std::string kind;    // "filed", "review" or "projects"
  std::string set_id;
};

struct ImportSummary {
  int imported = 0;   // records written
  int unchanged = 0;  // records whose source was already imported as is
};

class Store {
 public:
  // Opens an existing database read-only. Throws Error(kIo) naming the path
  // when it is missing, not an SQLite file, or not a jixiao database.
  static Store open_read_only(const std::string& path);
  // Opens or creates a database for writing.
  static Store open_for_write(const std::string& path);
  // True when `path` holds a database this build cannot read as it is (an
  // older schema, or not a jixiao database); false when it is current, or
  // cannot be opened just now (busy, permissions).
  static bool is_outdated(const std::string& path);
  // ":memory:" for tests.
  static Store open_in_memory();

  Store(Store&&) noexcept;
  ~Store();

  // Writes all `records` in one transaction: each replaces the stored record
  // of the same entity, year and kind. A record whose source hash equals the
  // stored one is left as it is. On any error nothing is written.
  ImportSummary import(const std::vector<Record>& records, const std::vector<std::string>& source_hashes);

  // Removes every record imported from a file not in `sources`, in one
  // transaction; returns how many.
  int remove_records_not_from(const std::vector<std::string>& sources);

  // Every stored record, ordered by year, entity, kind.
  std::vector<RecordKey> list() const;

  // The record of `entity`, `year`, `kind`, read with one query per table.
  // Throws Error(kMissing) with the nearest known entity when there is none.
  Record load(const std::string& entity, int year, const std::string& kind = "filed") const;

  const std::string& path() const { return path_; }

 private:
  Store(std::unique_ptr<SQLite::Database> db, std::string path);
  void create_schema();
  void check_schema() const;

  // A prepared statement for `sql`, compiled once and reset for each use.
  SQLite::Statement& statement(const std::string& sql) const;

  std::unique_ptr<SQLite::Database> db_;
  std::string path_;
  mutable std::map<std::string, std::unique_ptr<SQLite::Statement>> statements_;
};

}  // namespace jixiao
