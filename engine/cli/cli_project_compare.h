// Internal to the command line: `jixiao compare --projects / --project ID`,
// the project tables' printed 得分 against the set's rule.
#pragma once

#include <ostream>

#include "cli_args.h"

namespace jixiao::cli {

// ENTITY YEAR --projects (every project, one line each) or --project ID (row
// by row), or --all YEAR --projects (every project of the year). Exits 3 when
// --fail-above PCT is exceeded, 1 when a project cannot be scored.
int compare_projects(const Args& args, Workspace& ws, std::ostream& out);

}  // namespace jixiao::cli
