// Batch scoring reads a record's packing by place (Scorer::score_packed);
// what it gives must be what scoring the record read by name gives, gaps,
// "did you mean" and errors included, and a damaged packing stops score --all
// as reading it in load_many did.
#include "slotted_inputs.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "error.h"
#include "packed_fields.h"
#include "packed_inputs.h"
#include "record_source.h"
#include "scorer.h"
#include "store.h"
#include "test_support.h"

using namespace jixiao;

namespace {

Scorer liangshan() {
  Scorer scorer = Scorer::from_file(test::sets_dir() + "/liangshan-2021-dept.yaml", test::scripts_dir());
  return scorer;
}

// `r` as batch scoring gets it: its key, and its inputs packed.
Record packed(const Record& r) {
  Record out;
  out.entity = r.entity;
  out.year = r.year;
  out.kind = r.kind;
  out.set_id = r.set_id;
  out.source = r.source;
  out.filed_total = r.filed_total;
  out.packed = pack_inputs(r);
  return out;
}

// `r` as a reader of its packing by name gets it (no labels, no provenance).
Record unpacked(const Record& r) {
  Record out = packed(r);
  unpack_inputs(out.packed, Store::Reading::kForScoring, out);
  out.packed.clear();
  return out;
}

// Every field of every leaf, a line each, so two scorings compare by it.
std::string leaves_text(const std::vector<LeafResult>& leaves) {
  std::string out;
  for (const LeafResult& l : leaves) {
    out += l.node->id + " " + l.path + " " + leaf_source_name(l.source) + " " + (l.score ? l.score->str() : "-") +
           " filed " + (l.filed ? l.filed->str() : "-") + " 「" + l.reason + "」 why 「" + l.uncovered_why + "」\n";
    for (const auto& m : l.missing) out += "  missing " + m + "\n";
    for (const auto& i : l.inputs)
      out += "  input " + i.name + " " + i.label + " " + i.value + " " + i.unit + " " + i.provenance + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("slotted inputs: a record scored from its packing scores as the record read by name, leaf by leaf",
          "[slotted-inputs]") {
  Scorer scorer = liangshan();  // reasons and traces on: every field of a leaf is compared
  for (const char* file : {"liangshan-kexie-2021.yaml", "liangshan-kexie-2021-review.yaml"}) {
    INFO(file);
    const Record r = load_record_file(test::source_dir() + "/data/" + file);
    const std::string by_name = leaves_text(scorer.score_leaves(unpacked(r)));
    CHECK(by_name.find(" computed ") != std::string::npos);
    CHECK(leaves_text(scorer.score_packed(packed(r))) == by_name);
  }
}

TEST_CASE("slotted inputs: a misspelt fact, a fact no leaf declares and a null fact read as by name",
          "[slotted-inputs]") {
  Scorer scorer = liangshan();
  Record r = load_record_file(test::source_dir() + "/data/liangshan-kexie-2021.yaml");
  r.facts["budget_realocated"] = r.facts.at("budget_reallocated");  // misspelt: a gap, with did-you-mean
  r.facts.erase("budget_reallocated");
  r.facts["zz_undeclared"] = test::number_fact("zz_undeclared", "1");
  const std::string by_name = leaves_text(scorer.score_leaves(unpacked(r)));
  CHECK(by_name.find("missing fact 'budget_reallocated' (the record has 'budget_realocated': misspelt?)") !=
        std::string::npos);
  CHECK(leaves_text(scorer.score_packed(packed(r))) == by_name);
  r.facts.at("annual_budget").value = Value();  // null: the script reads nil, and says so
  std::string nil;
  try {
    scorer.score_leaves(unpacked(r));
  } catch (const Error& e) {
    nil = e.what();
  }
  CHECK(nil.find("fact 'annual_budget' must be a number, but is nil") != std::string::npos);
  CHECK_THROWS_WITH(scorer.score_packed(packed(r)), nil);
  // The next record read forgets this one's facts.
  const Record whole = load_record_file(test::source_dir() + "/data/liangshan-kexie-2021.yaml");
  CHECK(leaves_text(scorer.score_packed(packed(whole))) == leaves_text(scorer.score_leaves(unpacked(whole))));
}

TEST_CASE("slotted inputs: filed scores and judgements keyed by no leaf, or out of range, are the same error",
          "[slotted-inputs]") {
  Scorer scorer = liangshan();
  Record r = load_record_file(test::source_dir() + "/data/liangshan-kexie-2021.yaml");
  r.filed_scores["exec_progres"] = Decimal::from_int(1);
  r.filed_scores["violations"] = Decimal::from_int(99);
  r.judgements["aaa_nothing"] = r.judgements.begin()->second;
  const std::string expected =
      "data/liangshan-kexie-2021.yaml: 凉山州科学技术协会 2021: 3 leaf(s) cannot be scored\n"
      "  filed score for 'exec_progres', which is not a leaf of liangshan-2021-dept, did you mean 'exec_progress'?\n"
      "  filed score 99 of 'violations' is outside 0..8\n"
      "  judgement for 'aaa_nothing', which is not a leaf of liangshan-2021-dept";
  Record by_name = unpacked(r), by_place = packed(r);
  by_name.source = by_place.source = "data/liangshan-kexie-2021.yaml";
  CHECK_THROWS_WITH(scorer.score_leaves(by_name), expected);
  CHECK_THROWS_WITH(scorer.score_packed(by_place), expected);
}

TEST_CASE("slotted inputs: a damaged packing stops score --all with the message reading it gives",
          "[slotted-inputs]") {
  const std::string db = test::scratch_dir("slotted-damaged") + "/province.db";
  REQUIRE(test::run_jixiao({"gen", "--departments", "3", "--seed", "5", "--db", db, "--home", test::source_dir()})
              .exit_code == 0);
  int64_t id = 0;
  {
    SQLite::Database d(db, SQLite::OPEN_READWRITE);
    id = d.execAndGet("SELECT min(id) FROM records WHERE kind = 'filed'").getInt64();
    d.exec("UPDATE record_inputs SET inputs = substr(inputs, 1, 30) WHERE record_id = " + std::to_string(id));
  }
  std::string reading;
  try {
    Store::open_read_only(db).load_many({id});
  } catch (const Error& e) {
    reading = e.what();
  }
  CHECK(reading.find("corrupt database: record " + std::to_string(id) + " (") != std::string::npos);
  const auto run = test::run_jixiao({"score", "--all", "--jobs", "1", "--db", db, "--home", test::source_dir()});
  CHECK(run.exit_code != 0);
  CHECK(run.out.empty());
  CHECK(run.err == "jixiao: " + reading + "\n");
}

TEST_CASE("slotted inputs: the leaves score_packed keeps from one record to the next carry nothing over",
          "[slotted-inputs]") {
  Scorer scorer = liangshan();  // reasons and traces on: every field of a leaf is compared
  const Record whole = load_record_file(test::source_dir() + "/data/liangshan-kexie-2021.yaml");
  Record gaps = whole;  // leaves without a score, with what is missing and why
  gaps.facts.erase("annual_budget");
  gaps.judgements.clear();
  const std::string whole_text = leaves_text(scorer.score_leaves(unpacked(whole)));
  const std::string gaps_text = leaves_text(scorer.score_leaves(unpacked(gaps)));
  CHECK(gaps_text.find("missing fact 'annual_budget'") != std::string::npos);
  CHECK(whole_text.find(" uncovered ") == std::string::npos);
  for (int round = 0; round < 2; ++round) {
    CHECK(leaves_text(scorer.score_packed(packed(gaps))) == gaps_text);
    CHECK(leaves_text(scorer.score_packed(packed(whole))) == whole_text);
  }
}

namespace {

Value number(const std::string& text) { return test::number_fact("n", text).value; }

// Every row of `rows` as "table row: column=type/bool/number/text …", a line each: every field a read sets
// (a number's text is not kept by place: scoring reads its Decimal).
std::string rows_text(const std::map<std::string, std::vector<Row>>& rows) {
  std::string out;
  for (const auto& [table, table_rows] : rows)
    for (size_t i = 0; i < table_rows.size(); ++i) {
      out += table + " " + std::to_string(i) + ":";
      for (const auto& [column, v] : table_rows[i].cells)
        out += " " + column + "=" + std::to_string(static_cast<int>(v.type)) + "/" + (v.boolean ? "1" : "0") + "/" + v.number.str() +
               "/「" + (v.type == Value::Type::kNumber ? "" : v.text) + "」";
      out += "\n";
    }
  return out;
}

}  // namespace

TEST_CASE("slotted inputs: the rows kept from one record to the next carry nothing over", "[slotted-inputs]") {
  Record a, b, none;
  const Row three{{{"name", Value::of_text("指标一")}, {"target", number("13")}, {"actual", Value::of_text("未完成")}}, {}};
  a.rows["indicators"] = {three, three, three};
  a.rows["zz_other"] = {three};
  // Fewer rows, fewer and other cells, a null and a bool where there was text, a table of its own.
  b.rows["indicators"] = {Row{{{"name", Value()}, {"done", Value::of_bool(true)}}, {}}, Row{}};
  b.rows["more"] = {Row{{{"x", number("1.5")}}, {}}};
  const std::string packed_a = pack_inputs(a), packed_b = pack_inputs(b), packed_none = pack_inputs(none);
  SlottedInputs slotted({});
  auto read_as_by_name = [&](const std::string& packed) {
    slotted.read(packed);
    Record by_name;
    unpack_inputs(packed, Store::Reading::kForScoring, by_name);
    CHECK(rows_text(slotted.rows().rows) == rows_text(by_name.rows));
  };
  for (int round = 0; round < 2; ++round) {
    read_as_by_name(packed_a);
    read_as_by_name(packed_b);
    read_as_by_name(packed_none);
    read_as_by_name(packed_b);
  }
  CHECK(rows_text(slotted.rows().rows) ==
        "indicators 0: name=0/0/0/「」 done=1/1/0/「」\nindicators 1:\nmore 0: x=2/0/1.5/「」\n");
  // A packing that fails in its third row, after two were read: the next record's rows are its own all the same.
  std::string damaged = packed_a;
  const size_t third = damaged.find("1:t", damaged.find("1:t", damaged.find("1:t", damaged.find("1:t") + 1) + 1) + 1);
  damaged.replace(damaged.find("1:t", third + 1), 3, "1:x");
  CHECK_THROWS_WITH(slotted.read(damaged),
                    "the rows, table 1, row 3, cell 1, its value: corrupt value '指标一' of type 'x' in indicators");
  read_as_by_name(packed_b);
}

TEST_CASE("slotted inputs: a table packed out of order or twice reads as by name, record after record",
          "[slotted-inputs]") {
  // Not what pack_inputs writes (a map: by name, once each), but what a damaged database may hold.
  auto table = [](std::string_view name, std::initializer_list<std::string_view> xs) {
    std::string rows;
    for (std::string_view x : xs) {
      std::string cells;
      pack_fields(cells, {"x", "n", x});
      pack_field(rows, cells);
    }
    std::string out;
    pack_fields(out, {name, rows});
    return out;
  };
  auto packing = [](const std::string& rows) {
    std::string out;
    pack_fields(out, {"", rows, "", "", ""});
    return out;
  };
  const std::string in_order = packing(table("a", {"1", "2"}) + table("b", {"3"}) + table("c", {"4", "5", "6"}));
  const std::string twice = packing(table("b", {"7"}) + table("a", {"8"}) + table("b", {"9", "10"}));
  const std::string fewer = packing(table("c", {"11"}));
  SlottedInputs slotted({});
  for (const std::string* packed : {&in_order, &twice, &in_order, &fewer, &twice, &fewer, &in_order}) {
    slotted.read(*packed);
    Record by_name;
    unpack_inputs(*packed, Store::Reading::kForScoring, by_name);
    CHECK(rows_text(slotted.rows().rows) == rows_text(by_name.rows));
  }
  slotted.read(twice);
  CHECK(rows_text(slotted.rows().rows) == "a 0: x=2/0/8/「」\nb 0: x=2/0/7/「」\nb 1: x=2/0/9/「」\nb 2: x=2/0/10/「」\n");
}
