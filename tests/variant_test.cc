// The shipped example variant: it resolves, its examples pass, show --diff
// lists exactly what it changes, and its example department scores under it.
#include <catch2/catch.hpp>

#include <sstream>

#include "test_support.h"

using jixiao::test::run_jixiao;

using jixiao::test::lines_of;

namespace {

std::vector<std::string> with_home(std::vector<std::string> args, const std::string& db) {
  args.insert(args.end(), {"--home", jixiao::test::source_dir(), "--db", db});
  return args;
}

}  // namespace

TEST_CASE("variant: show --diff lists exactly the example variant's changes", "[variant]") {
  const std::string db = jixiao::test::scratch_dir("variant-diff") + "/jixiao.db";
  const auto run = run_jixiao(with_home({"show", "example-county-2022-dept", "--diff", "liangshan-2021-dept"}, db));
  REQUIRE(run.exit_code == 0);
  const auto lines = lines_of(run.out);
  REQUIRE(lines.size() == 19);
  CHECK(lines[0] == "example-county-2022-dept against liangshan-2021-dept: 18 difference(s)");
  // Only the four overridden leaves and the set's name change.
  std::vector<std::string> changed;
  for (size_t i = 1; i < lines.size(); ++i) {
    const std::string id = lines[i].substr(2, lines[i].find(' ', 2) - 2);
    if (changed.empty() || changed.back() != id) changed.push_back(id);
  }
  CHECK(changed == std::vector<std::string>{"set", "budget_accuracy", "spending_control", "exec_progress", "violations"});
  CHECK(lines[3] == "~ budget_accuracy 编制准确: script: adjustment_ratio.lua → ratio_bands.lua");
  CHECK(lines[17] == "~ violations 违规记录: params.per_item: 0.5 → 1");
  CHECK(lines[14] ==
        "~ exec_progress 执行进度: params.checkpoints: [{fact: exec_rate_jun, label: 6月, target: 40, points: 2}, "
        "{fact: exec_rate_sep, label: 9月, target: 67.5, points: 2}, {fact: exec_rate_nov, label: 11月, target: "
        "82.5, points: 2}] → [{fact: exec_rate_jun, label: 6月, target: 45, points: 2}, {fact: exec_rate_sep, "
        "label: 9月, target: 70, points: 2}, {fact: exec_rate_nov, label: 11月, target: 85, points: 2}]");
}

TEST_CASE("variant: a set against itself shows no difference", "[variant]") {
  const std::string db = jixiao::test::scratch_dir("variant-same") + "/jixiao.db";
  const auto run = run_jixiao(with_home({"show", "liangshan-2021-dept", "--diff", "liangshan-2021-dept"}, db));
  CHECK(run.exit_code == 0);
  CHECK(run.out == "liangshan-2021-dept against liangshan-2021-dept: 0 difference(s)\n");
}

TEST_CASE("variant: the example department scores under the variant's thresholds", "[variant]") {
  const std::string dir = jixiao::test::scratch_dir("variant-score");
  const std::string db = dir + "/jixiao.db";
  REQUIRE(run_jixiao(with_home({"import", jixiao::test::source_dir() + "/data/example-county-kexie-2022.yaml"}, db))
              .exit_code == 0);
  const auto run = run_jixiao(with_home({"score", "示例县科学技术协会", "2022"}, db));
  REQUIRE(run.exit_code == 0);
  // 6月38.2% of 45% → 1.70, 9月66% of 70% → 1.89, 11月 reached → 2.
  CHECK_THAT(run.out, Catch::Contains("6月执行进度38.2%，未达45%，得1.70分；9月执行进度66%，未达70%，得1.89分"));
  // 18.5 of 320 = 5.78%: the replaced rule's 5%–10% band.
  CHECK_THAT(run.out, Catch::Contains("调剂金额占年初预算18.5÷320=5.78%，在10%以内，得4.00分"));
  CHECK_THAT(run.out, Catch::Contains("违纪违规问题1个，每个扣1分，得7.00分"));
  CHECK_THAT(run.out, Catch::Contains("得分合计 69.58 / 90.00"));
}

TEST_CASE("variant: check reports a failing example with its line, inputs, expected and actual", "[variant]") {
  const std::string home = jixiao::test::scratch_dir("variant-check");
  const std::string setup = "mkdir -p '" + home + "/indicator-sets' && ln -s '" + jixiao::test::scripts_dir() +
                            "' '" + home + "/scripts' && cp '" + jixiao::test::sets_dir() +
                            "/liangshan-2021-dept.yaml' '" + home + "/indicator-sets/'";
  REQUIRE(std::system(setup.c_str()) == 0);
  jixiao::test::write_text(home + "/indicator-sets/v.yaml",
                           "id: v\nextends: liangshan-2021-dept\nname: 变体\noverrides:\n  violations:\n"
                           "    params: {per_item: 1}\n");
  const auto run = run_jixiao({"check", "v", "--home", home, "--db", home + "/x.db"});
  CHECK(run.exit_code == 1);
  // The base's examples pin 0.5 points a problem; the variant changed it.
  CHECK_THAT(run.out, Catch::Contains("[部门预算管理 › 完成结果 › 违规记录（violations）] example failed\n"
                                      "  inputs:   violations_found=1\n"
                                      "  expected: 7.50\n"
                                      "  actual:   7.00（违纪违规问题1个，每个扣1分）"));
  CHECK_THAT(run.out, Catch::Contains("FAIL  v  13 leaves"));
}
