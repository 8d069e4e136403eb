// The results table, written and read side by side: one row per record and
// set version, its leaves packed (packed_leaves.h). A batch of records is one
// transaction, its rows inserted kRowsPerInsert at a time; compare --all sums
// a record's leaves from its one row.
#include "store.h"
#include "raw_query.h"
#include "store_sql.h"

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>

#include <SQLiteCpp/SQLiteCpp.h>

#include "error.h"
#include "packed_leaves.h"

namespace jixiao {

using namespace store_sql;

namespace {

// A column's bytes in place (a BLOB, or TEXT from an older hand edit): valid
// until the statement steps again.
std::string_view bytes_of(SQLite::Statement& st, int index) {
  const SQLite::Column column = st.getColumn(index);
  return {static_cast<const char*>(column.getBlob()), static_cast<size_t>(column.getBytes())};
}

// Calls `each` with every leaf of `packed`, the results of `record_id`
// under a version whose leaf ids are `version_leaves`, and the places its
// scores are shown with; Error(kInput) at `path` naming the record when it
// is not a packing.
template <typename Each>
void each_leaf(const std::string& path, int64_t record_id, std::string_view packed, std::string_view version_leaves,
               Each&& each) {
  PackedLeaves leaves(packed, version_leaves);
  PackedLeaf leaf;
  try {
    while (leaves.next(leaf)) each(leaf, leaves.places());
  } catch (const std::invalid_argument& e) {
    throw Error(ErrorKind::kInput,
                "corrupt database: the results of record " + std::to_string(record_id) + ", " + e.what(),
                Location{path});
  }
}

}  // namespace

Store::BulkWrites::BulkWrites(Store& store) : store_(store) {
  guarded(store.path_, "cannot write results", [&] {
    SQLite::Database& db = *store.db_;
    synchronous_ = db.execAndGet("PRAGMA synchronous").getInt();
    autocheckpoint_ = db.execAndGet("PRAGMA wal_autocheckpoint").getInt();
    foreign_keys_ = db.execAndGet("PRAGMA foreign_keys").getInt();
    store.bulk_data_version_ = db.execAndGet("PRAGMA data_version").getInt64();
    // Results are derived from the records: a batch's commit need not wait for
    // the disk (an fsync per batch was some 0.5 s of a 5 s run of score --all
    // on 20,000 department-years). In WAL mode a power cut may then undo the
    // last batches committed, never part of one nor the database, and the next
    // run scores them again; a killed process loses nothing it committed.
    db.exec("PRAGMA synchronous = NORMAL");
    // write_results checks in its transaction that each record is stored (with
    // the source hash it was scored from) and looks up the set version it
    // writes: SQLite's own checks of both, a lookup of each per row, were some
    // 2,500 instructions of the 15,000 an insert took.
    db.exec("PRAGMA foreign_keys = OFF");
    // Each checkpoint syncs the log and the file: at SQLite's 1000 pages some
    // 35 of them per 20,000 department-years, 0.2 s of the run.
    const int page = db.execAndGet("PRAGMA page_size").getInt();
    db.exec("PRAGMA wal_autocheckpoint = " + std::to_string(kBulkLogBytes / std::max(page, 512)));
  });
}

Store::BulkWrites::~BulkWrites() {
  store_.bulk_data_version_ = -1;
  try {
    SQLite::Database& db = *store_.db_;
    db.exec("PRAGMA wal_autocheckpoint = " + std::to_string(autocheckpoint_));
    db.exec("PRAGMA synchronous = " + std::to_string(synchronous_));
    db.exec("PRAGMA foreign_keys = " + std::to_string(foreign_keys_));
  } catch (const SQLite::Exception&) {  // only ever values it had
  }
  store_.checkpoint();
}

void Store::add_set_versions(const std::vector<std::pair<std::string, std::string>>& versions) {
  if (versions.empty()) return;
  guarded(path_, "cannot write results", [&] {
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement& add = statement("INSERT OR IGNORE INTO set_versions (set_id, set_hash) VALUES (?, ?)");
    for (const auto& [set_id, set_hash] : versions) {
      add.bind(1, set_id);
      add.bind(2, set_hash);
      add.exec();
      add.reset();
    }
    tx.commit();
  });
}

namespace {

// Which of `results` are of records still stored with the source hash they
// were scored from: one scan of the records over the results' id range,
// walked beside their ids in ascending order.
std::vector<char> still_current(SQLite::Database& db, const std::vector<RecordResults>& results) {
  std::vector<std::pair<int64_t, size_t>> order;  // (record id, place in results), ascending
  order.reserve(results.size());
  for (size_t i = 0; i < results.size(); ++i) order.emplace_back(results[i].record_id, i);
  std::sort(order.begin(), order.end());
  std::vector<char> current(results.size(), 0);
  RawQuery q(db, "SELECT id, source_hash FROM records WHERE id BETWEEN ?1 AND ?2 ORDER BY id");
  q.bind(1, order.front().first);
  q.bind(2, order.back().first);
  size_t at = 0;
  while (at < order.size() && q.step()) {
    const int64_t id = q.int64(0);
    while (at < order.size() && order[at].first < id) ++at;
    for (; at < order.size() && order[at].first == id; ++at)
      current[order[at].second] = q.text(1) == results[order[at].second].source_hash;
  }
  return current;
}

}  // namespace

constexpr size_t kRowsPerInsert = 32;

int64_t Store::version_of(const RecordResults& r) {
  SQLite::Statement& add = statement("INSERT OR IGNORE INTO set_versions (set_id, set_hash) VALUES (?, ?)");
  add.bind(1, r.set_id);
  add.bind(2, r.set_hash);
  add.exec();
  add.reset();
  SQLite::Statement& find = statement("SELECT id, leaves FROM set_versions WHERE set_hash = ?");
  find.bind(1, r.set_hash);
  find.executeStep();
  const int64_t version = find.getColumn(0).getInt64();
  const bool listed = !find.getColumn(1).isNull();
  const bool same = listed && r.version_leaves && bytes_of(find, 1) == *r.version_leaves;
  find.reset();
  if (!r.version_leaves || same) return version;
  // Its leaves are listed once, by the first row that needs them (a version
  // registered before, or migrated, lists none yet).
  if (listed)
    throw Error(ErrorKind::kInput,
                "corrupt database: set version " + std::to_string(version) + " of '" + r.set_id +
                    "' lists other leaves than the set of that content hash has (" + r.set_hash.substr(0, 12) +
                    "…): remove its results (db check names them) and score again",
                Location{path_});
  SQLite::Statement& list = statement("UPDATE set_versions SET leaves = ? WHERE id = ?");
  list.bindNoCopy(1, r.version_leaves->data(), static_cast<int>(r.version_leaves->size()));
  list.bind(2, version);
  list.exec();
  list.reset();
  return version;
}

std::vector<int64_t> Store::write_results(const std::vector<RecordResults>& results) {
  if (results.empty()) return {};
  return guarded(path_, "cannot write results, none of this batch was written", [&] {
    std::vector<int64_t> changed;
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    // Inside the write transaction: an import cannot come between the check
    // and the write. In bulk the records were read since the bulk began: when
    // no other connection has committed since, each is still as it was read.
    const bool unchanged =
        bulk_data_version_ >= 0 && db_->execAndGet("PRAGMA data_version").getInt64() == bulk_data_version_;
    const std::vector<char> current = unchanged ? std::vector<char>(results.size(), 1) : still_current(*db_, results);
    // Rows of values kRowsPerInsert at a time: a statement's own work (its
    // cursors, its end) is most of a row's.
    struct Put {
      const RecordResults* r;
      int64_t version;
    };
    std::vector<Put> puts;
    puts.reserve(results.size());
    const std::string* hash = nullptr;  // the version of the previous record, most often the same
    std::shared_ptr<const std::string> leaf_ids;
    int64_t version = 0;
    for (size_t i = 0; i < results.size(); ++i) {
      const RecordResults& r = results[i];
      if (!current[i]) {
        changed.push_back(r.record_id);
        continue;
      }
      if (hash == nullptr || r.set_hash != *hash || r.version_leaves != leaf_ids) {
        version = version_of(r);
        hash = &r.set_hash;
        leaf_ids = r.version_leaves;
      }
      puts.push_back({&r, version});
    }
    for (size_t first = 0; first < puts.size(); first += kRowsPerInsert) {
      const size_t n = std::min(kRowsPerInsert, puts.size() - first);
      std::string sql = "INSERT INTO results (record_id, version, leaves) VALUES (?, ?, ?)";
      for (size_t k = 1; k < n; ++k) sql += ", (?, ?, ?)";
      sql += " ON CONFLICT (record_id, version) DO UPDATE SET leaves = excluded.leaves";
      SQLite::Statement& put = statement(sql);
      for (size_t k = 0; k < n; ++k) {
        const Put& p = puts[first + k];
        const int at = static_cast<int>(3 * k);
        put.bind(at + 1, p.r->record_id);
        put.bind(at + 2, p.version);
        put.bindNoCopy(at + 3, p.r->leaves.data(), static_cast<int>(p.r->leaves.size()));  // a BLOB: any byte is kept
      }
      put.exec();
      put.reset();
    }
    tx.commit();
    std::sort(changed.begin(), changed.end());
    return changed;
  });
}

std::vector<StoredTotal> Store::stored_totals(const std::string& set_hash, const std::vector<int64_t>& ids) const {
  if (ids.empty()) return {};
  return guarded(path_, "cannot read results", [&] {
    std::vector<StoredTotal> out(ids.size());
    std::string version_leaves;  // its leaf ids, read once
    SQLite::Statement& v = statement("SELECT id, leaves FROM set_versions WHERE set_hash = ?");
    v.bind(1, set_hash);
    const bool known = v.executeStep();
    const int64_t version = known ? v.getColumn(0).getInt64() : 0;
    if (known) version_leaves = std::string(bytes_of(v, 1));
    v.reset();
    if (!known) return out;
    SQLite::Statement& q = statement(
        "SELECT record_id, leaves FROM results WHERE record_id BETWEEN ?1 AND ?2 AND version = ?3 ORDER BY record_id");
    q.bind(1, ids.front());
    q.bind(2, ids.back());
    q.bind(3, version);
    size_t at = 0;  // both ascending: a walk, not a lookup
    while (q.executeStep()) {
      const int64_t id = q.getColumn(0).getInt64();
      while (at < ids.size() && ids[at] < id) ++at;
      if (at == ids.size()) break;
      if (ids[at] != id) continue;
      StoredTotal& t = out[at];
      each_leaf(path_, id, bytes_of(q, 1), version_leaves, [&](const PackedLeaf& leaf, int) {
        ++t.leaves;
        if (!leaf.score) t.uncovered += leaf.source == kLeafSources[3];  // "uncovered"
        else t.total += *leaf.score;
      });
    }
    q.reset();
    return out;
  });
}

std::vector<int64_t> Store::scored_records(const std::string& set_hash) const {
  return guarded(path_, "cannot read results", [&] {
    std::vector<int64_t> out;
    SQLite::Statement& q = statement(
        "SELECT record_id FROM results WHERE version = (SELECT id FROM set_versions WHERE set_hash = ?) "
        "ORDER BY record_id");
    q.bind(1, set_hash);
    while (q.executeStep()) out.push_back(q.getColumn(0).getInt64());
    q.reset();
    return out;
  });
}

std::vector<StoredResult> Store::results() const {
  return guarded(path_, "cannot read results", [&] {
    std::vector<StoredResult> out;
    SQLite::Statement q(*db_,
                        "SELECT record_id, set_id, set_hash, r.leaves, v.leaves FROM results r "
                        "JOIN set_versions v ON v.id = version ORDER BY record_id, set_hash");
    while (q.executeStep()) {
      const int64_t id = q.getColumn(0).getInt64();
      const std::string set_id = q.getColumn(1).getString(), set_hash = q.getColumn(2).getString();
      const size_t first = out.size();
      char room[Decimal::kTextRoom];
      each_leaf(path_, id, bytes_of(q, 3), bytes_of(q, 4), [&](const PackedLeaf& leaf, int places) {
        out.push_back({id, set_id, set_hash, std::string(leaf.leaf_id),
                       leaf.score ? std::string(leaf.score->text(room, places)) : std::string(),
                       std::string(leaf.source), std::string(leaf.reason)});
      });
      std::sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                [](const StoredResult& a, const StoredResult& b) { return a.leaf_id < b.leaf_id; });
    }
    return out;
  });
}

std::vector<std::pair<std::string, std::string>> Store::result_hashes() const {
  return guarded(path_, "cannot read results", [&] {
    std::vector<std::pair<std::string, std::string>> out;
    SQLite::Statement q(*db_,
                        "SELECT set_hash, set_id FROM set_versions v WHERE EXISTS "
                        "(SELECT 1 FROM results WHERE version = v.id) ORDER BY set_id, set_hash");
    while (q.executeStep()) out.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getString());
    return out;
  });
}

void Store::scan_results(const std::function<void(int64_t record_id, const std::string& set_hash,
                                                 std::string_view packed, std::string_view version_leaves)>& each)
    const {
  guarded(path_, "cannot read results", [&] {
    // db check reads a database as it is: before version 9 a version lists no leaves.
    const bool listed = schema_version() >= 9;
    SQLite::Statement q(*db_, std::string("SELECT record_id, set_hash, r.leaves, ") + (listed ? "v.leaves" : "NULL") +
                                  " FROM results r JOIN set_versions v ON v.id = version ORDER BY set_hash, record_id");
    while (q.executeStep())
      each(q.getColumn(0).getInt64(), q.getColumn(1).getString(), bytes_of(q, 2), bytes_of(q, 3));
  });
}

}  // namespace jixiao
