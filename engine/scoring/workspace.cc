#include "workspace.h"

#include <dirent.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>

#include "doc.h"
#include "error.h"
#include "files.h"
#include "project_rows.h"
#include "project_set.h"
#include "project_totals.h"
#include "record_source.h"
#include "table_import.h"
#include "table_reader.h"
#include "sha256.h"
#include "sync_digest.h"
#include "suggest.h"

namespace jixiao {

namespace {

std::vector<std::string> yaml_files_in(const std::string& dir) {
  std::vector<std::string> out;
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) throw Error(ErrorKind::kIo, "cannot list the folder", Location{dir});
  while (const dirent* entry = ::readdir(d)) {
    const std::string name = entry->d_name;
    if (name.size() > 5 && name.compare(name.size() - 5, 5, ".yaml") == 0) out.push_back(dir + "/" + name);
  }
  ::closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

std::string stem(const std::string& path) {
  const size_t slash = path.rfind('/');
  const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  return base.substr(0, base.rfind('.'));
}

// Removes what a first import killed while building `db` left behind: its
// DB.building-PID files whose process no longer runs.
void remove_stale_builds(const std::string& db) {
  const size_t slash = db.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : db.substr(0, slash);
  const std::string prefix = db.substr(slash == std::string::npos ? 0 : slash + 1) + ".building-";
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return;
  std::vector<std::string> stale;
  while (const dirent* entry = ::readdir(d)) {
    const std::string name = entry->d_name;
    if (name.compare(0, prefix.size(), prefix) != 0) continue;
    const long pid = std::strtol(name.c_str() + prefix.size(), nullptr, 10);
    if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) stale.push_back(dir + "/" + name);
  }
  ::closedir(d);
  for (const auto& path : stale) std::remove(path.c_str());
}

}  // namespace

// What a wrong loader stumbled on is not the user's problem when the set is
// of the other kind: that is said instead.
void explain_wrong_kind(const std::string& set_path, bool project, const SetFinder& find) {
  bool other_kind = false;
  try {
    const bool is_project = is_project_set(read_file(set_path), set_path, find);
    const Doc root = parse_yaml(read_file(set_path), set_path);
    other_kind = project ? !is_project && root.kind == Doc::Kind::kMap &&
                               (root.find("indicators") != nullptr || root.find("extends") != nullptr)
                         : is_project;
  } catch (const Error&) {
    return;  // broken some other way: the loader's own error says how
  }
  if (!other_kind) return;
  const std::string id = stem(set_path);
  throw Error(ErrorKind::kInput, project ? id + " is a department set; this command needs a project-table set (kind: project)"
                                         : id + " is a project-table set (kind: project); this command needs a department set");
}

void require_named_after_id(const std::string& set_path, const std::string& id, const Location& id_where) {
  if (stem(set_path) == id) return;
  throw Error(ErrorKind::kInput,
              "the set's id is '" + id + "', but its file is named " + stem(set_path) +
                  ".yaml: a set is found by its id, so name the file " + id + ".yaml or change the id",
              id_where);
}

Workspace::Workspace(std::string home, std::string db, bool db_is_default, std::string shipped)
    : home_(std::move(home)), layers_{home_}, db_(std::move(db)), db_is_default_(db_is_default) {
  if (!shipped.empty() && canonical_path(shipped) != canonical_path(home_)) layers_.push_back(std::move(shipped));
}

std::vector<std::string> Workspace::sets_dirs() const {
  std::vector<std::string> out;
  for (const auto& layer : layers_) out.push_back(layer + "/indicator-sets");
  return out;
}

SearchPath Workspace::scripts() const {
  std::vector<std::string> out;
  for (const auto& layer : layers_) out.push_back(layer + "/scripts");
  return SearchPath(out);
}

std::vector<std::string> Workspace::set_files() const { return yaml_files_in(sets_dir()); }
std::vector<std::string> Workspace::data_files() const { return yaml_files_in(data_dir()); }

std::string Workspace::set_file(const std::string& set_id) const {
  const std::string path = SearchPath(sets_dirs()).find(set_id + ".yaml");
  if (!path.empty()) return path;
  std::vector<std::string> known;
  std::string searched;
  for (const auto& dir : sets_dirs()) {
    searched += (searched.empty() ? "" : " or ") + dir;
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) continue;  // a home without sets of its own
    ::closedir(d);
    for (const auto& f : yaml_files_in(dir)) known.push_back(stem(f));
  }
  throw Error(ErrorKind::kMissing, "no indicator set '" + set_id + "' in " + searched + did_you_mean(set_id, known));
}

Scorer& Workspace::scorer(const std::string& set_id) {
  auto& slot = scorers_[set_id];
  if (!slot) slot = std::make_unique<Scorer>(load_scorer(set_file(set_id)));
  return *slot;
}

ProjectScorer& Workspace::project_scorer(const std::string& set_id) {
  auto& slot = project_scorers_[set_id];
  if (!slot) slot = load_project_scorer(set_id);
  return *slot;
}

std::string Workspace::unfit_set(const std::string& set_id, bool project) const {
  std::string path;
  try {
    path = set_file(set_id);
    explain_wrong_kind(path, project, [this](const std::string& id) { return set_file(id); });
  } catch (const Error& e) {
    if (path.empty() && e.kind() != ErrorKind::kMissing) throw;
    return e.message();
  }
  return "";
}

std::unique_ptr<ProjectScorer> Workspace::load_project_scorer(const std::string& set_id) const {
  const std::string path = set_file(set_id);
  const SetFinder find = [this](const std::string& id) { return set_file(id); };
  std::unique_ptr<ProjectScorer> scorer;
  try {
    scorer = std::make_unique<ProjectScorer>(parsed_project_set(path), scripts());
  } catch (const Error&) {
    explain_wrong_kind(path, true, find);
    throw;
  }
  require_named_after_id(path, scorer->set().id, scorer->set().id_where);
  return scorer;
}

ParsedProjectSet Workspace::parsed_project_set(const std::string& path) const {
  const SetFinder find = [this](const std::string& id) { return set_file(id); };
  return *parsed_project_sets_->get(path, find, [&](const std::string& text, const SetFinder& bases) {
    return ProjectScorer::parse(text, path, bases);
  });
}

Scorer Workspace::load_scorer(const std::string& set_path) const {
  const SetFinder find = [this](const std::string& id) { return set_file(id); };
  try {
    const auto parsed = parsed_sets_->get(set_path, find, [&](const std::string& text, const SetFinder& bases) {
      return Scorer::parse(text, set_path, bases);
    });
    Scorer scorer(ParsedSet(*parsed), scripts());
    require_named_after_id(set_path, scorer.set().id, scorer.set().id_where);
    return scorer;
  } catch (const Error&) {
    explain_wrong_kind(set_path, false, find);
    throw;
  }
}

std::string Workspace::resolve_set(const std::string& id_or_file) const {
  if (id_or_file.find('/') != std::string::npos || file_exists(id_or_file)) return id_or_file;
  return set_file(id_or_file);
}

Store Workspace::open_store() {
  // The default database mirrors data/: sources edited since the last run are
  // re-imported (unchanged ones are skipped by their hash), records of sources
  // removed from data/, or that can no longer be read, are dropped. A
  // database of an older jixiao is migrated when opened; one of a newer
  // jixiao, or a file that is not a jixiao database, is refused and left as it is.
  // A sync reads data/, the sets (a record's set must exist; rows taken from
  // project tables are totalled by their set's scripts) and the scripts: when
  // none changed since a sync that met no problem, it would write what is
  // there, and is skipped (parsing data/ was most of a cold start).
  if (db_is_default_) {
    problems_.clear();
    std::vector<std::string> folders = sets_dirs();
    for (const auto& dir : scripts().dirs) folders.push_back(dir);
    const std::vector<std::string> files = data_files();
    const std::string inputs = sync_digest(files, folders);
    if (!inputs.empty() && file_exists(db_)) {
      try {
        Store store = Store::open_read_only(db_);
        if (store.synced_inputs() == inputs) return store;
      } catch (const Error&) {  // the sync below says what is wrong with it
      }
    }
    const Sources sources = parse_sources(files, &problems_);
    write(sources);
    std::vector<std::string> kept;
    for (const Record& r : sources.records) kept.push_back(r.source);
    // Rows taken from tables in the database (imported by hand, dropped just
    // below when not from data/) make a sync depend on more than its files:
    // no digest then, and the next sync says what has become of them.
    const bool clean = problems_.empty() && !sources.read_database;
    Store::open_for_write(db_).remove_records_not_from(kept, clean ? inputs : "");
  }
  return Store::open_read_only(db_);
}

namespace {

SourceProblem problem_of(const std::string& file, const Error& e) {
  return {file, e.where().file.empty() ? format_error(Location{file}, e.indicator(), e.message()) : e.what()};
}

// Drops the i-th record and its hash.
template <typename Sources>
void drop(Sources& sources, size_t i) {
  sources.records.erase(sources.records.begin() + static_cast<long>(i));
  sources.hashes.erase(sources.hashes.begin() + static_cast<long>(i));
}

}  // namespace

// Rows a record takes from its department-year's project tables, found in
// the same import or already in the database. The projects' hash (their
// file's, and the rows taken, totals included) joins the record's, so a change
// to the tables, or to the project set that recomputes their totals,
// re-imports the record too, and its results are scored afresh.
void Workspace::fill_rows_from_projects(Sources& sources, std::vector<SourceProblem>* problems) const {
  std::vector<Record>& records = sources.records;
  std::map<std::string, std::unique_ptr<ProjectScorer>> scorers;  // by set id: the projects' own sets, for their totals
  for (size_t i = 0; i < records.size(); ++i) {
    Record& r = records[i];
    if (r.rows_from_projects.empty()) continue;
    try {
      const Record* projects = nullptr;
      std::string projects_hash;  // of the projects' file, when it is in this import
      for (size_t j = 0; j < records.size(); ++j)
        if (records[j].entity == r.entity && records[j].year == r.year && records[j].kind == "projects") {
          projects = &records[j];
          projects_hash = sources.hashes[j];
        }
      Record stored;
      if (projects == nullptr) {
        if (!file_exists(db_))
          throw Error(ErrorKind::kMissing, r.title() + " takes rows from its project tables: import them too",
                      Location{r.source});
        stored = Store::open_read_only(db_).load(r.entity, r.year, "projects");
        projects = &stored;
        sources.read_database = true;
      }
      for (const auto& [table, from] : r.rows_from_projects) {
        if (!from.totals.empty()) {
          std::unique_ptr<ProjectScorer>& scorer = scorers[projects->set_id];
          if (!scorer) scorer = std::make_unique<ProjectScorer>(parsed_project_set(set_file(projects->set_id)), scripts());
          r.rows[table] = project_total_rows(from, *projects, *scorer);
          continue;
        }
        try {
          r.rows[table] = rows_from_projects(from, *projects);
        } catch (const Error& e) {
          throw Error(e.kind(), e.message(), Location{r.source});
        }
      }
      Sha256 hash;
      hash.update(sources.hashes[i]);
      hash.update(projects_hash);
      for (const Project& p : projects->projects) hash.update(p.id + p.name + std::to_string(p.rows.size()));
      for (const auto& [table, rows] : r.rows)
        for (const Row& row : rows)
          for (const auto& [column, value] : row.cells) hash.update(column + "=" + value.display() + ";");
      sources.hashes[i] = hash.hex_digest();
    } catch (const Error& e) {
      if (problems == nullptr) throw;
      problems->push_back(problem_of(r.source, e));
      drop(sources, i--);
    }
  }
}

Workspace::Sources Workspace::parse_sources(const std::vector<std::string>& files,
                                            std::vector<SourceProblem>* problems) const {
  Sources sources;
  std::vector<std::string> duplicated;  // sources of a department-year recorded twice: neither is used
  auto add = [&](Record r, const std::string& file, std::string hash) {
    r.source = canonical_path(file);  // stored canonically, so the same file named two ways is one source
    try {
      set_file(r.set_id);  // the set must exist
    } catch (const Error& e) {
      throw Error(e.kind(), e.message(), r.set_where);
    }
    for (const Record& other : sources.records)
      if (other.entity == r.entity && other.year == r.year && other.kind == r.kind) {
        duplicated.push_back(other.source);
        throw Error(ErrorKind::kInput, "records the same " + r.kind + " " + r.title() + " as " + other.source,
                    Location{file});
      }
    sources.records.push_back(std::move(r));
    sources.hashes.push_back(std::move(hash));
  };
  std::vector<std::string> tables;  // CSV and xlsx: several files may make one record
  for (const auto& file : files) {
    if (is_table_file(file)) {
      tables.push_back(file);
      continue;
    }
    try {
      const std::string bytes = read_file(file);
      add(parse_record(bytes, file), file, sha256_hex(bytes));
    } catch (const Error& e) {
      if (problems == nullptr) throw;
      problems->push_back(problem_of(file, e));
    }
  }
  if (!tables.empty())  // given on the command line only: all or nothing
    for (TableRecord& t : records_from_tables(tables)) {
      const std::string file = t.record.source;
      add(std::move(t.record), file, std::move(t.hash));
    }
  if (problems != nullptr)
    for (const auto& source : duplicated)
      for (size_t i = 0; i < sources.records.size(); ++i)
        if (sources.records[i].source == source) {
          problems->push_back({source, format_error(Location{source}, {},
                                                    "records the same department-year as a later file: neither is used")});
          drop(sources, i);
          break;
        }
  fill_rows_from_projects(sources, problems);
  return sources;
}

ImportSummary Workspace::import(const std::vector<std::string>& files) { return write(parse_sources(files, nullptr)); }

ImportSummary Workspace::write(const Sources& sources) {
  const std::vector<Record>& records = sources.records;
  const std::vector<std::string>& hashes = sources.hashes;
  if (file_exists(db_)) return Store::open_for_write(db_).import(records, hashes);

  // A new database is built beside its final name and moved into place only
  // if no other process created it meanwhile (never renamed over a file), so
  // a failed import leaves no half-built file and two concurrent first
  // imports both keep their records: the one that lost the race imports into
  // the database the other one created.
  require_database_folder(db_);
  remove_stale_builds(db_);
  const std::string temp = db_ + ".building-" + std::to_string(::getpid());
  auto remove_temp = [&temp] {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::remove((temp + suffix).c_str());
  };
  remove_temp();  // left by a dead process that had this process's id
  try {
    ImportSummary summary = Store::open_for_write(temp).import(records, hashes);  // closed before the move
    if (rename_no_replace(temp, db_)) {
      remove_temp();
      return summary;
    }
  } catch (...) {
    remove_temp();
    throw;
  }
  remove_temp();
  return Store::open_for_write(db_).import(records, hashes);
}

}  // namespace jixiao
