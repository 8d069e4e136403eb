#include "store.h"
#include "store_sql.h"

#include <algorithm>
#include <set>
#include <tuple>

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include "error.h"
#include "suggest.h"

namespace jixiao {

namespace {

using namespace store_sql;

// Writes `r`'s row in records (in place of the one of its key) and gives its id.
int64_t write_record_row(SQLite::Database& db, const Record& r, const std::string& source_hash) {
  SQLite::Statement del(db, "DELETE FROM records WHERE entity = ? AND year = ? AND kind = ?");
  del.bind(1, r.entity);
  del.bind(2, r.year);
  del.bind(3, r.kind);
  del.exec();

  SQLite::Statement rec(db,
                        "INSERT INTO records (entity, year, kind, set_id, source, source_hash, filed_total) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)");
  rec.bind(1, r.entity);
  rec.bind(2, r.year);
  rec.bind(3, r.kind);
  rec.bind(4, r.set_id);
  rec.bind(5, r.source);
  rec.bind(6, source_hash);
  if (r.filed_total) rec.bind(7, r.filed_total->str());
  rec.exec();
  return db.getLastInsertRowid();
}

}  // namespace

void store_sql::write_tables(SQLite::Database& db, int64_t id, const Record& r) {
  SQLite::Statement fact(db, "INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (const auto& [name, f] : r.facts) {
    fact.reset();
    fact.bind(1, id);
    fact.bind(2, name);
    fact.bind(3, f.label);
    fact.bind(4, type_tag(f.value));
    fact.bind(5, value_text(f.value));
    fact.bind(6, f.unit);
    bind_provenance(fact, 7, f.provenance);
    fact.exec();
  }
  SQLite::Statement table_name(db, "INSERT INTO row_tables VALUES (?, ?)");
  SQLite::Statement row(db, "INSERT INTO rows VALUES (?, ?, ?, ?, ?, ?)");
  SQLite::Statement cell(db, "INSERT INTO row_cells VALUES (?, ?, ?, ?, ?, ?, ?)");
  for (const auto& [table, rows] : r.rows) {
    table_name.reset();  // kept even when empty: an empty table is recorded, not missing
    table_name.bind(1, id);
    table_name.bind(2, table);
    table_name.exec();
    for (size_t i = 0; i < rows.size(); ++i) {
      row.reset();
      row.bind(1, id);
      row.bind(2, table);
      row.bind(3, static_cast<int>(i));
      bind_provenance(row, 4, rows[i].provenance);
      row.exec();
      for (size_t c = 0; c < rows[i].cells.size(); ++c) {
        const auto& [column, value] = rows[i].cells[c];
        cell.reset();
        cell.bind(1, id);
        cell.bind(2, table);
        cell.bind(3, static_cast<int>(i));
        cell.bind(4, static_cast<int>(c));
        cell.bind(5, column);
        cell.bind(6, type_tag(value));
        cell.bind(7, value_text(value));
        cell.exec();
      }
    }
  }
  SQLite::Statement judgement(db, "INSERT INTO judgements VALUES (?, ?, ?, ?, ?, ?, ?)");
  for (const auto& [leaf, j] : r.judgements) {
    judgement.reset();
    judgement.bind(1, id);
    judgement.bind(2, leaf);
    judgement.bind(3, j.score.str());
    judgement.bind(4, j.basis);
    bind_provenance(judgement, 5, j.provenance);
    judgement.exec();
  }
  write_projects(db, id, r.projects);
  SQLite::Statement filed(db, "INSERT INTO filed_scores VALUES (?, ?, ?)");
  for (const auto& [leaf, score] : r.filed_scores) {
    filed.reset();
    filed.bind(1, id);
    filed.bind(2, leaf);
    filed.bind(3, score.str());
    filed.exec();
  }
}

namespace {

// Records `digest` as the inputs of the last sync, or forgets it when empty.
void record_synced_inputs(SQLite::Database& db, const std::string& digest) {
  if (digest.empty()) {
    db.exec("DELETE FROM meta WHERE key = 'synced_inputs'");
    return;
  }
  SQLite::Statement set(db, "INSERT OR REPLACE INTO meta VALUES ('synced_inputs', ?)");
  set.bind(1, digest);
  set.exec();
}

}  // namespace

Store::Store(std::unique_ptr<SQLite::Database> db, std::string path) : db_(std::move(db)), path_(std::move(path)) {}
Store::Store(Store&&) noexcept = default;
Store::~Store() = default;

SQLite::Statement& Store::statement(const std::string& sql) const {
  auto& slot = statements_[sql];
  if (!slot) slot = std::make_unique<SQLite::Statement>(*db_, sql);
  slot->reset();
  slot->clearBindings();
  return *slot;
}

ImportSummary Store::import(const std::vector<Record>& records, const std::vector<std::string>& source_hashes) {
  return import_replacing(records, source_hashes, "");
}

ImportSummary Store::import_replacing(const std::vector<Record>& records, const std::vector<std::string>& source_hashes,
                                      const std::string& source_prefix) {
  if (records.size() != source_hashes.size())
    throw Error(ErrorKind::kIo, "import: " + std::to_string(records.size()) + " records but " +
                                    std::to_string(source_hashes.size()) + " source hashes", Location{path_});
  return guarded(path_, "import failed, nothing was written", [&] {
    ImportSummary summary;
    // e.g. every score of an up-to-date default database
    if (!needs_writing(records, source_hashes) && replaced_records(records, source_prefix).empty()) {
      summary.unchanged = static_cast<int>(records.size());
      return summary;
    }
    // IMMEDIATE: the write lock is taken (or waited for) before the first
    // read, so no other writer can slip in between and make it fail.
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement same(*db_,
                           "SELECT source_hash, source, id FROM records WHERE entity = ? AND year = ? AND kind = ?");
    SQLite::Statement moved(*db_, "UPDATE records SET source = ? WHERE id = ?");
    record_synced_inputs(*db_, "");  // the records are no longer what a sync wrote
    RecordsToWrite written;
    for (size_t i = 0; i < records.size(); ++i) {
      const Record& r = records[i];
      same.reset();
      same.bind(1, r.entity);
      same.bind(2, r.year);
      same.bind(3, r.kind);
      const bool stored = same.executeStep();
      if (stored && same.getColumn(0).getString() == source_hashes.at(i)) {
        if (same.getColumn(1).getString() != r.source) {  // the same bytes, now from another path
          moved.reset();
          moved.bind(1, r.source);
          moved.bind(2, same.getColumn(2).getInt64());
          moved.exec();
        }
        ++summary.unchanged;
        continue;
      }
      if (stored) written.forget(same.getColumn(2).getInt64());  // written again in this import: deleted first
      written.add(write_record_row(*db_, r, source_hashes.at(i)), r);
      ++summary.imported;
    }
    same.reset();
    written.write_rest(*db_);
    SQLite::Statement remove(*db_, "DELETE FROM records WHERE id = ?");
    for (int64_t id : replaced_records(records, source_prefix)) {
      remove.reset();
      remove.bind(1, id);
      summary.removed += remove.exec();
    }
    tx.commit();
    checkpoint();
    return summary;
  });
}

std::vector<int64_t> Store::replaced_records(const std::vector<Record>& records, const std::string& source_prefix) const {
  std::vector<int64_t> ids;
  if (source_prefix.empty()) return ids;
  std::set<std::tuple<std::string, int, std::string>> kept;
  for (const Record& r : records) kept.emplace(r.entity, r.year, r.kind);
  SQLite::Statement q(*db_, "SELECT id, entity, year, kind FROM records WHERE substr(source, 1, length(?1)) = ?1");
  q.bind(1, source_prefix);
  while (q.executeStep())
    if (kept.count({q.getColumn(1).getString(), q.getColumn(2).getInt(), q.getColumn(3).getString()}) == 0)
      ids.push_back(q.getColumn(0).getInt64());
  return ids;
}

// Copies what was committed into the database file itself, as far as readers
// allow, so that the .db file alone is complete whenever it can be. Best
// effort: the transaction is committed whether or not this succeeds.
void Store::checkpoint() noexcept {
  try {
    db_->exec("PRAGMA wal_checkpoint(PASSIVE)");
  } catch (const SQLite::Exception&) {
  }
}

// Read without the write lock, so a run with nothing to write never waits
// for another process's write; the writing transaction reads again.
bool Store::needs_writing(const std::vector<Record>& records, const std::vector<std::string>& source_hashes) const {
  SQLite::Statement& same = statement("SELECT source_hash, source FROM records WHERE entity = ? AND year = ? AND kind = ?");
  for (size_t i = 0; i < records.size(); ++i) {
    same.reset();
    same.bind(1, records[i].entity);
    same.bind(2, records[i].year);
    same.bind(3, records[i].kind);
    if (!same.executeStep() || same.getColumn(0).getString() != source_hashes[i] ||
        same.getColumn(1).getString() != records[i].source) {
      same.reset();
      return true;
    }
  }
  same.reset();
  return false;
}

std::vector<int64_t> Store::records_not_from(const std::vector<std::string>& sources) const {
  std::vector<int64_t> stale;
  SQLite::Statement q(*db_, "SELECT id, source FROM records");
  while (q.executeStep())
    if (std::find(sources.begin(), sources.end(), q.getColumn(1).getString()) == sources.end())
      stale.push_back(q.getColumn(0).getInt64());
  return stale;
}

int Store::remove_records_not_from(const std::vector<std::string>& sources, const std::string& synced_inputs) {
  return guarded(path_, "cannot remove records", [&] {
    if (records_not_from(sources).empty() && this->synced_inputs() == synced_inputs) return 0;
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    int removed = 0;
    const std::vector<int64_t> stale = records_not_from(sources);
    SQLite::Statement del(*db_, "DELETE FROM records WHERE id = ?");
    for (int64_t id : stale) {
      del.reset();
      del.bind(1, id);
      removed += del.exec();
    }
    record_synced_inputs(*db_, synced_inputs);
    tx.commit();
    checkpoint();
    return removed;
  });
}

std::string Store::synced_inputs() const {
  return guarded(path_, "cannot read the database", [&] {
    SQLite::Statement& q = statement("SELECT value FROM meta WHERE key = 'synced_inputs'");
    const std::string digest = q.executeStep() ? q.getColumn(0).getString() : std::string();
    q.reset();  // done with it: release its read lock now (Workspace::open_store hands this store on)
    return digest;
  });
}

std::vector<RecordKey> Store::list() const {
  return guarded(path_, "cannot list records", [&] {
    std::vector<RecordKey> out;
    SQLite::Statement q(*db_, "SELECT entity, year, kind, set_id FROM records ORDER BY year, entity, kind");
    while (q.executeStep())
      out.push_back({q.getColumn(0).getString(), q.getColumn(1).getInt(), q.getColumn(2).getString(),
                     q.getColumn(3).getString()});
    return out;
  });
}

// After "no filed record of X 2020 in the database": the records X has, found
// by its index; only for a name no record has, the nearest of every name (a
// scan, worth it once for a typo, never per line of compare --all).
std::string Store::what_else_of(const std::string& entity) const {
  SQLite::Statement& others = statement("SELECT year, kind FROM records WHERE entity = ? ORDER BY year, kind");
  others.bind(1, entity);
  std::string has;
  size_t count = 0;
  constexpr size_t kShown = 6;
  while (others.executeStep()) {
    if (++count <= kShown)
      has += (has.empty() ? "" : ", ") + std::to_string(others.getColumn(0).getInt()) + " " +
             others.getColumn(1).getString();
  }
  others.reset();
  if (count > kShown) has += " and " + std::to_string(count - kShown) + " more";
  if (count > 0) return " (it has: " + has + ")";
  std::vector<std::string> known;
  for (const auto& key : list()) known.push_back(key.entity);
  return did_you_mean(entity, known);
}

Record Store::load(const std::string& entity, int year, const std::string& kind) const {
  return guarded(path_, "cannot read " + entity + " " + std::to_string(year), [&] {
    SQLite::Transaction snapshot(*db_);  // every table read as of one moment, even while another process writes
    Record r;
    SQLite::Statement& rec = statement("SELECT id, set_id, source, filed_total FROM records "
                          "WHERE entity = ? AND year = ? AND kind = ?");
    rec.bind(1, entity);
    rec.bind(2, year);
    rec.bind(3, kind);
    if (!rec.executeStep()) {
      throw Error(ErrorKind::kMissing, "no " + kind + " record of " + entity + " " + std::to_string(year) +
                                           " in the database" + what_else_of(entity),
                  Location{path_});
    }
    const int64_t id = rec.getColumn(0).getInt64();
    r.entity = entity;
    r.year = year;
    r.kind = kind;
    r.set_id = rec.getColumn(1).getString();
    r.source = rec.getColumn(2).getString();
    if (!rec.getColumn(3).isNull()) r.filed_total = filed_total_of(id, r, rec.getColumn(3).getString());
    rec.reset();  // done with it: release its read lock now
    if (!tables_) tables_ = std::make_unique<TableReader>(*db_, path_);
    tables_->read(id, r);
    snapshot.commit();
    return r;
  });
}

}  // namespace jixiao
