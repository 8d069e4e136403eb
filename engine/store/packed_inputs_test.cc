// The packing of a record's inputs: what scoring reads round-trips byte for
// byte, each reading takes its own parts, and a damaged packing, cut or
// changed anywhere, is a defect named by part, item and field, never a crash.
#include "packed_inputs.h"

#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "test_support.h"

using namespace jixiao;

namespace {

Value number(const std::string& written) {
  Value v = Value::of_number(*Decimal::parse(written));
  v.text = written;  // as import keeps it: "10.50", not "10.5"
  return v;
}

// A record with every part, awkward bytes in its texts and every optional figure both set and not.
Record awkward() {
  Record r;
  r.entity = "甲";
  r.year = 2021;
  r.set_id = "liangshan-2021-dept";
  r.facts["annual_budget"] = test::number_fact("annual_budget", "686.54", "万元");
  r.facts["annual_budget"].value = number("686.540");
  r.facts["feedback_on_time"] = test::bool_fact("feedback_on_time", false);
  Fact text = test::number_fact("region", "0", "");
  text.value = Value::of_text(std::string("凉山\t12:34\n\0 5:x", 18));
  r.facts["region"] = text;
  Fact none = test::number_fact("none", "0", "");
  none.value = Value();
  r.facts["none"] = none;
  r.rows["quantity_indicators"] = {Row{{{"name", Value::of_text("资助贫困生")}, {"target", number("25")}}, {}},
                                   Row{}, Row{{{"done", Value::of_bool(true)}, {"note", Value()}}, {}}};
  r.rows["empty"] = {};
  r.judgements["special_budget_mgmt"] = Judgement{*Decimal::parse("18"), "扣2分：'引号' \"quoted\"", {}};
  r.judgements["exec_progress"] = Judgement{*Decimal::parse("2.5"), "", {}};
  r.filed_scores["violations"] = *Decimal::parse("7.5");
  r.filed_scores["target_setting"] = Decimal::from_int(8);
  Project p;
  p.id = "poor-students";
  p.name = "资助贫困生项目";
  p.table = "项目支出绩效自评表";
  p.owner = "凉山州科协";
  p.provenance = {"003.txt", "资助贫困生", "推断"};
  p.planned = *Decimal::parse("10");
  p.executed = *Decimal::parse("9.5");
  p.budget_unit = "万元";
  p.goal = "资助25人";
  p.goal_achieved = "资助22人";
  p.weight_share = *Decimal::parse("0.5");
  p.initial_budget = *Decimal::parse("12");
  p.rate_printed = "95%";
  p.stated_total = *Decimal::parse("92");
  p.stated_grade = "优";
  ProjectRow row;
  row.level1 = "产出指标";
  row.level1_points = *Decimal::parse("70");
  row.level2 = "数量指标";
  row.name = "资助人数";
  row.target = "≥25人";
  row.actual = "22人";
  row.nature = "≥";
  row.unit = "人";
  row.weight = *Decimal::parse("20");
  row.grade = "部分达成";
  row.judgement = Judgement{*Decimal::parse("15"), "酌情", {"003.txt", "22人", ""}};
  row.subtotal = true;
  row.weight_share = *Decimal::parse("0.25");
  row.note = "备注";
  row.line = 812;
  p.rows = {row, ProjectRow{}};
  p.rows[1].line = -1;
  r.projects = {p, Project{}};
  return r;
}

Record unpacked(const std::string& packed, Store::Reading what) {
  Record r;
  unpack_inputs(packed, what, r);
  return r;
}

std::string defect_of(const std::string& packed, Store::Reading what = Store::Reading::kForScoring) {
  try {
    unpacked(packed, what);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  FAIL("no defect found");
  return {};
}

}  // namespace

TEST_CASE("packed inputs: each reading gives its parts of the record as packed, byte for byte", "[packed-inputs]") {
  const Record r = awkward();
  const std::string packed = pack_inputs(r);

  Record scoring = r;  // what scoring reads: no labels or provenance, no project tables
  scoring.projects.clear();
  for (auto& [name, f] : scoring.facts) f.label.clear(), f.provenance = {};
  for (auto& [name, j] : scoring.judgements) j.provenance = {};
  Record got = unpacked(packed, Store::Reading::kForScoring);
  got.entity = r.entity, got.year = r.year, got.set_id = r.set_id;  // the key is the records table's
  CHECK(test::inputs_text(got, true) == test::inputs_text(scoring, true));
  CHECK(got.facts.at("region").value.text == std::string("凉山\t12:34\n\0 5:x", 18));
  CHECK(got.facts.at("annual_budget").value.text == "686.540");

  Record projects = unpacked(packed, Store::Reading::kProjects);
  CHECK(projects.facts.empty());
  CHECK(projects.filed_scores.empty());
  Record only_projects;
  only_projects.projects = r.projects;
  CHECK(test::inputs_text(projects, true) == test::inputs_text(only_projects, true));

  Record filed = unpacked(packed, Store::Reading::kFiledScores);
  CHECK(filed.facts.empty());
  CHECK(filed.projects.empty());
  CHECK(filed.filed_scores == r.filed_scores);
}

TEST_CASE("packed inputs: the packing is five parts of length-prefixed fields", "[packed-inputs]") {
  Record r;
  r.facts["a"] = test::number_fact("a", "1.5", "元");
  r.rows["t"] = {Row{{{"c", Value::of_bool(true)}}, {}}};
  r.filed_scores["x"] = Decimal::from_int(8);
  CHECK(pack_inputs(r) == "16:1:a1:n3:1.53:元21:1:t15:12:1:c1:b4:true0:6:1:x1:80:");
  CHECK(pack_inputs(Record{}) == "0:0:0:0:0:");
}

TEST_CASE("packed inputs: a packing cut short anywhere is a defect, whatever is read", "[packed-inputs]") {
  const std::string packed = pack_inputs(awkward());
  for (Store::Reading what : {Store::Reading::kForScoring, Store::Reading::kFiledScores, Store::Reading::kProjects})
    for (size_t length = 0; length < packed.size(); ++length) {
      INFO("cut to " << length << " bytes of " << packed.size());
      CHECK_THROWS_AS(unpacked(packed.substr(0, length), what), std::invalid_argument);
    }
}

TEST_CASE("packed inputs: a packing with any byte changed reads or is a defect, never a crash", "[packed-inputs]") {
  const std::string packed = pack_inputs(awkward());
  for (size_t at = 0; at < packed.size(); ++at)
    for (char c : {'0', '9', ':', 'x', '\0'}) {
      std::string changed = packed;
      changed[at] = c;
      for (Store::Reading what :
           {Store::Reading::kForScoring, Store::Reading::kFiledScores, Store::Reading::kProjects}) {
        try {
          unpacked(changed, what);
        } catch (const std::invalid_argument&) {
        }
      }
    }
}

TEST_CASE("packed inputs: a defect is named by part, item and field", "[packed-inputs]") {
  using R = Store::Reading;
  const std::vector<std::tuple<std::string, R, std::string>> cases = {
      {"", R::kForScoring, "the facts: the value ends before it"},
      {"0:0:0:0:", R::kFiledScores, "the project tables: the value ends before it"},
      {"0:0:0:0:0:x", R::kProjects, "the end: 1 byte(s) after the last part"},
      {"9:1:a1:b1:c0:0:0:0:", R::kForScoring, "the facts, fact 1, its unit: the value ends before it"},
      {"11:1:a1:n1:x0:0:0:0:0:", R::kForScoring,
       "the facts, fact 1, its value: corrupt value 'x' of type 'number' in fact a"},
      {"11:1:a1:q1:x0:0:0:0:0:", R::kForScoring, "the facts, fact 1, its value: corrupt value 'x' of type 'q' in fact a"},
      {"0:14:1:t9:7:1:c5:ab0:0:0:", R::kForScoring,
       "the rows, table 1, row 1, cell 1, its type: the length 5 runs past the end of the value"},
      {"0:0:0:10:1:x5:eight0:", R::kFiledScores,
       "the filed scores, leaf 1, its score: corrupt number 'eight' in filed_scores"},
      {"0:0:6:1:j1:80:0:", R::kForScoring, "the judgements, judgement 1, its basis: the value ends before it"},
      {"0:0:0:0:4:2:ab", R::kProjects, "the project tables, project 1, its id: no length where one should begin"},
  };
  for (const auto& [packed, what, message] : cases) {
    INFO(packed);
    CHECK(defect_of(packed, what) == message);
  }
}

TEST_CASE("packed inputs: the first part in which two packings differ is named", "[packed-inputs]") {
  Record a = awkward(), b = awkward();
  CHECK(first_difference(pack_inputs(a), pack_inputs(b)).empty());
  b.judgements["exec_progress"].basis = "另一个理由";
  CHECK(first_difference(pack_inputs(a), pack_inputs(b)) == "judgements");
  b.rows["empty"].push_back(Row{});
  CHECK(first_difference(pack_inputs(a), pack_inputs(b)) == "rows");
  CHECK(first_difference(pack_inputs(a), "0:") == "facts");
}

TEST_CASE("packed inputs: project tables read one record after another are each as unpacked alone",
          "[packed-inputs]") {
  const Record full = awkward();  // two projects, the first with a judged row and a blank one
  Record more = full;             // three projects, rows added and taken off, the judgement gone
  more.projects.push_back(full.projects[0]);
  more.projects[0].rows.push_back(full.projects[0].rows[0]);
  more.projects[0].rows[0].judgement.reset();
  more.projects[0].rows[1].target = "≥25人，且不少于上年";  // longer than the text it overwrites
  more.projects[1].rows = full.projects[0].rows;
  more.projects[2].rows.clear();
  Record fewer;  // one project, one row: what the records before left must not show
  fewer.projects = {full.projects[1]};
  fewer.projects[0].rows = {full.projects[0].rows[1]};
  const Record none;
  ProjectTables tables;
  for (const Record* r : std::vector<const Record*>{&full, &more, &fewer, &full, &none, &more}) {
    const std::string packed = pack_inputs(*r);
    Record read;
    read.projects = tables.read(packed);
    CHECK(test::inputs_text(read, true) == test::inputs_text(unpacked(packed, Store::Reading::kProjects), true));
  }
  CHECK(test::inputs_text(none, true) != test::inputs_text(more, true));  // the texts show the tables
}

TEST_CASE("packed inputs: project tables kept from record to record read a defect as unpacking does",
          "[packed-inputs]") {
  ProjectTables tables;
  tables.read(pack_inputs(awkward()));
  const std::string cut = pack_inputs(awkward()).substr(0, 200);
  std::string message;
  try {
    tables.read(cut);
  } catch (const std::invalid_argument& e) {
    message = e.what();
  }
  CHECK(message == defect_of(cut, Store::Reading::kProjects));
  CHECK_FALSE(message.empty());
  Record read;
  read.projects = tables.read(pack_inputs(awkward()));  // and the next record reads whole
  CHECK(test::inputs_text(read, true) == test::inputs_text(unpacked(pack_inputs(awkward()), Store::Reading::kProjects), true));
}
