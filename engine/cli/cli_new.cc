// jixiao new set ID --from FILE: an indicator set from the table a bureau
// publishes; jixiao new data ENTITY YEAR --set ID: a data source to fill in,
// or, --from the published 项目支出绩效自评表, the project tables as printed.
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "cli_args.h"
#include "cli_home.h"
#include "data_template.h"
#include "error.h"
#include "files.h"
#include "project_form.h"
#include "project_set.h"
#include "set_from_table.h"
#include "set_loader.h"
#include "terminal_text.h"

namespace jixiao::cli {

namespace {

bool is_id(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
  return true;
}

// The entity names the file data/ENTITY-YEAR.yaml: refused (Error(kUsage),
// naming it) when it would leave data/ or name a folder ('/', '\\', '.' or
// '..'), is empty, or holds a control character (or invalid UTF-8). Chinese,
// spaces and other punctuation are kept as they are.
void check_entity_name(const std::string& entity) {
  const std::string named = "entity '" + visible(entity) + "'";
  const std::string why = " (单位名称用作数据文件名: it names the file data/ENTITY-YEAR.yaml)";
  if (entity.empty()) usage_error("the entity is empty: name the department, such as 凉山州科学技术协会" + why);
  if (entity == "." || entity == "..") usage_error(named + " cannot be '.' or '..'" + why);
  if (entity.find_first_of("/\\") != std::string::npos) usage_error(named + " cannot hold '/' or '\\'" + why);
  if (visible(entity) != entity) usage_error(named + " cannot hold control characters or invalid UTF-8" + why);
}

// Writes `text` to `path` through a temporary file renamed into place, so a
// failure leaves no half-written file; its folder is created when missing.
// Refuses an existing `path` unless `force`.
void write_new_file(const std::string& path, const std::string& text, bool force) {
  if (!force && file_exists(path))
    throw Error(ErrorKind::kIo, "exists already: pass --force to overwrite it", Location{path});
  const std::string temp = path + ".writing-" + std::to_string(::getpid());
  std::error_code ignored;  // a fresh home gets its indicator-sets/ or data/; any failure shows at the write
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ignored);
  {
    std::ofstream f(temp, std::ios::binary | std::ios::trunc);
    f << text;
    f.close();
    if (!f) {
      std::remove(temp.c_str());
      throw Error(ErrorKind::kIo, "cannot write (does its folder exist?)", Location{path});
    }
  }
  if (force ? std::rename(temp.c_str(), path.c_str()) != 0 : !rename_no_replace(temp, path)) {
    std::remove(temp.c_str());
    throw Error(ErrorKind::kIo, "exists already: pass --force to overwrite it", Location{path});
  }
}

int new_set(const Args& args, Workspace& ws, std::ostream& out) {
  if (args.positional.size() != 2) usage_error("usage: jixiao new set ID --from FILE.csv|FILE.xlsx [--force]");
  const std::string id = args.positional[1];
  if (!is_id(id)) usage_error("set id '" + id + "' must be ASCII letters, digits, _ and -, such as liangshan-2021-dept");
  const std::string from = args.option("--from", "");
  if (from.empty()) usage_error("jixiao new set needs --from FILE, the indicator table as .csv or .xlsx");
  // The guide the written file cites: the shipped one, as the home being written may have none.
  const std::string yaml = set_yaml_from_table(read_table_file(from), id, shipped_home() + "/indicator-sets/GUIDE.md");
  require_own_home(ws.home(), "indicator-sets/" + id + ".yaml");
  const std::string path = ws.sets_dir() + "/" + id + ".yaml";
  const IndicatorSet set = parse_set(yaml, path);  // what is written loads
  write_new_file(path, yaml, args.options.count("--force") > 0);
  out << "wrote " << path << ": " << set.leaves().size() << " leaves, full score " << set.total.str() << ", "
      << set.unknown_nodes().size() << " unknown (choose each leaf's script: jixiao show " << id << ")\n";
  return 0;
}

// new data --from FORM --set PROJECT-SET: the published 项目支出绩效自评表 as a projects data source.
int new_project_data(const Args& args, Workspace& ws, std::ostream& out, const std::string& set_id, const SetFinder& find) {
  const std::string& entity = args.positional[1];
  const int year = parse_year(args.positional[2]);
  const std::string from = args.option("--from", "");
  const std::string set_path = ws.set_file(set_id);
  if (!is_project_set(read_file(set_path), set_path, find))
    usage_error("--from reads 项目支出绩效自评表: --set names a project-table set (kind: project), and " + set_id +
                " is a department set");
  const std::string name = std::filesystem::path(from).filename().string();
  const std::string yaml = projects_yaml_from_forms(read_table_file(from), entity, year, set_id, name);
  const std::string file = "data/" + entity + "-" + std::to_string(year) + "-projects.yaml";
  if (!args.options.count("--output")) require_own_home(ws.home(), file + " (or name it with --output FILE)");
  const std::string path = args.option("--output", ws.home() + "/" + file);
  write_new_file(path, yaml, args.options.count("--force") > 0);
  out << "wrote " << path << ": the tables as printed; check them against " << name << ", then jixiao import " << path
      << "\n";
  return 0;
}

int new_data(const Args& args, Workspace& ws, std::ostream& out) {
  if (args.positional.size() != 3)
    usage_error("usage: jixiao new data ENTITY YEAR --set ID [--from FORM.csv|FORM.xlsx] [--output FILE] [--force]");
  const std::string& entity = args.positional[1];
  check_entity_name(entity);
  const int year = parse_year(args.positional[2]);
  const std::string set_id = args.option("--set", "");
  if (set_id.empty()) usage_error("jixiao new data needs --set ID, the indicator set the department is scored under");
  const SetFinder find = [&ws](const std::string& id) { return ws.set_file(id); };
  if (args.options.count("--from")) return new_project_data(args, ws, out, set_id, find);
  const std::string set_path = ws.set_file(set_id);
  const IndicatorSet set = [&] {
    try {
      return load_set_file(set_path, find);
    } catch (const Error&) {
      explain_wrong_kind(set_path, false, find);
      throw;
    }
  }();
  const std::string file = "data/" + entity + "-" + std::to_string(year) + ".yaml";
  if (!args.options.count("--output")) require_own_home(ws.home(), file + " (or name it with --output FILE)");
  const std::string path = args.option("--output", ws.home() + "/" + file);
  write_new_file(path, data_template(set, entity, year), args.options.count("--force") > 0);
  out << "wrote " << path << ": fill in every value and its source, then jixiao import " << path << "\n";
  return 0;
}

}  // namespace

int cmd_new(const Args& args, Workspace& ws, std::ostream& out) {
  const std::string what = args.positional.empty() ? "" : args.positional[0];
  if (what == "set") return new_set(args, ws, out);
  if (what == "data") return new_data(args, ws, out);
  usage_error("expected 'jixiao new set ID --from FILE' or 'jixiao new data ENTITY YEAR --set ID'");
}

}  // namespace jixiao::cli
