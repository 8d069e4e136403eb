// jixiao db check: the database as it is, checked by SQLite and by the engine.
#include "cli_args.h"
#include "db_check.h"

namespace jixiao::cli {

int cmd_db(const Args& args, Workspace& ws, std::ostream& out) {
  if (args.positional.size() != 1 || args.positional[0] != "check")
    usage_error("expected 'jixiao db check [--db FILE]'");
  // Opened as it is: not refreshed from data/, not migrated, not repaired.
  const Store store = Store::open_for_check(ws.db_path());
  const auto findings = check_database(store, ws);
  out << render_findings(ws.db_path(), findings);
  for (const auto& f : findings)
    if (!f.problems.empty()) return 1;
  return 0;
}

}  // namespace jixiao::cli
