// A set of the wrong kind named on the command line: a project-table set
// (kind: project) where a department set is needed, or the reverse, is
// refused as such, not with the first key the wrong loader stumbled on
// ("unknown key 'kind'"), as if the shipped set were broken.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "test_support.h"

using jixiao::test::run_jixiao;
using jixiao::test::source_dir;

namespace {

const std::string kNeedsDepartment =
    "jixiao: project-selfeval-2021 is a project-table set (kind: project); this command needs a department set\n";

}  // namespace

TEST_CASE("set kind: a project-table set where a department set is needed is named as such", "[set_kind]") {
  const std::string dir = jixiao::test::scratch_dir("set-kind-department");
  const std::string db = dir + "/x.db";
  REQUIRE(run_jixiao({"import", source_dir() + "/data/liangshan-kexie-2021.yaml", "--home", source_dir(), "--db", db})
              .exit_code == 0);
  const std::vector<std::string> where = {"--set", "project-selfeval-2021", "--home", source_dir(), "--db", db};
  auto run = [&](std::vector<std::string> args) {
    args.insert(args.end(), where.begin(), where.end());
    return run_jixiao(args);
  };
  const auto score = run({"score", "凉山州科学技术协会", "2021"});
  CHECK(score.exit_code == 1);
  CHECK(score.out.empty());
  CHECK(score.err == kNeedsDepartment);
  // score --all takes either kind: under a project-table set it scores the project tables alone (batch_test).
  CHECK(run({"score", "--all"}).exit_code == 0);
  CHECK(run({"compare", "凉山州科学技术协会", "2021"}).err == kNeedsDepartment);
  const auto template_for = run({"new", "data", "某部门", "2021", "--output", dir + "/new.yaml"});
  CHECK(template_for.exit_code == 1);
  CHECK(template_for.err == kNeedsDepartment);
}

TEST_CASE("set kind: a department set where a project-table set is needed is named as such", "[set_kind]") {
  const std::string dir = jixiao::test::scratch_dir("set-kind-project");
  const std::string db = dir + "/x.db";
  REQUIRE(run_jixiao({"import", source_dir() + "/data/liangshan-kexie-2021-projects.yaml", "--home", source_dir(), "--db", db})
              .exit_code == 0);
  const auto projects = run_jixiao({"score", "凉山州科学技术协会", "2021", "--projects", "--set", "liangshan-2021-dept",
                                    "--home", source_dir(), "--db", db});
  CHECK(projects.exit_code == 1);
  CHECK(projects.err ==
        "jixiao: liangshan-2021-dept is a department set; this command needs a project-table set (kind: project)\n");
}
