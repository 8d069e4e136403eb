// The jixiao command line: a table of subcommands (score, explain, compare,
// import, check, show, list, db check), each with its own --help. Errors are caught here and only
// here, and mapped to exit codes:
//   0  success
//   1  the input could not be scored or loaded: a malformed set or data file,
//      a missing input, a script error, an unreadable, busy or corrupt database;
//      the output could not be written (disk full); db check found a problem
//   2  the command line itself is wrong (unknown command or option, missing argument)
//   3  compare --fail-above: a relative gap is above the threshold
// With --format json on the command line, an error is written to `err` as one
// JSON object (error_json.h) instead of the "jixiao: …" line.
#pragma once

#include <iosfwd>

namespace jixiao {

// Runs `jixiao ARGS…`: the command's output goes to `out` (flushed and
// checked), messages to `err`; returns the exit code.
int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace jixiao
