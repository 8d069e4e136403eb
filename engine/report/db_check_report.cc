#include "db_check_report.h"

#include "json_writer.h"
#include "version.h"

namespace jixiao {

size_t DbCheckModel::problems() const {
  size_t total = 0;
  for (const auto& f : findings) total += f.problems.size();
  return total;
}

std::string render_db_check_text(const DbCheckModel& m) {
  constexpr size_t kShown = 20;
  std::string out;
  for (const auto& f : m.findings) {
    if (f.problems.empty()) {
      out += "ok    " + f.check + "\n";
      continue;
    }
    out += "FAIL  " + f.check + ": " + std::to_string(f.problems.size()) + " problem(s)\n";
    for (size_t i = 0; i < f.problems.size() && i < kShown; ++i) out += "        " + f.problems[i] + "\n";
    if (f.problems.size() > kShown) out += "        … and " + std::to_string(f.problems.size() - kShown) + " more\n";
  }
  const size_t total = m.problems();
  out += m.db_path + ": " + (total == 0 ? std::string("no problem found") : std::to_string(total) + " problem(s)") + "\n";
  return out;
}

std::string render_db_check_json(const DbCheckModel& m) {
  JsonWriter w;
  w.begin_object();
  w.key("schema_version").integer(kJsonSchemaVersion);
  w.key("engine_version").string(engine_version());
  w.key("database").string(m.db_path);
  w.key("ok").boolean(m.problems() == 0);
  w.key("problems").integer(static_cast<long long>(m.problems()));
  w.key("checks").begin_array();
  for (const auto& f : m.findings) {
    w.begin_object();
    w.key("check").string(f.check);
    w.key("ok").boolean(f.problems.empty());
    w.key("problems").begin_array();
    for (const std::string& p : f.problems) w.string(p);
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.str() + "\n";
}

}  // namespace jixiao
