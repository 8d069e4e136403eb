// Turns the rows of a project self-evaluation table into a department-year's
// row table (e.g. 目标实现's project quantity indicators), reading each
// target and actual as written, or as the record's readings say.
#pragma once

#include <string>
#include <vector>

#include "record.h"

namespace jixiao {

// The rows `from` asks for, out of `projects` (a record of kind "projects").
// Each row has name, target and actual (numbers when they could be read,
// otherwise the text: "未完成" for work not done), unit, target_text,
// actual_text and how it was read ("read", "reading", "unread"); its
// provenance is the project table's, with the row's line. Throws Error when
// the project is unknown or a reading names a target no row has.
std::vector<Row> rows_from_projects(const RowsFromProjects& from, const Record& projects);

}  // namespace jixiao
