// The catalogue of bad inputs (tests/bad_inputs/catalogue.tsv): every
// malformed set, data file or script tried against jixiao, run through the
// real command line, with its exit code and its whole message. The format is
// described at the top of the catalogue; a new case is a file and a line.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.h"

using namespace jixiao::test;

namespace {

const std::string kDir = source_dir() + "/tests/bad_inputs";

struct Case {
  int line = 0;  // in the catalogue
  std::vector<std::string> files;
  std::vector<std::string> command;
  int exit_code = 0;
  std::string stderr_text;
};

std::vector<std::string> split(const std::string& text, char by) {
  std::vector<std::string> out;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, by)) out.push_back(part);
  return out;
}

// \n, \t and \\ in a catalogue field.
std::string unescape(const std::string& field) {
  std::string out;
  for (size_t i = 0; i < field.size(); ++i) {
    if (field[i] != '\\' || i + 1 == field.size()) {
      out += field[i];
      continue;
    }
    const char c = field[++i];
    out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
  }
  return out;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// {{repeat N TEXT}} written out N times, for inputs too large to keep.
std::string expand(const std::string& text) {
  std::string out;
  size_t at = 0;
  for (size_t open; (open = text.find("{{repeat ", at)) != std::string::npos;) {
    const size_t close = text.find("}}", open);
    const size_t space = text.find(' ', open + 9);
    if (close == std::string::npos || space == std::string::npos || space > close)
      throw std::runtime_error("malformed {{repeat N TEXT}}");
    out += text.substr(at, open - at);
    const std::string piece = text.substr(space + 1, close - space - 1);
    for (long n = std::stol(text.substr(open + 9, space - open - 9)); n > 0; --n) out += piece;
    at = close + 2;
  }
  return out + text.substr(at);
}

std::vector<Case> catalogue() {
  std::vector<Case> out;
  std::istringstream in(slurp(kDir + "/catalogue.tsv"));
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    const auto fields = split(line, '\t');
    if (fields.size() < 4) throw std::runtime_error("catalogue.tsv:" + std::to_string(number) + ": expected 4 fields");
    Case c;
    c.line = number;
    c.files = split(fields[0], ',');
    c.command = split(fields[1], ' ');
    c.exit_code = std::stoi(fields[2]);
    c.stderr_text = unescape(fields[3]);
    if (!c.stderr_text.empty()) c.stderr_text += "\n";
    out.push_back(c);
  }
  return out;
}

// Runs `c` in a scratch home holding the shipped sets and scripts plus its files.
CliRun run_case(const Case& c) {
  const std::string home = scratch_dir("bad-input-" + std::to_string(c.line));
  const std::string copy = "cp -r '" + sets_dir() + "' '" + scripts_dir() + "' '" + home + "/' && mkdir -p '" + home +
                           "/data'";
  if (std::system(copy.c_str()) != 0) throw std::runtime_error("cannot copy into " + home);
  for (const auto& file : c.files) write_text(home + "/" + file, expand(slurp(kDir + "/" + file)));
  // From inside the home, so that messages name files as the catalogue does.
  char previous[4096];
  if (::getcwd(previous, sizeof previous) == nullptr || ::chdir(home.c_str()) != 0)
    throw std::runtime_error("cannot enter " + home);
  std::vector<std::string> args = c.command;
  args.insert(args.end(), {"--home", "."});
  CliRun run = run_jixiao(args);
  if (::chdir(previous) != 0) throw std::runtime_error("cannot return to " + std::string(previous));
  return run;
}

}  // namespace

TEST_CASE("bad inputs: every case of the catalogue gets exactly its exit code and message", "[bad_inputs]") {
  const auto cases = catalogue();
  REQUIRE(cases.size() >= 40);
  for (const Case& c : cases) {
    std::string command = "jixiao";
    for (const auto& word : c.command) command += " " + word;
    DYNAMIC_SECTION("catalogue.tsv:" << c.line << ": " << c.files[0] << ": " << command) {
      const CliRun run = run_case(c);
      CHECK(run.exit_code == c.exit_code);
      // The shipped folder lies under the home and is named where this
      // checkout is: {{shipped}} in the catalogue.
      std::string err = run.err;
      for (size_t at; (at = err.find(source_dir())) != std::string::npos;) err.replace(at, source_dir().size(), "{{shipped}}");
      CHECK(err == c.stderr_text);
      if (c.exit_code != 0) CHECK(run.out.empty());
    }
  }
}
