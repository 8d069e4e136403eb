// Whole-file reads, and the few file operations jixiao needs.
#pragma once

#include <string>

namespace jixiao {

// The bytes of `path`. Throws Error(kIo) naming the path when it cannot be read.
std::string read_file(const std::string& path);

bool file_exists(const std::string& path);

// Writes `bytes` to `path` all or nothing: into a temporary file beside it,
// flushed to disk, then renamed over `path`; a failure leaves `path` as it
// was and no temporary file behind. Throws Error(kIo) naming `path`.
void write_file_atomically(const std::string& path, const std::string& bytes);

// `path` absolute and normalised (std::filesystem::weakly_canonical): the
// same file named two ways ("data/x.yaml", "./data/../data/x.yaml") gives
// the same text.
std::string canonical_path(const std::string& path);

// Renames `from` to `to` unless `to` exists: true when renamed, false (and
// `from` left in place) when `to` already exists. Never replaces a file, so
// two processes creating the same file cannot overwrite each other.
// Throws Error(kIo) naming `to` on any other failure.
bool rename_no_replace(const std::string& from, const std::string& to);

}  // namespace jixiao
