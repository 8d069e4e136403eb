#include "project_totals.h"

#include <algorithm>
#include <map>

#include "error.h"
#include "suggest.h"
#include "text_width.h"

namespace jixiao {

namespace {

std::vector<const Project*> chosen(const RowsFromProjects& from, const Record& projects) {
  std::vector<const Project*> out;
  if (from.projects.empty()) {
    for (const Project& p : projects.projects) out.push_back(&p);
    return out;
  }
  std::vector<std::string> ids;
  for (const Project& p : projects.projects) ids.push_back(p.id);
  for (const std::string& id : from.projects) {
    const Project* found = nullptr;
    for (const Project& p : projects.projects)
      if (p.id == id) found = &p;
    if (found == nullptr)
      throw Error(ErrorKind::kMissing,
                  "rows_from_projects: " + projects.title() + " has no project '" + id + "'" + did_you_mean(id, ids),
                  from.where);
    out.push_back(found);
  }
  return out;
}

std::string label(const Project& p) { return "项目「" + p.name + "」（" + p.id + "）"; }

// Why the recomputed total is not known yet, or "" when it is.
std::string pending_recomputed(const Project& p, const ProjectResult& result, int places) {
  if (result.pending_weight == Decimal()) return "";
  size_t rows = 0;
  for (const auto& row : result.rows) rows += row.status == ProjectRowResult::Status::kPending;
  std::string why = label(p) + "总分无法重算：";
  if (rows > 0) why += std::to_string(rows) + "行待定";
  if (!result.budget_score) why += std::string(rows > 0 ? "，" : "") + "预算执行率缺预算数或执行数";
  return why + "，共" + result.pending_weight.str(places) + "分未定";
}

using Readings = std::map<std::string, RowsFromProjects::Reading>;

// `p` with the review's readings put in its pending rows (as `first` scored
// it), and one note per reading used, in the table's order (long cells cut). Throws Error at a reading that matches
// no pending row of `p`, or more than one.
Project read_pending(const Project& p, const ProjectResult& first, const Readings& readings,
                     std::vector<std::string>& notes) {
  Project read = p;
  std::vector<std::pair<size_t, std::string>> used;  // row index → note
  std::vector<std::string> pending;
  for (const ProjectRowResult& r : first.rows)
    if (r.status == ProjectRowResult::Status::kPending) pending.push_back(r.row->target);
  for (const auto& [text, reading] : readings) {
    std::vector<size_t> matched;
    for (size_t i = 0; i < first.rows.size(); ++i)
      if (first.rows[i].status == ProjectRowResult::Status::kPending && first.rows[i].row->target == text)
        matched.push_back(i);
    if (matched.empty())
      throw Error(ErrorKind::kInput,
                  "project_totals: a reading names the target 「" + text + "」, which no pending row of " + label(p) +
                      " has" + did_you_mean(text, pending),
                  reading.where);
    if (matched.size() > 1) {
      std::string lines;
      for (size_t i : matched) lines += (lines.empty() ? "" : ", ") + std::to_string(p.rows[i].line);
      throw Error(ErrorKind::kInput,
                  "project_totals: the reading of 「" + text + "」 matches " + std::to_string(matched.size()) +
                      " pending rows of " + label(p) + " (lines " + lines + "): a reading must name one row",
                  reading.where);
    }
    ProjectRow& row = read.rows[matched[0]];
    std::string as;
    if (!reading.grade.empty()) {
      row.grade = reading.grade;
      as = "评为" + reading.grade;
    } else {
      row.target = reading.target.display();
      row.actual = reading.actual.display();
      as = "读作预期" + row.target + "、实际" + row.actual;
    }
    used.emplace_back(matched[0], "第" + std::to_string(row.line) + "行「" + truncate_to_width(text, 40) + "」" + as +
                                      "（" + reading.why + "）");
  }
  std::sort(used.begin(), used.end());  // in the table's order
  for (auto& [index, note] : used) notes.push_back(std::move(note));
  return read;
}

}  // namespace

std::vector<Row> project_total_rows(const RowsFromProjects& from, const Record& projects, ProjectScorer& scorer) {
  const ProjectSet& set = scorer.set();
  for (const auto& [id, readings] : from.project_readings) {
    bool counted = false;
    for (const Project* p : chosen(from, projects)) counted = counted || p->id == id;
    if (!counted)
      throw Error(ErrorKind::kInput,
                  "project_totals: readings are given for project '" + id + "', which is not one of the projects counted",
                  readings.empty() ? from.where : readings.begin()->second.where);
  }
  std::vector<Row> out;
  for (const Project* p : chosen(from, projects)) {
    Row row;
    row.provenance = p->provenance;
    row.cells = {{"project", Value::of_text(p->id)},
                 {"name", Value::of_text(p->name)},
                 {"max", Value::of_number(set.total)},
                 {"basis", Value::of_text(from.totals)}};
    if (from.totals == "printed") {
      if (p->stated_total) {
        row.cells.emplace_back("total", Value::of_number(*p->stated_total));
        row.provenance.quote = "总分 " + p->stated_total->str();
      } else {
        row.cells.emplace_back("pending", Value::of_text(label(*p) + "的表中未印总分"));
      }
    } else {
      ProjectResult result = scorer.score(*p, projects.source);
      Project read;  // the project with the review's readings, which `result` then points into
      std::vector<std::string> notes;
      if (auto readings = from.project_readings.find(p->id); readings != from.project_readings.end()) {
        read = read_pending(*p, result, readings->second, notes);
        result = scorer.score(read, projects.source);
      }
      const std::string pending = pending_recomputed(*p, result, set.score_places);
      if (pending.empty())
        row.cells.emplace_back("total", Value::of_number(result.total));
      else
        row.cells.emplace_back("pending", Value::of_text(pending));
      row.provenance.inferred = "总分由 jixiao 按 " + set.id + " 重算";
      if (!notes.empty()) {
        std::string used;
        for (const std::string& note : notes) used += (used.empty() ? "" : "；") + note;
        row.cells.emplace_back("readings", Value::of_text(used));
        row.provenance.inferred += "，" + std::to_string(notes.size()) + "处待定行按评价组读法（见 readings）";
      }
    }
    const std::optional<Decimal> budget = p->planned ? p->planned : p->fiscal_planned;
    if (budget) {
      row.cells.emplace_back("budget", Value::of_number(*budget));
      row.cells.emplace_back("budget_unit", Value::of_text(p->budget_unit));
    }
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace jixiao
