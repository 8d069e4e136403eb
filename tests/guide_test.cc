// indicator-sets/GUIDE.md, run as written: in a fresh folder outside the
// repository holding only the 凉山州 2021 table as a bureau publishes it, every
// marked block of the guide is carried out in order by the jixiao program, so
// the guide's steps — new set, scripts chosen, try, examples, check, new data,
// the data filled in, import, score 85.00, compare — work the first time and
// copy no shipped file. The markers are HTML comments before a fenced block:
//   <!-- guide:run -->            shell commands, run in the folder; must exit 0
//   <!-- guide:fails -->          shell commands that must exit non-zero
//   <!-- guide:output -->         lines the last run printed, in this order
//   <!-- guide:excerpt FILE -->   lines FILE holds, in this order
//   <!-- guide:leaf SET ID -->    replaces leaf ID's `script: unknown` in SET
//   <!-- guide:append SET ID -->  lines added at the end of node ID in SET
//   <!-- guide:file FILE -->      FILE's whole text; over a template of new
//                                 data, it must use the template's names
#include <catch2/catch.hpp>

#include <stdlib.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "files.h"
#include "test_support.h"

namespace fs = std::filesystem;
using jixiao::test::lines_of;
using jixiao::test::source_dir;
using jixiao::test::write_text;

namespace {

struct Step {
  std::string kind, arg1, arg2;  // guide:KIND ARG1 ARG2
  std::string body;              // the fenced block after the marker
  int line = 0;                  // the marker's line in GUIDE.md
};

std::vector<Step> steps_of(const std::string& guide) {
  const std::regex marker(R"(^<!-- guide:([a-z]+)(?: (\S+))?(?: (\S+))? -->$)");
  const auto lines = lines_of(guide);
  std::vector<Step> steps;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::smatch m;
    if (!std::regex_match(lines[i], m, marker)) continue;
    Step s{m[1], m[2], m[3], "", static_cast<int>(i + 1)};
    size_t j = i + 1;
    if (j >= lines.size() || lines[j].rfind("```", 0) != 0)
      throw std::runtime_error("GUIDE.md:" + std::to_string(s.line) + ": a marker must stand right above a ``` block");
    for (++j; j < lines.size() && lines[j] != "```"; ++j) s.body += lines[j] + "\n";
    steps.push_back(s);
    i = j;
  }
  return steps;
}

int indent_of(const std::string& line) { return static_cast<int>(line.find_first_not_of(' ')); }

// `body`, each non-empty line indented by `pad` spaces.
std::vector<std::string> indented(const std::string& body, int pad) {
  std::vector<std::string> out;
  for (const auto& l : lines_of(body)) out.push_back(l.empty() ? l : std::string(pad, ' ') + l);
  return out;
}

// The lines of node `id` in a set's lines: [its `- id:` line, one past its last line).
std::pair<size_t, size_t> node_span(const std::vector<std::string>& lines, const std::string& id) {
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find("- id: " + id) == std::string::npos || lines[i].substr(lines[i].find("- id: ") + 6) != id)
      continue;
    const int dash = indent_of(lines[i]);
    size_t end = i + 1;
    while (end < lines.size() && (lines[end].empty() || indent_of(lines[end]) > dash)) ++end;
    return {i, end};
  }
  throw std::runtime_error("no node " + id);
}

void edit_set(const std::string& file, const Step& step) {
  auto lines = lines_of(jixiao::read_file(file));
  const auto [begin, end] = node_span(lines, step.arg2);
  const int pad = indent_of(lines[begin]) + 2;
  std::vector<std::string> out(lines.begin(), lines.begin() + begin);
  bool replaced = false;
  for (size_t i = begin; i < end; ++i) {
    if (step.kind == "leaf" && !replaced && lines[i] == std::string(pad, ' ') + "script: unknown") {
      for (const auto& l : indented(step.body, pad)) out.push_back(l);
      replaced = true;
      continue;
    }
    out.push_back(lines[i]);
  }
  if (step.kind == "leaf" && !replaced) throw std::runtime_error("leaf " + step.arg2 + " has no `script: unknown`");
  if (step.kind == "append")
    for (const auto& l : indented(step.body, pad)) out.push_back(l);
  out.insert(out.end(), lines.begin() + end, lines.end());
  std::string text;
  for (const auto& l : out) text += l + "\n";
  write_text(file, text);
}

// The keys two spaces in under a top-level `section:` of a YAML text (facts, judgements).
std::set<std::string> keys_under(const std::string& text, const std::string& section) {
  std::set<std::string> keys;
  bool in = false;
  const std::regex key(R"(^  ([A-Za-z0-9_]+):.*)");
  for (const auto& l : lines_of(text)) {
    if (!l.empty() && l[0] != ' ' && l[0] != '#') in = l == section + ":" || l.rfind(section + ": ", 0) == 0;
    std::smatch m;
    if (in && std::regex_match(l, m, key)) keys.insert(m[1]);
  }
  return keys;
}

// Every line of `expected` found in `text`, in order (each as a part of a line).
void require_lines_in(const std::string& text, const std::string& expected, const std::string& what) {
  size_t at = 0;
  for (const auto& want : lines_of(expected)) {
    if (want.empty()) continue;
    const size_t found = text.find(want, at);
    INFO(what << "\n--- looked for ---\n" << want << "\n--- in ---\n" << text);
    REQUIRE(found != std::string::npos);
    at = found + want.size();
  }
}

struct Shell {
  int code;
  std::string output;  // stdout and stderr
};

Shell run_shell(const std::string& dir, const std::string& commands) {
  write_text(dir + "/.guide-step.sh", commands);
  const std::string bin = fs::path(JIXIAO_BINARY).parent_path().string();
  const std::string line = "cd '" + dir + "' && env -u JIXIAO_HOME -u JIXIAO_DB PATH='" + bin +
                           "':\"$PATH\" sh -e .guide-step.sh > .guide-step.out 2>&1";
  const int status = std::system(line.c_str());
  Shell out{WIFEXITED(status) ? WEXITSTATUS(status) : -1, jixiao::read_file(dir + "/.guide-step.out")};
  fs::remove(dir + "/.guide-step.sh");
  fs::remove(dir + "/.guide-step.out");
  return out;
}

}  // namespace

TEST_CASE("guide: the GUIDE's steps, run literally in a fresh folder outside the repository, score 凉山州 2021 at 85.00",
          "[guide]") {
  const auto steps = steps_of(jixiao::read_file(source_dir() + "/indicator-sets/GUIDE.md"));
  REQUIRE(steps.size() > 10);

  std::string pattern = (fs::temp_directory_path() / "jixiao-guide-XXXXXX").string();
  REQUIRE(::mkdtemp(pattern.data()) != nullptr);
  const std::string dir = pattern;
  struct Removed {  // the folder goes, whatever the outcome; the output shown on failure says what happened
    std::string dir;
    ~Removed() {
      std::error_code ignored;
      fs::remove_all(dir, ignored);
    }
  } removed{dir};
  REQUIRE(fs::path(dir).string().rfind(source_dir(), 0) != 0);  // not inside the repository
  fs::copy_file(source_dir() + "/tests/fixtures/liangshan-2021-table.csv", dir + "/liangshan-2021-table.csv");

  std::string last_output, all_output;
  for (const Step& step : steps) {
    INFO("GUIDE.md:" << step.line << ": guide:" << step.kind << " " << step.arg1 << " " << step.arg2);
    if (step.kind == "run" || step.kind == "fails") {
      const Shell run = run_shell(dir, step.body);
      INFO(step.body << "--- printed ---\n" << run.output);
      if (step.kind == "run") REQUIRE(run.code == 0);
      else REQUIRE(run.code != 0);
      last_output = run.output;
      all_output += run.output;
    } else if (step.kind == "output") {
      require_lines_in(last_output, step.body, "the output of the block above");
    } else if (step.kind == "excerpt") {
      require_lines_in(jixiao::read_file(dir + "/" + step.arg1), step.body, step.arg1);
    } else if (step.kind == "leaf" || step.kind == "append") {
      edit_set(dir + "/indicator-sets/" + step.arg1 + ".yaml", step);
    } else if (step.kind == "file") {
      const std::string path = dir + "/" + step.arg1;
      if (fs::exists(path)) {  // a template of new data: filled in with its own names
        const std::string before = jixiao::read_file(path);
        const auto template_facts = keys_under(before, "facts");
        for (const auto& fact : keys_under(step.body, "facts")) {
          INFO("fact " << fact << " of the guide's " << step.arg1);
          CHECK(template_facts.count(fact) == 1);
        }
        const auto judged = keys_under(step.body, "judgements");
        for (const auto& leaf : keys_under(before, "judgements")) {
          INFO("the template's judgement " << leaf);
          CHECK(judged.count(leaf) == 1);
        }
      }
      fs::create_directories(fs::path(path).parent_path());
      write_text(path, step.body);
    } else {
      FAIL("unknown marker guide:" << step.kind);
    }
  }
  CHECK_THAT(all_output, Catch::Contains("得分合计 85.00 / 90.00"));
  CHECK_THAT(all_output, Catch::Contains("自评得分 85.00，与重新计算一致"));
  CHECK(all_output.find("不一致") == std::string::npos);
  // Nothing shipped was copied: no file of the folder is a shipped set, script or data file.
  std::set<std::string> shipped;
  for (const char* folder : {"indicator-sets", "scripts", "data"})
    for (const auto& e : fs::recursive_directory_iterator(source_dir() + "/" + folder))
      if (e.is_regular_file()) shipped.insert(jixiao::read_file(e.path().string()));
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    INFO(fs::relative(e.path(), dir).string());
    CHECK(shipped.count(jixiao::read_file(e.path().string())) == 0);
  }
  CHECK_FALSE(fs::exists(dir + "/scripts"));
}
