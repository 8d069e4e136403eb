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
  CHECK(doc.find("judgements")->find("special_budget_mgmt") != nullptr);
  CHECK(text.find("  special_budget_mgmt:    # 专项预算管理 (20)\n    # 部门按照专项项目自评工作要求") != std::string::npos);
  // Not filled in, it does not import: the first empty value is named.
  try {
    parse_record(text, "t.yaml");
    FAIL("an empty template imported");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("t.yaml:") == 0);
  }
}
