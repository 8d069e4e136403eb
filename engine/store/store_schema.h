// Internal to the store (store*.cc): the schema a new database gets, the
// migrations that bring an older one up to it, and the settings of every
// connection (WAL, synchronous, foreign keys, busy timeout).
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <string>

namespace jixiao::store_sql {

// The version this build writes. An older database is migrated to it; a
// newer one is refused.
constexpr int kSchemaVersion = 11;

// How long a connection waits for another process's write lock before it
// reports the database busy.
constexpr int kBusyTimeoutMs = 5000;

// Busy timeout and foreign keys, on every connection.
void configure(SQLite::Database& db);

// The schema version recorded in `db`: 0 for a file with no tables at all
// (new and empty), -1 for an SQLite file of another program (no meta table)
// or a meta table whose schema version is missing or not a positive whole
// number.
// Throws SQLite::Exception when the file cannot be read.
int stored_version(SQLite::Database& db);

// For a connection that writes. Unless the schema is current, in one
// IMMEDIATE transaction: creates the schema in an empty database, or migrates
// an older one step by step to kSchemaVersion (its data kept). Then switches
// the file to WAL with synchronous=FULL. Throws Error(kIo) naming `path` for
// a newer version or a file that is not a jixiao database; both are left
// untouched.
void create_or_migrate(SQLite::Database& db, const std::string& path);

// Error(kIo) naming `path`: a database of a newer jixiao, with both versions.
[[noreturn]] void refuse_newer(const std::string& path, int version);
// Why a database `db` whose stored_version is -1 is not one jixiao reads: an
// SQLite file without a meta table is not a jixiao database; one with a meta
// table has its schema version named (the value as recorded, or that there
// is none). Throws SQLite::Exception when `db` cannot be read.
std::string why_foreign(SQLite::Database& db);
// Error(kIo) naming `path`, saying why_foreign(db).
[[noreturn]] void refuse_foreign(const std::string& path, SQLite::Database& db);

}  // namespace jixiao::store_sql
