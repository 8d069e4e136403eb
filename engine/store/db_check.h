// jixiao db check: what is wrong with a database, from SQLite's own checks
// to the engine's (orphan rows, records whose set is gone, schema version).
#pragma once

#include <string>
#include <vector>

#include "store.h"
#include "workspace.h"

namespace jixiao {

struct CheckFinding {
  std::string check;                  // what was checked
  std::vector<std::string> problems;  // one line each; empty when clean
};

// Runs every check of the table in db_check.cc on `store`, in order. A check
// that cannot run at all (e.g. the file is not a database) reports its error
// as its problem. Sets are looked up in `ws`.
std::vector<CheckFinding> check_database(const Store& store, const Workspace& ws);

}  // namespace jixiao
