#include "test_support.h"

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "cli.h"

namespace jixiao::test {

std::string source_dir() { return JIXIAO_SOURCE_DIR; }
std::string scripts_dir() { return source_dir() + "/scripts"; }
std::string sets_dir() { return source_dir() + "/indicator-sets"; }

std::string scratch_dir(const std::string& name) {
  const std::string dir = std::string(JIXIAO_TEST_TMP) + "/" + name;
  const std::string command = "rm -rf '" + dir + "' && mkdir -p '" + dir + "'";
  if (std::system(command.c_str()) != 0) throw std::runtime_error("cannot make " + dir);
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
