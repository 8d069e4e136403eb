#include "files.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

#include "error.h"

namespace jixiao {

std::string read_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
    throw Error(ErrorKind::kIo, "is a directory, not a file", Location{path});
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::kIo, "cannot read file", Location{path});
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::string SearchPath::find(const std::string& relative) const {
  for (const auto& dir : dirs) {
    struct stat st {};
    const std::string path = dir + "/" + relative;
    if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) return path;
  }
  return "";
}

bool file_exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

namespace {

[[noreturn]] void cannot_write(const std::string& path, int why) {
  throw Error(ErrorKind::kIo, std::string("cannot write the file: ") + std::strerror(why), Location{path});
}

// Writes all of `bytes` to `fd`: 0, or the errno of the write that failed.
int write_all(int fd, const std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    if (n == 0) return EIO;
    done += static_cast<size_t>(n);
  }
  return 0;
}

// The file a chain of symbolic links ends at (the last link's target even
// when that does not exist yet), or `path` itself when it is no link.
std::string follow_links(std::string path) {
  for (int hops = 0; hops < 40; ++hops) {
    std::error_code ec;
    const std::filesystem::path p(path);
    if (!std::filesystem::is_symlink(std::filesystem::symlink_status(p, ec))) return path;
    const auto target = std::filesystem::read_symlink(p, ec);
    if (ec) return path;
    path = (target.is_absolute() ? target : p.parent_path() / target).string();
  }
  cannot_write(path, ELOOP);
}

}  // namespace

void write_file_atomically(const std::string& named, const std::string& bytes) {
  struct stat st {};
  const bool exists = ::stat(named.c_str(), &st) == 0;
  if (exists && !S_ISREG(st.st_mode)) {
    // Not a file to replace: write through it, as the shell's > would (the
    // kernel follows /dev/stdout's link to a pipe, which no path names).
    const int fd = ::open(named.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) cannot_write(named, errno);
    const int error = write_all(fd, bytes);
    if (::close(fd) != 0 && error == 0) cannot_write(named, errno);
    if (error != 0) cannot_write(named, error);
    return;
  }
  // A link is kept: the file it leads to is replaced, or created beside where it points.
  const std::string path = exists ? std::filesystem::canonical(named).string() : follow_links(named);
  const std::string temp = path + ".tmp-" + std::to_string(::getpid());
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) cannot_write(named, errno);
  int error = write_all(fd, bytes);
  if (error == 0 && ::fsync(fd) != 0) error = errno;
  if (::close(fd) != 0 && error == 0) error = errno;
  if (error == 0 && ::rename(temp.c_str(), path.c_str()) != 0) error = errno;
  if (error != 0) {
    ::unlink(temp.c_str());
    cannot_write(named, error);
  }
}

bool same_file(const std::string& a, const std::string& b) {
  struct stat sa {}, sb {};
  return ::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev &&
         sa.st_ino == sb.st_ino;
}

std::string canonical_path(const std::string& path) {
  std::error_code ec;
  const auto canonical = std::filesystem::weakly_canonical(std::filesystem::absolute(path, ec), ec);
  return ec ? path : canonical.string();
}

bool rename_no_replace(const std::string& from, const std::string& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return true;
  if (errno == EEXIST) return false;
  if (errno == EINVAL || errno == ENOSYS || errno == ENOTSUP) {
    // A file system without renameat2: link() never replaces either.
    if (::link(from.c_str(), to.c_str()) == 0) {
      ::unlink(from.c_str());
      return true;
    }
    if (errno == EEXIST) return false;
  }
  throw Error(ErrorKind::kIo, std::string("cannot move the new database into place: ") + std::strerror(errno),
              Location{to});
}

}  // namespace jixiao
