// Reading in bulk for batch scoring (jixiao score --all): records read a
// batch at a time, one scan of the records and their packed inputs
// (packed_inputs.h) over the batch's id range rather than a query per record.
// Results are written and read in store_results.cc.
#include "store.h"
#include "packed_inputs.h"
#include "raw_query.h"
#include "store_sql.h"
#include "mapped_reads.h"

#include <algorithm>
#include <cstdint>
#include <utility>
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
// `year`, calling `found` with each set id first met in id order. Read from
// the index records_to_score alone (store_schema.cc), which gives them by
// kind and year, then id: sorted here, a few bytes a record.
RecordsToScore ids_of_kinds(SQLite::Database& db, const std::string& kinds, int year, const Store::SetFound& found) {
  RawQuery q(db, ("SELECT id, set_id FROM records WHERE kind IN (" + kinds + ") AND (?1 = 0 OR year = ?1)").c_str());
  q.bind(1, year);
  std::vector<std::string> sets;                 // in the order the index meets them
  std::vector<std::pair<int64_t, uint32_t>> by;  // (id, its set in `sets`)
  while (q.step()) {
    const std::string_view set_id = q.text(1);
    auto set = std::find(sets.begin(), sets.end(), set_id);  // a set or two in a database
    if (set == sets.end()) set = sets.insert(set, std::string(set_id));
    by.emplace_back(q.int64(0), static_cast<uint32_t>(set - sets.begin()));
  }
  if (!std::is_sorted(by.begin(), by.end())) std::sort(by.begin(), by.end());  // one kind and year come sorted
  RecordsToScore out;
  out.ids.reserve(by.size());
  out.set_of.reserve(by.size());
  std::vector<uint32_t> place(sets.size(), UINT32_MAX);  // each set's place in out.set_ids, once met
  for (const auto& [id, set] : by) {
    if (place[set] == UINT32_MAX) {
      place[set] = static_cast<uint32_t>(out.set_ids.size());
      out.set_ids.push_back(sets[set]);
      if (found) found(out.set_ids.back());
    }
    out.ids.push_back(id);
    out.set_of.push_back(place[set]);
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

// Runs `q` (an SQL whose ?1 and ?2 are an id range, whose first column is a
// record id and whose rows come ordered by it) and calls `each(q, out[i])`
// with the row of ids[i]: a cursor walks `ids` (ascending) beside the rows,
// skipping the rows of records in the range that are not asked for.
template <typename Each>
void scan_ordered(RawQuery& q, const std::vector<int64_t>& ids, std::vector<Record>& out, Each&& each) {
  q.bind(1, ids.front());
  q.bind(2, ids.back());
  size_t at = 0;
  while (q.step()) {
    const int64_t id = q.int64(0);
    while (ids[at] < id)
      if (++at == ids.size()) return;
    if (ids[at] == id) each(q, out[at]);
  }
}

}  // namespace

namespace {

// load_many's scan: the records of `kinds` over an id range, each beside its
// packed inputs, from the table of their kind's. The kind is tested before
// the join, so that the inputs of another kind are never sought; `+r.kind`
// keeps SQLite to the range of ids (by the index of kinds it would read every
// record of the kind, then sort them).
std::string load_sql(Store::Kinds kinds) {
  const std::string columns = "SELECT r.id, r.entity, r.year, r.kind, r.set_id, r.source, r.filed_total, r.source_hash, ";
  const std::string range = " WHERE r.id BETWEEN ?1 AND ?2";
  const std::string order = " ORDER BY r.id";
  switch (kinds) {
    case Store::Kinds::kDepartmentYears:
      return columns + "i.inputs FROM records r LEFT JOIN record_inputs i ON i.record_id = r.id" + range +
             " AND +r.kind IN ('filed', 'review')" + order;
    case Store::Kinds::kProjectTables:
      return columns + "i.inputs FROM records r LEFT JOIN project_inputs i ON i.record_id = r.id" + range +
             " AND +r.kind = 'projects'" + order;
    case Store::Kinds::kAny:
      break;
  }
  return columns + "coalesce(i.inputs, p.inputs) FROM records r " + kInputsOfAnyKind + range + order;
}

}  // namespace

std::vector<Record> Store::load_many(const std::vector<int64_t>& ids, Reading what, std::vector<size_t>* gone,
                                     Kinds kinds) const {
  if (ids.empty()) return {};
  return guarded(path_, "cannot read records", [&] {
    std::vector<Record> out(ids.size());
    // Through a memory map (mapped_reads.h): the copies of read calls were a
    // fifth of a pass's time, in the kernel. The pages read count as this
    // process's memory until the map is taken down, at the batch's end: so it
    // is made only for a scan whose range holds a few records per record
    // asked for (peak memory flat in the records), never for a scan of them all.
    const MappedReads mapped(*db_, ids.back() - ids.front() < 4 * static_cast<int64_t>(ids.size()));
    // One scan (one statement: one moment) of the records over the id range,
    // each beside its packed inputs, found by its id; the columns read in
    // place through SQLite's own interface.
    RawQuery q(*db_, load_sql(kinds).c_str());
    size_t seen = 0;
    std::vector<bool> read(gone != nullptr ? ids.size() : 0);
    scan_ordered(q, ids, out, [&](RawQuery& q, Record& r) {
      ++seen;
      if (gone != nullptr) read[static_cast<size_t>(&r - out.data())] = true;
      r.entity = q.text(1);
      r.year = static_cast<int>(q.int64(2));
      r.kind = q.text(3);
      r.set_id = q.text(4);
      r.source = q.text(5);
      if (!q.is_null(6)) r.filed_total = filed_total_of(q.int64(0), r, q.text(6));
      r.source_hash = q.text(7);
      if (q.is_null(8)) throw inputs_error(q.int64(0), r, "has no packed inputs");
      if (what == Reading::kPacked) {
        r.packed = q.blob(8);
        return;
      }
      try {
        unpack_inputs(q.blob(8), what, r);
      } catch (const std::invalid_argument& e) {
        throw inputs_error(q.int64(0), r, std::string("has packed inputs that do not read back: ") + e.what());
      }
    });
    if (seen != ids.size()) {
      if (gone == nullptr)
        throw Error(ErrorKind::kMissing, std::to_string(ids.size() - seen) + " of the records to read are not stored",
                    Location{path_});
      for (size_t k = 0; k < ids.size(); ++k)
        if (!read[k]) gone->push_back(k);
    }
    return out;
  });
}

Decimal Store::filed_total_of(int64_t id, const Record& r, std::string_view text) const {
  if (const auto total = Decimal::parse(text)) return *total;
  throw inputs_error(id, r, "has a filed total that is not a number: '" + std::string(text) + "'");
}

Error Store::inputs_error(int64_t id, const Record& r, const std::string& defect) const {
  return Error(ErrorKind::kInput,
               "corrupt database: " + describe_record(id, r.entity, r.year, r.kind) + " " + defect +
                   "; see 'jixiao db check'",
               Location{path_});
}

}  // namespace jixiao
