// Whole-file reads and all-or-nothing writes.
#pragma once

#include <string>

namespace jixiao {

// The bytes of `path`. Throws Error(kIo) naming the path when it cannot be read.
std::string read_file(const std::string& path);

// Writes `bytes` to a temporary file beside `path` and renames it over `path`,
// so readers see the old file or the new one, never half of it.
void write_file_atomically(const std::string& path, const std::string& bytes);

bool file_exists(const std::string& path);

}  // namespace jixiao
