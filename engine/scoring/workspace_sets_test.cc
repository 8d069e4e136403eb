// Workspace's loaders: a set file parsed once and shared, each scorer with its
// own scripts, and every load seeing what the files say now.
#include <catch2/catch.hpp>

#include <filesystem>

#include "error.h"
#include "files.h"
#include "test_support.h"
#include "workspace.h"

using jixiao::Error;
using jixiao::Scorer;
using jixiao::Workspace;
using jixiao::test::scratch_dir;
using jixiao::test::source_dir;
using jixiao::test::write_text;

TEST_CASE("workspace: scorers loaded of one set are each as Scorer::from_file builds it", "[workspace]") {
  Workspace ws(source_dir(), scratch_dir("ws_sets") + "/x.db", false);
  const std::string path = ws.set_file("liangshan-2021-dept");
  const Scorer fresh = Scorer::from_file(path, ws.scripts(), {}, [&](const std::string& id) { return ws.set_file(id); });
  Scorer first = ws.load_scorer(path);
  Scorer second = ws.load_scorer(path);
  CHECK(first.content_hash() == fresh.content_hash());
  CHECK(second.content_hash() == fresh.content_hash());
  CHECK(&first.set() != &second.set());
  CHECK(first.set().leaves().size() == fresh.set().leaves().size());
  const auto project = ws.load_project_scorer("project-selfeval-2021");
  const auto again = ws.load_project_scorer("project-selfeval-2021");
  CHECK(project->content_hash() == again->content_hash());
  CHECK(project.get() != again.get());
}

TEST_CASE("workspace: a set file edited between loads is loaded as it reads now", "[workspace]") {
  const std::string home = scratch_dir("ws_edit");
  const std::string sets = home + "/indicator-sets";
  std::filesystem::create_directory(sets);
  write_text(sets + "/s.yaml", "id: s\nname: 甲体系\ntotal: 10\nindicators:\n  - id: a\n    name: 甲\n    weight: 10\n"
                               "    explanation: 说明\n    rule: 规则\n");
  Workspace ws(home, home + "/x.db", false, source_dir());
  const std::string first_hash = ws.load_scorer(sets + "/s.yaml").content_hash();
  CHECK(ws.load_scorer(sets + "/s.yaml").set().name == "甲体系");
  write_text(sets + "/s.yaml", "id: s\nname: 乙体系\ntotal: 10\nindicators:\n  - id: a\n    name: 甲\n    weight: 10\n"
                               "    explanation: 说明\n    rule: 规则\n");
  const Scorer edited = ws.load_scorer(sets + "/s.yaml");
  CHECK(edited.set().name == "乙体系");
  CHECK(edited.content_hash() != first_hash);
}

TEST_CASE("workspace: a broken set fails each load with the same whole message", "[workspace]") {
  const std::string home = scratch_dir("ws_broken");
  const std::string sets = home + "/indicator-sets";
  std::filesystem::create_directory(sets);
  write_text(sets + "/s.yaml", "id: s\nname: 甲体系\ntotal: 10\nindicators:\n  - id: a\n    name: 甲\n");
  Workspace ws(home, home + "/x.db", false, source_dir());
  const std::string expected = sets + "/s.yaml:5:5: [甲] missing 'weight'";
  for (int i = 0; i < 2; ++i) CHECK_THROWS_WITH(ws.load_scorer(sets + "/s.yaml"), expected);
  for (int i = 0; i < 2; ++i)
    CHECK_THROWS_WITH(ws.load_project_scorer("liangshan-2021-dept"),
                      "liangshan-2021-dept is a department set; this command needs a project-table set (kind: project)");
}
