// The jixiao command line: a table of subcommands (score, explain, compare,
// import, check, show, list), each with its own --help. Errors are caught here and only
// here, and mapped to exit codes:
//   0  success
//   1  the input could not be scored or loaded: a malformed set or data file,
//      a missing input, a script error, an unreadable or corrupt database
//   2  the command line itself is wrong (unknown command or option, missing argument)
//   3  compare --fail-above: a relative gap is above the threshold
#pragma once

#include <iosfwd>

namespace jixiao {

int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace jixiao
