// The engine's version, as set by CMake's project(VERSION …): printed by
// `jixiao --version` and carried in every JSON, HTML and xlsx output.
#pragma once

namespace jixiao {

// "0.1.0"
const char* engine_version();

// The version of the JSON outputs' layout; raised when a field changes
// meaning or is removed (adding a field does not raise it).
constexpr int kJsonSchemaVersion = 1;

}  // namespace jixiao
