// jixiao score --all on project tables: records read in bulk as load() reads
// them, and scored by workers as department-years are.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>

#include <SQLiteCpp/SQLiteCpp.h>

#include "batch_projects.h"
#include "error.h"
#include "files.h"
#include "packed_leaves.h"
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
const char* const kPrinted = R"(entity: 读取测试单位
year: 2024
set: project-selfeval-2021
record: projects
projects:
  - id: r
    name: 读取测试项目
    source: {file: r.pdf, quote: 读取测试项目}
    budget: {planned: 200, executed: 150, initial: 180, rate: "75%", weight: 10, score: 7.5}
    filed: {total: 88, grade: 良}
    rows:
      - {level1: 产出指标(60分), level2: 质量指标, name: 合格率, nature: "≥", target: "95", unit: "%", actual: "97", weight: 30, weight_share: 0.3}
      - {level1: 产出指标(60分), level2: 时效指标, name: 完成时间, target: 2024年12月底前, actual: 2024年11月, weight: 30}
      - {level1: 效益指标(20分), level2: 可持续影响指标, name: 影响, target: 长期, actual: 较长, weight: 20, judgement: {score: 15, basis: 影响较长, source: {file: r.pdf, quote: 较长}}}
      - {level1: 满意度指标(10分), level2: 满意度指标, name: 小计, weight: 10, subtotal: true}
      - {level1: 满意度指标(10分), level2: 满意度指标, name: 群众满意度, target: "≥85%", actual: "90%", weight: 10}
)";

// The project tables' results of `db`, a line each: record, leaf, set hash, score, source, reason.
std::vector<std::string> project_results(const std::string& db) {
  std::vector<std::string> out;
  for (const StoredResult& r : Store::open_read_only(db).results())
    if (r.set_id == "project-selfeval-2021")
      out.push_back(std::to_string(r.record_id) + " " + r.leaf_id + " " + r.set_hash + " " + r.score + " " + r.source +
                    " " + r.reason);
  return out;
}

}  // namespace

TEST_CASE("batch-projects: project tables read in bulk are what load() reads, printed figures included",
          "[batch-projects]") {
  const std::string dir = test::scratch_dir("batch-projects-read");
  test::write_text(dir + "/r.yaml", kPrinted);
  const std::string db = dir + "/jixiao.db";
  REQUIRE(run_jixiao({"import", dir + "/r.yaml", home() + "/data/liangshan-kexie-2021-projects.yaml",
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
    CHECK(a.count == b.count);
    CHECK(a.leaves == b.leaves);  // packed: every leaf's id, score, source and reason
  }
  CHECK(bulk[0].projects.at(0).stated_total == Decimal::from_int(88));  // the printed figures were read at all
  CHECK(bulk[0].projects.at(0).rows.at(2).judgement->basis == "影响较长");
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
  REQUIRE(a.size() == s1.leaves);
  CHECK(a == project_results(two));
  options.jobs = 0;
  CHECK_THROWS_WITH(score_projects_all(ws1, options), "--jobs must be at least 1");
}

TEST_CASE("batch-projects: score --all stores no project reason, the scores and sources those of score --projects, "
          "and what a user sees is unchanged",
          "[batch-projects]") {
  const std::string db = test::scratch_dir("batch-projects-reasons") + "/province.db";
  REQUIRE(run_jixiao({"gen", "--departments", "30", "--seed", "5", "--db", db, "--home", home()}).exit_code == 0);
  const Store before = Store::open_read_only(db);
  const std::vector<StoredRecord> keys = before.project_records(0);
  REQUIRE(!keys.empty());
  const std::string entity = keys.front().key.entity, year = std::to_string(keys.front().key.year);
  auto shown = [&] {  // what a user reads of the project tables, before and after score --all
    return run_jixiao({"score", "--projects", "--format", "csv", entity, year, "--home", home(), "--db", db}).out +
           run_jixiao({"compare", "--projects", "--all", year, "--home", home(), "--db", db}).out;
  };
  const std::string seen = shown();
  REQUIRE(seen.find(entity) != std::string::npos);
  REQUIRE(run_jixiao({"score", "--all", "--jobs", "1", "--home", home(), "--db", db}).exit_code == 0);
  CHECK(shown() == seen);

  // Each record scored again with reasons: the same leaves, scores and sources, the reasons not stored.
  std::map<std::pair<int64_t, std::string>, const StoredResult*> stored;
  const std::vector<StoredResult> results = Store::open_read_only(db).results();
  for (const StoredResult& r : results)
    if (r.set_id == "project-selfeval-2021") stored[{r.record_id, r.leaf_id}] = &r;
  Workspace ws(home(), db, false);
  const std::unique_ptr<ProjectScorer> scorer = ws.load_project_scorer("project-selfeval-2021");
  REQUIRE(scorer->reasons());
  std::vector<int64_t> ids;
  for (const auto& k : keys) ids.push_back(k.id);
  const std::vector<Record> records = Store::open_read_only(db).load_many(ids, Store::Reading::kProjects);
  size_t leaves = 0, reasons = 0;
  for (size_t i = 0; i < records.size(); ++i) {
    std::vector<ProjectResult> scored;
    for (const Project& p : records[i].projects) scored.push_back(scorer->score(p, records[i].source));
    const RecordResults again = project_results_of(ids[i], *scorer, scored);
    PackedLeaves read(again.leaves, {});  // a project table's leaves are named
    char room[Decimal::kTextRoom];
    for (PackedLeaf leaf; read.next(leaf); ++leaves) {
      INFO(ids[i] << " " << leaf.leaf_id);
      const auto found = stored.find({ids[i], std::string(leaf.leaf_id)});
      REQUIRE(found != stored.end());
      CHECK(found->second->score == (leaf.score ? leaf.score->text(room, read.places()) : ""));
      CHECK(found->second->source == leaf.source);
      CHECK(found->second->reason.empty());
      if (!leaf.reason.empty()) ++reasons;
    }
  }
  CHECK(leaves == stored.size());
  CHECK(reasons == leaves);  // every leaf has a reason to show: none of them was stored
}

TEST_CASE("batch-projects: a project table's packing that does not read stops score --all, naming the record",
          "[batch-projects]") {
  const std::string db = test::scratch_dir("batch-projects-corrupt") + "/province.db";
  REQUIRE(run_jixiao({"gen", "--departments", "3", "--seed", "2", "--db", db, "--home", home()}).exit_code == 0);
  const std::vector<StoredRecord> keys = Store::open_read_only(db).project_records(0);
  REQUIRE(keys.size() == 3);
  const StoredRecord& bad = keys[2];
  {
    SQLite::Database d(db, SQLite::OPEN_READWRITE);
    d.exec("UPDATE project_inputs SET inputs = '0:0:0:0:4:2:ab' WHERE record_id = " + std::to_string(bad.id));
  }
  Workspace ws(home(), db, false);
  BatchOptions options;
  options.jobs = 1;
  options.batch_size = 2;  // the first batch is written, the second holds the record alone
  CHECK_THROWS_WITH(score_projects_all(ws, options),
                    db + ": corrupt database: record " + std::to_string(bad.id) + " (" + bad.key.entity + " " +
                        std::to_string(bad.key.year) +
                        " projects) has packed inputs that do not read back: the project tables, project 1, its id: "
                        "no length where one should begin; see 'jixiao db check'");
  std::vector<int64_t> scored;
  for (const StoredResult& r : Store::open_read_only(db).results())
    if (r.set_id == "project-selfeval-2021" && (scored.empty() || scored.back() != r.record_id))
      scored.push_back(r.record_id);
  CHECK(scored == std::vector<int64_t>{keys[0].id, keys[1].id});
}
