#include "set_memo.h"

#include "error.h"
#include "files.h"

namespace jixiao {

bool SetSources::unchanged(const SetFinder& find) const {
  try {
    for (const Read& file : files) {
      if (!file.id.empty() && (!find || find(file.id) != file.path)) return false;
      if (read_file(file.path) != file.bytes) return false;
    }
  } catch (const Error&) {
    return false;  // parsed again, which says what is wrong
  }
  return true;
}

std::string read_file_of_set(const std::string& path) { return read_file(path); }

SetFinder recording_finder(const SetFinder& find, SetSources& sources) {
  if (!find) return {};
  return [find, &sources](const std::string& id) {
    std::string path = find(id);
    sources.files.push_back({id, path, read_file(path)});
    return path;
  };
}

}  // namespace jixiao
