// scripts/project_mean.lua at its boundaries: a department leaf scored from
// the department's project self-evaluations (专项预算管理), through the shipped
// set (weight 20) and a one-leaf set of weight 18, on rows built in memory as
// rows_from_projects builds them. Expected scores are worked out by hand:
// mean of total ÷ max, × the weight, rounded half-up to two places once.
#include <catch2/catch.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "error.h"
#include "record.h"
#include "scorer.h"
#include "test_support.h"

namespace {

using jixiao::Decimal;
using jixiao::LeafSource;
using jixiao::Record;
using jixiao::Row;
using jixiao::Scorer;
using jixiao::Value;

Value num(const std::string& text) {
  const auto d = Decimal::parse(text);
  if (!d) throw std::invalid_argument("not a decimal: " + text);
  return Value::of_number(*d);
}

// A project row as rows_from_projects gives it: total "" leaves it out, and
// `pending` then says why; budget "" leaves the budget out.
Row project(const std::string& id, const std::string& total, const std::string& budget = "",
            const std::string& pending = "") {
  Row row;
  row.cells = {{"project", Value::of_text(id)}, {"name", Value::of_text("项目" + id)}, {"max", num("100")},
               {"basis", Value::of_text("recomputed")}};
  if (!total.empty()) row.cells.emplace_back("total", num(total));
  if (!pending.empty()) row.cells.emplace_back("pending", Value::of_text(pending));
  if (!budget.empty()) {
    row.cells.emplace_back("budget", num(budget));
    row.cells.emplace_back("budget_unit", Value::of_text("万元"));
  }
  row.provenance.inferred = "test";
  return row;
}

Scorer& shipped() {  // 专项预算管理, weight 20, mean: plain
  static Scorer scorer =
      Scorer::from_file(jixiao::test::sets_dir() + "/liangshan-2021-dept.yaml", jixiao::test::scripts_dir());
  return scorer;
}

// One leaf of weight 18 reading the same rows, with the mean given.
Scorer eighteen(const std::string& mean) {
  const std::string set =
      "id: eighteen\nname: 十八分\ntotal: 18\nindicators:\n"
      "  - id: special\n    name: 专项预算管理\n    weight: 18\n    explanation: 专项自评\n    rule: 按项目自评总分平均\n"
      "    script: project_mean.lua\n    rows: [project_totals]\n"
      "    params: {table: project_totals, mean: " + mean + "}\n";
  return Scorer(set, "eighteen.yaml", jixiao::test::scripts_dir());
}

Record with_projects(std::vector<Row> rows) {
  Record r;
  r.entity = "测试部门";
  r.year = 2021;
  r.source = "project_mean_test";
  r.rows["project_totals"] = std::move(rows);
  return r;
}

struct Scored {
  std::optional<Decimal> score;
  LeafSource source;
  std::string reason;
  std::vector<std::string> missing;
  std::string points() const { return score ? score->str(2) : "(no score)"; }
};

Scored leaf(Scorer& scorer, const std::string& id, const Record& r) {
  const jixiao::Evaluation ev = scorer.evaluate_one(id, r);
  const jixiao::LeafResult& l = ev.leaves.front();
  return {l.score, l.source, l.reason, l.missing};
}

Scored special(const Record& r) { return leaf(shipped(), "special_budget_mgmt", r); }

std::string error_of(Scorer& scorer, const std::string& id, const Record& r) {
  try {
    (void)scorer.evaluate_one(id, r);
  } catch (const jixiao::Error& e) {
    return e.what();
  }
  FAIL("the leaf scored instead of throwing jixiao::Error");
  return "";
}

}  // namespace

TEST_CASE("project_mean: plain and budget-weighted means, scaled to weights 20 and 18", "[project_mean]") {
  // 甲 90 of 100 on a budget of 10, 乙 60 on 30.
  // plain: (0.9 + 0.6) ÷ 2 = 0.75; weighted: (0.9×10 + 0.6×30) ÷ 40 = 0.675.
  const Record r = with_projects({project("a", "90", "10"), project("b", "60", "30")});
  const Scored plain20 = special(r);
  CHECK(plain20.points() == "15.00");
  CHECK(plain20.source == LeafSource::kComputed);
  CHECK(plain20.reason == "2个项目自评总分平均得分率75%×20分：项目a（a）90.00分（满分100）；项目b（b）60.00分（满分100），得15.00分");
  Scorer plain = eighteen("plain");
  CHECK(leaf(plain, "special", r).points() == "13.50");
  Scorer weighted = eighteen("budget_weighted");
  const Scored weighted18 = leaf(weighted, "special", r);
  CHECK(weighted18.points() == "12.15");
  CHECK(weighted18.reason ==
        "2个项目自评总分按预算数加权平均得分率67.5%×18分：项目a（a）90.00分（满分100），预算10万元；"
        "项目b（b）60.00分（满分100），预算30万元，得12.15分");
}

TEST_CASE("project_mean: one project, totals of 100 and 0, and rounding once, half-up", "[project_mean]") {
  struct Case {
    std::vector<Row> rows;
    const char* at20;
    const char* at18;
  };
  const Case c = GENERATE(values<Case>({
      {{project("a", "73.5")}, "14.70", "13.23"},
      {{project("a", "100")}, "20.00", "18.00"},
      {{project("a", "0")}, "0.00", "0.00"},
      {{project("a", "100"), project("b", "0")}, "10.00", "9.00"},
      // 85.025% × 20 = 17.005 → 17.01; × 18 = 15.3045 → 15.30: rounded once, at the end.
      {{project("a", "85.02"), project("b", "85.03")}, "17.01", "15.30"},
      // 2/3 × 20 = 13.333… → 13.33; × 18 = 12 exactly.
      {{project("a", "100"), project("b", "100"), project("c", "0")}, "13.33", "12.00"},
  }));
  const Record r = with_projects(c.rows);
  CHECK(special(r).points() == c.at20);
  Scorer plain = eighteen("plain");
  CHECK(leaf(plain, "special", r).points() == c.at18);
}

TEST_CASE("project_mean: no projects leave the leaf to a judgement, and say so", "[project_mean]") {
  Record r = with_projects({});
  const Scored s = special(r);
  CHECK_FALSE(s.score);
  CHECK(s.source == LeafSource::kUncovered);
  CHECK(s.reason == "规则将此情形留给判定（未记录任何项目的自评总分，无从平均），未记录判定");
  CHECK(s.missing == std::vector<std::string>{"判定"});
}

TEST_CASE("project_mean: a project whose total is pending makes the leaf uncovered, naming it", "[project_mean]") {
  const std::string why = "项目「乙」（b）总分无法重算：3行待定，共12.50分未定";
  Record r = with_projects({project("a", "90", "10"), project("b", "", "30", why)});
  const Scored s = special(r);
  CHECK_FALSE(s.score);
  CHECK(s.source == LeafSource::kUncovered);
  CHECK(s.reason == "输入待定（" + why + "），亦未记录判定");
  CHECK(s.missing == std::vector<std::string>{why, "判定"});
  // The same under --complete: the leaf, and the project, named.
  const jixiao::Evaluation ev = shipped().evaluate_one("special_budget_mgmt", r);
  CHECK(ev.leaves.front().uncovered_why ==
        "inputs not yet decided (" + why + "), and no judgement is recorded for 'special_budget_mgmt'");
}

TEST_CASE("project_mean: budget-weighted without a budget for every project is left to a judgement",
          "[project_mean]") {
  Scorer weighted = eighteen("budget_weighted");
  const Scored s = leaf(weighted, "special", with_projects({project("a", "90", "10"), project("b", "60")}));
  CHECK(s.source == LeafSource::kUncovered);
  CHECK(s.reason == "规则将此情形留给判定（按预算加权，但未记录预算数：项目b（b）），未记录判定");
  // The plain mean does not need budgets.
  Scorer plain = eighteen("plain");
  CHECK(leaf(plain, "special", with_projects({project("a", "90", "10"), project("b", "60")})).points() == "13.50");
}

TEST_CASE("project_mean: budgets adding up to 0 are an error for a budget-weighted mean", "[project_mean]") {
  Scorer weighted = eighteen("budget_weighted");
  const Record r = with_projects({project("a", "90", "0"), project("b", "60", "0")});
  CHECK(error_of(weighted, "special", r) ==
        "scripts/project_mean.lua:79: [专项预算管理（special）] the projects' budgets add up to 0: a budget-weighted "
        "mean needs budgets above 0\n  scripts/project_mean.lua:79: in function <scripts/project_mean.lua:49>");
}

TEST_CASE("project_mean: a mean other than plain or budget_weighted is an error", "[project_mean]") {
  Scorer other = eighteen("median");
  CHECK(error_of(other, "special", with_projects({project("a", "90")})) ==
        "scripts/project_mean.lua:52: [专项预算管理（special）] mean must be 'plain' or 'budget_weighted', not 'median'\n"
        "  scripts/project_mean.lua:52: in function <scripts/project_mean.lua:49>");
}

TEST_CASE("project_mean: the review's readings of a project's rows are listed in the reason after its total",
          "[project_mean]") {
  Row read = project("a", "90");
  read.cells.emplace_back("readings", Value::of_text("第9行「6万元」评为未达成（实际完成值未填，评价组按未完成计）"));
  const Scored s = special(with_projects({read, project("b", "70")}));
  CHECK(s.points() == "16.00");
  CHECK(s.reason ==
        "2个项目自评总分平均得分率80%×20分：项目a（a）90.00分（满分100），待定行按评价组读法：第9行「6万元」评为未达成"
        "（实际完成值未填，评价组按未完成计）；项目b（b）70.00分（满分100），得16.00分");
}
