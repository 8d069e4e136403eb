// Reading in bulk for batch scoring (jixiao score --all): records read a
// batch at a time, one query for the batch's records and their packed inputs
// (packed_inputs.h), found by their ids, rather than a query per record.
// Results are written and read in store_results.cc.
#include "store.h"
#include "packed_inputs.h"
#include "raw_query.h"
#include "store_sql.h"
#include "mapped_reads.h"

#include <algorithm>
#include <charconv>
#include <string_view>
#include <stdexcept>

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

// The ids and set ids of the records of kinds `kinds` (an SQL list) of
// `year`, calling `found` with each set id first met.
RecordsToScore ids_of_kinds(SQLite::Database& db, const std::string& kinds, int year, const Store::SetFound& found) {
  RawQuery q(db, ("SELECT id, set_id FROM records WHERE kind IN (" + kinds + ") AND (?1 = 0 OR year = ?1) ORDER BY id")
                     .c_str());
  q.bind(1, year);
  RecordsToScore out;
  while (q.step()) {
    const std::string_view set_id = q.text(1);
    auto set = std::find(out.set_ids.begin(), out.set_ids.end(), set_id);  // a set or two in a database
    if (set == out.set_ids.end()) {
      set = out.set_ids.insert(set, std::string(set_id));
      if (found) found(*set);
    }
    out.ids.push_back(q.int64(0));
    out.set_of.push_back(static_cast<uint32_t>(set - out.set_ids.begin()));
  }
  return out;
}

}  // namespace

RecordsToScore Store::ids_to_score(int year, const SetFound& found) const {
  return guarded(path_, "cannot list records", [&] { return ids_of_kinds(*db_, "'filed', 'review'", year, found); });
}

RecordsToScore Store::project_ids_to_score(int year, const SetFound& found) const {
  return guarded(path_, "cannot list records", [&] { return ids_of_kinds(*db_, "'projects'", year, found); });
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

// `ids` as a JSON array, for json_each: "[3,5,8]".
std::string json_array(const std::vector<int64_t>& ids) {
  std::string out(ids.size() * 21 + 2, '\0');  // room for any int64 and its comma
  char* at = out.data();
  *at++ = '[';
  for (size_t k = 0; k < ids.size(); ++k) {
    if (k > 0) *at++ = ',';
    at = std::to_chars(at, out.data() + out.size(), ids[k]).ptr;
  }
  *at++ = ']';
  out.resize(static_cast<size_t>(at - out.data()));
  return out;
}

}  // namespace

std::vector<Record> Store::load_many(const std::vector<int64_t>& ids, Reading what) const {
  if (ids.empty()) return {};
  return guarded(path_, "cannot read records", [&] {
    std::vector<Record> out(ids.size());
    // Through a memory map (mapped_reads.h): the copies of read calls were a
    // fifth of a pass's time, in the kernel. The pages read count as this
    // process's memory until the map is taken down, at the batch's end: so it
    // is made only for a range that holds a few records per record asked for
    // (peak memory flat in the records), never for a scattered few of them all.
    const MappedReads mapped(*db_, ids.back() - ids.front() < 4 * static_cast<int64_t>(ids.size()));
    // One statement (one moment) that finds each record asked for by its id,
    // beside its packed inputs, the columns read in place through SQLite's own
    // interface. By the ids, not a scan of their range: the records between
    // them (another pass's: a department's project tables lie between its
    // years) are neither read nor their packings' pages touched.
    const std::string asked = json_array(ids);
    RawQuery q(*db_,
               "SELECT r.id, r.entity, r.year, r.kind, r.set_id, r.source, r.filed_total, r.source_hash, i.inputs "
               "FROM json_each(?1) a JOIN records r ON r.id = a.value "
               "LEFT JOIN record_inputs i ON i.record_id = r.id");
    q.bind_text(1, asked);
    size_t seen = 0, next = 0;
    while (q.step()) {
      // In the order asked, as a rule; found by its id all the same.
      const int64_t id = q.int64(0);
      size_t at = next < ids.size() && ids[next] == id
                      ? next
                      : static_cast<size_t>(std::lower_bound(ids.begin(), ids.end(), id) - ids.begin());
      next = at + 1;
      ++seen;
      Record& r = out[at];
      r.entity = q.text(1);
      r.year = static_cast<int>(q.int64(2));
      r.kind = q.text(3);
      r.set_id = q.text(4);
      r.source = q.text(5);
      if (!q.is_null(6)) r.filed_total = read_decimal(q.text(6), "records.filed_total");
      r.source_hash = q.text(7);
      if (q.is_null(8)) throw inputs_error(id, r, "has no packed inputs");
      if (what == Reading::kPacked) {
        r.packed = q.blob(8);
        continue;
      }
      try {
        unpack_inputs(q.blob(8), what, r);
      } catch (const std::invalid_argument& e) {
        throw inputs_error(id, r, std::string("has packed inputs that do not read back: ") + e.what());
      }
    }
    if (seen != ids.size())
      throw Error(ErrorKind::kMissing, std::to_string(ids.size() - seen) + " of the records to read are not stored",
                  Location{path_});
    return out;
  });
}

Error Store::inputs_error(int64_t id, const Record& r, const std::string& defect) const {
  return Error(ErrorKind::kInput,
               "corrupt database: " + describe_record(id, r.entity, r.year, r.kind) + " " + defect +
                   "; see 'jixiao db check'",
               Location{path_});
}

}  // namespace jixiao
