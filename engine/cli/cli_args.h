// Internal to the command line (cli*.cc): a subcommand's parsed arguments,
// the helpers every command uses, and the commands themselves.
#pragma once

#include <climits>
#include <map>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "cli_format.h"
#include "workspace.h"

namespace jixiao::cli {

// The parsed command line of one subcommand.
struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;  // --name → value ("" for flags)
  Format format = Format::kTable;              // --format, parsed against the command's formats

  std::string option(const std::string& name, const std::string& fallback) const {
    auto it = options.find(name);
    return it == options.end() ? fallback : it->second;
  }
};

// Throws Error(kUsage): exit code 2.
[[noreturn]] void usage_error(const std::string& message);

// A year such as 2021; a usage error otherwise.
int parse_year(const std::string& text);

// The option `name` as a whole number from `min` to `max`, `fallback` when it
// is not given; a usage error naming the option and the bound it breaks
// otherwise ("--jobs is too large: at most 256, not '20000'").
long whole_number(const Args& args, const std::string& name, long fallback, long min, long max = LONG_MAX);

// The most workers --jobs may ask for: more only cost memory and start-up
// (each has its own Lua state and connections), never speed.
constexpr long kMaxJobs = 256;

// ENTITY YEAR from the positionals after `needed_after` others, or the
// embedded default (凉山州科学技术协会 2021) when there are none.
std::pair<std::string, int> entity_year(const Args& args, size_t needed_after);

// score --all says on `err` which records failed; the other commands say
// nothing there of their own (their errors are thrown).
int cmd_score(const Args& args, Workspace& ws, std::ostream& out, std::ostream& err);
int cmd_explain(const Args& args, Workspace& ws, std::ostream& out);
int cmd_import(const Args& args, Workspace& ws, std::ostream& out);
int cmd_check(const Args& args, Workspace& ws, std::ostream& out);
int cmd_show(const Args& args, Workspace& ws, std::ostream& out);
int cmd_list(const Args& args, Workspace& ws, std::ostream& out);
int cmd_compare(const Args& args, Workspace& ws, std::ostream& out);
int cmd_report(const Args& args, Workspace& ws, std::ostream& out);
int cmd_db(const Args& args, Workspace& ws, std::ostream& out);
int cmd_try(const Args& args, Workspace& ws, std::ostream& out);
int cmd_scripts(const Args& args, Workspace& ws, std::ostream& out);
int cmd_new(const Args& args, Workspace& ws, std::ostream& out);
int cmd_gen(const Args& args, Workspace& ws, std::ostream& out);
int cmd_score_all(const Args& args, Workspace& ws, std::ostream& out, std::ostream& err);

}  // namespace jixiao::cli
