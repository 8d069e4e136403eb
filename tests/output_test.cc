// What reaches the terminal or a file is what was computed: text from data
// and scripts cannot disturb a table (control characters are shown as
// escapes), JSON is always valid, and output that cannot be written is an
// error, not a silent success.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "cli.h"
#include "files.h"
#include "test_support.h"

using namespace jixiao;
using namespace jixiao::test;

namespace {

void shell(const std::string& command) {
  INFO(command);
  REQUIRE(std::system(command.c_str()) == 0);
}

// A scratch home with the shipped sets, scripts and default data file.
std::string make_home(const std::string& name) {
  const std::string dir = scratch_dir(name);
  shell("cp -r '" + source_dir() + "/indicator-sets' '" + source_dir() + "/scripts' '" + dir + "/' && mkdir '" + dir +
        "/data' && cp '" + source_dir() + "/data/liangshan-kexie-2021.yaml' '" + dir + "/data/'");
  return dir;
}

// Every byte of `text` that a terminal would act on, other than a line break.
int control_bytes(const std::string& text) {
  int n = 0;
  for (unsigned char c : text) n += (c < 0x20 && c != '\n') || c == 0x7f;
  return n;
}

}  // namespace

TEST_CASE("output: a reason with a carriage return, ANSI escapes and a line break cannot fake a score", "[output]") {
  const std::string home = make_home("output-hostile-reason");
  const std::string script = home + "/scripts/proportional.lua";
  std::string text = read_file(script);
  const std::string entry = "return function(ctx)\n";
  REQUIRE(text.find(entry) != std::string::npos);
  // Scores 0, but on a terminal the raw reason would overwrite the row with 8.00 in green.
  text.replace(text.find(entry), entry.size(),
               entry + "  do return 0, '未完成\\r预算完成  8.00  8.00  \\27[32m计算\\27[0m\\n得分合计 90.00' end\n");
  write_text(script, text);

  const CliRun table = run_jixiao({"score", "--home", home});
  INFO(table.err);
  REQUIRE(table.exit_code == 0);
  CHECK(control_bytes(table.out) == 0);
  CHECK(table.out.find("未完成\\r预算完成  8.00  8.00  \\x1b[32m计算\\x1b[0m\\n得分合计 90.00") != std::string::npos);
  CHECK(table.out.find("\n得分合计 90.00") == std::string::npos);

  const CliRun json = run_jixiao({"score", "--home", home, "--format", "json"});
  REQUIRE(json.exit_code == 0);
  CHECK(control_bytes(json.out) == 0);
  CHECK(json.out.find("\"reason\": \"未完成\\r预算完成  8.00  8.00  \\u001b[32m计算\\u001b[0m\\n得分合计 90.00") !=
        std::string::npos);

  for (const std::string format : {"table", "csv", "markdown", "json", "html"}) {
    const CliRun compare = run_jixiao({"compare", "--home", home, "--format", format});
    INFO(format << ": " << compare.err);
    REQUIRE(compare.exit_code == 0);
    CHECK(control_bytes(compare.out) == 0);
  }
  const CliRun explain = run_jixiao({"explain", "budget_completion", "--home", home});
  REQUIRE(explain.exit_code == 0);
  CHECK(explain.out.find("说明      未完成\\r预算完成  8.00  8.00  \\x1b[32m计算\\x1b[0m\\n得分合计 90.00") !=
        std::string::npos);
}

TEST_CASE("output: every CSV starts with a UTF-8 byte-order mark, so Excel reads Chinese as Chinese", "[output]") {
  const std::string home = make_home("output-csv-bom");
  const std::string bom = "\xEF\xBB\xBF";
  CHECK(run_jixiao({"compare", "--home", home, "--format", "csv"}).out.rfind(bom + "id,path,level,", 0) == 0);
  REQUIRE(run_jixiao({"import", home + "/data/liangshan-kexie-2021.yaml", "--home", home}).exit_code == 0);
  CHECK(run_jixiao({"compare", "--all", "2021", "--home", home, "--format", "csv"}).out.rfind(bom + "entity,basis,", 0) ==
        0);
}

TEST_CASE("output: score into a full disk exits 1 and says the output could not be written", "[output]") {
  const std::string home = make_home("output-dev-full");
  REQUIRE(run_jixiao({"import", home + "/data/liangshan-kexie-2021.yaml", "--home", home}).exit_code == 0);
  const std::string err_file = home + "/stderr.txt";
  std::cout.flush();
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {  // the command line as main() runs it, with stdout on /dev/full
    const int full = ::open("/dev/full", O_WRONLY);
    const int err = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (full < 0 || err < 0 || ::dup2(full, 1) < 0 || ::dup2(err, 2) < 0) ::_exit(99);
    const char* argv[] = {"jixiao", "score", "--home", home.c_str()};
    const int code = run_cli(4, argv, std::cout, std::cerr);
    std::cerr.flush();
    ::_exit(code);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 1);
  CHECK(read_file(err_file) == "jixiao: cannot write the output: No space left on device\n");
}

TEST_CASE("output: Markdown shows HTML from a data file as text, in headings, cells and the lines under the table",
          "[output]") {
  const std::string home = make_home("output-markdown-html");
  const std::string entity = "<img src=x onerror=alert(1)>&";
  std::string text = read_file(home + "/data/liangshan-kexie-2021.yaml");
  const std::string named = "entity: 凉山州科学技术协会\n";
  REQUIRE(text.find(named) != std::string::npos);
  text.replace(text.find(named), named.size(), "entity: '" + entity + "'\n");
  write_text(home + "/data/liangshan-kexie-2021.yaml", text);
  const CliRun score = run_jixiao({"score", entity, "2021", "--home", home, "--format", "markdown"});
  INFO(score.err);
  REQUIRE(score.exit_code == 0);
  CHECK_THAT(score.out, Catch::StartsWith("## &lt;img src=x onerror=alert(1)&gt;&amp; 2021 · "));
  CHECK(score.out.find('<') == std::string::npos);
  const CliRun all = run_jixiao({"compare", "--all", "2021", "--home", home, "--format", "markdown"});
  REQUIRE(all.exit_code == 0);
  CHECK_THAT(all.out, Catch::Contains("\n| &lt;img src=x onerror=alert(1)&gt;&amp; | "));
  CHECK(all.out.find('<') == std::string::npos);
}
