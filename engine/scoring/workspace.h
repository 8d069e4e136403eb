// Where jixiao finds its sets, scripts, data sources and database, and the
// jobs that span them: importing sources, building the default database.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "project_scorer.h"
#include "scorer.h"
#include "set_memo.h"
#include "store.h"

namespace jixiao {

// Sets are found by id (indicator-sets/ID.yaml): throws Error(kInput) at
// `id_where`, naming both, when the file at `set_path` is named otherwise,
// which would score records of one id under a set of another.
void require_named_after_id(const std::string& set_path, const std::string& id, const Location& id_where);

// A data source the default database could not take, and why.
struct SourceProblem {
  std::string file;     // the file in data/
  std::string message;  // "file:line:col: …", as the error that stopped it reads
};

// For a set that failed to load as the kind a command needs (`project`: a
// project-table set): throws Error(kInput) saying so when the file at
// `set_path` is a set of the other kind ("project-selfeval-2021 is a
// project-table set (kind: project); this command needs a department set");
// returns, for the caller to rethrow the loader's error, when it is not.
void explain_wrong_kind(const std::string& set_path, bool project, const SetFinder& find);

class Workspace {
 public:
  // `home` holds the analyst's indicator-sets/, scripts/ and data/; `db` is
  // the database. `db_is_default`: the database mirrors data/ and is
  // refreshed from it. `shipped` is the folder of the sets and scripts that
  // come with jixiao (the repository or the install's share folder): sets and
  // scripts are looked up in `home` first, then in `shipped`, so an analyst's
  // set can extend a shipped set and require shipped helpers without copying
  // them. data/ and the default database are the home's only. An empty
  // `shipped`, or the same folder as `home`, is one layer.
  Workspace(std::string home, std::string db, bool db_is_default, std::string shipped = "");

  const std::string& home() const { return home_; }
  std::string sets_dir() const { return home_ + "/indicator-sets"; }
  std::string data_dir() const { return home_ + "/data"; }
  const std::string& db_path() const { return db_; }
  // indicator-sets/ and scripts/ of each layer, the home's first.
  std::vector<std::string> sets_dirs() const;
  SearchPath scripts() const;
  // Whether the database is the default one, which mirrors data/.
  bool db_is_default() const { return db_is_default_; }

  // ID.yaml in the first layer's indicator-sets/ that has it: the file the
  // set is actually loaded from. Throws Error(kMissing) naming the folders
  // searched, with the nearest known id.
  std::string set_file(const std::string& set_id) const;
  std::vector<std::string> set_files() const;   // the home's own indicator-sets/*.yaml, sorted
  std::vector<std::string> data_files() const;  // every data/*.yaml, sorted

  // The scorer of a set, loaded and compiled on first use.
  Scorer& scorer(const std::string& set_id);
  // The scorer of a project set (`kind: project`), likewise.
  ProjectScorer& project_scorer(const std::string& set_id);
  // A new scorer of that project set, its own (as load_scorer's): for a
  // worker of batch scoring. Throws Error(kInput) at its id unless the file
  // is named ID.yaml.
  std::unique_ptr<ProjectScorer> load_project_scorer(const std::string& set_id) const;
  // A scorer of the set in `set_path`, whose bases are found in sets_dir().
  // Each of these loaders parses a set file once for this Workspace and its
  // copies (SetMemo), however many scorers are made of it; each scorer
  // compiles the scripts afresh, into a Lua state of its own. Throws Error(kInput) at its id unless the file is named ID.yaml, and
  // naming the kind when it is a project-table set (explain_wrong_kind).
  Scorer load_scorer(const std::string& set_path) const;
  // A set named on the command line: a file path, or an id in sets_dir().
  std::string resolve_set(const std::string& id_or_file) const;
  // Why a record naming `set_id` cannot be scored under it by a scorer of
  // project tables (`project`) or of department-years: the set is not there,
  // or is of the other kind (set_file's and load_scorer's messages); "" when
  // it can, as far as that goes (a broken set says how when it is loaded).
  std::string unfit_set(const std::string& set_id, bool project) const;

  // Opens the database read-only. The default database is first brought up
  // to date with data/ (built when missing, changed sources re-imported,
  // records of removed sources dropped). A source that cannot be read is
  // skipped and its records dropped, never the others: see source_problems().
  Store open_store();
  // The sources of data/ the last open_store() skipped, in file order.
  const std::vector<SourceProblem>& source_problems() const { return problems_; }

  // Parses every file, checks that each names a known set, then writes them
  // all in one transaction (into a fresh file moved into place, never over
  // another, when the database does not exist yet; what a killed first import
  // left behind is removed then). Sources are stored by
  // their canonical path (files.h). Throws before writing anything on any
  // error; Error(kIo) naming the folder when the database's folder is missing.
  ImportSummary import(const std::vector<std::string>& files);

 private:
  struct Sources {
    std::vector<Record> records;
    std::vector<std::string> hashes;  // of each record's file (and its project tables)
    bool read_database = false;       // a record took rows from project tables stored, not among the files
  };
  // Parses `files`. With `problems`, a file that fails is recorded there and
  // left out (two files recording the same department-year: both); without,
  // the first failure is thrown.
  Sources parse_sources(const std::vector<std::string>& files, std::vector<SourceProblem>* problems) const;
  void fill_rows_from_projects(Sources& sources, std::vector<SourceProblem>* problems) const;
  // The project set in `path`, parsed once (parsed_project_sets_), as ProjectScorer::parse
  // makes it with its bases found by set_file(). Throws as that does.
  ParsedProjectSet parsed_project_set(const std::string& path) const;
  ImportSummary write(const Sources& sources);

  std::string home_;
  std::vector<std::string> layers_;  // home_, then the shipped folder when it is another one
  std::string db_;
  bool db_is_default_;
  std::map<std::string, std::unique_ptr<Scorer>> scorers_;
  std::map<std::string, std::unique_ptr<ProjectScorer>> project_scorers_;
  std::shared_ptr<SetMemo<ParsedSet>> parsed_sets_ = std::make_shared<SetMemo<ParsedSet>>();
  std::shared_ptr<SetMemo<ParsedProjectSet>> parsed_project_sets_ = std::make_shared<SetMemo<ParsedProjectSet>>();
  std::vector<SourceProblem> problems_;
};

}  // namespace jixiao
