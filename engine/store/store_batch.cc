// Reading in bulk for batch scoring (jixiao score --all): records read a
// batch at a time, one scan per table ordered by record id rather than a
// query per table per record. Results are written and read in store_results.cc.
#include "store.h"
#include "raw_query.h"
#include "store_sql.h"

#include <algorithm>
#include <string_view>
#include <tuple>

#include <SQLiteCpp/SQLiteCpp.h>

#include "error.h"

namespace jixiao {

using namespace store_sql;

namespace {

// The rows of `q` (id, entity, year, kind, set_id) as stored records.
std::vector<StoredRecord> stored_records(SQLite::Statement& q) {
  std::vector<StoredRecord> out;
  while (q.executeStep())
    out.push_back({q.getColumn(0).getInt64(),
                   {q.getColumn(1).getString(), q.getColumn(2).getInt(), q.getColumn(3).getString(),
                    q.getColumn(4).getString()}});
  return out;
}

}  // namespace

std::vector<StoredRecord> Store::records_to_score(int year, const std::string& set_id) const {
  return guarded(path_, "cannot list records", [&] {
    SQLite::Statement q(*db_,
                        "SELECT id, entity, year, kind, set_id FROM records WHERE kind IN ('filed', 'review') "
                        "AND (?1 = 0 OR year = ?1) AND (?2 = '' OR set_id = ?2) ORDER BY id");
    q.bind(1, year);
    q.bind(2, set_id);
    return stored_records(q);
  });
}

namespace {

// The ids and set ids of the records of kinds `kinds` (an SQL list) of `year`.
RecordsToScore ids_of_kinds(SQLite::Database& db, const std::string& kinds, int year) {
  RawQuery q(db, ("SELECT id, set_id FROM records WHERE kind IN (" + kinds + ") AND (?1 = 0 OR year = ?1) ORDER BY id")
                     .c_str());
  q.bind(1, year);
  RecordsToScore out;
  while (q.step()) {
    const std::string_view set_id = q.text(1);
    auto set = std::find(out.set_ids.begin(), out.set_ids.end(), set_id);  // a set or two in a database
    if (set == out.set_ids.end()) set = out.set_ids.insert(set, std::string(set_id));
    out.ids.push_back(q.int64(0));
    out.set_of.push_back(static_cast<uint32_t>(set - out.set_ids.begin()));
  }
  return out;
}

}  // namespace

RecordsToScore Store::ids_to_score(int year) const {
  return guarded(path_, "cannot list records", [&] { return ids_of_kinds(*db_, "'filed', 'review'", year); });
}

RecordsToScore Store::project_ids_to_score(int year) const {
  return guarded(path_, "cannot list records", [&] { return ids_of_kinds(*db_, "'projects'", year); });
}

std::vector<StoredRecord> Store::project_records(int year) const {
  return guarded(path_, "cannot list records", [&] {
    SQLite::Statement q(*db_,
                        "SELECT id, entity, year, kind, set_id FROM records WHERE kind = 'projects' "
                        "AND (?1 = 0 OR year = ?1) ORDER BY id");
    q.bind(1, year);
    return stored_records(q);
  });
}

namespace {

// Runs `q` (an SQL whose ?1 and ?2 are an id range, whose first column is a
// record id and whose rows come ordered by it) and calls `each(q, out[i])`
// with the rows of ids[i]: a cursor walks `ids` (ascending) beside the rows,
// skipping the rows of records in the range that are not asked for.
bool step(RawQuery& q) { return q.step(); }
bool step(SQLite::Statement& q) { return q.executeStep(); }
int64_t record_id(RawQuery& q) { return q.int64(0); }
int64_t record_id(SQLite::Statement& q) { return q.getColumn(0).getInt64(); }

template <typename Query, typename Each>
void scan_ordered(Query& q, const std::vector<int64_t>& ids, std::vector<Record>& out, Each&& each) {
  q.bind(1, ids.front());
  q.bind(2, ids.back());
  size_t at = 0;
  while (step(q)) {
    const int64_t id = record_id(q);
    while (ids[at] < id)
      if (++at == ids.size()) return;
    if (ids[at] == id) each(q, out[at]);
  }
}

}  // namespace

std::vector<Record> Store::load_many(const std::vector<int64_t>& ids, Reading what) const {
  if (ids.empty()) return {};
  return guarded(path_, "cannot read records", [&] {
    SQLite::Transaction snapshot(*db_);  // one moment for every table
    std::vector<Record> out(ids.size());
    // Each scan walks its table's primary key (record_id first) over the
    // range, rows read in place through SQLite's own interface: a batch of
    // department-years is a few hundred thousand columns.
    auto scan = [&](const char* sql, auto&& each) {
      RawQuery q(*db_, sql);
      scan_ordered(q, ids, out, each);
    };
    size_t seen = 0;
    scan("SELECT id, entity, year, kind, set_id, source, filed_total, source_hash FROM records "
         "WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
         [&](RawQuery& q, Record& r) {
           ++seen;
           r.entity = q.text(1);
           r.year = static_cast<int>(q.int64(2));
           r.kind = q.text(3);
           r.set_id = q.text(4);
           r.source = q.text(5);
           if (!q.is_null(6)) r.filed_total = read_decimal(q.text(6), "records.filed_total");
           r.source_hash = q.text(7);
         });
    if (seen != ids.size())
      throw Error(ErrorKind::kMissing, std::to_string(ids.size() - seen) + " of the records to read are not stored",
                  Location{path_});
    if (what == Reading::kForScoring) {
      scan("SELECT record_id, name, type, value FROM facts WHERE record_id BETWEEN ?1 AND ?2 "
           "ORDER BY record_id, name",
           [&](RawQuery& q, Record& r) {
             // Built where it stays (a Fact is large, moving one is not
             // free), after the last: the rows come in the map's order.
             const auto at = r.facts.emplace_hint(r.facts.end(), std::piecewise_construct,
                                                  std::forward_as_tuple(q.text(1)), std::forward_as_tuple());
             Fact& f = at->second;
             f.name = at->first;
             read_value_into(f.value, q.text(2), q.text(3), "fact", f.name);
           });
      scan("SELECT record_id, tbl FROM row_tables WHERE record_id BETWEEN ?1 AND ?2 ORDER BY record_id, tbl",
           [&](RawQuery& q, Record& r) { r.rows.emplace_hint(r.rows.end(), q.text(1), std::vector<Row>()); });
      // The rows themselves are counted, not read: scoring reads their cells.
      scan("SELECT record_id, tbl, count(*) FROM rows WHERE record_id BETWEEN ?1 AND ?2 GROUP BY record_id, tbl "
           "ORDER BY record_id, tbl",
           [&](RawQuery& q, Record& r) {
             const std::string_view table = q.text(1);
             auto found = r.rows.begin();  // a walk, as for cells below; row_tables names every table
             while (found != r.rows.end() && found->first != table) ++found;
             if (found == r.rows.end()) found = r.rows.emplace(table, std::vector<Row>()).first;
             found->second.resize(static_cast<size_t>(q.int64(2)));
           });
      scan("SELECT record_id, tbl, row_index, col, type, value FROM row_cells WHERE record_id BETWEEN ?1 AND ?2 "
           "ORDER BY record_id, tbl, row_index, col_index",
           [&](RawQuery& q, Record& r) {
             const std::string_view table = q.text(1);
             const auto index = static_cast<size_t>(q.int64(2));
             auto found = r.rows.begin();  // a record has a table or two: a walk, not a lookup by a copied name
             while (found != r.rows.end() && found->first != table) ++found;
             if (found == r.rows.end() || index >= found->second.size())
               throw Error(ErrorKind::kInput, "corrupt database: a cell of " + std::string(table) + " has no row",
                           Location{path_});
             auto& cells = found->second[index].cells;
             // Rows of a table have the same columns, as a rule: room for the row before's.
             if (cells.empty() && index > 0) cells.reserve(found->second[index - 1].cells.size());
             cells.emplace_back(std::piecewise_construct, std::forward_as_tuple(q.text(3)), std::forward_as_tuple());
             read_value_into(cells.back().second, q.text(4), q.text(5), table);
           });
      scan("SELECT record_id, leaf_id, score, basis FROM judgements WHERE record_id BETWEEN ?1 AND ?2 "
           "ORDER BY record_id, leaf_id",
           [&](RawQuery& q, Record& r) {
             Judgement& j = r.judgements.emplace_hint(r.judgements.end(), q.text(1), Judgement())->second;
             j.score = read_decimal(q.text(2), "judgements");
             j.basis = q.text(3);
           });
    }
    if (what == Reading::kProjects) {
      // Through SQLiteCpp statements: the column readers are load()'s own (store_sql).
      auto scan_tables = [&](const std::string& sql, auto&& each) {
        SQLite::Statement q(*db_, sql);
        scan_ordered(q, ids, out, each);
      };
      scan_tables("SELECT record_id, " + kProjectColumns + " FROM projects WHERE record_id BETWEEN ?1 AND ?2 "
                  "ORDER BY record_id, idx",
                  [&](SQLite::Statement& q, Record& r) { add_project(q, 1, r.projects); });
      scan_tables("SELECT record_id, " + kProjectRowColumns + " FROM project_rows WHERE record_id BETWEEN ?1 AND ?2 "
                  "ORDER BY record_id, project_idx, idx",
                  [&](SQLite::Statement& q, Record& r) { add_project_row(q, 1, r.projects); });
      if (db_->tableExists("project_printed"))
        scan_tables("SELECT record_id, " + kProjectPrintedColumns +
                        " FROM project_printed WHERE record_id BETWEEN ?1 AND ?2 "
                        "ORDER BY record_id, project_idx, row_idx, key",
                    [&](SQLite::Statement& q, Record& r) { add_printed(q, 1, r.projects); });
    } else {
      scan("SELECT record_id, leaf_id, score FROM filed_scores WHERE record_id BETWEEN ?1 AND ?2 "
           "ORDER BY record_id, leaf_id",
           [&](RawQuery& q, Record& r) {
             r.filed_scores.emplace_hint(r.filed_scores.end(), q.text(1), read_decimal(q.text(2), "filed_scores"));
           });
    }
    snapshot.commit();
    return out;
  });
}

}  // namespace jixiao
