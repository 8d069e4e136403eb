// A record's packed inputs in the database: batch scoring reads from them
// exactly what load() reads from the tables, for every record gen writes and
// every shipped one; a damaged or missing packing is an error naming the
// record, and db check names it.
#include "store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "error.h"
#include "test_support.h"

using namespace jixiao;

namespace {

std::string message_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.what();
  }
  FAIL("no Error was thrown");
  return {};
}

// Checks that every record of the database at `path` reads the same through
// load_many (its packed inputs) as through load (its tables): for scoring,
// what scoring reads; for project tables, the tables whole; filed scores.
void check_every_record(const std::string& path) {
  const Store store = Store::open_read_only(path);
  std::vector<StoredRecord> all = store.records_to_score(0, "");
  const std::vector<StoredRecord> projects = store.project_records(0);
  all.insert(all.end(), projects.begin(), projects.end());
  REQUIRE(all.size() == store.list().size());
  std::vector<int64_t> ids;
  for (const StoredRecord& r : all) ids.push_back(r.id);
  std::sort(ids.begin(), ids.end());
  const std::vector<Record> scoring = store.load_many(ids);
  const std::vector<Record> tables = store.load_many(ids, Store::Reading::kProjects);
  const std::vector<Record> filed = store.load_many(ids, Store::Reading::kFiledScores);
  size_t with_projects = 0, with_facts = 0;
  for (size_t i = 0; i < ids.size(); ++i) {
    const Record& s = scoring[i];
    INFO("record " << ids[i] << ": " << s.entity << " " << s.year << " " << s.kind);
    Record whole = store.load(s.entity, s.year, s.kind);
    with_projects += !whole.projects.empty();
    with_facts += !whole.facts.empty();
    Record only_projects = whole;
    only_projects.facts.clear();
    only_projects.rows.clear();
    only_projects.judgements.clear();
    only_projects.filed_scores.clear();
    CHECK(test::inputs_text(tables[i], true) == test::inputs_text(only_projects, true));
    whole.projects.clear();
    CHECK(test::inputs_text(s) == test::inputs_text(whole));
    CHECK(filed[i].filed_scores == whole.filed_scores);
    CHECK(filed[i].filed_total == whole.filed_total);
    CHECK(s.source_hash.size() > 0);
  }
  CHECK(with_projects > 0);
  CHECK(with_facts > 0);
  CHECK(store.input_problems().empty());
}

Record small(const std::string& entity, const std::string& budget) {
  Record r;
  r.entity = entity;
  r.year = 2021;
  r.set_id = "liangshan-2021-dept";
  r.source = "data/" + entity + ".yaml";
  r.facts["annual_budget"] = test::number_fact("annual_budget", budget);
  r.facts["feedback_on_time"] = test::bool_fact("feedback_on_time", true);
  r.filed_scores["violations"] = Decimal::from_int(8);
  return r;
}

// A database of 甲 (record 1) and 乙 (record 2), then `sql` run on it.
std::string damaged(const std::string& name, const std::string& sql) {
  const std::string path = test::scratch_dir("store-inputs-" + name) + "/jixiao.db";
  Store::open_for_write(path).import({small("甲", "686.54"), small("乙", "12")}, {"a", "b"});
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  db.exec(sql);
  return path;
}

}  // namespace

TEST_CASE("store inputs: every record of a generated province reads from its packed inputs as from its tables",
          "[store-inputs]") {
  const std::string path = test::scratch_dir("store-inputs-province") + "/province.db";
  const auto run = test::run_jixiao({"gen", "--departments", "60", "--years", "2", "--seed", "7", "--db", path,
                                     "--home", test::source_dir()});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  check_every_record(path);
}

TEST_CASE("store inputs: every shipped record reads from its packed inputs as from its tables", "[store-inputs]") {
  const std::string path = test::scratch_dir("store-inputs-shipped") + "/jixiao.db";
  std::vector<std::string> args = {"import"};
  for (const auto& entry : std::filesystem::directory_iterator(test::source_dir() + "/data"))
    if (entry.path().extension() == ".yaml") args.push_back(entry.path().string());
  REQUIRE(args.size() > 5);
  args.insert(args.end(), {"--home", test::source_dir(), "--db", path});
  const auto run = test::run_jixiao(args);
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  check_every_record(path);
}

TEST_CASE("store inputs: a record imported again is packed again, and one removed takes its packing with it",
          "[store-inputs]") {
  const std::string path = test::scratch_dir("store-inputs-again") + "/jixiao.db";
  Store store = Store::open_for_write(path);
  store.import({small("甲", "686.54"), small("乙", "12")}, {"a", "b"});
  store.import({small("甲", "700.1")}, {"a2"});
  const RecordsToScore ids = store.ids_to_score(0);
  const std::vector<Record> got = store.load_many(ids.ids);
  REQUIRE(got.size() == 2);
  CHECK(got[1].entity == "甲");
  CHECK(got[1].facts.at("annual_budget").value.text == "700.1");
  CHECK(got[1].source_hash == "a2");
  CHECK(store.remove_records_not_from({"data/乙.yaml"}) == 1);
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("SELECT count(*) FROM record_inputs").getInt() == 1);
  CHECK(store.input_problems().empty());
  CHECK(store.orphan_rows().empty());
}

TEST_CASE("store inputs: a packing cut short is an error naming the record, and db check names it",
          "[store-inputs]") {
  const std::string path = damaged("cut", "UPDATE record_inputs SET inputs = substr(inputs, 1, 30) WHERE record_id = 2");
  const Store store = Store::open_read_only(path);
  CHECK(message_of([&] { store.load_many({1, 2}); }) ==
        path + ": corrupt database: record 2 (乙 2021 filed) has packed inputs that do not read back: the facts: "
               "the length 61 runs past the end of the value; see 'jixiao db check'");
  CHECK(store.load_many({1}).size() == 1);  // the others read as they are
  CHECK(store.input_problems() ==
        std::vector<std::string>{"record 2 (乙 2021 filed): its packed inputs do not read back: the facts: the "
                                 "length 61 runs past the end of the value"});
}

TEST_CASE("store inputs: a filed total that is not a number is an error naming the record, and db check names it",
          "[store-inputs]") {
  const std::string path = damaged("total", "UPDATE records SET filed_total = 'abc' WHERE id = 2");
  const Store store = Store::open_read_only(path);
  const std::string message = path + ": corrupt database: record 2 (乙 2021 filed) has a filed total that is not a "
                                     "number: 'abc'; see 'jixiao db check'";
  CHECK(message_of([&] { store.load_many({1, 2}); }) == message);
  CHECK(message_of([&] { store.load_many({2}, Store::Reading::kPacked); }) == message);
  CHECK(message_of([&] { store.load("乙", 2021); }) == message);
  CHECK(store.load_many({1}).size() == 1);  // the others read as they are
  CHECK(store.input_problems() == std::vector<std::string>{"record 2 (乙 2021 filed): its filed total is not a number: "
                                                           "'abc'"});
}

TEST_CASE("store inputs: db check names packed inputs that differ from their tables, or are missing",
          "[store-inputs]") {
  const std::string path = damaged("differ",
                                   "UPDATE facts SET value = '1.00' WHERE record_id = 1 AND name = 'annual_budget';"
                                   "DELETE FROM record_inputs WHERE record_id = 2");
  const Store store = Store::open_read_only(path);
  CHECK(store.input_problems() ==
        std::vector<std::string>{"record 1 (甲 2021 filed): its packed inputs differ from its tables in the facts",
                                 "record 2 (乙 2021 filed): no packed inputs (score --all cannot read it)"});
  CHECK(message_of([&] { store.load_many({2}); }) ==
        path + ": corrupt database: record 2 (乙 2021 filed) has no packed inputs; see 'jixiao db check'");
}

TEST_CASE("store inputs: a project table's packing is kept apart, and cut short or missing is an error naming the "
          "record that db check names, as it names one kept under a department-year",
          "[store-inputs]") {
  const std::string path = test::scratch_dir("store-inputs-projects") + "/jixiao.db";
  Record p = small("丙", "1");
  p.kind = "projects";
  p.set_id = "project-selfeval-2021";
  Store::open_for_write(path).import({small("甲", "686.54"), p}, {"a", "p"});
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  CHECK(db.execAndGet("SELECT group_concat(record_id) FROM record_inputs").getString() == "1");
  CHECK(db.execAndGet("SELECT group_concat(record_id) FROM project_inputs").getString() == "2");
  const Store store = Store::open_read_only(path);
  auto read = [&](std::vector<int64_t> ids, Store::Kinds kinds) {
    return message_of([&] { store.load_many(ids, Store::Reading::kPacked, nullptr, kinds); });
  };

  db.exec("UPDATE project_inputs SET inputs = substr(inputs, 1, 30) WHERE record_id = 2");
  const std::string cut = path + ": corrupt database: record 2 (丙 2021 projects) has packed inputs that do not read "
                                 "back: the facts: the length 60 runs past the end of the value; see 'jixiao db check'";
  CHECK(message_of([&] { store.load_many({1, 2}, Store::Reading::kProjects, nullptr, Store::Kinds::kProjectTables); }) ==
        cut);
  CHECK(message_of([&] { store.load_many({1, 2}); }) == cut);
  CHECK(store.input_problems() ==
        std::vector<std::string>{"record 2 (丙 2021 projects): its packed inputs do not read back: the facts: the "
                                 "length 60 runs past the end of the value"});

  db.exec("DELETE FROM project_inputs WHERE record_id = 2");
  const std::string none =
      path + ": corrupt database: record 2 (丙 2021 projects) has no packed inputs; see 'jixiao db check'";
  CHECK(read({1, 2}, Store::Kinds::kProjectTables) == none);
  CHECK(read({2}, Store::Kinds::kAny) == none);
  CHECK(store.load_many({1}, Store::Reading::kPacked, nullptr, Store::Kinds::kDepartmentYears).size() == 1);
  CHECK(store.input_problems() ==
        std::vector<std::string>{"record 2 (丙 2021 projects): no packed inputs (score --all cannot read it)"});

  // A department-year's packing in the table of project tables' (by a hand edit) is not read as one.
  db.exec("INSERT INTO project_inputs SELECT record_id, inputs FROM record_inputs WHERE record_id = 1");
  CHECK(store.orphan_rows() ==
        std::vector<std::string>{"project_inputs: the packed inputs of record 1, which is not a record of project tables"});
  CHECK(read({2}, Store::Kinds::kAny) == none);
}

TEST_CASE("store inputs: an import that writes a record twice keeps the packing of the last", "[store-inputs]") {
  const std::string path = test::scratch_dir("store-inputs-twice") + "/jixiao.db";
  Store store = Store::open_for_write(path);
  store.import({small("甲", "1"), small("乙", "2"), small("甲", "3")}, {"a1", "b", "a2"});
  const std::vector<Record> got = store.load_many(store.ids_to_score(0).ids);
  REQUIRE(got.size() == 2);
  CHECK(got[1].entity == "甲");
  CHECK(got[1].facts.at("annual_budget").value.text == "3");
  CHECK(store.input_problems().empty());
  CHECK(store.orphan_rows().empty());
}

TEST_CASE("store inputs: gen writes the rows of records first, then their tables, then the packings of "
          "department-years on pages one after another, then those of project tables",
          "[store-inputs]") {
  const std::string path = test::scratch_dir("store-inputs-pages") + "/province.db";
  const auto run = test::run_jixiao(
      {"gen", "--departments", "30", "--seed", "3", "--db", path, "--home", test::source_dir()});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  // The pages of each table but its root page (made with the schema): the first, the last, how many.
  auto pages = [&](const std::string& table) {
    SQLite::Statement q(db, "SELECT min(pageno), max(pageno), count(*) FROM dbstat WHERE name = ?1 AND pageno <> "
                            "(SELECT rootpage FROM sqlite_master WHERE name = ?1)");
    q.bind(1, table);
    REQUIRE(q.executeStep());
    return std::vector<int64_t>{q.getColumn(0).getInt64(), q.getColumn(1).getInt64(), q.getColumn(2).getInt64()};
  };
  const std::vector<int64_t> departments = pages("record_inputs"), projects = pages("project_inputs");
  CHECK(departments[2] > 10);
  CHECK(departments[1] - departments[0] + 1 == departments[2]);
  CHECK(projects[2] > 10);
  CHECK(projects[1] - projects[0] + 1 == projects[2]);
  CHECK(departments[1] < projects[0]);
  const std::vector<int64_t> records = pages("records"), facts = pages("facts");
  CHECK(records[2] > 2);
  CHECK(records[1] < facts[0]);
  CHECK(facts[1] < departments[0]);
}
