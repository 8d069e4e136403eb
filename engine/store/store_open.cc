// Opening a database: read-only, for writing (created or migrated first),
// as it is for db check, or in memory; the schema version it records.
#include "store.h"
#include "store_schema.h"
#include "store_sql.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <cstdio>

#include "error.h"
#include "files.h"

namespace jixiao {

using namespace store_sql;

namespace {

// SQLite counts the memory it allocates under one process-wide mutex (and
// Debian's build has no lookaside: every row read is a malloc), so threads
// reading at once on their own connections (score --all's workers) queue on
// it: 2 workers ran 1.6x one with the count, 1.9x without, and jixiao never
// reads it. It can only be switched off before SQLite starts: here, as the
// program starts (SQLITE_MISUSE, harmless, if something started it first).
const int kNoMemoryCount = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);

// A Store (its connection and its cache of prepared statements) is used by
// one thread at a time; threads that read or write at once each open their
// own. So SQLite need not lock the connection around every call, which in a
// bulk read is a lock and an unlock per column of every row.
const int kOneThreadAtATime = SQLite::OPEN_NOMUTEX;

// A reader opens the file read-write (never creating it) with query_only on,
// so it writes nothing, yet, as the last connection to close a WAL database,
// it may checkpoint it and remove the -wal and -shm files its opening made:
// a read-only connection cannot, and every read would leave them behind.
// A file the process may not write is opened read-only by SQLite itself.
std::unique_ptr<SQLite::Database> connect(const std::string& path, bool writable) {
  return guarded(path, writable ? "cannot open the database for writing" : "cannot open the database", [&] {
    auto db = std::make_unique<SQLite::Database>(
        path, (writable ? SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE : SQLite::OPEN_READWRITE) | kOneThreadAtATime);
    if (!writable) db->exec("PRAGMA query_only = ON");
    configure(*db);
    return db;
  });
}

// A WAL database needs its -shm file: a reader that may not create it (a
// read-only folder, an archived copy) is refused by SQLite. When the file has
// no write-ahead log beside it, everything committed is in the file itself,
// so it is read as immutable instead; with a log it could be stale, and the
// error stands.
std::unique_ptr<SQLite::Database> connect_for_reading(const std::string& path, int& version) {
  try {
    auto db = connect(path, false);
    version = stored_version(*db);
    return db;
  } catch (const SQLite::Exception& e) {
    const int code = e.getErrorCode();
    struct stat wal {};
    const bool log_beside = ::stat((path + "-wal").c_str(), &wal) == 0 && wal.st_size > 0;
    if ((code != SQLITE_READONLY && code != SQLITE_CANTOPEN) || log_beside) throw;
  }
  std::string uri = "file:";
  for (char c : path) {
    if (c == '%' || c == '?' || c == '#') {
      static const char kHex[] = "0123456789ABCDEF";
      uri += {'%', kHex[(c >> 4) & 0xF], kHex[c & 0xF]};
    } else {
      uri += c;
    }
  }
  auto db = std::make_unique<SQLite::Database>(uri + "?immutable=1",
                                               SQLite::OPEN_READONLY | SQLite::OPEN_URI | kOneThreadAtATime);
  configure(*db);
  version = stored_version(*db);
  return db;
}

}  // namespace

void require_database_folder(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos || slash == 0) return;  // the current folder, or /
  const std::string folder = path.substr(0, slash);
  if (!file_exists(folder))
    throw Error(ErrorKind::kIo, "no such folder (the database " + path + " cannot be created in it)",
                Location{folder});
}

namespace {
constexpr const char* kDatabaseFiles[] = {"", "-wal", "-shm"};
}  // namespace

NewDatabaseGuard::NewDatabaseGuard(std::string path) : path_(std::move(path)) {
  for (size_t i = 0; i < 3; ++i) existed_[i] = file_exists(path_ + kDatabaseFiles[i]);
}

NewDatabaseGuard::~NewDatabaseGuard() {
  if (kept_ || existed_[0]) return;  // a -wal beside a database that was there holds its commits
  for (size_t i = 0; i < 3; ++i) {
    const std::string file = path_ + kDatabaseFiles[i];
    struct stat st {};
    if (!existed_[i] && ::lstat(file.c_str(), &st) == 0 && S_ISREG(st.st_mode)) std::remove(file.c_str());
  }
}

int Store::current_schema_version() { return kSchemaVersion; }

Store Store::open_read_only(const std::string& path) {
  if (!file_exists(path)) throw Error(ErrorKind::kIo, "no such database (run 'jixiao import' first)", Location{path});
  int version = 0;
  auto db = guarded(path, "cannot open the database", [&] { return connect_for_reading(path, version); });
  if (version > kSchemaVersion) refuse_newer(path, version);
  if (version < 0) guarded(path, "cannot read the schema version", [&] { refuse_foreign(path, *db); });
  if (version == 0) throw Error(ErrorKind::kIo, "an empty database (run 'jixiao import' first)", Location{path});
  if (version < kSchemaVersion) {
    // An older jixiao wrote it: migrate it now, which needs write access.
    db.reset();
    try {
      open_for_write(path);
    } catch (const Error& e) {
      throw Error(ErrorKind::kIo,
                  "database schema version " + std::to_string(version) + " is older than this jixiao's " +
                      std::to_string(kSchemaVersion) + " and could not be migrated: " + e.message(),
                  Location{path});
    }
    db = guarded(path, "cannot open the database", [&] { return connect_for_reading(path, version); });
  }
  return Store(std::move(db), path);
}

Store Store::open_for_write(const std::string& path) {
  require_database_folder(path);
  Store store(connect(path, true), path);
  guarded(path, "cannot prepare the database", [&] { create_or_migrate(*store.db_, path); });
  return store;
}

Store Store::open_for_check(const std::string& path) {
  if (!file_exists(path)) throw Error(ErrorKind::kIo, "no such database", Location{path});
  int version = 0;
  try {  // an archived copy in a folder it may not write read as any reader reads it
    return Store(connect_for_reading(path, version), path);
  } catch (const SQLite::Exception&) {
    return Store(connect(path, false), path);  // a file that does not read: the checks say why
  }
}

Store Store::open_in_memory() {
  Store store(std::make_unique<SQLite::Database>(":memory:",
                                                 SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | kOneThreadAtATime),
              ":memory:");
  configure(*store.db_);
  create_or_migrate(*store.db_, ":memory:");
  return store;
}

int Store::schema_version() const {
  return guarded(path_, "cannot read the schema version", [&] { return stored_version(*db_); });
}

std::string Store::why_not_jixiao() const {
  return guarded(path_, "cannot read the schema version", [&] { return why_foreign(*db_); });
}

}  // namespace jixiao
