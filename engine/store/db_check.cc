#include "db_check.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <stdexcept>
#include <string_view>

#include "error.h"
#include "files.h"
#include "packed_leaves.h"
#include "packed_leaves_v8.h"
#include "project_scorer.h"

namespace jixiao {

namespace {

constexpr int kResultsSince = 6;  // the schema version that added the results table
constexpr int kPackedSince = 7;   // the one that packed a record's leaves into one row
constexpr int kInputsSince = 8;   // the one that packed a record's inputs beside its tables
constexpr int kCompactSince = 9;  // the one that packed leaf results compactly (packed_leaves.h)

// Whether a leaf id names a leaf of the set a content hash is current for.
using LeafNames = std::function<bool(std::string_view)>;

// A project table's leaves are its projects' "ID/budget", "ID/N" (N from 1)
// and "ID/total": which projects there are is the record's.
bool project_leaf(std::string_view id) {
  const size_t slash = id.rfind('/');
  if (slash == std::string_view::npos || slash == 0) return false;
  const std::string_view tail = id.substr(slash + 1);
  if (tail == "budget" || tail == "total") return true;
  return !tail.empty() && tail[0] >= '1' && tail[0] <= '9' &&
         std::all_of(tail.begin(), tail.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The defects of a value packed as schema versions 7 and 8 packed results,
// told to `problem`: not a packing, a score that is no decimal, a leaf not
// one of `names` (null: any).
template <typename Problem>
void v8_problems(std::string_view packed, const LeafNames* names, Problem&& problem) {
  PackedLeavesV8 read(packed);
  PackedLeafV8 leaf;
  try {
    while (read.next(leaf)) {
      if (!leaf.score.empty() && !Decimal::parse(leaf.score))
        return problem("leaf '" + std::string(leaf.leaf_id) + "' has the score '" + std::string(leaf.score) +
                       "', which is not a decimal");
      if (names && !(*names)(leaf.leaf_id)) return problem("'" + std::string(leaf.leaf_id) + "' is not a leaf of the set");
    }
  } catch (const std::invalid_argument& e) {
    problem(std::string("not a packing of leaf results: ") + e.what());
  }
}

// Results under content hashes no set has now; and stored rows that do not
// read back (not a packing, a score that is no decimal) or, under a set as it
// is now, name a leaf that is not one of the set's.
std::vector<std::string> results_problems(const Store& s, const Workspace& ws) {
  std::vector<std::string> out;
  if (s.schema_version() < kResultsSince) return out;  // no results table yet
  std::map<std::string, std::string> current;  // set id → its content hash now, "" when it is gone
  std::map<std::string, std::string> set_of;   // content hash → set id
  std::map<std::string, LeafNames> leaves;     // content hash, when current → the set's leaves
  for (const auto& [hash, set_id] : s.result_hashes()) {
    set_of[hash] = set_id;
    if (!current.count(set_id)) {
      try {
        const std::string file = ws.set_file(set_id);
        const SetFinder find = [&ws](const std::string& id) { return ws.set_file(id); };
        const std::string text = read_file(file);
        if (is_project_set(text, file, find)) {
          current[set_id] = ProjectScorer(text, file, ws.scripts(), find).content_hash();
          leaves[current[set_id]] = project_leaf;
        } else {
          const Scorer scorer = ws.load_scorer(file);
          current[set_id] = scorer.content_hash();
          std::set<std::string, std::less<>> ids;
          for (const auto& leaf : scorer.set().leaves()) ids.insert(leaf.node->id);
          leaves[current[set_id]] = [ids = std::move(ids)](std::string_view id) { return ids.count(id) > 0; };
        }
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
  if (s.schema_version() < kPackedSince) return out;  // one row per leaf: nothing packed to read
  s.scan_results([&](int64_t record_id, const std::string& hash, std::string_view packed,
                     std::string_view version_leaves) {
    const auto names = leaves.find(hash);
    auto problem = [&](const std::string& what) {
      out.push_back("the results of record " + std::to_string(record_id) + " under '" + set_of[hash] + "' (" +
                    hash.substr(0, 12) + "…): " + what);
    };
    if (s.schema_version() < kCompactSince) return v8_problems(packed, names == leaves.end() ? nullptr : &names->second, problem);
    PackedLeaves read(packed, version_leaves);
    PackedLeaf leaf;
    try {
      while (read.next(leaf))
        if (names != leaves.end() && !names->second(leaf.leaf_id))
          return problem("'" + std::string(leaf.leaf_id) + "' is not a leaf of the set" +
                         (read.named() ? "" : " (its set version lists it)"));
    } catch (const std::invalid_argument& e) {
      problem(std::string("not a packing of leaf results: ") + e.what());
    }
  });
  return out;
}

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
         if (version < 0) out.push_back(s.why_not_jixiao());
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
      {"results of unknown rule versions", results_problems},
      {"packed inputs of records",
       [](const Store& s, const Workspace&) {
         // Older: none yet; the next import or score packs them.
         return s.schema_version() < kInputsSince ? std::vector<std::string>() : s.input_problems();
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
