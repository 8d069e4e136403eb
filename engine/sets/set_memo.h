// A process's memo of parsed set files: each set is parsed once however many
// scorers are made of it (every worker of a batch, each pass of a command),
// and parsed again only when its file, or a base it extends, reads otherwise.
// What is kept is immutable and shared; each scorer copies what it changes.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "set_inheritance.h"

namespace jixiao {

// The files one parse of a set read: the set's own and each base `find`
// gave, by the id it was asked for, with their bytes.
struct SetSources {
  struct Read {
    std::string id;  // empty for the set's own file
    std::string path;
    std::string bytes;
  };
  std::vector<Read> files;  // the set's own first, then the bases in the order they were found

  // Whether reading them again through `find` gives the same files and
  // bytes (a file that cannot be read, or an id `find` refuses, does not).
  bool unchanged(const SetFinder& find) const;
};

// Parses `path`, whose text is `text`, finding bases through `find`; throws
// as the set's parser does.
template <typename Parsed>
using SetParser = std::function<Parsed(const std::string& text, const SetFinder& find)>;

// read_file, for SetMemo (declared here so this header needs no files.h).
std::string read_file_of_set(const std::string& path);
// `find`, also adding each base it finds, with its bytes, to `sources`;
// empty when `find` is.
SetFinder recording_finder(const SetFinder& find, SetSources& sources);

template <typename Parsed>
class SetMemo {
 public:
  // The set in `path` as `parse` makes it: parsed now when this memo holds
  // no parse of it, or one whose files changed since (SetSources::unchanged),
  // else the parse kept. Throws what reading the file (Error(kIo)) or `parse`
  // throws, keeping nothing then. Safe to call from several threads.
  std::shared_ptr<const Parsed> get(const std::string& path, const SetFinder& find, const SetParser<Parsed>& parse) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = kept_.find(path);
    if (found != kept_.end() && found->second.sources.unchanged(find)) return found->second.parsed;
    const std::string text = read_file_of_set(path);
    Entry entry;
    entry.sources.files.push_back({"", path, text});
    entry.parsed = std::make_shared<const Parsed>(parse(text, recording_finder(find, entry.sources)));
    return (kept_[path] = std::move(entry)).parsed;
  }

 private:
  struct Entry {
    SetSources sources;
    std::shared_ptr<const Parsed> parsed;
  };
  std::mutex mutex_;
  std::map<std::string, Entry> kept_;  // by the set file's path
};

}  // namespace jixiao
