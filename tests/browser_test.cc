// The HTML report in a real browser: Debian's headless Chromium renders the
// 凉山州科协 2021 comparison (filed against review); the rendered text holds
// the Chinese names and the totals, the console shows no error, and a
// screenshot is kept under build/tests/artefacts/ to look at.
//
// Chromium is installed by `./jixiao test`. Without it the test fails, unless
// JIXIAO_NO_BROWSER=1 says it cannot be installed here; then it says so.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "files.h"
#include "test_support.h"

using jixiao::test::run_jixiao;

namespace {

std::string home() { return jixiao::test::source_dir(); }

bool have_chromium() { return std::system("command -v chromium >/dev/null 2>&1") == 0; }

bool browser_skipped() {
  const char* no = std::getenv("JIXIAO_NO_BROWSER");
  return no != nullptr && std::string(no) == "1";
}

// Where pages and screenshots are kept to look at: build/tests/artefacts/.
std::string artefacts() {
  const std::string dir = std::string(JIXIAO_TEST_TMP_DIR) + "/../artefacts";
  REQUIRE(std::system(("mkdir -p '" + dir + "'").c_str()) == 0);
  return dir;
}

// Runs headless Chromium on `page` with `what` (--dump-dom, --screenshot=…),
// the console logged to `log`; stdout to `out`. Returns the exit status.
int chromium(const std::string& page, const std::string& what, const std::string& out, const std::string& log) {
  // A profile of its own per run: ctest runs these tests in parallel processes.
  static int runs = 0;
  const std::string profile =
      jixiao::test::scratch_dir("browser-profile-" + std::to_string(::getpid()) + "-" + std::to_string(++runs));
  const std::string command =
      "timeout 90 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
      "--disable-background-networking --disable-component-update --disable-sync --user-data-dir='" + profile +
      "' --enable-logging=stderr --v=0 --window-size=1240,1754 " + what + " 'file://" + page + "' >'" + out +
      "' 2>'" + log + "'";
  return std::system(command.c_str());
}

// The lines of Chromium's log that report a page error.
std::string console_errors(const std::string& log) {
  std::string out;
  for (const std::string& line : jixiao::test::lines_of(log))
    if (line.find("Uncaught") != std::string::npos || line.find("ERROR:CONSOLE") != std::string::npos ||
        line.find(":CONSOLE(") != std::string::npos || line.find("net::ERR_") != std::string::npos)
      out += line + "\n";
  return out;
}

// Renders `page` (DOM and screenshot, the screenshot kept as `shot` among the
// artefacts); checks that the DOM holds every one of `texts` and an SVG chart
// when `chart`, that the console shows no error, and that the screenshot is a
// page, not a blank.
void render_and_check(const std::string& dir, const std::string& page, const std::string& shot_name,
                      const std::vector<std::string>& texts, bool chart) {
  REQUIRE(chromium(page, "--dump-dom", dir + "/dom.html", dir + "/dom-log.txt") == 0);
  const std::string dom = jixiao::read_file(dir + "/dom.html");
  for (const std::string& text : texts) CHECK_THAT(dom, Catch::Contains(text));
  if (chart) CHECK_THAT(dom, Catch::Contains("<svg"));
  CHECK(console_errors(jixiao::read_file(dir + "/dom-log.txt")).empty());
  const std::string shot = jixiao::canonical_path(artefacts() + "/" + shot_name);
  std::remove(shot.c_str());
  REQUIRE(chromium(page, "--screenshot='" + shot + "'", dir + "/shot.txt", dir + "/shot-log.txt") == 0);
  CHECK(jixiao::read_file(shot).size() > 50000);  // a page of text and table, not a blank
  CHECK(console_errors(jixiao::read_file(dir + "/shot-log.txt")).empty());
}

bool ready() {
  if (have_chromium()) return true;
  if (browser_skipped()) {
    WARN("SKIPPED: chromium cannot be installed here (JIXIAO_NO_BROWSER=1): the HTML report was not rendered");
    return false;
  }
  FAIL("chromium is not installed: run ./jixiao test, which installs it, or set JIXIAO_NO_BROWSER=1 where it cannot be");
  return false;
}

}  // namespace

TEST_CASE("browser: the console check sees a page's script error", "[browser]") {
  if (!ready()) return;
  const std::string dir = jixiao::test::scratch_dir("browser-broken");
  jixiao::test::write_text(dir + "/broken.html", "<!DOCTYPE html><html><body><p>x</p><script>no_such_function();</script></body></html>");
  REQUIRE(chromium(dir + "/broken.html", "--dump-dom", dir + "/dom.html", dir + "/log.txt") == 0);
  CHECK_THAT(console_errors(jixiao::read_file(dir + "/log.txt")), Catch::Contains("no_such_function is not defined"));
}

TEST_CASE("browser: the 凉山州科协 2021 comparison renders with its Chinese text, totals and chart, without errors", "[browser]") {
  if (!ready()) return;
  const std::string dir = jixiao::test::scratch_dir("browser-liangshan");
  const std::string db = dir + "/jixiao.db";
  REQUIRE(run_jixiao({"import", home() + "/data/liangshan-kexie-2021.yaml", home() + "/data/liangshan-kexie-2021-review.yaml",
                      home() + "/data/liangshan-kexie-2021-projects.yaml", "--home", home(), "--db", db})
              .exit_code == 0);
  const std::string page = jixiao::canonical_path(artefacts() + "/liangshan-kexie-2021-compare.html");
  const auto run = run_jixiao({"compare", "凉山州科学技术协会", "2021", "--format", "html", "-o", page, "--home", home(), "--db", db});
  REQUIRE(run.exit_code == 0);

  REQUIRE(chromium(page, "--dump-dom", dir + "/dom.html", dir + "/dom-log.txt") == 0);
  const std::string dom = jixiao::read_file(dir + "/dom.html");
  for (const char* text : {"凉山州科学技术协会 2021 · 自评与复核对比", "部门预算管理", "预算编制", "目标实现", "动态调整",
                           "自评质量", "一级指标得分与分值", "85.00", "71.05", "19.63%"})
    CHECK_THAT(dom, Catch::Contains(text));
  CHECK_THAT(dom, Catch::Contains("<svg"));
  CHECK(console_errors(jixiao::read_file(dir + "/dom-log.txt")).empty());

  const std::string shot = jixiao::canonical_path(artefacts() + "/liangshan-kexie-2021-compare.png");
  std::remove(shot.c_str());
  REQUIRE(chromium(page, "--screenshot='" + shot + "'", dir + "/shot.txt", dir + "/shot-log.txt") == 0);
  CHECK(jixiao::read_file(shot).size() > 50000);  // a page of text, table and chart, not a blank
  CHECK(console_errors(jixiao::read_file(dir + "/shot-log.txt")).empty());
}

TEST_CASE("browser: the 凉山州科协 2021 project tables render in the 自评表 layout, without errors", "[browser]") {
  if (!ready()) return;
  const std::string dir = jixiao::test::scratch_dir("browser-projects");
  const std::string db = dir + "/jixiao.db";
  REQUIRE(run_jixiao({"import", home() + "/data/liangshan-kexie-2021-projects.yaml", "--home", home(), "--db", db}).exit_code == 0);
  const std::string page = jixiao::canonical_path(artefacts() + "/liangshan-kexie-2021-projects.html");
  REQUIRE(run_jixiao({"score", "凉山州科学技术协会", "2021", "--projects", "--format", "html", "-o", page, "--home", home(),
                      "--db", db})
              .exit_code == 0);
  render_and_check(dir, page, "liangshan-kexie-2021-projects.png",
                   {"凉山州科学技术协会 2021 · 项目支出绩效自评表", "凉山州科协2021年预算项目绩效目标汇总（summary）",
                    "一级指标", "年度指标值", "实际完成值", "项目完成指标", "数量指标", "总分"},
                   false);
}

TEST_CASE("browser: compare --all of a generated province renders the departments by gap and the bands chart", "[browser]") {
  if (!ready()) return;
  const std::string dir = jixiao::test::scratch_dir("browser-all");
  const std::string db = dir + "/province.db";
  REQUIRE(run_jixiao({"gen", "--departments", "30", "--years", "1", "--seed", "7", "--db", db, "--home", home()}).exit_code == 0);
  const std::string page = jixiao::canonical_path(artefacts() + "/province-2021-compare-all.html");
  run_jixiao({"compare", "--all", "2021", "--format", "html", "-o", page, "--home", home(), "--db", db});
  render_and_check(dir, page, "province-2021-compare-all.png",
                   {"2021 年各单位自评与复核对比", "相对差异按自评准确扣分的分布", "自评准确扣分", "扣0分", "扣10分", "单位数"},
                   true);
}
