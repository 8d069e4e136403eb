// Shared fixtures for tests: paths of the repository and a scratch folder,
// records built in memory, and the command line run in-process.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "record.h"
#include "model.h"

namespace jixiao::test {

// The repository root, and its scripts/ and indicator-sets/ folders.
std::string source_dir();
std::string scripts_dir();
std::string sets_dir();

// A fresh, empty scratch folder for one test, under the build tree: the
// process's own, removed when it ends.
std::string scratch_dir(const std::string& name);

// Writes `text` to `path` (creating or replacing it).
void write_text(const std::string& path, const std::string& text);

// A fresh scratch folder of scripts: each (relative path, text) written into
// it, its folders made ("lib/rules.lua").
std::string script_dir(const std::string& name, const std::vector<std::pair<std::string, std::string>>& files);

// A leaf of weight 8 scored by `script` (id "leaf", name 测试指标, empty params),
// for tests of the Lua host.
Node script_leaf(const std::string& script);

// A fact with a quoted provenance, for records built in tests.
Fact number_fact(const std::string& name, const std::string& value, const std::string& unit = "万元");
Fact bool_fact(const std::string& name, bool value);
Fact value_fact(const std::string& name, Value value);  // of any type, without a unit

// Runs `body` on a thread of its own that blocks the watchdog's signal, and
// waits for it: every script run there is counted from the start, none is
// tried fast and done again (see sandbox::start_fast_run).
void on_counted_thread(const std::function<void()>& body);

// A record as text, a line per input, so that two records compare by it and
// a difference shows where: its key, source and filed total;
// each fact's name, value (type, display and text as written) and unit; each
// table's rows and cells; each judgement's score and basis; the filed
// scores; and every field of its project tables. Labels and the provenance
// of facts, rows and judgements are left out unless `provenance` is true.
std::string inputs_text(const Record& r, bool provenance = false);

// The lines of `text`, without their line breaks.
std::vector<std::string> lines_of(const std::string& text);

struct CliRun {
  int exit_code;
  std::string out;
  std::string err;
};
// Runs the jixiao command line in-process, as `jixiao ARGS...`.
CliRun run_jixiao(const std::vector<std::string>& args);
// `jixiao ARGS... --home <the repository> --db DB`, in-process.
CliRun in_db(const std::string& db, std::vector<std::string> args);

}  // namespace jixiao::test
