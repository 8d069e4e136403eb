#include "db_check.h"

#include <functional>
#include <map>

#include "error.h"
#include "files.h"
#include "project_scorer.h"

namespace jixiao {

namespace {

constexpr int kResultsSince = 6;  // the schema version that added the results table

struct DbCheck {
  const char* name;
  std::function<std::vector<std::string>(const Store&, const Workspace&)> run;
};

// Every check of `jixiao db check`. A table the engine adds brings its check
// here (e.g. results of rule versions no set has any more).
const std::vector<DbCheck>& checks() {
  static const std::vector<DbCheck> table = {
      {"schema version",
       [](const Store& s, const Workspace&) {
         const int version = s.schema_version();
         const int current = Store::current_schema_version();
         std::vector<std::string> out;
         if (version < 0) out.push_back("no jixiao schema version: not a jixiao database");
         else if (version == 0) out.push_back("the database holds no table");
         else if (version > current)
           out.push_back("version " + std::to_string(version) + " is newer than this jixiao's " +
                         std::to_string(current));
         // An older version is no problem: the next import or score migrates it.
         return out;
       }},
      {"SQLite integrity_check", [](const Store& s, const Workspace&) { return s.integrity_problems(); }},
      {"SQLite foreign_key_check", [](const Store& s, const Workspace&) { return s.foreign_key_problems(); }},
      {"orphan rows", [](const Store& s, const Workspace&) { return s.orphan_rows(); }},
      {"records whose set exists",
       [](const Store& s, const Workspace& ws) {
         std::vector<std::string> out;
         for (const auto& id : s.set_ids()) {
           try {
             ws.set_file(id);
           } catch (const Error&) {
             std::string dirs;
             for (const auto& dir : ws.sets_dirs()) dirs += (dirs.empty() ? "" : " or ") + dir;
             out.push_back("records name the set '" + id + "', which is not in " + dirs);
           }
         }
         return out;
       }},
      {"results of unknown rule versions",
       [](const Store& s, const Workspace& ws) {
         std::vector<std::string> out;
         if (s.schema_version() < kResultsSince) return out;  // no results table yet
         std::map<std::string, std::string> current;  // set id → its content hash now, "" when it is gone
         for (const auto& [hash, set_id] : s.result_hashes()) {
           if (!current.count(set_id)) {
             try {
               const std::string file = ws.set_file(set_id);
               const SetFinder find = [&ws](const std::string& id) { return ws.set_file(id); };
               const std::string text = read_file(file);
               current[set_id] = is_project_set(text, file, find)
                                     ? ProjectScorer(text, file, ws.scripts(), find).content_hash()
                                     : ws.load_scorer(file).content_hash();
             } catch (const Error&) {
               current[set_id] = "";
             }
           }
           if (hash == current[set_id]) continue;
           out.push_back("results of '" + set_id + "' under content hash " + hash.substr(0, 12) + "…, " +
                         (current[set_id].empty() ? "a set that is not in " + ws.sets_dir()
                                                  : "which is not the set as it is now (" +
                                                        current[set_id].substr(0, 12) + "…)") +
                         ": results of another rule version");
         }
         return out;
       }},
  };
  return table;
}

}  // namespace

std::vector<CheckFinding> check_database(const Store& store, const Workspace& ws) {
  std::vector<CheckFinding> out;
  for (const auto& c : checks()) {
    CheckFinding f{c.name, {}};
    try {
      f.problems = c.run(store, ws);
    } catch (const Error& e) {
      f.problems.push_back(e.message());
    }
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace jixiao
