// jixiao scripts: the scoring scripts a set can name, each with the rule it
// encodes, its parameters and how high it can score, read from the same
// headers the loader checks params against (so the list cannot go stale).
#include <filesystem>
#include <map>

#include "cli_args.h"
#include "files.h"
#include "scripts_report.h"

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
  ScriptsModel model;
  for (const auto& [name, path] : found) model.scripts.push_back({name, path, parse_script_header(read_file(path), path)});
  out << (args.format == Format::kJson ? render_scripts_json(model) : render_scripts_text(model));
  return 0;
}

}  // namespace jixiao::cli
