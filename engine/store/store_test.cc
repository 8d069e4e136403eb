#include "store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>

#include <functional>
#include <string>

#include "error.h"
#include "record_source.h"
#include "test_support.h"

using jixiao::Decimal;
using jixiao::Error;
using jixiao::ErrorKind;
using jixiao::Fact;
using jixiao::Judgement;
using jixiao::Record;
using jixiao::Row;
using jixiao::Store;
using jixiao::Value;
using jixiao::test::bool_fact;
using jixiao::test::number_fact;

namespace {

Value text(const std::string& s) { return Value::of_text(s); }
Value number(const std::string& s) {
  Value v = Value::of_number(*Decimal::parse(s));
  v.text = s;
  return v;
}

Row make_row(std::vector<std::pair<std::string, Value>> cells, const std::string& quote) {
  Row r;
  r.cells = std::move(cells);
  r.provenance.file = "003.txt";
  r.provenance.quote = quote;
  return r;
}

// A record with every kind of input.
Record sample(const std::string& entity = "凉山州科学技术协会", int year = 2021) {
  Record r;
  r.entity = entity;
  r.year = year;
  r.kind = "filed";
  r.set_id = "liangshan-2021-dept";
  r.source = "data/kexie.yaml";
  r.facts["annual_budget"] = number_fact("annual_budget", "686.54");
  r.facts["annual_budget"].label = "年度预算总额";
  r.facts["annual_budget"].provenance = {"003.txt", "总支686.54万元", "616.54 + 70"};
  r.facts["violations_found"] = number_fact("violations_found", "0", "个");
  r.facts["feedback_on_time"] = bool_fact("feedback_on_time", false);
  Fact note;
  note.name = "region";
  note.label = "地区";
  note.value = text("凉山");
  note.provenance.inferred = "名称";
  r.facts["region"] = note;
  // Written out of alphabetical order on purpose: the stored order is kept.
  r.rows["quantity_indicators"] = {
      make_row({{"name", text("资助贫困生")}, {"target", number("25")}, {"actual", number("22")}}, "25人左右"),
      make_row({{"name", text("科普活动")}, {"target", number("10.50")}, {"done", Value::of_bool(true)},
                {"note", Value()}},
               "10场"),
      make_row({{"name", text("培训")}, {"actual", number("3")}, {"target", number("3")}}, "3期"),
  };
  r.rows["another"] = {make_row({{"z", number("1")}, {"a", number("2")}}, "q")};
  Judgement j;
  j.score = *Decimal::parse("18");
  j.basis = "扣2分";
  j.provenance = {"003.txt", "得分18分", ""};
  r.judgements["special_budget_mgmt"] = j;
  j.score = *Decimal::parse("2.5");
  j.basis = "酌情";
  j.provenance = {"", "", "no figures"};
  r.judgements["exec_progress"] = j;
  r.filed_scores["target_setting"] = Decimal::from_int(8);
  r.filed_scores["violations"] = *Decimal::parse("7.5");
  r.filed_total = *Decimal::parse("85.5");
  return r;
}

void check_same_provenance(const jixiao::Provenance& a, const jixiao::Provenance& b) {
  CHECK(a.file == b.file);
  CHECK(a.quote == b.quote);
  CHECK(a.inferred == b.inferred);
}

// Every field of `got` equals `want`, values compared with their written text.
void check_same(const Record& got, const Record& want) {
  CHECK(got.entity == want.entity);
  CHECK(got.year == want.year);
  CHECK(got.kind == want.kind);
  CHECK(got.set_id == want.set_id);
  CHECK(got.source == want.source);
  REQUIRE(got.facts.size() == want.facts.size());
  for (const auto& [name, f] : want.facts) {
    INFO("fact " << name);
    REQUIRE(got.facts.count(name) == 1);
    const Fact& g = got.facts.at(name);
    CHECK(g.name == f.name);
    CHECK(g.label == f.label);
    CHECK(g.value == f.value);
    CHECK(g.value.text == f.value.text);
    CHECK(g.unit == f.unit);
    check_same_provenance(g.provenance, f.provenance);
  }
  REQUIRE(got.rows.size() == want.rows.size());
  for (const auto& [table, rows] : want.rows) {
    INFO("table " << table);
    REQUIRE(got.rows.count(table) == 1);
    REQUIRE(got.rows.at(table).size() == rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
      INFO("row " << i);
      const Row& g = got.rows.at(table)[i];
      REQUIRE(g.cells.size() == rows[i].cells.size());
      for (size_t c = 0; c < rows[i].cells.size(); ++c) {
        CHECK(g.cells[c].first == rows[i].cells[c].first);
        CHECK(g.cells[c].second == rows[i].cells[c].second);
        CHECK(g.cells[c].second.text == rows[i].cells[c].second.text);
      }
      check_same_provenance(g.provenance, rows[i].provenance);
    }
  }
  REQUIRE(got.judgements.size() == want.judgements.size());
  for (const auto& [leaf, j] : want.judgements) {
    INFO("judgement " << leaf);
    REQUIRE(got.judgements.count(leaf) == 1);
    CHECK(got.judgements.at(leaf).score == j.score);
    CHECK(got.judgements.at(leaf).basis == j.basis);
    check_same_provenance(got.judgements.at(leaf).provenance, j.provenance);
  }
  CHECK(got.filed_scores == want.filed_scores);
  CHECK(got.filed_total == want.filed_total);
}

std::string what_of(const std::function<void()>& fn, ErrorKind kind) {
  try {
    fn();
  } catch (const Error& e) {
    CHECK(e.kind() == kind);
    return e.what();
  }
  FAIL("no Error was thrown");
  return {};
}

}  // namespace

TEST_CASE("store: an imported record loads back exactly", "[store]") {
  Store store = Store::open_in_memory();
  const Record r = sample();
  const auto summary = store.import({r}, {"hash-1"});
  CHECK(summary.imported == 1);
  CHECK(summary.unchanged == 0);
  const Record got = store.load(r.entity, 2021);
  check_same(got, r);
  // The exact decimal text, not a double's rendering.
  CHECK(got.facts.at("annual_budget").value.text == "686.54");
  CHECK(got.facts.at("annual_budget").value.number == *Decimal::parse("686.54"));
  CHECK(got.rows.at("quantity_indicators")[1].cells[1].second.text == "10.50");
  CHECK(got.rows.at("quantity_indicators")[1].cells[3].second.type == Value::Type::kNull);
  CHECK(got.rows.at("quantity_indicators")[2].cells[0].second.text == "培训");
  CHECK(got.rows.at("another")[0].cells[0].first == "z");
  CHECK(got.judgements.at("exec_progress").score.str() == "2.5");
  CHECK(got.filed_total->str(2) == "85.50");
}

TEST_CASE("store: a record without a filed total loads without one", "[store]") {
  Store store = Store::open_in_memory();
  Record r = sample();
  r.filed_total.reset();
  r.rows.clear();
  r.judgements.clear();
  store.import({r}, {"h"});
  check_same(store.load(r.entity, 2021), r);
}

TEST_CASE("store: the shipped data source round-trips through the database", "[store]") {
  const Record r = jixiao::load_record_file(jixiao::test::source_dir() + "/data/liangshan-kexie-2021.yaml");
  Store store = Store::open_in_memory();
  store.import({r}, {"h"});
  const Record got = store.load("凉山州科学技术协会", 2021, "filed");
  check_same(got, r);
  CHECK(got.facts.at("initial_budget").value.text == "571.36");
  CHECK(got.filed_scores.size() == 12);
}

TEST_CASE("store: records are listed by year, entity and kind", "[store]") {
  Store store = Store::open_in_memory();
  Record review = sample("乙", 2021);
  review.kind = "review";
  store.import({sample("乙", 2022), sample("乙", 2021), review, sample("甲", 2021)}, {"1", "2", "3", "4"});
  const auto keys = store.list();
  REQUIRE(keys.size() == 4);
  CHECK(keys[0].entity == "乙");
  CHECK(keys[0].year == 2021);
  CHECK(keys[0].kind == "filed");
  CHECK(keys[1].entity == "乙");
  CHECK(keys[1].kind == "review");
  CHECK(keys[2].entity == "甲");
  CHECK(keys[3].year == 2022);
  CHECK(keys[3].set_id == "liangshan-2021-dept");
  CHECK(store.load("乙", 2021, "review").kind == "review");
}

TEST_CASE("store: importing the same source again changes nothing", "[store]") {
  Store store = Store::open_in_memory();
  const Record r = sample();
  store.import({r}, {"same-hash"});
  Record edited = r;
  edited.facts["annual_budget"] = number_fact("annual_budget", "1");
  edited.filed_total = Decimal::from_int(1);
  const auto summary = store.import({edited}, {"same-hash"});
  CHECK(summary.imported == 0);
  CHECK(summary.unchanged == 1);
  check_same(store.load(r.entity, 2021), r);
  CHECK(store.list().size() == 1);
}

TEST_CASE("store: importing a changed source replaces the whole record", "[store]") {
  Store store = Store::open_in_memory();
  const Record r = sample();
  store.import({r}, {"v1"});
  Record edited = r;
  edited.facts.erase("region");
  edited.rows.erase("another");
  edited.rows["quantity_indicators"].pop_back();
  edited.judgements.erase("exec_progress");
  edited.filed_scores.erase("violations");
  const auto summary = store.import({edited}, {"v2"});
  CHECK(summary.imported == 1);
  CHECK(summary.unchanged == 0);
  check_same(store.load(r.entity, 2021), edited);
  CHECK(store.list().size() == 1);
}

TEST_CASE("store: a failing import writes nothing, not even the records before the failure", "[store]") {
  const std::string path = jixiao::test::scratch_dir("store-failing-import") + "/jixiao.db";
  Store::open_for_write(path).import({sample("旧", 2020)}, {"old"});
  {
    // A trigger makes the database refuse one fact, so the second record fails.
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec(
        "CREATE TRIGGER refuse BEFORE INSERT ON facts WHEN NEW.name = 'boom' "
        "BEGIN SELECT RAISE(ABORT, 'refused by test'); END");
  }
  Store store = Store::open_for_write(path);
  Record bad = sample("乙", 2021);
  bad.facts["boom"] = number_fact("boom", "1");
  Record replaced = sample("旧", 2020);
  replaced.source = "data/new.yaml";
  CHECK(what_of([&] { store.import({sample("甲", 2021), replaced, bad}, {"a", "new", "b"}); }, ErrorKind::kIo) ==
        path + ": import failed, nothing was written: refused by test");
  const auto keys = store.list();
  REQUIRE(keys.size() == 1);
  CHECK(keys[0].entity == "旧");
  CHECK(store.load("旧", 2020).source == "data/kexie.yaml");
  // The store is still usable.
  CHECK(store.import({sample("甲", 2021)}, {"a"}).imported == 1);
  CHECK(store.list().size() == 2);
}

TEST_CASE("store: loading an unknown entity suggests the nearest one, a known one what records it has", "[store]") {
  Store store = Store::open_in_memory();
  store.import({sample()}, {"h"});
  CHECK(what_of([&] { store.load("凉山州科学技术协", 2021); }, ErrorKind::kMissing) ==
        ":memory:: no filed record of 凉山州科学技术协 2021 in the database, did you mean '凉山州科学技术协会'?");
  CHECK(what_of([&] { store.load("凉山州科学技术协会", 2020); }, ErrorKind::kMissing) ==
        ":memory:: no filed record of 凉山州科学技术协会 2020 in the database (it has: 2021 filed)");
  CHECK(what_of([&] { store.load("凉山州科学技术协会", 2021, "review"); }, ErrorKind::kMissing) ==
        ":memory:: no review record of 凉山州科学技术协会 2021 in the database (it has: 2021 filed)");
  CHECK(what_of([&] { store.load("完全不同的单位名称", 2021); }, ErrorKind::kMissing) ==
        ":memory:: no filed record of 完全不同的单位名称 2021 in the database");
}

TEST_CASE("store: a file database written and reopened read-only keeps its records", "[store]") {
  const std::string path = jixiao::test::scratch_dir("store-reopen") + "/jixiao.db";
  Store::open_for_write(path).import({sample()}, {"h"});
  const Store store = Store::open_read_only(path);
  CHECK(store.path() == path);
  check_same(store.load("凉山州科学技术协会", 2021), sample());
}

TEST_CASE("store: a read-only store refuses to import", "[store]") {
  const std::string path = jixiao::test::scratch_dir("store-read-only") + "/jixiao.db";
  Store::open_for_write(path);
  Store store = Store::open_read_only(path);
  CHECK(what_of([&] { store.import({sample()}, {"h"}); }, ErrorKind::kIo) ==
        path + ": import failed, nothing was written: the database is read-only (attempt to write a readonly "
               "database): check the permissions of the file and of its folder");
  CHECK(store.list().empty());
}

TEST_CASE("store: opening a file that is not a database names the path", "[store]") {
  const std::string path = jixiao::test::scratch_dir("store-garbage") + "/garbage.db";
  jixiao::test::write_text(path, std::string("not a database, just some text that is long enough to be read ") +
                                     std::string(200, 'x'));
  CHECK(what_of([&] { Store::open_read_only(path); }, ErrorKind::kIo) ==
        path + ": not a jixiao database: file is not a database");
  CHECK(what_of([&] { Store::open_for_write(path); }, ErrorKind::kIo) ==
        path + ": not a jixiao database: file is not a database");
}

TEST_CASE("store: opening an SQLite database of another program names the path", "[store]") {
  const std::string path = jixiao::test::scratch_dir("store-foreign") + "/other.db";
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("CREATE TABLE things (x)");
  }
  CHECK(what_of([&] { Store::open_read_only(path); }, ErrorKind::kIo) ==
        path + ": not a jixiao database (an SQLite file without jixiao's meta table); the file is left as it is");
}

TEST_CASE("store: opening a missing database names the path", "[store]") {
  const std::string path = jixiao::test::scratch_dir("store-missing") + "/none.db";
  CHECK(what_of([&] { Store::open_read_only(path); }, ErrorKind::kIo) ==
        path + ": no such database (run 'jixiao import' first)");
  CHECK(what_of([&] { Store::open_for_write(path + "/inside/a/missing/folder.db"); }, ErrorKind::kIo) ==
        path + "/inside/a/missing: no such folder (the database " + path +
            "/inside/a/missing/folder.db cannot be created in it)");
}

TEST_CASE("store: a store that read the last sync's digest still sees what another connection writes after",
          "[store]") {
  // Workspace::open_store returns the store that read the digest when it
  // skips the sync: a read left open would pin it to that moment (and keep
  // every checkpoint of another writer from going past it).
  const std::string path = jixiao::test::scratch_dir("store-digest-read") + "/jixiao.db";
  Store::open_for_write(path).import({sample()}, {"h"});
  Store::open_for_write(path).remove_records_not_from({"data/kexie.yaml"}, "digest");
  const Store reader = Store::open_read_only(path);
  REQUIRE(reader.synced_inputs() == "digest");
  Store::open_for_write(path).import({sample("另一单位")}, {"h2"});
  CHECK(reader.list().size() == 2);
  CHECK(reader.synced_inputs().empty());  // the import forgot it
}
