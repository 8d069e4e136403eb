// jixiao's public interface: the engine embedded in another program. An
// Engine is a home folder (indicator-sets/, scripts/, data/, optionally
// layered over a shipped folder) and a database of department-years; it
// loads sets, scores and compares records, and reads stored results. It is
// what the `jixiao` command line does, without the command line.
//
//   jixiao::api::Engine engine({"/usr/share/jixiao", "", "/tmp/my.db"});
//   jixiao::api::Score s = engine.score("凉山州科学技术协会", 2021);
//   std::cout << s.total;  // 85.00
//
// Every function throws jixiao::api::Error (error.h) and nothing else the
// engine defines; std::bad_alloc may pass through. One Engine is used by one
// thread at a time; separate Engines may run on separate threads.
//
// The engine uses the signal SIGRTMIN+3: a watchdog thread sends it to a
// thread whose script run lasts a few milliseconds, to stop the run and do
// it again counted. Its handler is installed with the first set loaded,
// unless the program has set one (or ignores the signal): then, and on a
// thread that blocks the signal, every run is counted from its start (same
// results, slower). Set yours before, and do not block it later.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "jixiao/error.h"
#include "jixiao/results.h"

namespace jixiao::api {

struct Options {
  // The folder with indicator-sets/, scripts/ and data/. Required.
  std::string home;
  // A folder of sets and scripts looked up after `home`'s (sets may extend
  // them, scripts may require them): the install's share/jixiao, say. "" for none.
  std::string shipped;
  // The SQLite database of records; "" for HOME/jixiao.db. Opened read-only
  // to score; written only to mirror data/ (see mirror_data).
  std::string database;
  // The database mirrors home's data/, as the command line's default one
  // does: built when missing, sources changed since re-imported, records of
  // removed sources dropped, each time records are read. False: the database
  // is read as it is.
  bool mirror_data = true;
};

class Engine {
 public:
  // Nothing is read until the first call. Throws Error(kUsage) when
  // options.home is empty.
  explicit Engine(Options options);
  ~Engine();
  Engine(Engine&&) noexcept;
  Engine& operator=(Engine&&) noexcept;
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // The set `id` (indicator-sets/ID.yaml, the home's first), parsed and its
  // scripts compiled, kept for later calls. Throws Error(kMissing) for an
  // unknown id (naming the nearest), kInput or kScript for a set or script
  // that does not load.
  SetInfo load_set(const std::string& id);

  // The department-years in the database, as `jixiao list` prints them.
  std::vector<RecordKey> records();

  // `entity year`'s record of `kind` ("filed" or "review") scored under
  // `set_id` ("" for the set the record names). A leaf that cannot be scored
  // is "uncovered" and the Score not complete: never a silent 0. Throws
  // Error(kMissing) for a record that is not in the database, and the
  // errors of load_set and of a script.
  Score score(const std::string& entity, int year, const std::string& kind = "filed",
              const std::string& set_id = "");

  // `entity year`'s filed self-scores against its review record when it has
  // one, else against the filed inputs recomputed, as `jixiao compare` does.
  // Throws Error(kMissing) when the evidence cannot be scored whole, and
  // what score() throws.
  Comparison compare(const std::string& entity, int year);

  // Every leaf result batch scoring (`jixiao score --all`) stored in the
  // database, ordered by record, set hash and leaf; empty when none.
  std::vector<StoredResult> results();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace jixiao::api
