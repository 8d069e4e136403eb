// The public interface (include/jixiao/) gives what the command line gives,
// as plain values, and its one Error with the command line's message.
#include <catch2/catch.hpp>

#include "jixiao/jixiao.h"
#include "test_support.h"

namespace {

jixiao::api::Options shipped(const std::string& scratch) {
  jixiao::api::Options options;
  options.home = jixiao::test::source_dir();
  options.database = jixiao::test::scratch_dir(scratch) + "/jixiao.db";
  return options;
}

}  // namespace

TEST_CASE("embed: a department-year scores as the command line scores it, every leaf as exact text", "[embed]") {
  jixiao::api::Engine engine(shipped("embed_score"));
  const jixiao::api::Score score = engine.score("凉山州科学技术协会", 2021);
  CHECK(score.set_id == "liangshan-2021-dept");
  CHECK(score.total == "85.00");
  CHECK(score.max == std::optional<std::string>("90.00"));
  CHECK(score.complete);
  REQUIRE(score.leaves.size() == 13);
  const jixiao::api::LeafScore& first = score.leaves.front();
  CHECK(first.path == "部门预算管理 › 预算编制 › 目标制定");
  CHECK(first.source == "computed");
  CHECK(first.score == first.filed);
  const jixiao::test::CliRun cli = jixiao::test::run_jixiao({"score", "--format", "json"});
  REQUIRE(cli.exit_code == 0);
  CHECK(cli.out.find(score.set_hash) != std::string::npos);
  CHECK(score.set_hash == engine.load_set("liangshan-2021-dept").content_hash);
}

TEST_CASE("embed: the review record is compared leaf by leaf, with the set's 自评准确 deduction", "[embed]") {
  jixiao::api::Engine engine(shipped("embed_compare"));
  const jixiao::api::Comparison c = engine.compare("凉山州科学技术协会", 2021);
  CHECK(c.basis == "评价组复核记录");
  CHECK(c.filed_total == "85.00");
  CHECK(c.recomputed_total == "71.05");
  CHECK(c.gap == "13.95");
  CHECK(c.relative_gap_pct == "19.63");
  CHECK(c.accuracy_deduction == std::optional<std::string>("8.00"));
  CHECK(c.leaves.size() == 13);
}

TEST_CASE("embed: the records listed and the results stored by score --all read back", "[embed]") {
  jixiao::api::Options options = shipped("embed_results");
  {
    jixiao::api::Engine engine(options);
    const std::vector<jixiao::api::RecordKey> records = engine.records();
    REQUIRE_FALSE(records.empty());
    CHECK(engine.results().empty());
  }
  const jixiao::test::CliRun all = jixiao::test::run_jixiao({"score", "--all", "--year", "2021", "--jobs", "1",
                                                             "--home", options.home, "--db", options.database});
  REQUIRE(all.exit_code == 0);
  options.mirror_data = false;
  jixiao::api::Engine engine(options);
  size_t liangshan = 0, projects = 0;
  for (const jixiao::api::StoredResult& r : engine.results()) {
    CHECK(r.record.year == 2021);
    if (r.record.entity == "凉山州科学技术协会" && r.record.kind == "filed" && r.leaf_id == "target_setting")
      CHECK(r.score == engine.score("凉山州科学技术协会", 2021).leaves.front().score);
    if (r.record.entity == "凉山州科学技术协会" && r.record.kind != "projects") ++liangshan;
    if (r.record.kind == "projects") ++projects;
  }
  CHECK(liangshan == 26);  // 13 leaves, filed and review
  CHECK(projects > 0);     // the project tables' rows and totals, under their own key
}

TEST_CASE("embed: a failure is one public Error with the command line's message and its parts", "[embed]") {
  jixiao::api::Engine engine(shipped("embed_error"));
  try {
    engine.load_set("liangshan-2021-det");
    FAIL("an unknown set loaded");
  } catch (const jixiao::api::Error& e) {
    CHECK(e.kind() == jixiao::api::Error::Kind::kMissing);
    CHECK(std::string(e.what()) == "no indicator set 'liangshan-2021-det' in " + jixiao::test::source_dir() +
                                       "/indicator-sets, did you mean 'liangshan-2021-dept'?");
    CHECK(e.message() == e.what());
    CHECK(e.file().empty());
  }
  CHECK_THROWS_MATCHES(jixiao::api::Engine(jixiao::api::Options{}), jixiao::api::Error,
                       Catch::Message("Options::home is empty: name the folder with indicator-sets/"));
  CHECK(jixiao::test::run_jixiao({"--version"}).out == "jixiao " + std::string(jixiao::api::version()) + "\n");
}
