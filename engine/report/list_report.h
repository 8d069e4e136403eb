// What `jixiao list` prints: the department-years in the database and the
// data files that could not be read, as one model with a text and a JSON
// writer (the same rows in both).
#pragma once

#include <string>
#include <vector>

#include "store.h"

namespace jixiao {

struct ListModel {
  std::vector<RecordKey> records;     // as Store::list() gives them
  std::vector<std::string> skipped;   // the sources of data/ that failed, "file:line:col: why"
};

// 单位 / 年度 / 记录 / 指标体系 aligned by display width, then the skipped
// sources under a heading (none: no heading).
std::string render_list_table(const ListModel& m);

// {"schema_version", "engine_version", "records": [{"entity", "year", "kind",
// "set"}], "skipped": ["…"]}.
std::string render_list_json(const ListModel& m);

}  // namespace jixiao
