// What `jixiao db check` prints: each check of a database and what it found,
// as one model with a text and a JSON writer (the same checks and problems
// in both).
#pragma once

#include <string>
#include <vector>

#include "db_check.h"

namespace jixiao {

struct DbCheckModel {
  std::string db_path;                 // the database as named on the command line
  std::vector<CheckFinding> findings;  // as check_database gives them
  size_t problems() const;             // over every check
};

// One line per check ("ok    …" or "FAIL  …: N problem(s)" with at most 20 of
// them), then a summary naming the database.
std::string render_db_check_text(const DbCheckModel& m);

// {"schema_version", "engine_version", "database", "ok", "problems",
// "checks": [{"check", "ok", "problems": ["…"]}]}: every problem, none cut.
std::string render_db_check_json(const DbCheckModel& m);

}  // namespace jixiao
