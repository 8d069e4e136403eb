// jixiao db check: the database as it is, checked by SQLite and by the engine.
#include "cli_args.h"
#include "db_check_report.h"

namespace jixiao::cli {

int cmd_db(const Args& args, Workspace& ws, std::ostream& out) {
  if (args.positional.size() != 1 || args.positional[0] != "check")
    usage_error("expected 'jixiao db check [--db FILE]'");
  // Opened as it is: not refreshed from data/, not migrated, not repaired.
  const Store store = Store::open_for_check(ws.db_path());
  DbCheckModel model;
  model.db_path = ws.db_path();
  model.findings = check_database(store, ws);
  out << (args.format == Format::kJson ? render_db_check_json(model) : render_db_check_text(model));
  return model.problems() == 0 ? 0 : 1;
}

}  // namespace jixiao::cli
