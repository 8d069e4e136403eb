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

void write_file_atomically(const std::string& path, const std::string& bytes) {
  const std::string temp = path + ".tmp-" + std::to_string(::getpid());
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw Error(ErrorKind::kIo, std::string("cannot write the file: ") + std::strerror(errno), Location{path});
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  const int error = done < bytes.size() ? (errno ? errno : EIO) : ::fsync(fd) != 0 ? errno : 0;
  if (::close(fd) != 0 || error != 0 || ::rename(temp.c_str(), path.c_str()) != 0) {
    const int why = error != 0 ? error : errno;
    ::unlink(temp.c_str());
    throw Error(ErrorKind::kIo, std::string("cannot write the file: ") + std::strerror(why), Location{path});
  }
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
