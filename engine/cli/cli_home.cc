#include "cli_home.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "error.h"
#include "files.h"

#ifndef JIXIAO_HOME
#error "JIXIAO_HOME (the repository) comes from CMake"
#endif
#ifndef JIXIAO_DEFAULT_DB
#error "JIXIAO_DEFAULT_DB (the build folder's database) comes from CMake"
#endif
#ifndef JIXIAO_SHARE_SUFFIX
#error "JIXIAO_SHARE_SUFFIX (the share folder relative to the binary's) comes from CMake"
#endif

namespace jixiao::cli {

namespace fs = std::filesystem;

namespace {

// DIR/JIXIAO_SHARE_SUFFIX for the binary in DIR, when it is an install's
// share folder; "" otherwise (the build folder, or /proc not mounted).
std::string installed_share() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return "";
  const fs::path share = (exe.parent_path() / JIXIAO_SHARE_SUFFIX).lexically_normal();
  if (!fs::is_directory(share / "indicator-sets", ec)) return "";
  return share.string();
}

}  // namespace

std::string shipped_home() {
  static const std::string installed = installed_share();  // the binary does not move while it runs
  return installed.empty() ? JIXIAO_HOME : installed;
}

bool is_shipped_home(const std::string& home) {
  return home == shipped_home() || canonical_path(home) == canonical_path(shipped_home());
}

void require_own_home(const std::string& home, const std::string& what) {
  if (shipped_home() == JIXIAO_HOME || !is_shipped_home(home)) return;
  throw Error(ErrorKind::kUsage, "the home " + home + " is the installed jixiao's own and is not written: give your own "
                                 "folder with --home DIR (or $JIXIAO_HOME) for " + what);
}

std::string shipped_home_database() {
  if (shipped_home() == JIXIAO_HOME) return JIXIAO_DEFAULT_DB;
  const char* xdg = std::getenv("XDG_DATA_HOME");
  const char* user_home = std::getenv("HOME");
  fs::path folder;
  if (xdg != nullptr && *xdg == '/') folder = fs::path(xdg) / "jixiao";  // the spec ignores a relative one
  else if (user_home != nullptr && *user_home != '\0') folder = fs::path(user_home) / ".local/share/jixiao";
  else throw Error(ErrorKind::kUsage, "neither $XDG_DATA_HOME nor $HOME is set, so there is no folder for the "
                                      "default database: give one with --db FILE or $JIXIAO_DB");
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) throw Error(ErrorKind::kIo, "cannot create " + folder.string() + " for the default database: " + ec.message());
  return (folder / "jixiao.db").string();
}

std::string set_parses_folder() {
  if (shipped_home() == JIXIAO_HOME) return (fs::path(JIXIAO_DEFAULT_DB).parent_path() / "set-parses").string();
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  const char* user_home = std::getenv("HOME");
  if (xdg != nullptr && *xdg == '/') return (fs::path(xdg) / "jixiao/set-parses").string();
  if (user_home != nullptr && *user_home != '\0') return (fs::path(user_home) / ".cache/jixiao/set-parses").string();
  return "";
}

std::string shipped_home_database_text() {
  return shipped_home() == JIXIAO_HOME ? JIXIAO_DEFAULT_DB : "$XDG_DATA_HOME/jixiao/jixiao.db, or ~/.local/share/jixiao/jixiao.db,";
}

}  // namespace jixiao::cli
