#include "test_support.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli.h"

namespace jixiao::test {

std::string source_dir() { return JIXIAO_SOURCE_DIR; }
std::string scripts_dir() { return source_dir() + "/scripts"; }
std::string sets_dir() { return source_dir() + "/indicator-sets"; }

namespace {

// The scratch folders this process made, removed when it ends.
std::vector<std::string>& scratch_made() {
  static std::vector<std::string> made;
  return made;
}

void remove_scratch() {
  std::error_code ignored;  // at exit, nothing to report it to
  for (const auto& dir : scratch_made()) std::filesystem::remove_all(dir, ignored);
}

}  // namespace

// The folder is the process's own (NAME.PID): CTest -j runs the test cases of
// one file in separate processes at once, and two of them emptying one
// shared folder made each other fail.
std::string scratch_dir(const std::string& name) {
  const std::string dir = std::string(JIXIAO_TEST_TMP) + "/" + name + "." + std::to_string(::getpid());
  const std::string command = "rm -rf '" + dir + "' && mkdir -p '" + dir + "'";
  if (std::system(command.c_str()) != 0) throw std::runtime_error("cannot make " + dir);
  if (scratch_made().empty()) std::atexit(remove_scratch);
  if (std::find(scratch_made().begin(), scratch_made().end(), dir) == scratch_made().end())
    scratch_made().push_back(dir);
  return dir;
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
}

Fact number_fact(const std::string& name, const std::string& value, const std::string& unit) {
  Fact f;
  f.name = name;
  f.label = name;
  f.value = Value::of_number(*Decimal::parse(value));
  f.unit = unit;
  f.provenance.inferred = "test";
  return f;
}

Fact bool_fact(const std::string& name, bool value) {
  Fact f;
  f.name = name;
  f.label = name;
  f.value = Value::of_bool(value);
  f.provenance.inferred = "test";
  return f;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

CliRun run_jixiao(const std::vector<std::string>& args) {
  std::vector<const char*> argv = {"jixiao"};
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  const int code = run_cli(static_cast<int>(argv.size()), argv.data(), out, err);
  return {code, out.str(), err.str()};
}

}  // namespace jixiao::test
