// The plain Python scorer the benchmark times jixiao against
// (tests/bench/plain_score.py) scores every leaf as jixiao does: the same
// score and source as score --all stores, and the same reason as `jixiao
// score` prints (score --all stores none), so the comparison is of the same job.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <map>

#include "files.h"
#include "scorer.h"
#include "store.h"
#include "test_support.h"
#include "workspace.h"

using namespace jixiao;
using jixiao::test::run_jixiao;

TEST_CASE("plain_score: the Python scorer gives jixiao's result on every leaf of a generated province",
          "[plain_score]") {
  const std::string dir = test::scratch_dir("plain-score");
  const std::string db = dir + "/province.db";
  REQUIRE(run_jixiao({"gen", "--departments", "300", "--seed", "7", "--db", db, "--home", test::source_dir()})
              .exit_code == 0);
  REQUIRE(run_jixiao({"score", "--all", "--db", db, "--home", test::source_dir()}).exit_code == 0);

  const std::string command = "/usr/bin/python3 '" + test::source_dir() + "/tests/bench/plain_score.py' '" + db +
                              "' '" + dir + "/plain.tsv' > '" + dir + "/plain.log' 2>&1";
  INFO(command);
  REQUIRE(std::system(command.c_str()) == 0);
  std::vector<std::string> plain = test::lines_of(read_file(dir + "/plain.tsv"));
  // Score and source as score --all stored them; the reason as `jixiao score` shows it.
  const Store store = Store::open_read_only(db);
  std::map<std::pair<int64_t, std::string>, std::string> reasons;
  Workspace ws(test::source_dir(), db, false);
  std::vector<int64_t> ids;
  for (const StoredRecord& r : store.records_to_score(0, "")) ids.push_back(r.id);
  const std::vector<Record> records = store.load_many(ids);
  for (size_t i = 0; i < ids.size(); ++i)
    for (const LeafResult& leaf : ws.scorer(records[i].set_id).evaluate(records[i]).leaves)
      reasons[{ids[i], leaf.node->id}] = leaf.reason;
  std::vector<std::string> stored;
  for (const StoredResult& r : store.results())
    if (r.set_id == "liangshan-2021-dept") {  // not the project tables
      CHECK(r.reason.empty());
      stored.push_back(std::to_string(r.record_id) + "\t" + r.leaf_id + "\t" + r.score + "\t" + r.source + "\t" +
                       reasons.at({r.record_id, r.leaf_id}));
    }
  std::sort(plain.begin(), plain.end());
  std::sort(stored.begin(), stored.end());
  REQUIRE(stored.size() > 3000);  // 300 department-years and their reviews, 13 leaves each
  REQUIRE(plain.size() == stored.size());
  for (size_t i = 0; i < stored.size(); ++i) {
    INFO("line " << i);
    CHECK(plain[i] == stored[i]);
  }
  // Each way a leaf can end is among them, so each of the script's paths is compared.
  for (const char* source : {"\tcomputed\t", "\tjudged\t", "\tuncovered\t", "\tnot-scored\t"})
    CHECK(std::any_of(stored.begin(), stored.end(),
                      [&](const std::string& line) { return line.find(source) != std::string::npos; }));
}
