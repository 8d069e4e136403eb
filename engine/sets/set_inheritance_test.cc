#include "set_inheritance.h"

#include <catch2/catch.hpp>
#include <map>
#include <unistd.h>

#include "error.h"
#include "project_set.h"
#include "set_loader.h"

using jixiao::Error;
using jixiao::IndicatorSet;

namespace {

const char* const kBase = R"(id: base
name: 基础体系
total: 10
indicators:
  - id: a
    name: 甲
    weight: 10
    children:
      - id: a1
        name: 甲一
        weight: 6
        explanation: 说明
        rule: 规则
        script: proportional.lua
        facts: [x, y]
        params: {actual: x, base: y, target_pct: 100}
      - id: a2
        name: 甲二
        weight: 4
        explanation: 说明
        rule: 规则
)";

// Sets by id, as indicator-sets/ID.yaml would hold them.
struct Library {
  std::map<std::string, std::string> texts;

  IndicatorSet load(const std::string& id) {
    return jixiao::parse_set(texts.at(id), "sets/" + id + ".yaml", finder());
  }
  jixiao::SetFinder finder() {
    return [this](const std::string& id) -> std::string {
      if (texts.count(id) == 0) throw Error(jixiao::ErrorKind::kMissing, "no indicator set '" + id + "'");
      // read_yaml_file needs a file: write it where the test can find it.
      // One file per process: CTest runs the test cases side by side.
      const std::string path =
          std::string(JIXIAO_TEST_TMP_DIR) + "/inherit-" + std::to_string(::getpid()) + "-" + id + ".yaml";
      FILE* f = std::fopen(path.c_str(), "w");
      std::fputs(texts.at(id).c_str(), f);
      std::fclose(f);
      return path;
    };
  }
};

std::string load_error(Library& lib, const std::string& id) {
  try {
    lib.load(id);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("inherit: a variant changes one parameter and keeps the rest", "[inherit]") {
  Library lib{{{"base", kBase},
               {"v", "id: v\nextends: base\nname: 变体\noverrides:\n  a1:\n    params: {target_pct: 95}\n"}}};
  const IndicatorSet v = lib.load("v");
  CHECK(v.id == "v");
  CHECK(v.name == "变体");
  const jixiao::Node* a1 = v.find("a1");
  REQUIRE(a1 != nullptr);
  CHECK(a1->params.display() == "{actual: x, base: y, target_pct: 95}");
  CHECK(a1->script == "proportional.lua");
}

TEST_CASE("inherit: a new script brings its own params", "[inherit]") {
  Library lib{{{"base", kBase},
               {"v", "id: v\nextends: base\noverrides:\n  a1:\n    script: ratio_bands.lua\n    params: {what: 比例}\n"}}};
  CHECK(lib.load("v").find("a1")->params.display() == "{what: 比例}");
}

TEST_CASE("inherit: removing and adding nodes is checked against the weights again", "[inherit]") {
  Library lib{{{"base", kBase},
               {"ok", "id: ok\nextends: base\nremove: [a2]\nadd:\n  - under: a\n    node: {id: a3, name: 甲三, "
                      "weight: 4, explanation: 说明, rule: 规则}\n"},
               {"bad", "id: bad\nextends: base\nremove: [a2]\n"}}};
  const IndicatorSet ok = lib.load("ok");
  CHECK(ok.find("a2") == nullptr);
  CHECK(ok.find("a3") != nullptr);
  // Located in the base, where the branch is written.
  CHECK_THAT(load_error(lib, "bad"),
             Catch::EndsWith("-base.yaml:5:5: [甲] weights add up to 6, not its weight 10: 6 (甲一)"));
}

TEST_CASE("inherit: an unknown base, a cycle and an unknown node are errors in the variant", "[inherit]") {
  Library lib{{{"base", kBase},
               {"v1", "id: v1\nextends: bsae\n"},
               {"c1", "id: c1\nextends: c2\n"},
               {"c2", "id: c2\nextends: c1\n"},
               {"v2", "id: v2\nextends: base\noverrides:\n  a3:\n    weight: 1\n"},
               {"v3", "id: v3\nextends: base\nremove: [a9]\n"},
               {"v4", "id: v4\nextends: base\nadd:\n  - under: a1\n    node: {id: z, name: z, weight: 0, "
                      "explanation: x, rule: x}\n"}}};
  CHECK(load_error(lib, "v1") == "sets/v1.yaml:2:10: extends: no indicator set 'bsae'");
  CHECK(load_error(lib, "c1").find("makes a cycle: c1 → c2 → c1") != std::string::npos);
  CHECK(load_error(lib, "v2") == "sets/v2.yaml:5:5: overrides: the base has no node 'a3', did you mean 'a1'?");
  CHECK(load_error(lib, "v3") == "sets/v3.yaml:3:10: remove: the base has no node 'a9', did you mean 'a1'?");
  CHECK(load_error(lib, "v4") ==
        "sets/v4.yaml:4:12: add: 'a1' is a leaf; nodes can only be added under a branch");
}

TEST_CASE("inherit: a set that extends itself, or two that extend each other, is one cycle error for every reader",
          "[inherit]") {
  // is_project_set() used to follow `extends` with no cycle check, and crashed check and show.
  Library lib{{{"self", "id: self\nname: x\nextends: self\n"},
               {"c1", "id: c1\nextends: c2\n"},
               {"c2", "id: c2\nextends: c1\n"}}};
  CHECK(load_error(lib, "self") == "sets/self.yaml:3:10: extends 'self' makes a cycle: self → self");
  CHECK_THAT(load_error(lib, "c1"), Catch::EndsWith("-c2.yaml:2:10: extends 'c1' makes a cycle: c1 → c2 → c1"));
  for (const std::string id : {"self", "c1"}) {
    try {
      jixiao::is_project_set(lib.texts.at(id), "sets/" + id + ".yaml", lib.finder());
      FAIL("no error for " << id);
    } catch (const Error& e) {
      CHECK(std::string(e.what()) == load_error(lib, id));
    }
  }
}

TEST_CASE("inherit: a base whose id is not the one asked for is refused at its id", "[inherit]") {
  Library lib{{{"v", "id: v\nextends: b\n"}, {"b", std::string(kBase)}}};
  CHECK_THAT(load_error(lib, "v"),
             Catch::EndsWith("-b.yaml:1:5: this set's id is 'base', but sets/v.yaml:2 extends it as 'b': "
                             "a set's file is named after its id"));
}

TEST_CASE("inherit: +KEY appends to the base's list without restating it", "[inherit]") {
  Library lib{{{"base", kBase},
               {"v", "id: v\nextends: base\noverrides:\n  a1:\n    +facts: [z]\n"},
               {"bad", "id: bad\nextends: base\noverrides:\n  a1:\n    +params: [z]\n"},
               {"none", "id: none\nextends: base\noverrides:\n  a2:\n    +facts: [z]\n"}}};
  CHECK(lib.load("v").find("a1")->facts == std::vector<std::string>{"x", "y", "z"});
  CHECK_THAT(load_error(lib, "bad"),
             Catch::EndsWith("sets/bad.yaml:5:14: +params appends to the base's list 'params', but the base has no list there"));
  CHECK_THAT(load_error(lib, "none"),
             Catch::EndsWith("sets/none.yaml:5:13: +facts appends to the base's list 'facts', but the base has no 'facts'"));
}

TEST_CASE("inherit: params merge key by key at every depth, and a variant's set names the variant's file", "[inherit]") {
  const std::string base = std::string(kBase) + "        params: {grades: {a: 1, b: 0.5}, words: [x]}\n";
  Library lib{{{"base", base},
               {"v", "id: v\nextends: base\noverrides:\n  a2:\n    params: {grades: {b: 0.6}, +words: [y]}\n"}}};
  const IndicatorSet v = lib.load("v");
  CHECK(v.find("a2")->params.display() == "{grades: {a: 1, b: 0.6}, words: [x, y]}");
  CHECK(v.file == "sets/v.yaml");
}

TEST_CASE("inherit: a set may rest on at most kMaxBases sets in a row, and one more is refused, naming the chain",
          "[inherit]") {
  // Every reader follows a set's whole chain: a folder of 3,000 sets each extending the one before took check
  // quadratic time. v0 is the base; vN extends v(N-1).
  Library lib{{{"v0", std::string(kBase).replace(0, 8, "id: v0")}}};
  const size_t deepest = jixiao::kMaxBases + 1;
  for (size_t i = 1; i <= deepest; ++i)
    lib.texts["v" + std::to_string(i)] = "id: v" + std::to_string(i) + "\nextends: v" + std::to_string(i - 1) + "\n";
  CHECK(lib.load("v" + std::to_string(jixiao::kMaxBases)).total.str() == "10");  // 100 bases: v99 … v0
  CHECK(load_error(lib, "v" + std::to_string(deepest)) ==
        "sets/v101.yaml:2:10: extends 'v100': v101 rests on more than 100 sets in a row (v101 → v100 → … → v1 → v0); "
        "a set may rest on at most 100: extend a set nearer the start of the chain");
}
