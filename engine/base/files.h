// Whole-file reads, and the few file operations jixiao needs.
#pragma once

#include <string>
#include <vector>

namespace jixiao {

// The bytes of `path`. Throws Error(kIo) naming the path when it cannot be read.
std::string read_file(const std::string& path);

bool file_exists(const std::string& path);

// Writes `bytes` to `path` all or nothing: into a temporary file beside it,
// flushed to disk, then renamed over `path`; a failure leaves `path` as it
// was and no temporary file behind. A symbolic link is followed: its target
// is written (or created), the link stays. A path that names something other
// than a regular file (a FIFO, /dev/stdout, a terminal, /dev/full) is opened
// and written through, as a shell's `>` would, never replaced. Throws
// Error(kIo) naming `path`, with the system's reason ("No space left on
// device").
void write_file_atomically(const std::string& path, const std::string& bytes);

// Whether `a` and `b` name the same existing file (same device and inode,
// whatever the path or link that leads to it); false when either is missing.
bool same_file(const std::string& a, const std::string& b);

// `path` absolute and normalised (std::filesystem::weakly_canonical): the
// same file named two ways ("data/x.yaml", "./data/../data/x.yaml") gives
// the same text.
std::string canonical_path(const std::string& path);

// Renames `from` to `to` unless `to` exists: true when renamed, false (and
// `from` left in place) when `to` already exists. Never replaces a file, so
// two processes creating the same file cannot overwrite each other.
// Throws Error(kIo) naming `to` on any other failure.
bool rename_no_replace(const std::string& from, const std::string& to);

// Folders searched in order for a file named relative to them: an analyst's
// folder first, then the shipped one (see Workspace). One folder converts
// implicitly, so a caller with a single folder passes it as it is.
struct SearchPath {
  SearchPath(std::string dir) : dirs{std::move(dir)} {}  // NOLINT: implicit on purpose
  SearchPath(std::vector<std::string> folders) : dirs(std::move(folders)) {}  // NOLINT
  // The first DIR/relative that is a file, or "" when no folder has it.
  std::string find(const std::string& relative) const;
  std::vector<std::string> dirs;
};

}  // namespace jixiao
