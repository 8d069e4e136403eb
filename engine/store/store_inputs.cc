// A record's packed inputs in the database (record_inputs, schema 8; those
// of project tables in project_inputs, schema 11): written with the record,
// filled in from the tables of records stored before (migration 8), and
// checked against those tables (db check). Batch scoring reads them in
// store_batch.cc.
#include "packed_inputs.h"
#include "store.h"
#include "store_sql.h"

#include <stdexcept>

#include <SQLiteCpp/SQLiteCpp.h>

namespace jixiao {

namespace store_sql {

namespace {

void insert_inputs(SQLite::Statement& insert, int64_t record_id, const std::string& packed) {
  insert.reset();
  insert.bind(1, record_id);
  insert.bind(2, packed.data(), static_cast<int>(packed.size()));
  insert.exec();
}

}  // namespace

const char* const kInputsOfAnyKind =
    "LEFT JOIN record_inputs i ON i.record_id = r.id AND r.kind <> 'projects' "
    "LEFT JOIN project_inputs p ON p.record_id = r.id AND r.kind = 'projects'";

void RecordsToWrite::add(int64_t record_id, const Record& r) {
  at_[record_id] = records_.size();
  records_.emplace_back(record_id, &r);
}

void RecordsToWrite::forget(int64_t record_id) {
  if (const auto found = at_.find(record_id); found != at_.end()) {
    records_[found->second].second = nullptr;
    at_.erase(found);
  }
}

void RecordsToWrite::write_rest(SQLite::Database& db) const {
  for (const auto& [id, r] : records_)
    if (r != nullptr) write_tables(db, id, *r);
  SQLite::Statement departments(db, "INSERT INTO record_inputs VALUES (?, ?)");
  SQLite::Statement projects(db, "INSERT INTO project_inputs VALUES (?, ?)");
  for (const bool of_projects : {false, true})
    for (const auto& [id, r] : records_)
      if (r != nullptr && (r->kind == "projects") == of_projects)
        insert_inputs(of_projects ? projects : departments, id, pack_inputs(*r));
}

void fill_inputs(SQLite::Database& db, const std::string& path) {
  std::vector<int64_t> ids;
  SQLite::Statement q(db, "SELECT id FROM records ORDER BY id");
  while (q.executeStep()) ids.push_back(q.getColumn(0).getInt64());
  TableReader tables(db, path);
  SQLite::Statement insert(db, "INSERT INTO record_inputs VALUES (?, ?)");
  for (int64_t id : ids) {
    Record r;
    tables.read(id, r);
    insert_inputs(insert, id, pack_inputs(r));
  }
}

std::string describe_record(int64_t id, std::string_view entity, int64_t year, std::string_view kind) {
  return "record " + std::to_string(id) + " (" + std::string(entity) + " " + std::to_string(year) + " " +
         std::string(kind) + ")";
}

}  // namespace store_sql

using namespace store_sql;

std::vector<std::string> Store::input_problems() const {
  return guarded(path_, "cannot check the packed inputs", [&] {
    SQLite::Transaction snapshot(*db_);  // the tables and the packings as of one moment
    std::vector<std::string> out;
    TableReader tables(*db_, path_);
    // A database of versions 8 to 10 (db check reads it as it is) keeps every packing in record_inputs.
    SQLite::Statement q(*db_, schema_version() >= 11
                                  ? std::string("SELECT r.id, r.entity, r.year, r.kind, coalesce(i.inputs, p.inputs), "
                                                "r.filed_total FROM records r ") +
                                        kInputsOfAnyKind + " ORDER BY r.id"
                                  : std::string("SELECT r.id, r.entity, r.year, r.kind, i.inputs, r.filed_total FROM "
                                                "records r LEFT JOIN record_inputs i ON i.record_id = r.id ORDER BY r.id"));
    while (q.executeStep()) {
      const int64_t id = q.getColumn(0).getInt64();
      const std::string record =
          describe_record(id, q.getColumn(1).getString(), q.getColumn(2).getInt64(), q.getColumn(3).getString());
      if (!q.getColumn(5).isNull() && !Decimal::parse(q.getColumn(5).getString()))
        out.push_back(record + ": its filed total is not a number: '" + q.getColumn(5).getString() + "'");
      if (q.getColumn(4).isNull()) {
        out.push_back(record + ": no packed inputs (score --all cannot read it)");
        continue;
      }
      const std::string stored(static_cast<const char*>(q.getColumn(4).getBlob()),
                               static_cast<size_t>(q.getColumn(4).getBytes()));
      Record whole;
      try {
        tables.read(id, whole);
      } catch (const Error& e) {
        out.push_back(record + ": its tables do not read: " + e.message());
        continue;
      }
      const std::string expected = pack_inputs(whole);
      if (stored == expected) continue;
      try {
        Record scoring, projects;
        unpack_inputs(stored, Reading::kForScoring, scoring);
        unpack_inputs(stored, Reading::kProjects, projects);
      } catch (const std::invalid_argument& e) {
        out.push_back(record + ": its packed inputs do not read back: " + e.what());
        continue;
      }
      out.push_back(record + ": its packed inputs differ from its tables in the " +
                    first_difference(stored, expected));
    }
    q.reset();
    snapshot.commit();
    return out;
  });
}

}  // namespace jixiao
