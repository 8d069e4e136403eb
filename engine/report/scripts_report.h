// What `jixiao scripts` prints: each scoring script with the rule it encodes,
// its parameters and how high it can score, as one model with a text and a
// JSON writer (the same scripts and parameters in both).
#pragma once

#include <string>
#include <vector>

#include "script_header.h"

namespace jixiao {

struct ListedScript {
  std::string name;    // checklist.lua
  std::string path;    // the file it was read from
  ScriptHeader header;
};

struct ScriptsModel {
  std::vector<ListedScript> scripts;  // by name
};

// Per script: "NAME  SUMMARY", "  from PATH", a note when it has no header,
// one line per parameter, "  scores at most …" when known, and a blank line.
std::string render_scripts_text(const ScriptsModel& m);

// {"schema_version", "engine_version", "scripts": [{"name", "file", "summary",
// "declared", "params": [{"name", "type", "required", "default" (null when
// required), "meaning"}], "max" (null when unknown)}]}.
std::string render_scripts_json(const ScriptsModel& m);

}  // namespace jixiao
