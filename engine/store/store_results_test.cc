// The results table: a record's leaves written as one packed row and read
// back exactly, replaced when scored again under the same set version,
// summed for compare --all, and a damaged row reported, not misread.
#include "store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "packed_leaves.h"
#include "test_support.h"

using namespace jixiao;

namespace {

struct Province {
  std::string db;
  std::vector<int64_t> ids;          // two of its department-years
  std::vector<std::string> sources;  // their source hashes
};

// A generated database of two departments, and two of its records.
Province province(const std::string& name) {
  const std::string db = test::scratch_dir(name) + "/province.db";
  REQUIRE(test::run_jixiao({"gen", "--departments", "2", "--seed", "1", "--db", db, "--home", test::source_dir()})
              .exit_code == 0);
  std::vector<int64_t> ids;
  for (const StoredRecord& r : Store::open_read_only(db).records_to_score(0, "")) ids.push_back(r.id);
  REQUIRE(ids.size() >= 2);
  ids.resize(2);
  std::vector<std::string> sources;
  SQLite::Database read(db);
  for (const int64_t id : ids) sources.push_back(read.execAndGet("SELECT source_hash FROM records WHERE id = " + std::to_string(id)).getString());
  return {db, ids, sources};
}

RecordResults packed(int64_t id, const std::string& source, const std::string& hash,
                     const std::vector<std::vector<std::string>>& leaves) {
  RecordResults out{id, "liangshan-2021-dept", hash, {}, leaves.size(), source, nullptr};
  LeafPacker pack(out.leaves, true, 2);  // the scores below have two decimals
  for (const auto& l : leaves) pack.add(l[0], l[1].empty() ? std::nullopt : Decimal::parse(l[1]), l[2], l[3]);
  return out;
}

// Every stored result as "record set_hash leaf score source reason".
std::vector<std::string> lines(const Store& store) {
  std::vector<std::string> out;
  for (const StoredResult& r : store.results())
    out.push_back(std::to_string(r.record_id) + " " + r.set_id + " " + r.set_hash + " " + r.leaf_id + " " + r.score +
                  " " + r.source + " " + r.reason);
  return out;
}

}  // namespace

TEST_CASE("store results: a record's leaves read back as written, whatever their reasons hold", "[store-results]") {
  const auto [db, ids, sources] = province("store-results-round-trip");
  Store store = Store::open_for_write(db);
  const std::string nul("a NUL \0 inside", 14);
  store.write_results({packed(ids[0], sources[0], "h1", {{"violations", "7.50", "computed", ""},
                                             {"target_setting", "", "uncovered", ""},
                                             {"p1/1", "12.50", "scored", "a tab\t, a newline\n, \"quotes\" '"},
                                             {"p1/2", "", "pending", nul}}),
                       packed(ids[1], sources[1], "h1", {{"violations", "8.00", "computed", "12:34 looks like a length:"}})});
  const std::string id0 = std::to_string(ids[0]), id1 = std::to_string(ids[1]);
  // By record, set hash and leaf id.
  CHECK(lines(store) == std::vector<std::string>{
                            id0 + " liangshan-2021-dept h1 p1/1 12.50 scored a tab\t, a newline\n, \"quotes\" '",
                            id0 + " liangshan-2021-dept h1 p1/2  pending " + nul,
                            id0 + " liangshan-2021-dept h1 target_setting  uncovered ",
                            id0 + " liangshan-2021-dept h1 violations 7.50 computed ",
                            id1 + " liangshan-2021-dept h1 violations 8.00 computed 12:34 looks like a length:",
                        });
  CHECK(store.scored_records("h1") == ids);
  CHECK(store.scored_records("h2").empty());
  CHECK(store.result_hashes() == std::vector<std::pair<std::string, std::string>>{{"h1", "liangshan-2021-dept"}});
}

TEST_CASE("store results: a record scored again under the same set version has only its new results",
          "[store-results]") {
  const auto [db, ids, sources] = province("store-results-replaced");
  Store store = Store::open_for_write(db);
  store.write_results({packed(ids[0], sources[0], "h1", {{"a", "1.00", "computed", ""}, {"b", "2.00", "computed", ""}})});
  store.write_results({packed(ids[0], sources[0], "h2", {{"a", "5.00", "computed", ""}})});
  store.write_results({packed(ids[0], sources[0], "h1", {{"a", "3.00", "judged", ""}})});
  const std::string id = std::to_string(ids[0]);
  CHECK(lines(store) == std::vector<std::string>{id + " liangshan-2021-dept h1 a 3.00 judged ",
                                                 id + " liangshan-2021-dept h2 a 5.00 computed "});
}

TEST_CASE("store results: stored totals sum each record's scores under one set version", "[store-results]") {
  const auto [db, ids, sources] = province("store-results-totals");
  Store store = Store::open_for_write(db);
  store.write_results({packed(ids[0], sources[0], "h1", {{"a", "1.25", "computed", ""},
                                             {"b", "", "uncovered", ""},
                                             {"c", "", "not-scored", ""},
                                             {"d", "2.50", "judged", ""}}),
                       packed(ids[1], sources[1], "h2", {{"a", "9.00", "computed", ""}})});
  const auto totals = store.stored_totals("h1", ids);
  REQUIRE(totals.size() == 2);
  CHECK(totals[0].leaves == 4);
  CHECK(totals[0].uncovered == 1);
  CHECK(totals[0].total.str() == "3.75");
  CHECK(totals[1].leaves == 0);  // its results are under another version
  CHECK(store.stored_totals("h2", {ids[1]})[0].total.str() == "9");
}

TEST_CASE("store results: a stored row that is not a packing is an error naming the record", "[store-results]") {
  const auto [db, ids, sources] = province("store-results-corrupt");
  {
    Store store = Store::open_for_write(db);
    store.write_results({packed(ids[0], sources[0], "h1", {{"a", "1.00", "computed", ""}})});
  }
  SQLite::Database(db, SQLite::OPEN_READWRITE).exec("UPDATE results SET leaves = X'1200333A616263'");  // no flags
  const Store store = Store::open_read_only(db);
  const std::string message = db + ": corrupt database: the results of record " + std::to_string(ids[0]) +
                              ", leaf 1 (abc), its flags: the value ends before them";
  CHECK_THROWS_WITH(store.results(), message);
  CHECK_THROWS_WITH(store.stored_totals("h1", ids), message);
}

TEST_CASE("store results: a row whose record is gone is an orphan row of db check", "[store-results]") {
  const auto [db, ids, sources] = province("store-results-orphan");
  {
    Store store = Store::open_for_write(db);
    store.write_results({packed(ids[0], sources[0], "h1", {{"a", "1.00", "computed", ""}})});
  }
  SQLite::Database(db, SQLite::OPEN_READWRITE).exec("UPDATE results SET record_id = 999");  // foreign keys off
  CHECK(Store::open_for_check(db).orphan_rows() ==
        std::vector<std::string>{"results: the results of record 999 under set version 1, a record which does not exist"});
}

TEST_CASE("store results: a record imported again since it was read gets no results, and is named", "[store-results]") {
  const auto [db, ids, sources] = province("store-results-changed");
  Store store = Store::open_for_write(db);
  {
    SQLite::Database edit(db, SQLite::OPEN_READWRITE);
    edit.exec("UPDATE records SET source_hash = 'imported again' WHERE id = " + std::to_string(ids[1]));
  }
  const auto changed = store.write_results({packed(ids[0], sources[0], "h1", {{"a", "1.00", "computed", ""}}),
                                            packed(ids[1], sources[1], "h1", {{"a", "2.00", "computed", ""}})});
  CHECK(changed == std::vector<int64_t>{ids[1]});
  CHECK(lines(store) == std::vector<std::string>{std::to_string(ids[0]) + " liangshan-2021-dept h1 a 1.00 computed "});
  CHECK(store.write_results({packed(ids[0] + 100000, "", "h1", {{"a", "1.00", "computed", ""}})}) ==
        std::vector<int64_t>{ids[0] + 100000});  // one deleted meanwhile: no foreign-key failure for the batch
}

TEST_CASE("store results: in bulk the log is copied into the file not every 1,000 pages but all at the end",
          "[store-results]") {
  const auto [db, ids, sources] = province("store-results-bulk");
  SQLite::Database watch(db, SQLite::OPEN_READWRITE);  // open throughout: the log stays when the writer closes
  // (busy, frames in the log, frames copied into the file), as a passive checkpoint leaves them.
  auto log = [&] {
    SQLite::Statement q(watch, "PRAGMA wal_checkpoint(PASSIVE)");
    REQUIRE(q.executeStep());
    return std::vector<int>{q.getColumn(0).getInt(), q.getColumn(1).getInt(), q.getColumn(2).getInt()};
  };
  // 80 commits of about 25 pages each: 2,000 pages, twice SQLite's 1,000 between checkpoints
  // (each reason other than the one before throughout: SQLite writes only the pages that change).
  auto write = [&, ids = ids, sources = sources](Store& store) {
    for (int i = 0; i < 80; ++i)
      store.write_results({packed(ids[0], sources[0], "h1",
                                  {{"a", std::to_string(i), "computed", std::string(100000, static_cast<char>('a' + i % 2))}})});
  };
  Store store = Store::open_for_write(db);
  {
    const Store::BulkWrites bulk(store);
    write(store);
  }
  const std::vector<int> bulk = log();
  CHECK(bulk[0] == 0);
  CHECK(bulk[1] > 2000);  // never restarted from its start: no checkpoint in between
  CHECK(bulk[2] == bulk[1]);
  write(store);  // SQLite's every 1,000 pages again: the log restarts after each checkpoint
  const std::vector<int> after = log();
  CHECK(after[1] < 1100);
  CHECK(lines(store).size() == 1);
}

TEST_CASE("store results: set versions are registered in the order given, each once", "[store-results]") {
  const auto [db, ids, sources] = province("store-results-versions");
  Store store = Store::open_for_write(db);
  store.write_results({packed(ids[0], sources[0], "h2", {{"a", "1.00", "computed", ""}})});
  store.add_set_versions({{"b", "h3"}, {"liangshan-2021-dept", "h2"}, {"a", "h1"}});
  std::vector<std::string> versions;
  SQLite::Database read(db, SQLite::OPEN_READONLY);
  SQLite::Statement q(read, "SELECT id, set_id, set_hash FROM set_versions ORDER BY id");
  while (q.executeStep())
    versions.push_back(q.getColumn(0).getString() + " " + q.getColumn(1).getString() + " " + q.getColumn(2).getString());
  CHECK(versions == std::vector<std::string>{"1 liangshan-2021-dept h2", "2 b h3", "3 a h1"});
}

TEST_CASE("store results: in bulk, records imported again or deleted since they were read get none, and are named",
          "[store-results]") {
  const auto [db, ids, sources] = province("store-results-bulk-changed");
  Store store = Store::open_for_write(db);
  const Store::BulkWrites bulk(store);
  {
    SQLite::Database edit(db, SQLite::OPEN_READWRITE);
    edit.exec("UPDATE records SET source_hash = 'imported again' WHERE id = " + std::to_string(ids[0]));
  }
  // Out of record order, one of a record that is not stored (its foreign key is checked all the same).
  const auto changed = store.write_results({packed(ids[1], sources[1], "h1", {{"a", "2.00", "computed", ""}}),
                                            packed(ids[1] + 100000, sources[1], "h1", {{"a", "3.00", "computed", ""}}),
                                            packed(ids[0], sources[0], "h1", {{"a", "1.00", "computed", ""}})});
  CHECK(changed == std::vector<int64_t>{ids[0], ids[1] + 100000});
  CHECK(lines(store) == std::vector<std::string>{std::to_string(ids[1]) + " liangshan-2021-dept h1 a 2.00 computed "});
}

TEST_CASE("store results: after a run in bulk, removing a record removes its results again", "[store-results]") {
  const auto [db, ids, sources] = province("store-results-bulk-cascade");
  Store store = Store::open_for_write(db);
  {
    const Store::BulkWrites bulk(store);  // the writes check the records themselves, foreign keys off meanwhile
    store.write_results({packed(ids[0], sources[0], "h1", {{"a", "1.00", "computed", ""}})});
  }
  REQUIRE(lines(store).size() == 1);
  CHECK(store.remove_records_not_from({}) > 0);
  CHECK(lines(store).empty());
}

TEST_CASE("store results: a batch of more rows than one insert takes is written whole, a row given twice as the last",
          "[store-results]") {
  const auto [db, ids, sources] = province("store-results-many");
  Store store = Store::open_for_write(db);
  const Store::BulkWrites bulk(store);
  std::vector<RecordResults> batch;
  std::vector<std::string> expected;
  for (int v = 0; v < 25; ++v)  // 50 rows, of 25 set versions: two inserts, the versions changing within each
    for (int k = 0; k < 2; ++k) {
      const std::string hash = "h" + std::string(v < 10 ? "0" : "") + std::to_string(v);
      batch.push_back(packed(ids[k], sources[k], hash, {{"a", std::to_string(v) + ".00", "computed", ""}}));
      expected.push_back(std::to_string(ids[k]) + " liangshan-2021-dept " + hash + " a " + std::to_string(v) +
                         ".00 computed ");
    }
  batch.push_back(packed(ids[0], sources[0], "h03", {{"a", "9.99", "judged", "again"}}));  // in the second insert
  expected[6] = std::to_string(ids[0]) + " liangshan-2021-dept h03 a 9.99 judged again";
  CHECK(store.write_results(batch).empty());
  std::sort(expected.begin(), expected.end());
  std::vector<std::string> stored = lines(store);
  std::sort(stored.begin(), stored.end());
  CHECK(stored == expected);
}

TEST_CASE("store results: in bulk, a record imported again between two batches gets none in the second",
          "[store-results]") {
  const auto [db, ids, sources] = province("store-results-bulk-between");
  Store store = Store::open_for_write(db);
  const Store::BulkWrites bulk(store);
  CHECK(store.write_results({packed(ids[0], sources[0], "h1", {{"a", "1.00", "computed", ""}})}).empty());
  SQLite::Database(db, SQLite::OPEN_READWRITE)
      .exec("UPDATE records SET source_hash = 'imported again' WHERE id = " + std::to_string(ids[1]));
  CHECK(store.write_results({packed(ids[0], sources[0], "h2", {{"a", "2.00", "computed", ""}}),
                             packed(ids[1], sources[1], "h2", {{"a", "3.00", "computed", ""}})}) ==
        std::vector<int64_t>{ids[1]});
  CHECK(lines(store).size() == 2);  // ids[0] under h1 and h2
}

TEST_CASE("store results: a department set's leaf ids are listed once, in its set version, not in each row",
          "[store-results]") {
  const auto [db, ids, sources] = province("store-results-version-leaves");
  Store store = Store::open_for_write(db);
  const auto listed = std::make_shared<const std::string>(pack_leaf_ids({"violations", "target_setting"}));
  auto unnamed = [&](size_t i, const char* score) {
    RecordResults r{ids[i], "liangshan-2021-dept", "h1", {}, 2, sources[i], listed};
    LeafPacker pack(r.leaves, false, 2);
    pack.add({}, Decimal::parse(score), "computed", "");
    pack.add({}, std::nullopt, "uncovered", "");
    return r;
  };
  store.add_set_versions({{"liangshan-2021-dept", "h1"}});  // registered before any row: no leaves listed yet
  store.write_results({unnamed(0, "7.5"), unnamed(1, "-0.25")});
  const std::string id0 = std::to_string(ids[0]), id1 = std::to_string(ids[1]);
  CHECK(lines(store) == std::vector<std::string>{id0 + " liangshan-2021-dept h1 target_setting  uncovered ",
                                                 id0 + " liangshan-2021-dept h1 violations 7.50 computed ",
                                                 id1 + " liangshan-2021-dept h1 target_setting  uncovered ",
                                                 id1 + " liangshan-2021-dept h1 violations -0.25 computed "});
  const auto totals = store.stored_totals("h1", ids);
  CHECK(totals[0].leaves == 2);
  CHECK(totals[0].uncovered == 1);
  CHECK(totals[1].total.str() == "-0.25");
  SQLite::Database read(db, SQLite::OPEN_READONLY);
  CHECK(read.execAndGet("SELECT cast(leaves AS TEXT) FROM set_versions").getString() == "10:violations14:target_setting");
  CHECK(read.execAndGet("SELECT max(length(leaves)) FROM results").getInt() == 5);  // head, 2 leaves, a 2-byte score
}

TEST_CASE("store results: a set version that lists other leaves than a row scored under it is an error",
          "[store-results]") {
  const auto [db, ids, sources] = province("store-results-other-leaves");
  Store store = Store::open_for_write(db);
  auto unnamed = [&](const std::string& leaf) {
    RecordResults r{ids[0], "liangshan-2021-dept", "h1", {}, 1, sources[0],
                    std::make_shared<const std::string>(pack_leaf_ids({leaf}))};
    LeafPacker(r.leaves, false, 2).add({}, Decimal::from_int(1), "computed", "");
    return r;
  };
  store.write_results({unnamed("violations")});
  CHECK_THROWS_WITH(store.write_results({unnamed("target_setting")}),
                    db + ": corrupt database: set version 1 of "
                         "'liangshan-2021-dept' lists other leaves than the set of that content hash has (h1…): "
                         "remove its results (db check names them) and score again");
  CHECK(lines(store) == std::vector<std::string>{std::to_string(ids[0]) + " liangshan-2021-dept h1 violations 1.00 computed "});
}
