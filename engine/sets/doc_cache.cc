#include "doc_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <mutex>
#include <optional>
#include <system_error>
#include <vector>

#include "doc_codec.h"
#include "sha256.h"

namespace jixiao {

namespace {

namespace fs = std::filesystem;

constexpr size_t kDigest = 64;  // hex digits of a SHA-256
constexpr const char* kSuffix = ".doc";

std::mutex folder_mutex;
std::string kept_in;  // guarded by folder_mutex

std::string folder() {
  std::lock_guard<std::mutex> lock(folder_mutex);
  return kept_in;
}

// The entry's name: the parse of `file`'s `text`, by this layout.
std::string entry_name(const std::string& text, const std::string& file) {
  Sha256 key;
  key.update("jixiao set parse 1\n");
  key.update(file);
  key.update(std::string_view("\0", 1));
  key.update(text);
  return key.hex_digest() + kSuffix;
}

// The bytes of `path` when it is a regular file of at most `most` bytes.
std::optional<std::string> read_at_most(const std::string& path, size_t most) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  struct stat st {};
  std::optional<std::string> bytes;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && static_cast<uint64_t>(st.st_size) <= most) {
    std::string read(static_cast<size_t>(st.st_size), '\0');
    size_t done = 0;
    while (done < read.size()) {
      const ssize_t n = ::read(fd, read.data() + done, read.size() - done);
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    if (done == read.size()) bytes = std::move(read);
  }
  ::close(fd);
  return bytes;
}

std::optional<Doc> read_entry(const std::string& path, const std::string& file) {
  // An entry is a few times its file's bytes, and a set file at most kMaxBytes.
  const auto bytes = read_at_most(path, 16 * kMaxBytes);
  if (!bytes || bytes->size() < kDigest) return std::nullopt;
  const std::string_view payload = std::string_view(*bytes).substr(kDigest);
  if (sha256_hex(payload) != std::string_view(*bytes).substr(0, kDigest)) return std::nullopt;
  return decode_doc(payload, file);
}

bool write_all(int fd, const std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

// Removes the oldest files of `dir` (entries, and what a killed writer left)
// past kMaxKeptParses.
void prune(const std::string& dir) {
  std::error_code ec;
  std::vector<std::pair<fs::file_time_type, fs::path>> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const auto written = it->last_write_time(ec);
    if (!ec) files.emplace_back(written, it->path());
  }
  if (files.size() <= kMaxKeptParses) return;
  std::sort(files.begin(), files.end());
  for (size_t i = 0; i < files.size() - kMaxKeptParses; ++i) fs::remove(files[i].second, ec);
}

// Writes the entry under a name of its own, then renames it into place.
void write_entry(const std::string& dir, const std::string& name, const std::string& payload) {
  static std::atomic<unsigned> serial{0};
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return;
  const std::string path = dir + "/" + name;
  const std::string temporary = path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(serial++);
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return;
  const bool written = write_all(fd, sha256_hex(payload) + payload);
  if (::close(fd) != 0 || !written || ::rename(temporary.c_str(), path.c_str()) != 0) {
    ::unlink(temporary.c_str());
    return;
  }
  prune(dir);
}

}  // namespace

void keep_set_parses_in(const std::string& folder) {
  std::lock_guard<std::mutex> lock(folder_mutex);
  kept_in = folder;
}

Doc parse_set_yaml(const std::string& text, const std::string& file) {
  const std::string dir = folder();
  if (dir.empty()) return parse_yaml(text, file);
  const std::string name = entry_name(text, file);
  if (auto kept = read_entry(dir + "/" + name, file)) return std::move(*kept);
  Doc doc = parse_yaml(text, file);
  write_entry(dir, name, encode_doc(doc, file));
  return doc;
}

}  // namespace jixiao
