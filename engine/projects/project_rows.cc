#include "project_rows.h"

#include <set>

#include "error.h"
#include "suggest.h"
#include "target_text.h"

namespace jixiao {

std::vector<Row> rows_from_projects(const RowsFromProjects& from, const Record& projects) {
  const Project* project = nullptr;
  std::vector<std::string> ids;
  for (const Project& p : projects.projects) {
    ids.push_back(p.id);
    if (p.id == from.project) project = &p;
  }
  if (project == nullptr)
    throw Error(ErrorKind::kMissing, "rows_from_projects: " + projects.title() + " has no project '" + from.project +
                                         "'" + did_you_mean(from.project, ids));
  std::vector<Row> out;
  std::set<std::string> used;
  for (const ProjectRow& pr : project->rows) {
    if (pr.level2 != from.level2) continue;
    Row row;
    row.provenance = project->provenance;
    if (pr.line > 0) {
      const std::string file = row.provenance.file.substr(0, row.provenance.file.find(':'));
      row.provenance.file = file + ":" + std::to_string(pr.line);
    }
    row.provenance.quote = pr.target + "｜" + pr.actual;
    const ParsedValue target = parse_target(pr.target);
    const ParsedValue actual = parse_actual(pr.actual);
    Value target_value = Value::of_text(pr.target), actual_value = Value::of_text(pr.actual);
    std::string how = "read";
    if (target.kind == ParsedValue::Kind::kNumber) target_value = Value::of_number(target.value);
    if (actual.kind == ParsedValue::Kind::kNumber) actual_value = Value::of_number(actual.value);
    if (actual.kind == ParsedValue::Kind::kNotDone) actual_value = Value::of_text("未完成");
    if (auto reading = from.readings.find(pr.target); reading != from.readings.end()) {
      target_value = reading->second.target;
      actual_value = reading->second.actual;
      how = "reading";
      row.provenance.inferred = reading->second.why;
      used.insert(pr.target);
    } else if (target.kind != ParsedValue::Kind::kNumber || actual.kind == ParsedValue::Kind::kUnread ||
               actual.kind == ParsedValue::Kind::kText) {
      how = "unread";
    }
    row.cells = {{"name", Value::of_text(pr.name)},       {"target", target_value},
                 {"actual", actual_value},                {"unit", Value::of_text(target.unit)},
                 {"target_text", Value::of_text(pr.target)}, {"actual_text", Value::of_text(pr.actual)},
                 {"read", Value::of_text(how)}};
    out.push_back(std::move(row));
  }
  for (const auto& [target, reading] : from.readings)
    if (used.count(target) == 0)
      throw Error(ErrorKind::kInput, "rows_from_projects: a reading names the target 「" + target + "」, which no " +
                                         from.level2 + " row of project '" + from.project + "' has");
  return out;
}

}  // namespace jixiao
