// Whole-number options past their bounds: --jobs of score --all and
// compare --all, and gen's --departments and --years, are refused with a
// usage error (exit 2) that says which bound was broken, before any work.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "test_support.h"

using jixiao::test::run_jixiao;

namespace {

jixiao::test::CliRun run_in(const std::string& dir, std::vector<std::string> args) {
  args.insert(args.end(), {"--home", jixiao::test::source_dir(), "--db", dir + "/x.db"});
  return run_jixiao(args);
}

}  // namespace

TEST_CASE("option bounds: --jobs above 256 is refused by score --all and compare --all, whatever its size",
          "[option_bounds]") {
  const std::string dir = jixiao::test::scratch_dir("option-bounds-jobs");
  for (const std::string jobs : {"257", "20000", "99999999999", "99999999999999999999999"}) {
    INFO(jobs);
    const auto score = run_in(dir, {"score", "--all", "--jobs", jobs});
    CHECK(score.exit_code == 2);
    CHECK(score.out.empty());
    CHECK(score.err == "jixiao: --jobs is too large: at most 256, not '" + jobs + "'\n");
    const auto compare = run_in(dir, {"compare", "--all", "2021", "--jobs", jobs});
    CHECK(compare.exit_code == 2);
    CHECK(compare.err == "jixiao: --jobs is too large: at most 256, not '" + jobs + "'\n");
  }
  CHECK(run_in(dir, {"score", "--all", "--jobs", "0"}).err ==
        "jixiao: --jobs must be a whole number of at least 1, not '0'\n");
  CHECK(run_in(dir, {"score", "--all", "--jobs", "-99999999999999999999999"}).err ==
        "jixiao: --jobs must be a whole number of at least 1, not '-99999999999999999999999'\n");
}

TEST_CASE("option bounds: gen says a count of departments or years that is too large is too large", "[option_bounds]") {
  const std::string dir = jixiao::test::scratch_dir("option-bounds-gen");
  const auto departments = run_in(dir, {"gen", "--departments", "2147483648"});
  CHECK(departments.exit_code == 2);
  CHECK(departments.err == "jixiao: --departments is too large: at most 1000000, not '2147483648'\n");
  CHECK(run_in(dir, {"gen", "--years", "81"}).err == "jixiao: --years is too large: at most 80, not '81'\n");
  CHECK(run_in(dir, {"gen", "--departments", "0"}).err ==
        "jixiao: --departments must be a whole number of at least 1, not '0'\n");
}

TEST_CASE("option bounds: a count with a space or a sign before its digits is refused, as a typo may be",
          "[option_bounds]") {
  const std::string dir = jixiao::test::scratch_dir("option-bounds-form");
  for (const std::string text : {" 5", "+5", "5 ", "-", "五"}) {  // an empty one: "needs a value"
    INFO("'" << text << "'");
    const auto gen = run_in(dir, {"gen", "--departments", text});
    CHECK(gen.exit_code == 2);
    CHECK(gen.err == "jixiao: --departments must be a whole number of at least 1, not '" + text + "'\n");
  }
  CHECK(run_in(dir, {"score", "--all", "--jobs", "+2"}).err ==
        "jixiao: --jobs must be a whole number of at least 1, not '+2'\n");
}
