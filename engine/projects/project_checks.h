// Checks a scored project table against its own stated figures: 分值 that do
// not add up to their 一级指标 or to the set's maximum, a total or a row above
// its maximum (不一致); and where the table's 得分, budget score and 总分
// depart from what the declared rule gives (偏离).
#pragma once

#include <string>

#include "project_scorer.h"

namespace jixiao {

// Fills result.inconsistencies, the departures and result.departures, and
// clears result.grade when anything is 不一致. `data_file` (may be empty) and
// each row's source line are named in the messages.
void check_project(const ProjectSet& set, const Project& project, ProjectResult& result, const std::string& data_file);

}  // namespace jixiao
