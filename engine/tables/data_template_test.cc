#include "data_template.h"

#include <catch2/catch.hpp>

#include "doc.h"
#include "record_source.h"
#include "set_loader.h"
#include "test_support.h"

using namespace jixiao;

TEST_CASE("data_template: every fact and row table the set's leaves read, judged leaves with their rule",
          "[data_template]") {
  const IndicatorSet set = load_set_file(test::sets_dir() + "/liangshan-2021-dept.yaml", {});
  const std::string text = data_template(set, "某县科协", 2022);
  const Doc doc = parse_yaml(text, "t.yaml");  // the template is YAML
  CHECK(doc.find("entity")->scalar == "某县科协");
  CHECK(doc.find("year")->scalar == "2022");
  const Doc* facts = doc.find("facts");
  REQUIRE(facts != nullptr);
  for (const auto& leaf : set.leaves()) {
    if (!leaf.node->self_scored) continue;
    for (const auto& fact : leaf.node->facts) CHECK(facts->find(fact) != nullptr);
  }
  CHECK(facts->find("self_score") == nullptr);  // 自评准确 is not the department's to fill in
  CHECK(facts->find("targets_complete")->find("label")->scalar == "绩效目标编制要素完整");
  CHECK(doc.find("rows")->find("quantity_indicators") != nullptr);
  CHECK(text.find("    - {name: , target: , actual: , source: {file: , quote: }}\n") != std::string::npos);
  // 专项预算管理 is scored from the projects' totals (project_mean.lua): a row table, columns from its example.
  CHECK(doc.find("rows")->find("project_totals") != nullptr);
  CHECK(text.find("  project_totals:    # read by 专项预算管理; one mapping per row\n"
                  "    - {project: , name: , total: , max: , source: {file: , quote: }}\n") != std::string::npos);
  CHECK(doc.find("judgements") == nullptr);  // every self-scored leaf of the set has a script
  // A leaf whose script is unknown is a person's to score, its 计分标准 as a comment.
  const IndicatorSet sichuan = load_set_file(test::sets_dir() + "/sichuan-2022-dept.yaml", {});
  const std::string unknowns = data_template(sichuan, "某县科协", 2022);
  CHECK(unknowns.find("  duty_performance:    # 部门整体履职绩效 (unknown)\n    # 计分标准未公布\n") != std::string::npos);
  // Not filled in, it does not import: the first empty value is named.
  try {
    parse_record(text, "t.yaml");
    FAIL("an empty template imported");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("t.yaml:") == 0);
  }
}
