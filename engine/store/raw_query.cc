// Failures become SQLite::Exception carrying the connection's message and
// code, exactly what SQLiteCpp throws, so callers need no second path.
#include "raw_query.h"

#include <SQLiteCpp/SQLiteCpp.h>

namespace jixiao::store_sql {

RawQuery::RawQuery(SQLite::Database& db, const char* sql) : db_(db.getHandle()) {
  const int rc = sqlite3_prepare_v2(db_, sql, -1, &stmt_, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt_);
    throw SQLite::Exception(db_, rc);
  }
}

RawQuery::~RawQuery() { sqlite3_finalize(stmt_); }

void RawQuery::bind(int index, int64_t value) {
  const int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) throw SQLite::Exception(db_, rc);
}

bool RawQuery::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw SQLite::Exception(db_, rc);
}

}  // namespace jixiao::store_sql
