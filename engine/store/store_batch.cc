// Reading in bulk for batch scoring (jixiao score --all): records read a
// batch at a time, one scan per table ordered by record id rather than a
// query per table per record. Results are written and read in store_results.cc.
#include "store.h"
#include "store_sql.h"

#include <algorithm>
#include <string_view>
#include <tuple>
#include <unordered_map>

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

// Runs `q` (an SQL whose ?1 and ?2 are an id range and whose first column is
// a record id) and calls `each` with the rows of the ids in `by_id`.
template <typename Target, typename Each>
void scan_range(SQLite::Statement& q, int64_t lo, int64_t hi, const std::unordered_map<int64_t, Target*>& by_id,
                Each&& each) {
  q.bind(1, lo);
  q.bind(2, hi);
  while (q.executeStep()) {
    auto found = by_id.find(q.getColumn(0).getInt64());
    if (found != by_id.end()) each(q, *found->second);
  }
  q.reset();
}

}  // namespace

std::vector<Record> Store::load_many(const std::vector<int64_t>& ids, Reading what) const {
  if (ids.empty()) return {};
  return guarded(path_, "cannot read records", [&] {
    SQLite::Transaction snapshot(*db_);  // one moment for every table
    std::vector<Record> out(ids.size());
    std::unordered_map<int64_t, Record*> by_id;
    by_id.reserve(ids.size());
    for (size_t i = 0; i < ids.size(); ++i) by_id[ids[i]] = &out[i];
    const int64_t lo = ids.front(), hi = ids.back();
    // Each scan walks its table's primary key (record_id first) over the range.
    auto scan = [&](const char* sql, auto&& each) { scan_range(statement(sql), lo, hi, by_id, each); };
    size_t seen = 0;
    scan("SELECT id, entity, year, kind, set_id, source, filed_total FROM records WHERE id BETWEEN ?1 AND ?2",
         [&](SQLite::Statement& q, Record& r) {
           ++seen;
           r.entity = q.getColumn(1).getString();
           r.year = q.getColumn(2).getInt();
           r.kind = q.getColumn(3).getString();
           r.set_id = q.getColumn(4).getString();
           r.source = q.getColumn(5).getString();
           if (!q.getColumn(6).isNull()) r.filed_total = read_decimal(q.getColumn(6).getString(), "records.filed_total");
         });
    if (seen != ids.size())
      throw Error(ErrorKind::kMissing, std::to_string(ids.size() - seen) + " of the records to read are not stored",
                  Location{path_});
    if (what == Reading::kForScoring) {
      scan("SELECT record_id, name, type, value FROM facts WHERE record_id BETWEEN ?1 AND ?2",
           [&](SQLite::Statement& q, Record& r) {
             // Built where it stays: a Fact is large, moving one is not free.
             const auto at = r.facts.emplace_hint(r.facts.end(), std::piecewise_construct,
                                                  std::forward_as_tuple(text_of(q, 1)), std::forward_as_tuple());
             Fact& f = at->second;
             f.name = at->first;
             f.value = read_value(text_of(q, 2), text_of(q, 3), "fact", f.name);
           });
      scan("SELECT record_id, tbl FROM row_tables WHERE record_id BETWEEN ?1 AND ?2",
           [&](SQLite::Statement& q, Record& r) { r.rows[q.getColumn(1).getString()]; });
      scan("SELECT record_id, tbl FROM rows WHERE record_id BETWEEN ?1 AND ?2 ORDER BY record_id, tbl, row_index",
           [&](SQLite::Statement& q, Record& r) { r.rows[q.getColumn(1).getString()].emplace_back(); });
      scan("SELECT record_id, tbl, row_index, col, type, value FROM row_cells WHERE record_id BETWEEN ?1 AND ?2 "
           "ORDER BY record_id, tbl, row_index, col_index",
           [&](SQLite::Statement& q, Record& r) {
             const std::string_view table = text_of(q, 1);
             const size_t index = static_cast<size_t>(q.getColumn(2).getInt());
             auto found = r.rows.begin();  // a record has a table or two: a walk, not a lookup by a copied name
             while (found != r.rows.end() && found->first != table) ++found;
             if (found == r.rows.end() || index >= found->second.size())
               throw Error(ErrorKind::kInput, "corrupt database: a cell of " + std::string(table) + " has no row",
                           Location{path_});
             found->second[index].cells.emplace_back(text_of(q, 3), read_value(text_of(q, 4), text_of(q, 5), table));
           });
      scan("SELECT record_id, leaf_id, score, basis FROM judgements WHERE record_id BETWEEN ?1 AND ?2",
           [&](SQLite::Statement& q, Record& r) {
             Judgement j;
             j.score = read_decimal(text_of(q, 2), "judgements");
             j.basis = q.getColumn(3).getString();
             r.judgements[q.getColumn(1).getString()] = std::move(j);
           });
    }
    if (what == Reading::kProjects) {
      scan(("SELECT record_id, " + kProjectColumns + " FROM projects WHERE record_id BETWEEN ?1 AND ?2 "
            "ORDER BY record_id, idx").c_str(),
           [&](SQLite::Statement& q, Record& r) { add_project(q, 1, r.projects); });
      scan(("SELECT record_id, " + kProjectRowColumns + " FROM project_rows WHERE record_id BETWEEN ?1 AND ?2 "
            "ORDER BY record_id, project_idx, idx").c_str(),
           [&](SQLite::Statement& q, Record& r) { add_project_row(q, 1, r.projects); });
      if (db_->tableExists("project_printed"))
        scan(("SELECT record_id, " + kProjectPrintedColumns + " FROM project_printed WHERE record_id BETWEEN ?1 AND ?2")
                 .c_str(),
             [&](SQLite::Statement& q, Record& r) { add_printed(q, 1, r.projects); });
    } else {
      scan("SELECT record_id, leaf_id, score FROM filed_scores WHERE record_id BETWEEN ?1 AND ?2",
           [&](SQLite::Statement& q, Record& r) {
             r.filed_scores.emplace_hint(r.filed_scores.end(), text_of(q, 1), read_decimal(text_of(q, 2), "filed_scores"));
           });
    }
    snapshot.commit();
    return out;
  });
}

}  // namespace jixiao
