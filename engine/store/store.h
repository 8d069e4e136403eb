// The SQLite database of recorded department-years (store*.cc are the only
// files that know SQLiteCpp). Scoring opens it read-only; import writes it in
// one transaction.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "record.h"

namespace SQLite {
class Database;
class Statement;
}

namespace jixiao {

namespace store_sql {
class TableReader;
}

struct RecordKey {
  std::string entity;
  int year = 0;
  std::string kind;    // "filed", "review" or "projects"
  std::string set_id;
};

// A stored record as batch scoring finds it: its row id and key.
struct StoredRecord {
  int64_t id = 0;
  RecordKey key;
};

// The records batch scoring may score, a few bytes each (no keys): memory
// stays flat in the number of department-years.
struct RecordsToScore {
  std::vector<std::string> set_ids;  // the sets they name, each once, in order of first appearance
  std::vector<int64_t> ids;          // ascending
  std::vector<uint32_t> set_of;      // per id: the set it names, an index into set_ids
};

// One leaf's result of batch scoring, as Store::results() reads it back.
struct StoredResult {
  int64_t record_id = 0;
  std::string set_id;
  std::string set_hash;   // the set's content hash: results of other rule versions never mix
  std::string leaf_id;
  std::string score;      // exact decimal text at the set's places; "" when there is no score
  std::string source;     // computed, judged, uncovered, not-scored; a project row's status
  std::string reason;     // "" when none is stored (score --all stores none, for department-years
                          // and project tables alike: `jixiao score` rebuilds them)
};

// A record's results of batch scoring under one set version, as written: one
// row of the results table, its leaves packed (packed_leaves.h).
struct RecordResults {
  int64_t record_id = 0;
  std::string set_id;
  std::string set_hash;   // the set's content hash
  std::string leaves;     // packed (packed_leaves.h), in document order
  size_t count = 0;       // how many leaves `leaves` holds
  std::string source_hash;  // the record's source hash as scored: written only while it is still stored so
  // The set version's leaf ids, packed (pack_leaf_ids), when `leaves` holds
  // them in that order unnamed; null when it names each leaf.
  std::shared_ptr<const std::string> version_leaves;
};

// A record's stored results under one set content hash, summed: what
// compare --all needs of a record scored by score --all.
struct StoredTotal {
  size_t leaves = 0;     // results stored (0: never scored under that hash)
  size_t uncovered = 0;  // of which without a score because an input or judgement is missing
  Decimal total;         // the exact sum of the stored (rounded) scores
};

struct ImportSummary {
  int imported = 0;   // records written
  int unchanged = 0;  // records whose source was already imported as is
  int removed = 0;    // records of the replaced source (import_replacing) not written again
};

// Throws Error(kIo) naming the folder when the folder `path` would be
// created in does not exist.
void require_database_folder(const std::string& path);

// For a command that may create the database `path`: unless kept(), its
// destruction removes the database file it did not find when it was made,
// with the -wal and -shm it did not find either (files only), so that a
// command that creates a database and then fails (a full disk, a -wal it
// cannot make) leaves none behind. (A first import needs none: it builds
// the database beside it and renames it into place.) Destroy it after every connection to
// `path` is closed.
class NewDatabaseGuard {
 public:
  explicit NewDatabaseGuard(std::string path);
  ~NewDatabaseGuard();
  NewDatabaseGuard(const NewDatabaseGuard&) = delete;
  NewDatabaseGuard& operator=(const NewDatabaseGuard&) = delete;
  void kept() { kept_ = true; }

 private:
  std::string path_;
  bool existed_[3];  // the file, its -wal, its -shm
  bool kept_ = false;
};

// A Store is used by one thread at a time (threads that read or write at
// once each open their own). Every connection waits up to 5 s for another process's write lock (then
// "the database is busy: another jixiao is writing it; try again"), has
// foreign keys on, and a database written here is in WAL mode, so readers
// never wait for a writer nor see half of its transaction.
class Store {
 public:
  // The schema version this build writes.
  static int current_schema_version();

  // Opens an existing database read-only. A database of an older schema is
  // first migrated (which needs write access); one of a newer jixiao is
  // refused naming both versions. Throws Error(kIo) naming the path when it
  // is missing, not an SQLite file, or not a jixiao database.
  static Store open_read_only(const std::string& path);
  // Opens or creates a database for writing, creating its schema or migrating
  // an older one in one transaction. A newer or foreign file is refused and
  // left untouched (never deleted). Throws Error(kIo) naming the folder when
  // it does not exist.
  static Store open_for_write(const std::string& path);
  // Opens a database read-only as it is, whatever its schema: for db check.
  static Store open_for_check(const std::string& path);
  // ":memory:" for tests.
  static Store open_in_memory();

  Store(Store&&) noexcept;
  ~Store();

  // Writes all `records` in one transaction: each replaces the stored record
  // of the same entity, year and kind. A record whose source hash equals the
  // stored one is left as it is. On any error nothing is written. A write
  // forgets the digest of the last sync (synced_inputs).
  ImportSummary import(const std::vector<Record>& records, const std::vector<std::string>& source_hashes);
  // The same, and in the same transaction removes every stored record whose
  // source begins with `source_prefix` that `records` does not hold (by
  // entity, year and kind): `jixiao gen` replaces what an earlier gen wrote
  // ("gen:seed=…") with its own province, and keeps records imported from files.
  ImportSummary import_replacing(const std::vector<Record>& records, const std::vector<std::string>& source_hashes,
                                 const std::string& source_prefix);

  // Removes every record imported from a file not in `sources` and records
  // `synced_inputs` as the digest of the last sync (forgets it when empty),
  // in one transaction; returns how many records were removed. A sync of the
  // default database (Workspace::open_store) calls it last: a digest recorded
  // says the records are what a sync of those inputs writes.
  int remove_records_not_from(const std::vector<std::string>& sources, const std::string& synced_inputs = "");

  // The digest the last sync recorded, or "" when none stands.
  std::string synced_inputs() const;

  // Every stored record, ordered by year, entity, kind.
  std::vector<RecordKey> list() const;

  // The record of `entity`, `year`, `kind`, read with one query per table.
  // Throws Error(kMissing) when there is none, saying which records `entity`
  // has, or the nearest known entity when it has none.
  Record load(const std::string& entity, int year, const std::string& kind = "filed") const;

  // Batch scoring (store_batch.cc). The filed and review records, ordered by
  // id, of `year` (0: every year) and, unless `set_id` is empty, of that set.
  std::vector<StoredRecord> records_to_score(int year, const std::string& set_id) const;
  // The same records (every set's) as ids and set ids alone, for score --all,
  // read from an index of their own; `found`, unless empty, is called with
  // each set id in the order of set_ids, as soon as the ids are read, so
  // that its scorers can be made while the caller goes on.
  using SetFound = std::function<void(const std::string& set_id)>;
  RecordsToScore ids_to_score(int year, const SetFound& found = {}) const;
  // The project records (kind "projects") of `year` likewise.
  RecordsToScore project_ids_to_score(int year, const SetFound& found = {}) const;
  // The project records (kind "projects"), ordered by id, of `year` (0: every year).
  std::vector<StoredRecord> project_records(int year) const;
  // The records of `ids` (ascending), in that order, read with one scan of
  // the records and their packed inputs (packed_inputs.h) over the id range.
  // kForScoring: only what scoring reads: the key, source hash, filed total,
  // facts' values and units, rows, judgements' scores and bases, filed
  // scores; no labels, provenance or project tables (score and explain, which
  // show them, read a record whole with load()). kFiledScores: the key, filed
  // total and filed scores alone. kProjects: the key and the project tables
  // whole, as load() reads them (what scoring a record of kind "projects"
  // reads). Throws Error(kMissing) when an id is not stored; Error(kInput)
  // naming the record ("corrupt database: record 17 (甲 2021 filed) has
  // packed inputs that do not read back: the facts, fact 3, its unit: …")
  // when its packed inputs are missing or damaged. kPacked: the key, source
  // hash and filed total, and the packed inputs as they are in
  // Record::packed, to be read by the caller (read_scoring_inputs), which
  // reports a packing that does not read with inputs_error(). Given `gone`,
  // an id no longer stored (another process imported its record again, or
  // removed it, since it was listed) is not an error: its place in `ids` is
  // added to *gone (ascending) and its Record left empty.
  // `kinds`: the kinds of record the ids are of. kDepartmentYears (filed and
  // review) or kProjectTables: the scan passes over the records of other
  // kinds in the id range without reading their packed inputs (a batch of a
  // pass has others between its own: gen and import write a department's
  // records together), and an id of another kind reads as not stored.
  enum class Reading { kForScoring, kFiledScores, kProjects, kPacked };
  enum class Kinds { kAny, kDepartmentYears, kProjectTables };
  std::vector<Record> load_many(const std::vector<int64_t>& ids, Reading what = Reading::kForScoring,
                                std::vector<size_t>* gone = nullptr, Kinds kinds = Kinds::kAny) const;
  // The Error load_many throws for record `id` (`r`, as it read it) whose
  // packed inputs have the defect `defect`.
  Error inputs_error(int64_t id, const Record& r, const std::string& defect) const;
  // The filed total `text` of record `id` (`r`, as read so far) as stored;
  // throws inputs_error when it is not a number.
  Decimal filed_total_of(int64_t id, const Record& r, std::string_view text) const;
  // For each of `ids` (ascending), in that order, its results under the set
  // content hash `set_hash`, summed (leaves 0 when it has none), in one scan.
  std::vector<StoredTotal> stored_totals(const std::string& set_hash, const std::vector<int64_t>& ids) const;
  // The ids of records that have results for the set content hash `set_hash`.
  std::vector<int64_t> scored_records(const std::string& set_hash) const;
  // Writes `results` in one transaction (a record's earlier results for the
  // same hash replaced): all or nothing. A record no longer stored with the
  // source hash its results were scored from (imported again, or deleted,
  // since it was read) gets none: its id is returned instead (ascending).
  std::vector<int64_t> write_results(const std::vector<RecordResults>& results);
  // Registers each (set id, set content hash) of `versions` not yet stored, in
  // that order, in one transaction, so that the version ids of a batch run
  // follow the sets it uses, not the order its batches are committed in.
  void add_set_versions(const std::vector<std::pair<std::string, std::string>>& versions);
  // While one lives, many write_results in a row (a batch run) on `store`:
  // commits wait for no fsync (synchronous=NORMAL), the write-ahead log is
  // copied into the file once it passes kBulkLogBytes rather than SQLite's
  // 1000 pages, and SQLite does not check foreign keys (write_results checks
  // the records and the set version it writes itself). At its end the settings are restored and the log is copied
  // into the file as far as readers allow (a passive checkpoint: it never
  // waits for nor blocks a reader). What was committed stays committed
  // whenever the process stops. The results written while one lives must be
  // of records read after it began: write_results checks their source
  // hashes only when another connection has committed since.
  class BulkWrites {
   public:
    static constexpr int kBulkLogBytes = 64 << 20;
    explicit BulkWrites(Store& store);
    ~BulkWrites();
    BulkWrites(const BulkWrites&) = delete;
    BulkWrites& operator=(const BulkWrites&) = delete;

   private:
    Store& store_;
    int synchronous_ = 2, autocheckpoint_ = 1000, foreign_keys_ = 1;  // replaced by the connection's
  };
  // Every stored result, one per leaf, ordered by record, set hash and leaf.
  // Throws Error(kInput) naming the record when a stored row is not a packing.
  std::vector<StoredResult> results() const;
  // The set content hashes results were stored under, each once, with the set id.
  std::vector<std::pair<std::string, std::string>> result_hashes() const;
  // Calls `each` with every row of the results table as stored, ordered by
  // set hash and record: for db check, which decodes them itself.
  // `version_leaves` is the version's leaf ids (set_versions.leaves), "" when it lists none.
  void scan_results(const std::function<void(int64_t record_id, const std::string& set_hash, std::string_view packed,
                                             std::string_view version_leaves)>& each) const;

  const std::string& path() const { return path_; }

  // Copies what was committed into the database file itself, as far as
  // readers allow (a passive checkpoint: it never waits for nor blocks a
  // reader or the writer), from this connection, a reader's too. Best
  // effort: what was committed stays committed whether or not it succeeds.
  void checkpoint() noexcept;

  // The schema version recorded in the file: 0 when it holds no table, -1
  // for an SQLite file of another program.
  int schema_version() const;
  // For a schema version of -1: why the file is not a jixiao database
  // ("its meta table records no schema version (is the file damaged?)").
  std::string why_not_jixiao() const;

  // The checks of `jixiao db check` that need only the database
  // (store_check.cc); each returns one line per problem, none when clean.
  std::vector<std::string> integrity_problems() const;    // PRAGMA integrity_check
  std::vector<std::string> foreign_key_problems() const;  // PRAGMA foreign_key_check
  std::vector<std::string> orphan_rows() const;           // rows of a child table without their parent
  std::vector<std::string> set_ids() const;               // the sets records name, each once
  // Records whose packed inputs (store_inputs.cc) are missing, do not read
  // back, or differ from their tables: "record 17 (甲 2021 filed): its packed
  // inputs do not read back: the facts, fact 3, its unit: …"; or whose filed
  // total is not a number. Schema 8 on.
  std::vector<std::string> input_problems() const;

 private:
  Store(std::unique_ptr<SQLite::Database> db, std::string path);
  // Whether import() would change anything (a record new, changed or moved).
  bool needs_writing(const std::vector<Record>& records, const std::vector<std::string>& source_hashes) const;
  // The ids of records whose source begins with `source_prefix` and which
  // `records` do not hold; none when the prefix is empty.
  std::vector<int64_t> replaced_records(const std::vector<Record>& records, const std::string& source_prefix) const;
  // What load()'s message adds: " (it has: 2021 filed)", or a did-you-mean.
  std::string what_else_of(const std::string& entity) const;
  // The ids of records whose source is not one of `sources`.
  std::vector<int64_t> records_not_from(const std::vector<std::string>& sources) const;
  // In write_results' transaction: the id of the set version `r` is of,
  // registered when new, its leaf ids listed when `r` needs them and the
  // version lists none yet. Throws Error(kInput) when it lists others.
  int64_t version_of(const RecordResults& r);

  // A prepared statement for `sql`, compiled once and reset for each use.
  SQLite::Statement& statement(const std::string& sql) const;

  std::unique_ptr<SQLite::Database> db_;
  std::string path_;
  mutable std::map<std::string, std::unique_ptr<SQLite::Statement>> statements_;
  mutable std::unique_ptr<store_sql::TableReader> tables_;  // load()'s queries, prepared at its first call
  // While a BulkWrites lives: the connection's data_version when it began
  // (another connection's commit since changes it); -1 otherwise.
  int64_t bulk_data_version_ = -1;
};

}  // namespace jixiao
