// The schema and its history. Each migration is the SQL that turns version
// N-1 into N; a database of any earlier version is brought up to date by
// running the steps after its version, in order, in one transaction. A new
// version is one more entry in kMigrations and the same change in kSchema
// (store_test checks that a migrated database has exactly the fresh schema).
#include "store_schema.h"

#include "error.h"
#include "store_sql.h"

namespace jixiao::store_sql {

namespace {

// results.leaves: a record's leaf results under one set version, packed as
// packed_leaves.h says: a head byte (the places scores are shown with, and
// whether leaves are named), then per leaf a source code and flags, the score
// as a whole number at those places, a reason when one is stored, and the
// leaf id only in a named value (a project table's, or one migrated), front
// coded. set_versions.leaves: a department set's leaf ids, in document
// order, each as its length in decimal, ':', the bytes (readable with
// `cast(leaves AS TEXT)`); NULL until a row needs them.
// record_inputs.inputs: what scoring reads of a department-year (a record
// of kind filed or review), packed as packed_inputs.h says, written with its
// tables (which stay for load, explain and db check); a table of its own, so
// that the scans of records stay as small as they were. project_inputs: the
// same of a record of project tables, apart, so that a pass's packings lie
// together in the file: a pass maps and reads no page of the other's.
// records_to_score: what score --all lists of the records of a kind and year
// (ids_to_score), read from the index alone rather than a scan of every
// record.
const char* const kSchema = R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE records (
  id INTEGER PRIMARY KEY,
  entity TEXT NOT NULL, year INTEGER NOT NULL, kind TEXT NOT NULL,
  set_id TEXT NOT NULL, source TEXT NOT NULL, source_hash TEXT NOT NULL,
  filed_total TEXT,
  UNIQUE (entity, year, kind));
CREATE TABLE facts (
  record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  name TEXT NOT NULL, label TEXT NOT NULL, type TEXT NOT NULL, value TEXT NOT NULL, unit TEXT NOT NULL,
  prov_file TEXT NOT NULL, prov_quote TEXT NOT NULL, prov_inferred TEXT NOT NULL,
  PRIMARY KEY (record_id, name));
CREATE TABLE row_tables (
  record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  tbl TEXT NOT NULL,
  PRIMARY KEY (record_id, tbl));
CREATE TABLE rows (
  record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  tbl TEXT NOT NULL, row_index INTEGER NOT NULL,
  prov_file TEXT NOT NULL, prov_quote TEXT NOT NULL, prov_inferred TEXT NOT NULL,
  PRIMARY KEY (record_id, tbl, row_index));
CREATE TABLE row_cells (
  record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  tbl TEXT NOT NULL, row_index INTEGER NOT NULL, col_index INTEGER NOT NULL,
  col TEXT NOT NULL, type TEXT NOT NULL, value TEXT NOT NULL,
  PRIMARY KEY (record_id, tbl, row_index, col_index));
CREATE TABLE judgements (
  record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  leaf_id TEXT NOT NULL, score TEXT NOT NULL, basis TEXT NOT NULL,
  prov_file TEXT NOT NULL, prov_quote TEXT NOT NULL, prov_inferred TEXT NOT NULL,
  PRIMARY KEY (record_id, leaf_id));
CREATE TABLE projects (
  record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, table_name TEXT NOT NULL, owner TEXT NOT NULL,
  prov_file TEXT NOT NULL, prov_quote TEXT NOT NULL, prov_inferred TEXT NOT NULL,
  planned TEXT, executed TEXT, fiscal_planned TEXT, fiscal_executed TEXT, budget_unit TEXT NOT NULL,
  goal TEXT NOT NULL, goal_achieved TEXT NOT NULL, note TEXT NOT NULL, weight_share TEXT,
  PRIMARY KEY (record_id, idx));
CREATE TABLE project_rows (
  record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  project_idx INTEGER NOT NULL, idx INTEGER NOT NULL,
  level1 TEXT NOT NULL, level2 TEXT NOT NULL, name TEXT NOT NULL, target TEXT NOT NULL, actual TEXT NOT NULL,
  weight TEXT, score TEXT, grade TEXT NOT NULL, note TEXT NOT NULL, line INTEGER NOT NULL,
  PRIMARY KEY (record_id, project_idx, idx));
CREATE TABLE filed_scores (
  record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  leaf_id TEXT NOT NULL, score TEXT NOT NULL,
  PRIMARY KEY (record_id, leaf_id));
CREATE TABLE project_printed (
 record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
 project_idx INTEGER NOT NULL, row_idx INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
 PRIMARY KEY (record_id, project_idx, row_idx, key));
CREATE TABLE set_versions (
  id INTEGER PRIMARY KEY, set_id TEXT NOT NULL, set_hash TEXT NOT NULL UNIQUE, leaves BLOB);
CREATE TABLE results (
  record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  version INTEGER NOT NULL REFERENCES set_versions(id),
  leaves BLOB NOT NULL,
  PRIMARY KEY (record_id, version));
CREATE TABLE record_inputs (
  record_id INTEGER PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE,
  inputs BLOB NOT NULL);
CREATE INDEX records_to_score ON records (kind, year, id, set_id);
CREATE TABLE project_inputs (
  record_id INTEGER PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE,
  inputs BLOB NOT NULL);
)sql";

struct Migration {
  int to;           // the version this step produces
  const char* sql;  // run on a database of version `to - 1`
  void (*then)(SQLite::Database&, const std::string& path) = nullptr;  // run after `sql`, when there is more to do
};

const Migration kMigrations[] = {
    // 2: project self-evaluation tables.
    {2, R"sql(
CREATE TABLE projects (
  record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, table_name TEXT NOT NULL, owner TEXT NOT NULL,
  prov_file TEXT NOT NULL, prov_quote TEXT NOT NULL, prov_inferred TEXT NOT NULL,
  planned TEXT, executed TEXT, fiscal_planned TEXT, fiscal_executed TEXT, budget_unit TEXT NOT NULL,
  goal TEXT NOT NULL, goal_achieved TEXT NOT NULL, note TEXT NOT NULL,
  PRIMARY KEY (record_id, idx));
CREATE TABLE project_rows (
  record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  project_idx INTEGER NOT NULL, idx INTEGER NOT NULL,
  level1 TEXT NOT NULL, level2 TEXT NOT NULL, name TEXT NOT NULL, target TEXT NOT NULL, actual TEXT NOT NULL,
  weight TEXT, score TEXT, grade TEXT NOT NULL, note TEXT NOT NULL, line INTEGER NOT NULL,
  PRIMARY KEY (record_id, project_idx, idx));
)sql"},
    // 3: a project's share of the weight (折算得分).
    {3, "ALTER TABLE projects ADD COLUMN weight_share TEXT;"},
    // 4: row tables are listed on their own, so an empty table is recorded,
    // not missing. Version 3 kept no empty table, so each record's source
    // hash is cleared: the next import of its source writes it again in full.
    {4, R"sql(
CREATE TABLE row_tables (
  record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  tbl TEXT NOT NULL,
  PRIMARY KEY (record_id, tbl));
INSERT INTO row_tables SELECT DISTINCT record_id, tbl FROM rows;
UPDATE records SET source_hash = '';
)sql"},
    // 5: the figures a project table prints (issue 9: 初始预算, stated 总分 and
    // 等级, row judgements …), which version 4 files may already hold (the
    // table was first created on demand by write_projects). Project records
    // of version 4 may lack them, so they are written again at their next
    // import.
    {5, R"sql(
CREATE TABLE IF NOT EXISTS project_printed (
 record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
 project_idx INTEGER NOT NULL, row_idx INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
 PRIMARY KEY (record_id, project_idx, row_idx, key));
UPDATE records SET source_hash = '' WHERE kind = 'projects';
)sql"},
    // 6: leaf results of batch scoring (jixiao score --all), per record, set
    // version (a set id and content hash, numbered) and leaf; a re-imported
    // record loses its results with it.
    {6, R"sql(
CREATE TABLE set_versions (
  id INTEGER PRIMARY KEY, set_id TEXT NOT NULL, set_hash TEXT NOT NULL UNIQUE);
CREATE TABLE results (
  record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  version INTEGER NOT NULL REFERENCES set_versions(id), leaf_id TEXT NOT NULL,
  score TEXT, source TEXT NOT NULL, reason TEXT NOT NULL,
  PRIMARY KEY (record_id, version, leaf_id)) WITHOUT ROWID;
)sql"},
    // 7: a record's results under a set version are one row, its leaves
    // packed (packed_leaves.h: each of leaf id, score, source, reason as its
    // length in bytes, ':', the bytes), not one row per leaf: a batch writes
    // one row per record. A rowid table: rows of a project table's reasons
    // are long, and the key index keeps only (record_id, version). Each
    // record's rows of version 6 become one, leaf by leaf in leaf id order
    // (the order version 6 kept them in), a score NULL as empty; a row whose
    // record is gone (possible only by a hand edit) has no row to go to.
    {7, R"sql(
ALTER TABLE results RENAME TO results_v6;
CREATE TABLE results (
  record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  version INTEGER NOT NULL REFERENCES set_versions(id),
  leaves BLOB NOT NULL,
  PRIMARY KEY (record_id, version));
INSERT INTO results (record_id, version, leaves)
  SELECT record_id, version, CAST(group_concat(leaf, '') AS BLOB) FROM (
    SELECT record_id, version,
      length(CAST(leaf_id AS BLOB)) || ':' || leaf_id ||
      length(CAST(coalesce(score, '') AS BLOB)) || ':' || coalesce(score, '') ||
      length(CAST(source AS BLOB)) || ':' || source ||
      length(CAST(reason AS BLOB)) || ':' || reason AS leaf
    FROM results_v6 WHERE record_id IN (SELECT id FROM records) ORDER BY record_id, version, leaf_id)
  GROUP BY record_id, version;
DROP TABLE results_v6;
)sql"},
    // 8: each record's inputs to scoring packed into one value
    // (packed_inputs.h), so that score --all reads one row per record; the
    // records stored are packed from their tables.
    {8, R"sql(
CREATE TABLE record_inputs (
  record_id INTEGER PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE,
  inputs BLOB NOT NULL);
)sql", fill_inputs},
    // 9: leaf results packed compactly (packed_leaves.h): a source as a code,
    // a score as a whole number at the set's places, a reason only when there
    // is one, and a department set's leaf ids once, in its set version (a row
    // then names none), not in every row. The rows of version 8 are packed
    // anew with their leaves named (repack_results); a version lists its
    // leaves from the next row scored under it that needs them.
    {9, "ALTER TABLE set_versions ADD COLUMN leaves BLOB;", [](SQLite::Database& db, const std::string&) {
       repack_results(db);
     }},
    // 10: the records of a kind and year with their sets, as score --all
    // lists them, in an index of their own (a scan of every record was some
    // 10 ms of each pass at 20,000 department-years, before any worker scored).
    {10, "CREATE INDEX records_to_score ON records (kind, year, id, set_id);"},
    // 11: the packings of project tables in a table of their own
    // (project_inputs), those of department-years left in record_inputs,
    // written anew in id order so that they lie together (gen and import
    // write a department's records together: a department pass read the
    // pages of the project tables between its own). A packing whose record is
    // gone (possible only by a hand edit) stays where it was.
    {11, R"sql(
ALTER TABLE record_inputs RENAME TO record_inputs_v10;
CREATE TABLE record_inputs (
  record_id INTEGER PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE,
  inputs BLOB NOT NULL);
CREATE TABLE project_inputs (
  record_id INTEGER PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE,
  inputs BLOB NOT NULL);
INSERT INTO record_inputs SELECT record_id, inputs FROM record_inputs_v10
  WHERE record_id NOT IN (SELECT id FROM records WHERE kind = 'projects') ORDER BY record_id;
INSERT INTO project_inputs SELECT record_id, inputs FROM record_inputs_v10
  WHERE record_id IN (SELECT id FROM records WHERE kind = 'projects') ORDER BY record_id;
DROP TABLE record_inputs_v10;
)sql"},
};

static_assert(sizeof kMigrations / sizeof kMigrations[0] == kSchemaVersion - 1, "one migration per version after 1");

void set_version(SQLite::Database& db, int version) {
  SQLite::Statement q(db, "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)");
  q.bind(1, std::to_string(version));
  q.exec();
}

}  // namespace

void configure(SQLite::Database& db) {
  db.setBusyTimeout(kBusyTimeoutMs);
  db.exec("PRAGMA foreign_keys = ON");
}

int stored_version(SQLite::Database& db) {
  SQLite::Statement tables(db, "SELECT count(*), sum(name = 'meta') FROM sqlite_master WHERE type = 'table'");
  tables.executeStep();
  if (tables.getColumn(0).getInt() == 0) return 0;
  if (tables.getColumn(1).getInt() == 0) return -1;
  SQLite::Statement q(db, "SELECT value FROM meta WHERE key = 'schema_version'");
  if (!q.executeStep()) return -1;
  const std::string text = q.getColumn(0).getString();
  try {
    size_t used = 0;
    const int version = std::stoi(text, &used);
    return used == text.size() && version > 0 ? version : -1;
  } catch (const std::exception&) {
    return -1;
  }
}

void refuse_newer(const std::string& path, int version) {
  throw Error(ErrorKind::kIo,
              "written by a newer jixiao (database schema version " + std::to_string(version) +
                  "; this jixiao reads versions up to " + std::to_string(kSchemaVersion) +
                  "): use that jixiao, or give another --db; the file is left as it is",
              Location{path});
}

std::string why_foreign(SQLite::Database& db) {
  SQLite::Statement tables(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'");
  tables.executeStep();
  if (tables.getColumn(0).getInt() == 0) return "not a jixiao database (an SQLite file without jixiao's meta table)";
  SQLite::Statement q(db, "SELECT value FROM meta WHERE key = 'schema_version'");
  return (q.executeStep() ? "the schema version recorded in its meta table is '" + q.getColumn(0).getString() +
                                "', not a whole number jixiao knows"
                          : std::string("its meta table records no schema version")) +
         " (is the file damaged?)";
}

void refuse_foreign(const std::string& path, SQLite::Database& db) {
  throw Error(ErrorKind::kIo, why_foreign(db) + "; the file is left as it is", Location{path});
}

void create_or_migrate(SQLite::Database& db, const std::string& path) {
  if (stored_version(db) != kSchemaVersion) {  // only then is the write lock needed
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    const int version = stored_version(db);  // again: another process may have done it meanwhile
    if (version < 0) refuse_foreign(path, db);
    if (version > kSchemaVersion) refuse_newer(path, version);
    if (version == 0) {
      db.exec(kSchema);
    } else {
      for (const Migration& m : kMigrations)
        if (m.to > version) {
          db.exec(m.sql);
          if (m.then) m.then(db, path);
        }
    }
    if (version != kSchemaVersion) set_version(db, kSchemaVersion);
    tx.commit();
  }
  // Only a jixiao database of this version gets here, so a file of another
  // program is never switched to WAL. WAL: a reader never waits for a writer
  // and never sees half a transaction. synchronous=FULL: 'imported' is
  // printed only when the transaction is on disk; NORMAL could lose the last
  // imports on a power cut (never corrupt the file), and an import is rare
  // enough that the extra fsync costs nothing that matters.
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = FULL");
}

}  // namespace jixiao::store_sql
