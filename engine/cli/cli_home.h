// Where the command line finds what ships with jixiao (indicator-sets/,
// scripts/, data/) and its default database: the repository it was built
// from when run from the build folder, <prefix>/share/jixiao when installed,
// found beside the binary at run time, so any prefix works.
#pragma once

#include <string>

namespace jixiao::cli {

// The shipped folder: DIR/../share/jixiao when the running binary lives in
// DIR (read from /proc/self/exe) and that folder holds indicator-sets/, the
// repository the binary was built from (CMake's JIXIAO_HOME) otherwise.
std::string shipped_home();

// Whether `home` is the shipped folder (named either way).
bool is_shipped_home(const std::string& home);

// Throws Error(kUsage) when `home` is an install's share folder: it belongs to
// the package, never written (a checkout of the repository is the user's).
// `what` names the file that would have been written there.
void require_own_home(const std::string& home, const std::string& what);

// The default database of the shipped home. From the build folder:
// CMake's JIXIAO_DEFAULT_DB (build/jixiao.db). Installed, the share folder is
// not the user's to write: $XDG_DATA_HOME/jixiao/jixiao.db, or
// ~/.local/share/jixiao/jixiao.db, its folder created when missing. Throws
// Error(kUsage) asking for --db when neither $XDG_DATA_HOME nor $HOME is set,
// Error(kIo) naming the folder when it cannot be created.
std::string shipped_home_database();

// Where parses of set files are kept between runs (doc_cache.h): beside the
// default database when run from the build folder (build/set-parses);
// installed, $XDG_CACHE_HOME/jixiao/set-parses or ~/.cache/jixiao/set-parses;
// "" (none kept) when neither variable is set.
std::string set_parses_folder();

// How --help names that default: the path from the build folder, the rule
// when installed.
std::string shipped_home_database_text();

}  // namespace jixiao::cli
