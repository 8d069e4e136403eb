// jixiao gen: a synthetic province, the same for the same seed, varied
// across every rule of the 凉山州 2021 set.
#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <map>
#include <set>

#include "province_gen.h"
#include "store.h"
#include "test_support.h"

using namespace jixiao;

namespace {

Scorer liangshan() {
  return Scorer::from_file(test::sets_dir() + "/liangshan-2021-dept.yaml", test::scripts_dir());
}

std::string generate(const std::string& name, const std::string& seed) {
  const std::string db = test::scratch_dir(name) + "/province.db";
  const auto run = test::run_jixiao({"gen", "--departments", "40", "--years", "2", "--seed", seed, "--db", db,
                                     "--home", test::source_dir()});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  return db;
}

// Every row of every table a record is made of, as text, in key order.
std::string content(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  std::string out;
  for (const char* table : {"records", "facts", "row_tables", "rows", "row_cells", "judgements", "filed_scores",
                            "projects", "project_rows"}) {
    SQLite::Statement q(db, std::string("SELECT * FROM ") + table);
    std::vector<std::string> rows;
    while (q.executeStep()) {
      std::string row;
      for (int c = 0; c < q.getColumnCount(); ++c) row += q.getColumn(c).getString() + "|";
      rows.push_back(row);
    }
    std::sort(rows.begin(), rows.end());
    out += std::string(table) + "\n";
    for (const auto& row : rows) out += row + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("province gen: the same seed writes the same database, another seed another", "[province-gen]") {
  const std::string a = content(generate("gen-a", "7"));
  const std::string b = content(generate("gen-b", "7"));
  const std::string c = content(generate("gen-c", "8"));
  CHECK(a.size() > 10000);
  CHECK(a == b);
  CHECK(a != c);
}

TEST_CASE("province gen: writes N × Y department-years, some with a review record", "[province-gen]") {
  const std::string db = generate("gen-count", "3");
  SQLite::Database d(db, SQLite::OPEN_READONLY);
  CHECK(d.execAndGet("SELECT count(*) FROM records WHERE kind = 'filed'").getInt() == 80);
  CHECK(d.execAndGet("SELECT count(DISTINCT entity) FROM records").getInt() == 40);
  CHECK(d.execAndGet("SELECT count(DISTINCT year) FROM records").getInt() == 2);
  const int reviews = d.execAndGet("SELECT count(*) FROM records WHERE kind = 'review'").getInt();
  CHECK(reviews > 5);
  CHECK(reviews < 40);
}

TEST_CASE("province gen: every department-year has its project tables, scored by score --all", "[province-gen]") {
  const std::string db = generate("gen-projects", "3");
  {
    SQLite::Database d(db, SQLite::OPEN_READONLY);
    CHECK(d.execAndGet("SELECT count(*) FROM records WHERE kind = 'projects' AND set_id = 'project-selfeval-2021'")
              .getInt() == 80);
    CHECK(d.execAndGet("SELECT count(*) FROM records r WHERE kind = 'projects' AND NOT EXISTS "
                       "(SELECT 1 FROM project_rows WHERE record_id = r.id)")
              .getInt() == 0);
  }
  const auto run = test::run_jixiao({"score", "--all", "--db", db, "--home", test::source_dir()});
  INFO(run.out << run.err);
  CHECK(run.exit_code == 0);
  CHECK(run.out.find("\nscored 80 project table record(s), ") != std::string::npos);
  SQLite::Database d(db, SQLite::OPEN_READONLY);
  const Store store = Store::open_read_only(db);
  std::set<int64_t> project_ids;
  for (const StoredRecord& r : store.project_records(0)) project_ids.insert(r.id);
  std::vector<StoredResult> stored;
  for (const StoredResult& r : store.results())
    if (project_ids.count(r.record_id)) stored.push_back(r);
  // One result per row, one for the budget row and one for the total of every project.
  CHECK(static_cast<int>(stored.size()) ==
        d.execAndGet("SELECT (SELECT count(*) FROM project_rows) + 2 * (SELECT count(*) FROM projects)").getInt());
  auto is_total = [](const StoredResult& r) {
    return r.leaf_id.size() > 6 && r.leaf_id.compare(r.leaf_id.size() - 6, 6, "/total") == 0;
  };
  // Rows met, missed and in between: the scores vary.
  std::set<std::string> totals;
  for (const StoredResult& r : stored)
    if (is_total(r)) totals.insert(r.score);
  CHECK(totals.size() > 20);
  // What is stored for a project is what score --projects shows for it.
  const int64_t first = *project_ids.begin();
  const auto shown = test::run_jixiao({"score", "--projects", "--format", "csv", "--db", db, "--home",
                                       test::source_dir(), d.execAndGet("SELECT entity FROM records WHERE kind = "
                                                                        "'projects' ORDER BY id LIMIT 1").getString(),
                                       "2021"});
  size_t rows = 0;  // its scores (the reasons are not stored: score --projects gives them)
  for (const StoredResult& r : stored)
    if (r.record_id == first && !is_total(r) && r.leaf_id.find("/budget") == std::string::npos) {
      CHECK(r.reason.empty());
      CHECK(shown.out.find("," + r.score + "," + r.source + ",") != std::string::npos);
      ++rows;
    }
  CHECK(rows > 0);
}

TEST_CASE("province gen: facts fall on both sides of every rule, with judgements, gaps and departing filed scores",
          "[province-gen]") {
  Scorer scorer = liangshan();
  GenOptions options;
  options.departments = 300;
  options.seed = 11;
  const std::vector<Record> records = generate_province(options, scorer);
  std::map<std::string, std::set<std::string>> seen;  // leaf id → full, partial, judged, uncovered
  int departing = 0;
  for (const Record& r : records) {
    const Evaluation ev = scorer.evaluate(r);
    for (const LeafResult& leaf : ev.leaves) {
      if (leaf.source == LeafSource::kNotScored) continue;
      std::string what = leaf.source == LeafSource::kJudged      ? "judged"
                         : leaf.source == LeafSource::kUncovered ? "uncovered"
                         : *leaf.score == *leaf.node->weight     ? "full"
                                                                 : "partial";
      seen[leaf.node->id].insert(what);
      if (leaf.filed && leaf.score && *leaf.filed != *leaf.score) ++departing;
    }
  }
  for (const char* id : {"target_achievement", "budget_accuracy", "spending_control", "dynamic_adjustment",
                         "exec_progress", "budget_completion", "violations", "self_eval_published", "feedback"}) {
    INFO(id);
    CHECK(seen[id].count("full") == 1);
    CHECK(seen[id].count("partial") == 1);
  }
  CHECK(seen["target_setting"].count("judged") == 1);
  CHECK(seen["exec_progress"].count("judged") == 1);
  CHECK(seen["rectified"].count("uncovered") == 1);
  CHECK(departing > 30);
}

TEST_CASE("province gen: needs --db, since the default database mirrors data/", "[province-gen]") {
  const auto run = test::run_jixiao({"gen", "--departments", "2", "--home", test::source_dir()});
  CHECK(run.exit_code == 2);
  CHECK(run.err ==
        "jixiao: gen needs --db FILE: the default database mirrors data/ and would lose what gen writes\n");
}
