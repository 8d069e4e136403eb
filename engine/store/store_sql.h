// Internal to the store (store*.cc): how values, provenance and project
// tables are written to and read from SQLite rows.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <string>
#include <unordered_map>
#include <vector>

#include "error.h"
#include "record.h"

namespace jixiao::store_sql {

// What an SQLite failure means for the user: the database busy (another
// process holds the write lock past the busy timeout), read-only, not a
// database, corrupt, full; otherwise SQLite's own message.
std::string describe(const SQLite::Exception& e);

// Runs `fn`; an SQLite failure becomes Error(kIo) at `path`: "doing: what it means".
template <typename Fn>
auto guarded(const std::string& path, const std::string& doing, Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const SQLite::Exception& e) {
    // Whatever was being done, a file that is not a database is just that.
    throw Error(ErrorKind::kIo, e.getErrorCode() == SQLITE_NOTADB ? describe(e) : doing + ": " + describe(e),
                Location{path});
  }
}

// A decimal column; Error(kInput) naming `where` when it is not one.
Decimal read_decimal(std::string_view text, std::string_view where);

// A value as the tables store it: its type ("number", "bool", "text", "null")
// and its text (a number as written, "true"/"false", "" for null).
const char* type_tag(const Value& v);
std::string value_text(const Value& v);

// A value stored as (type, text); Error(kInput) naming `where` (and `name`
// after it: "fact annual_budget") when corrupt. The message is built only then.
Value read_value(std::string_view type, std::string_view text, std::string_view where, std::string_view name = {});
// The same into `out`, a default Value, where it is to stay: no Value moved.
void read_value_into(Value& out, std::string_view type, std::string_view text, std::string_view where,
                     std::string_view name = {});

// A column's text in place, without a copy: valid until the statement steps again.
inline std::string_view text_of(SQLite::Statement& st, int index) {
  const SQLite::Column column = st.getColumn(index);
  const char* text = column.getText();
  return {text, static_cast<size_t>(column.getBytes())};
}

// Provenance as three columns (file, quote, inferred) from `first` on.
void bind_provenance(SQLite::Statement& st, int first, const Provenance& p);
Provenance column_provenance(SQLite::Statement& st, int first);

// An optional decimal as a nullable column.
void bind_optional(SQLite::Statement& st, int index, const std::optional<Decimal>& d);
std::optional<Decimal> column_optional(SQLite::Statement& st, int index, const std::string& where);

// A record's project tables, into the projects and project_rows tables.
void write_projects(SQLite::Database& db, int64_t record_id, const std::vector<Project>& projects);

// The figures a project table prints beyond its targets (指标性质, 度量单位,
// 一级指标 points, the budget row's 年初预算数/执行率/分值/得分, 总分, grade; a
// row's judgement, subtotal mark and 权重占比) are kept in project_printed,
// which write_projects creates when missing; a database without it reads as
// tables that print none.
//
// Reading project tables: the columns of the three tables (projects,
// project_rows, project_printed) each query selects, from its column `first`
// on, and what adds one row of each to `out`, a record's projects (its rows
// and printed figures after its projects, each in order). Throws Error(kInput) for a row or figure without its project.
extern const std::string kProjectColumns;
extern const std::string kProjectRowColumns;
extern const std::string kProjectPrintedColumns;
void add_project(SQLite::Statement& projects, int first, std::vector<Project>& out);
void add_project_row(SQLite::Statement& rows, int first, std::vector<Project>& out);
void add_printed(SQLite::Statement& printed, int first, std::vector<Project>& out);

// The records an import writes, as written: their rows first, one after
// another, then their tables, then their packed inputs (packed_inputs.h),
// into record_inputs, or project_inputs for a record of kind "projects"
// (schema 11): those of department-years, then those of project tables. So
// the rows of records, and each pass's packings, lie together in the file
// rather than among the pages of the tables: a pass reads the fewer pages.
class RecordsToWrite {
 public:
  // Record `r` (which must outlive write_rest()) is written as row `record_id`, which has nothing else yet.
  void add(int64_t record_id, const Record& r);
  // Record `record_id`, added before, is deleted (written again): nothing more is written of it.
  void forget(int64_t record_id);
  // Writes the tables, then the packings, of the records added and not forgotten, in the order added.
  void write_rest(SQLite::Database& db) const;

 private:
  std::vector<std::pair<int64_t, const Record*>> records_;  // nullptr: forgotten
  std::unordered_map<int64_t, size_t> at_;                  // a record id's place in records_
};
// Writes record `r`'s tables (facts, rows, judgements, project tables, filed
// scores) as those of row `record_id` (store.cc).
void write_tables(SQLite::Database& db, int64_t record_id, const Record& r);
// The joins that give each record `r` of a query its packed inputs, of
// whichever kind, as coalesce(i.inputs, p.inputs) (NULL when it has none).
extern const char* const kInputsOfAnyKind;
// Packs the inputs of every stored record from its tables into record_inputs,
// which holds none yet (migration 8). Throws Error(kInput) naming `path` for
// a table that does not read, SQLite::Exception when one cannot be read.
void fill_inputs(SQLite::Database& db, const std::string& path);
// Packs every row of the results table anew (migration 9, packed_leaves.h)
// from the packing of versions 7 and 8, each leaf named as it was. A row
// that does not read as one (a hand edit: db check of version 8 names it) is
// deleted: results are derived, and the next score --all scores its record
// again. Throws SQLite::Exception when the table cannot be read or written.
void repack_results(SQLite::Database& db);
// "record 17 (凉山州科学技术协会 2021 filed)", for messages.
std::string describe_record(int64_t id, std::string_view entity, int64_t year, std::string_view kind);

// Reads records whole from their tables by id, each query prepared once:
// for Store::load, and for packing the inputs of records already stored.
class TableReader {
 public:
  // `path` is where errors say the database is.
  TableReader(SQLite::Database& db, std::string path);
  // Into `r`, whose key fields are left as they are: the facts, rows,
  // judgements, project tables and filed scores of record `id` as its tables
  // hold them. Throws Error(kInput) for a corrupt value or a row without its
  // parent, SQLite::Exception when a table cannot be read.
  void read(int64_t id, Record& r);

 private:
  const std::string path_;
  SQLite::Statement facts_, tables_, rows_, cells_, judgements_, projects_, project_rows_, filed_;
  std::unique_ptr<SQLite::Statement> printed_;  // none when the database has no project_printed table
};

}  // namespace jixiao::store_sql
