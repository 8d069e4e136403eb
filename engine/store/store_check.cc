// The database's own checks for `jixiao db check`: SQLite's integrity and
// foreign-key checks, and rows whose parent row is gone. A new child table
// is one more line in kOrphanQueries.
#include "store.h"
#include "store_sql.h"

#include <algorithm>

#include <SQLiteCpp/SQLiteCpp.h>

namespace jixiao {

namespace {

using namespace store_sql;

// Each query returns one line of text per row whose parent is missing.
const char* const kOrphanQueries[] = {
    "SELECT 'facts: fact ' || quote(name) || ' of record ' || record_id || ', which does not exist' "
    "FROM facts WHERE record_id NOT IN (SELECT id FROM records)",
    "SELECT 'row_tables: table ' || quote(tbl) || ' of record ' || record_id || ', which does not exist' "
    "FROM row_tables WHERE record_id NOT IN (SELECT id FROM records)",
    "SELECT 'rows: row ' || row_index || ' of table ' || quote(tbl) || ' of record ' || record_id || "
    "', whose table is not recorded' FROM rows r WHERE NOT EXISTS "
    "(SELECT 1 FROM row_tables t WHERE t.record_id = r.record_id AND t.tbl = r.tbl)",
    "SELECT 'row_cells: cell ' || col_index || ' of row ' || row_index || ' of table ' || quote(tbl) || "
    "' of record ' || record_id || ', whose row does not exist' FROM row_cells c WHERE NOT EXISTS "
    "(SELECT 1 FROM rows r WHERE r.record_id = c.record_id AND r.tbl = c.tbl AND r.row_index = c.row_index)",
    "SELECT 'judgements: leaf ' || quote(leaf_id) || ' of record ' || record_id || ', which does not exist' "
    "FROM judgements WHERE record_id NOT IN (SELECT id FROM records)",
    "SELECT 'projects: project ' || idx || ' of record ' || record_id || ', which does not exist' "
    "FROM projects WHERE record_id NOT IN (SELECT id FROM records)",
    "SELECT 'project_rows: row ' || idx || ' of project ' || project_idx || ' of record ' || record_id || "
    "', whose project does not exist' FROM project_rows r WHERE NOT EXISTS "
    "(SELECT 1 FROM projects p WHERE p.record_id = r.record_id AND p.idx = r.project_idx)",
    "SELECT 'filed_scores: leaf ' || quote(leaf_id) || ' of record ' || record_id || ', which does not exist' "
    "FROM filed_scores WHERE record_id NOT IN (SELECT id FROM records)",
    "SELECT 'project_printed: ' || quote(key) || ' of project ' || project_idx || ' of record ' || record_id || "
    "', whose project does not exist' FROM project_printed f WHERE NOT EXISTS "
    "(SELECT 1 FROM projects p WHERE p.record_id = f.record_id AND p.idx = f.project_idx)",
    "SELECT 'results: the results of record ' || record_id || ' under set version ' || version || "
    "', a record which does not exist' FROM results WHERE record_id NOT IN (SELECT id FROM records)",
    "SELECT 'project_inputs: the packed inputs of record ' || record_id || "
    "', which is not a record of project tables' FROM project_inputs "
    "WHERE record_id NOT IN (SELECT id FROM records WHERE kind = 'projects')",
};

// The tables a query of kOrphanQueries reads: each name after FROM.
std::vector<std::string> tables_of(const std::string& sql) {
  std::vector<std::string> out;
  for (size_t at = sql.find("FROM "); at != std::string::npos; at = sql.find("FROM ", at)) {
    at += 5;
    out.push_back(sql.substr(at, sql.find_first_of(" )", at) - at));
  }
  return out;
}

std::vector<std::string> lines(SQLite::Database& db, const char* sql) {
  std::vector<std::string> out;
  SQLite::Statement q(db, sql);
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  return out;
}

}  // namespace

std::vector<std::string> Store::integrity_problems() const {
  return guarded(path_, "integrity_check failed", [&] {
    std::vector<std::string> out = lines(*db_, "PRAGMA integrity_check");
    if (out.size() == 1 && out[0] == "ok") out.clear();
    return out;
  });
}

std::vector<std::string> Store::foreign_key_problems() const {
  return guarded(path_, "foreign_key_check failed", [&] {
    std::vector<std::string> out;
    SQLite::Statement q(*db_, "PRAGMA foreign_key_check");
    while (q.executeStep())
      out.push_back(q.getColumn(0).getString() + ": row " + q.getColumn(1).getString() + " refers to a missing " +
                    q.getColumn(2).getString() + " row");
    return out;
  });
}

std::vector<std::string> Store::orphan_rows() const {
  return guarded(path_, "cannot look for orphan rows", [&] {
    SQLite::Transaction snapshot(*db_);
    std::vector<std::string> out;
    SQLite::Statement exists(*db_, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    auto has = [&](const std::string& table) {
      exists.reset();
      exists.bind(1, table);
      return exists.executeStep();
    };
    for (const char* sql : kOrphanQueries) {
      // A table an older schema does not have yet has no rows to orphan.
      const auto tables = tables_of(sql);
      if (!std::all_of(tables.begin(), tables.end(), has)) continue;
      for (auto& line : lines(*db_, sql)) out.push_back(std::move(line));
    }
    exists.reset();
    snapshot.commit();
    return out;
  });
}

std::vector<std::string> Store::set_ids() const {
  return guarded(path_, "cannot list the sets of the records",
                 [&] { return lines(*db_, "SELECT DISTINCT set_id FROM records ORDER BY set_id"); });
}

}  // namespace jixiao
