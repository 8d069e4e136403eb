#include "files.h"

#include <cstdio>
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

void write_file_atomically(const std::string& path, const std::string& bytes) {
  const std::string temp = path + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) throw Error(ErrorKind::kIo, "cannot write file", Location{temp});
    out << bytes;
    out.flush();
    if (!out) throw Error(ErrorKind::kIo, "write failed", Location{temp});
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    std::remove(temp.c_str());
    throw Error(ErrorKind::kIo, "cannot rename " + temp + " over it", Location{path});
  }
}

bool file_exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

}  // namespace jixiao
