// jixiao scripts: the scoring scripts a set can name, each with the rule it
// encodes, its parameters and how high it can score, read from the same
// headers the loader checks params against (so the list cannot go stale).
#include <algorithm>
#include <filesystem>
#include <map>

#include "cli_args.h"
#include "files.h"
#include "script_header.h"

namespace jixiao::cli {

int cmd_scripts(const Args& args, Workspace& ws, std::ostream& out) {
  if (!args.positional.empty()) usage_error("scripts takes no arguments");
  std::map<std::string, std::string> found;  // name → path; the analyst's folder first, so it wins
  for (const auto& dir : ws.scripts().dirs) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      const std::string name = entry.path().filename().string();
      if (entry.is_regular_file() && entry.path().extension() == ".lua") found.emplace(name, entry.path().string());
    }
  }
  for (const auto& [name, path] : found) {
    const ScriptHeader h = parse_script_header(read_file(path), path);
    out << name << "  " << h.summary << "\n";
    out << "  from " << path << "\n";
    if (!h.declared) out << "  （no header: its params are not checked）\n";
    for (const auto& p : h.params)
      out << "  " << p.name << "  " << p.type << "  " << (p.required ? "required" : "default " + p.default_text) << "  "
          << p.meaning << "\n";
    if (h.reach != ScriptHeader::Reach::kUnknown) out << "  scores at most " << describe_reach(h) << "\n";
    out << "\n";
  }
  return 0;
}

}  // namespace jixiao::cli
