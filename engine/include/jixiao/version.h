// jixiao's public interface: the version of the engine a program embeds.
// Part of the installed headers (<prefix>/include/jixiao/); includes nothing
// but the standard library.
#pragma once

namespace jixiao::api {

// The engine's version, as `jixiao --version` prints it and every JSON,
// HTML and xlsx output carries it: "0.1.0". Never null; static storage.
const char* version();

// The version of the JSON outputs' layout (`schema_version` in every JSON
// output); raised when a field changes meaning or is removed.
int json_schema_version();

}  // namespace jixiao::api
