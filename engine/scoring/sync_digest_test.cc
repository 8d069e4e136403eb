#include "sync_digest.h"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "test_support.h"

using namespace jixiao;
using namespace jixiao::test;

TEST_CASE("sync digest: the same files give the same digest, any change to a name, a byte or a file another",
          "[sync-digest]") {
  const std::string root = scratch_dir("sync-digest");
  std::filesystem::create_directories(root + "/sets/lib");
  write_text(root + "/data.yaml", "entity: 甲\n");
  write_text(root + "/sets/a.yaml", "id: a\n");
  write_text(root + "/sets/lib/rules.lua", "return {}\n");
  auto digest = [&] { return sync_digest({root + "/data.yaml"}, {root + "/sets", root + "/missing"}); };
  const std::string first = digest();
  CHECK(first.size() == 64);
  CHECK(digest() == first);

  write_text(root + "/sets/lib/rules.lua", "return {1}\n");  // a byte, two folders down
  const std::string edited = digest();
  CHECK(edited != first);
  write_text(root + "/sets/b.yaml", "");  // a new, empty file
  const std::string added = digest();
  CHECK(added != edited);
  std::filesystem::rename(root + "/sets/b.yaml", root + "/sets/c.yaml");  // renamed
  CHECK(digest() != added);
  std::filesystem::remove(root + "/sets/c.yaml");
  CHECK(digest() == edited);
  std::filesystem::create_directories(root + "/missing");  // a folder that appears, empty
  CHECK(digest() != edited);
}

TEST_CASE("sync digest: a file that cannot be read gives no digest, so the sync runs and says why", "[sync-digest]") {
  const std::string root = scratch_dir("sync-digest-unreadable");
  std::filesystem::create_directories(root + "/sets");
  std::filesystem::create_symlink(root + "/nowhere.yaml", root + "/sets/dangling.yaml");
  CHECK(sync_digest({}, {root + "/sets"}).empty());
  CHECK(sync_digest({root + "/nowhere.yaml"}, {}).empty());
}

TEST_CASE("sync digest: a named pipe among the sets is not read (no hang): no digest, so the sync runs",
          "[sync-digest]") {
  // The sync reads only the sets and scripts it names; opening a pipe would
  // wait for a writer that never comes. Until the digest returns, a thread
  // lets a reader of the pipe (if any) go with an empty read, so the test ends
  // either way.
  const std::string root = scratch_dir("sync-digest-fifo");
  std::filesystem::create_directories(root + "/sets");
  write_text(root + "/sets/a.yaml", "id: a\n");
  const std::string fifo = root + "/sets/notes";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::atomic<bool> done{false};
  std::thread writer([&] {
    while (!done) {
      const int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);  // succeeds only while a reader has it open
      if (fd >= 0) ::close(fd);
      else std::this_thread::yield();
    }
  });
  const std::string digest = sync_digest({}, {root + "/sets"});
  done = true;
  writer.join();
  CHECK(digest.empty());
}
