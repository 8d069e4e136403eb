// An error as JSON, for `--format json`: the one Error of the engine (or an
// internal failure) as an object a program can read instead of parsing the
// "file:line:col: [indicator] message" text. Written on stderr, so stdout
// stays empty when a command fails, whatever the format.
#pragma once

#include <string>
#include <vector>

#include "error.h"

namespace jixiao {

// {"schema_version", "engine_version", "error": {"kind": "usage|input|script|
// missing|io|internal", "message", "file", "line", "column", "indicator",
// "text", "exit_code"}, "skipped": [...]}: file, line, column and indicator
// null when unknown; text is the message as the text form prints it; skipped
// are the data sources that could not be read (also part of the text form).
// Always valid JSON, one object, ending in a line break.
std::string render_error_json(const Error& e, int exit_code, const std::vector<std::string>& skipped);

// The same for an internal failure (a bug, not the input): kind "internal".
std::string render_internal_error_json(const std::string& what, int exit_code);

}  // namespace jixiao
