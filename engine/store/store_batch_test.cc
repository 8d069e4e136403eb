#include "store.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <string>
#include <tuple>
#include <vector>

#include "error.h"
#include "test_support.h"

using namespace jixiao;

namespace {

// A number cell as import writes it: the decimal, and its text as written ("10.50").
std::pair<std::string, Value> cell(const std::string& column, const std::string& written) {
  std::pair<std::string, Value> out{column, Value::of_number(*Decimal::parse(written))};
  out.second.text = written;
  return out;
}

Row row(std::vector<std::pair<std::string, Value>> cells) {
  Row r;
  r.cells = std::move(cells);
  r.provenance = {"003.txt", "引文", ""};
  return r;
}

// A record with every kind of input scoring reads, `n` making its figures its own.
Record sample(const std::string& entity, const std::string& kind, int n) {
  Record r;
  r.entity = entity;
  r.year = 2021;
  r.kind = kind;
  r.set_id = "liangshan-2021-dept";
  r.source = "data/" + entity + ".yaml";
  r.facts["annual_budget"] = test::number_fact("annual_budget", std::to_string(n) + ".50");
  r.facts["budget_reallocated_long_name"] = test::number_fact("budget_reallocated_long_name", "0.00");
  r.facts["feedback_on_time"] = test::bool_fact("feedback_on_time", n % 2 == 0);
  Fact region = test::number_fact("region", "0");
  region.value = Value::of_text("凉山" + std::to_string(n));
  r.facts["region"] = region;
  Fact none = test::number_fact("none", "0");
  none.value = Value();
  r.facts["none"] = none;
  r.rows["quantity_indicators"] = {
      row({{"name", Value::of_text("指标1")}, cell("target", "25"), cell("actual", std::to_string(n))}),
      row({{"name", Value::of_text("指标2")}, cell("target", "10.50"), {"done", Value::of_bool(true)},
           {"note", Value()}}),
      row({}),  // a row without cells is still a row
      row({cell("z", "1")}),
  };
  r.rows["another"] = {row({cell("z", "1"), cell("a", "2.0")})};
  r.rows["empty"] = {};
  using Judged = std::tuple<const char*, const char*, const char*>;  // leaf, score, basis
  for (const auto& [leaf, score, basis] : {Judged{"special_budget_mgmt", "18", "扣2分"}, Judged{"exec_progress", "2.5", "酌情"}}) {
    Judgement& j = r.judgements[leaf];
    j.score = *Decimal::parse(score);
    j.basis = basis;
    j.provenance.quote = "得分";
  }
  r.filed_scores["target_setting"] = Decimal::from_int(n % 9);
  r.filed_scores["violations"] = *Decimal::parse("7.5");
  if (n % 2 == 1) r.filed_total = *Decimal::parse("85.5");
  return r;
}

}  // namespace

TEST_CASE("store_batch: load_many reads for scoring what load reads, of the records asked for only",
          "[store_batch]") {
  Store store = Store::open_in_memory();
  // Interleaved as an import of many departments leaves them: each record's
  // project table between it and the next, with inputs of its own.
  std::vector<Record> records;
  for (int n = 1; n <= 4; ++n) {
    records.push_back(sample("单位" + std::to_string(n), "filed", n));
    records.push_back(sample("单位" + std::to_string(n), "projects", 10 + n));
  }
  store.import(records, {"1", "2", "3", "4", "5", "6", "7", "8"});
  std::vector<int64_t> ids;
  for (const StoredRecord& r : store.records_to_score(0, ""))
    if (r.key.entity != "单位2") ids.push_back(r.id);  // a gap in the range
  REQUIRE(ids.size() == 3);

  const std::vector<Record> got = store.load_many(ids);
  REQUIRE(got.size() == 3);
  int k = 0;
  for (const char* entity : {"单位1", "单位3", "单位4"}) {
    INFO(entity);
    const Record whole = store.load(entity, 2021, "filed");
    CHECK(test::inputs_text(got[static_cast<size_t>(k++)]) == test::inputs_text(whole));
  }
  // Labels and provenance are left to load().
  CHECK(got[0].facts.at("annual_budget").label.empty());
  CHECK(got[0].rows.at("quantity_indicators")[0].provenance.quote.empty());
  CHECK(got[0].judgements.at("exec_progress").provenance.file.empty());
}

namespace {

// How many of this process's memory maps are of the file `path`.
int maps_of(const std::string& path) {
  std::ifstream maps("/proc/self/maps");
  int n = 0;
  for (std::string line; std::getline(maps, line);)
    n += line.size() >= path.size() && line.compare(line.size() - path.size(), path.size(), path) == 0;
  return n;
}

}  // namespace

TEST_CASE("store_batch: load_many of a file reads as load does, and leaves no map of the file behind",
          "[store_batch]") {
  // Read through a memory map while it reads (store_batch.cc), which it takes down after.
  const std::string path = test::scratch_dir("store-batch-map") + "/jixiao.db";
  std::vector<Record> records;
  for (int n = 1; n <= 3; ++n) {
    records.push_back(sample("单位" + std::to_string(n), "filed", n));
    records.push_back(sample("单位" + std::to_string(n), "projects", 10 + n));
  }
  Store::open_for_write(path).import(records, {"1", "2", "3", "4", "5", "6"});
  const Store store = Store::open_read_only(path);
  std::vector<int64_t> ids;
  for (const StoredRecord& r : store.records_to_score(0, "")) ids.push_back(r.id);
  REQUIRE(ids.size() == 3);
  for (int round = 0; round < 2; ++round) {  // the map made again for the next batch
    const std::vector<Record> got = store.load_many(ids);
    for (size_t k = 0; k < ids.size(); ++k)
      CHECK(test::inputs_text(got[k]) == test::inputs_text(store.load(got[k].entity, 2021, "filed")));
    CHECK(maps_of(path) == 0);
  }
}

TEST_CASE("store_batch: load_many of an id that is not stored names how many are missing", "[store_batch]") {
  Store store = Store::open_in_memory();
  store.import({sample("单位1", "filed", 1)}, {"1"});
  const int64_t id = store.records_to_score(0, "").front().id;
  try {
    store.load_many({id, id + 5});
    FAIL("no Error was thrown");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kMissing);
    CHECK(std::string(e.what()) == ":memory:: 1 of the records to read are not stored");
  }
}

TEST_CASE("store_batch: load_many given where to put them gives the places of ids no longer stored, the others read",
          "[store_batch]") {
  Store store = Store::open_in_memory();
  store.import({sample("单位1", "filed", 1), sample("单位2", "filed", 2)}, {"1", "2"});
  const int64_t first = store.records_to_score(0, "").front().id;
  std::vector<size_t> gone;
  const std::vector<Record> got = store.load_many({first - 1, first, first + 1, first + 7}, Store::Reading::kForScoring,
                                                  &gone);
  CHECK(gone == std::vector<size_t>{0, 3});
  CHECK(got[1].entity == "单位1");
  CHECK(got[2].entity == "单位2");
  CHECK(got[3].entity.empty());
}

TEST_CASE("store_batch: load_many of one family of kinds reads an id of another kind as not stored", "[store_batch]") {
  Store store = Store::open_in_memory();
  // A department's records together, as gen and import write them: its project tables between its department-years.
  store.import({sample("单位1", "filed", 1), sample("单位1", "projects", 2), sample("单位1", "review", 3)},
               {"1", "2", "3"});
  const int64_t first = store.records_to_score(0, "").front().id;
  const std::vector<int64_t> ids{first, first + 1, first + 2};
  auto read = [&](Store::Kinds kinds, std::vector<size_t>& gone) {
    return store.load_many(ids, Store::Reading::kPacked, &gone, kinds);
  };
  std::vector<size_t> gone;
  std::vector<Record> got = read(Store::Kinds::kDepartmentYears, gone);
  CHECK(gone == std::vector<size_t>{1});
  CHECK(got[0].kind == "filed");
  CHECK(got[1].packed.empty());
  CHECK(got[2].kind == "review");
  CHECK(got[2].packed == store.load_many({first + 2}, Store::Reading::kPacked)[0].packed);
  gone.clear();
  got = read(Store::Kinds::kProjectTables, gone);
  CHECK(gone == std::vector<size_t>{0, 2});
  CHECK(got[1].kind == "projects");
  CHECK(!got[1].packed.empty());
  gone.clear();
  got = read(Store::Kinds::kAny, gone);
  CHECK(gone.empty());
  CHECK_THROWS_WITH(store.load_many(ids, Store::Reading::kPacked, nullptr, Store::Kinds::kDepartmentYears),
                    ":memory:: 1 of the records to read are not stored");
}

TEST_CASE("store_batch: ids_to_score lists the filed and review records of a year with their sets, by id",
          "[store_batch]") {
  Store store = Store::open_in_memory();
  Record a = sample("单位1", "filed", 1), b = sample("单位1", "review", 2), p = sample("单位1", "projects", 3),
         c = sample("单位2", "filed", 4), d = sample("单位3", "filed", 5);
  c.set_id = "sichuan-2022-dept";
  d.year = 2022;
  store.import({a, p, b, c, d}, {"a", "p", "b", "c", "d"});
  std::vector<int64_t> all;
  for (const StoredRecord& r : store.records_to_score(0, "")) all.push_back(r.id);

  const RecordsToScore every = store.ids_to_score(0);
  CHECK(every.ids == all);
  CHECK(every.set_ids == std::vector<std::string>{"liangshan-2021-dept", "sichuan-2022-dept"});
  CHECK(every.set_of == std::vector<uint32_t>{0, 0, 1, 0});

  const RecordsToScore of_2022 = store.ids_to_score(2022);
  CHECK(of_2022.ids == std::vector<int64_t>{all.back()});
  CHECK(of_2022.set_ids == std::vector<std::string>{"liangshan-2021-dept"});
  CHECK(of_2022.set_of == std::vector<uint32_t>{0});
  CHECK(store.ids_to_score(2030).ids.empty());
}

TEST_CASE("store_batch: ids_to_score and project_ids_to_score name each set once, in the order of their first records",
          "[store_batch]") {
  Store store = Store::open_in_memory();
  Record a = sample("单位1", "filed", 1), b = sample("单位2", "filed", 2), c = sample("单位3", "filed", 3),
         p = sample("单位1", "projects", 4);
  b.set_id = "sichuan-2022-dept";
  p.set_id = "project-selfeval-2021";
  store.import({a, b, c, p}, {"a", "b", "c", "p"});
  std::vector<std::pair<std::string, size_t>> found;  // each set with the number of sets known when it came
  const RecordsToScore every = store.ids_to_score(0, [&](const std::string& id) { found.emplace_back(id, found.size()); });
  CHECK(found == std::vector<std::pair<std::string, size_t>>{{"liangshan-2021-dept", 0}, {"sichuan-2022-dept", 1}});
  CHECK(every.set_ids == std::vector<std::string>{"liangshan-2021-dept", "sichuan-2022-dept"});
  found.clear();
  CHECK(store.project_ids_to_score(0, [&](const std::string& id) { found.emplace_back(id, found.size()); }).ids.size() == 1);
  CHECK(found == std::vector<std::pair<std::string, size_t>>{{"project-selfeval-2021", 0}});
}

TEST_CASE("store_batch: ids_to_score lists by id and names sets in id order, whatever the kinds and years of the records",
          "[store_batch]") {
  // In kind and year order (the index's) the sets and ids would come 2, 4, 3, 1 and 甲乙 reversed.
  Store store = Store::open_in_memory();
  Record a = sample("单位1", "review", 1), b = sample("单位2", "filed", 2), c = sample("单位3", "filed", 3),
         d = sample("单位4", "filed", 4);
  a.set_id = "甲";
  b.set_id = "乙";
  c.year = 2022;
  store.import({a, b, c, d}, {"a", "b", "c", "d"});
  std::vector<std::string> found;
  const RecordsToScore every = store.ids_to_score(0, [&](const std::string& id) { found.push_back(id); });
  CHECK(every.ids == std::vector<int64_t>{1, 2, 3, 4});
  CHECK(found == std::vector<std::string>{"甲", "乙", "liangshan-2021-dept"});
  CHECK(every.set_ids == found);
  CHECK(every.set_of == std::vector<uint32_t>{0, 1, 2, 2});
  CHECK(store.ids_to_score(2021).ids == std::vector<int64_t>{1, 2, 4});
}
