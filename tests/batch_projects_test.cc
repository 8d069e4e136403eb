// jixiao score --all on project tables: records read in bulk as load() reads
// them, and scored by workers as department-years are.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include "batch_projects.h"
#include "error.h"
#include "files.h"
#include "test_support.h"

using namespace jixiao;
using jixiao::test::run_jixiao;

namespace {

std::string home() { return test::source_dir(); }

ProjectScorer shipped() {
  const std::string set = test::sets_dir() + "/project-selfeval-2021.yaml";
  return ProjectScorer(read_file(set), set, test::scripts_dir());
}

// A table with every figure kept beside targets and actuals (project_printed).
const char* const kPrinted = R"(entity: 测试单位
year: 2023
set: project-selfeval-2021
record: projects
projects:
  - id: t
    name: 测试项目
    source: {file: t.pdf, quote: 测试项目}
    budget: {planned: 100, executed: 100, initial: 90, rate: "100%", weight: 10, score: 10}
    filed: {total: 100, grade: 优}
    rows:
      - {level1: 产出指标（50分）, level2: 数量指标, name: 小计, weight: 50, subtotal: true}
      - {level1: 产出指标（50分）, level2: 数量指标, name: 培训人数, nature: "≧", target: " 90 ", unit: "％", actual: "95", weight: 50, weight_share: 0.5}
      - {level1: 效益指标（30分）, level2: 社会效益指标, name: 效果, target: 显著, actual: 较好, weight: 30, judgement: {score: 27, basis: 效果较好, inferred: 复核}}
      - {level1: 满意度指标（10分）, level2: 满意度指标, name: 满意度, target: "≥ 90 %", actual: "96%", weight: 10}
)";

std::vector<StoredResult> project_results(const std::string& db) {
  std::vector<StoredResult> out;
  for (StoredResult& r : Store::open_read_only(db).results())
    if (r.set_id == "project-selfeval-2021") out.push_back(std::move(r));
  return out;
}

}  // namespace

TEST_CASE("batch-projects: project tables read in bulk are what load() reads, printed figures included",
          "[batch-projects]") {
  const std::string dir = test::scratch_dir("batch-projects-read");
  test::write_text(dir + "/t.yaml", kPrinted);
  const std::string db = dir + "/jixiao.db";
  REQUIRE(run_jixiao({"import", dir + "/t.yaml", home() + "/data/liangshan-kexie-2021-projects.yaml",
                      home() + "/data/tianchang-shuili-2022-projects.yaml", "--home", home(), "--db", db})
              .exit_code == 0);
  const Store store = Store::open_read_only(db);
  const std::vector<StoredRecord> keys = store.project_records(0);
  REQUIRE(keys.size() == 3);
  std::vector<int64_t> ids;
  for (const auto& k : keys) ids.push_back(k.id);
  const std::vector<Record> bulk = store.load_many(ids, Store::Reading::kProjects);
  REQUIRE(bulk.size() == keys.size());
  ProjectScorer scorer = shipped();
  for (size_t i = 0; i < keys.size(); ++i) {
    INFO(keys[i].key.entity);
    const Record one = store.load(keys[i].key.entity, keys[i].key.year, "projects");
    CHECK(bulk[i].entity == one.entity);
    CHECK(bulk[i].set_id == one.set_id);
    CHECK(bulk[i].source == one.source);
    REQUIRE(bulk[i].projects.size() == one.projects.size());
    for (size_t p = 0; p < one.projects.size(); ++p) {
      const Project& a = bulk[i].projects[p];
      const Project& b = one.projects[p];
      CHECK(a.id == b.id);
      CHECK(a.provenance.display() == b.provenance.display());
      CHECK(a.initial_budget == b.initial_budget);
      CHECK(a.rate_printed == b.rate_printed);
      CHECK(a.stated_total == b.stated_total);
      CHECK(a.stated_grade == b.stated_grade);
      REQUIRE(a.rows.size() == b.rows.size());
      for (size_t r = 0; r < b.rows.size(); ++r) {
        CHECK(a.rows[r].target == b.rows[r].target);
        CHECK(a.rows[r].nature == b.rows[r].nature);
        CHECK(a.rows[r].unit == b.rows[r].unit);
        CHECK(a.rows[r].subtotal == b.rows[r].subtotal);
        CHECK(a.rows[r].weight_share == b.rows[r].weight_share);
        CHECK(a.rows[r].line == b.rows[r].line);
        CHECK(a.rows[r].judgement.has_value() == b.rows[r].judgement.has_value());
        if (a.rows[r].judgement && b.rows[r].judgement)
          CHECK(a.rows[r].judgement->provenance.display() == b.rows[r].judgement->provenance.display());
      }
    }
    // Scored, the two give the same results, reasons and all.
    auto scored = [&](const Record& record) {
      std::vector<ProjectResult> results;
      for (const Project& p : record.projects) results.push_back(scorer.score(p, record.source));
      return project_results_of(keys[i].id, scorer, results);
    };
    const auto a = scored(bulk[i]);
    const auto b = scored(one);
    REQUIRE(a.size() == b.size());
    for (size_t k = 0; k < a.size(); ++k) {
      CHECK(a[k].leaf_id == b[k].leaf_id);
      CHECK(a[k].score == b[k].score);
      CHECK(a[k].source == b[k].source);
      CHECK(a[k].reason == b[k].reason);
    }
  }
  CHECK(bulk[0].projects.at(0).stated_total == Decimal::from_int(100));  // the printed figures were read at all
  CHECK(bulk[0].projects.at(0).rows.at(2).judgement->basis == "效果较好");
}

TEST_CASE("batch-projects: --jobs applies to project tables, two workers storing what one stores",
          "[batch-projects]") {
  const std::string one = test::scratch_dir("batch-projects-jobs-1") + "/province.db";
  REQUIRE(run_jixiao({"gen", "--departments", "40", "--seed", "7", "--db", one, "--home", home()}).exit_code == 0);
  const std::string two = test::scratch_dir("batch-projects-jobs-2") + "/province.db";
  std::filesystem::copy_file(one, two);
  Workspace ws1(home(), one, false), ws2(home(), two, false);
  BatchOptions options;
  options.batch_size = 7;  // batches end in the middle of the workers' share
  options.jobs = 1;
  const BatchSummary s1 = score_projects_all(ws1, options);
  options.jobs = 2;
  const BatchSummary s2 = score_projects_all(ws2, options);
  CHECK(s1.records == 40);
  CHECK(s2.records == s1.records);
  CHECK(s2.leaves == s1.leaves);
  const auto a = project_results(one);
  const auto b = project_results(two);
  REQUIRE(a.size() == s1.leaves);
  REQUIRE(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    INFO(i);
    CHECK(a[i].record_id == b[i].record_id);
    CHECK(a[i].leaf_id == b[i].leaf_id);
    CHECK(a[i].set_hash == b[i].set_hash);
    CHECK(a[i].score == b[i].score);
    CHECK(a[i].source == b[i].source);
    CHECK(a[i].reason == b[i].reason);
  }
  options.jobs = 0;
  CHECK_THROWS_WITH(score_projects_all(ws1, options), "--jobs must be at least 1");
}
