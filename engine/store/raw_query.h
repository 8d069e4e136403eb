// Internal to the store (store*.cc): a query read row by row through SQLite's
// own interface, for bulk scans where per-column objects and copies would
// cost more than reading the row: columns come as integers and as views of
// their text, valid until the next step.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string_view>

namespace SQLite {
class Database;
}

namespace jixiao::store_sql {

class RawQuery {
 public:
  // Prepares `sql` on `db`. Throws SQLite::Exception (as SQLiteCpp does, so
  // guarded() words it) when it cannot.
  RawQuery(SQLite::Database& db, const char* sql);
  ~RawQuery();
  RawQuery(const RawQuery&) = delete;
  RawQuery& operator=(const RawQuery&) = delete;

  // Binds ?index; throws SQLite::Exception when it cannot.
  void bind(int index, int64_t value);
  // Steps to the next row: true at a row, false after the last. Throws
  // SQLite::Exception on any failure (busy, corrupt, ...).
  bool step();

  int64_t int64(int column) const { return sqlite3_column_int64(stmt_, column); }
  bool is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  // The column's text in place (NULL reads as ""): valid until the next step.
  std::string_view text(int column) const {
    const auto* chars = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    if (chars == nullptr) return {};
    return {chars, static_cast<size_t>(sqlite3_column_bytes(stmt_, column))};
  }
  // The column's bytes in place, as a BLOB ("" for NULL or none): valid until the next step.
  std::string_view blob(int column) const {
    const auto* bytes = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
    if (bytes == nullptr) return {};
    return {bytes, static_cast<size_t>(sqlite3_column_bytes(stmt_, column))};
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace jixiao::store_sql
