// Whole-file reads.
#pragma once

#include <string>

namespace jixiao {

// The bytes of `path`. Throws Error(kIo) naming the path when it cannot be read.
std::string read_file(const std::string& path);

bool file_exists(const std::string& path);

}  // namespace jixiao
