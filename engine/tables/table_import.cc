#include "table_import.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "doc.h"
#include "files.h"
#include "record_source.h"
#include "sha256.h"
#include "suggest.h"
#include "table_reader.h"

namespace jixiao {

namespace {

enum class Layout { kFacts, kJudgements, kFiled, kRows, kProjects, kProjectRows };

const std::vector<std::string> kKeyColumns = {"entity", "year", "set", "record"};
const std::vector<std::string> kProvenance = {"source_file", "quote", "inferred"};
const char* const kBudget[] = {"initial", "planned", "executed", "rate", "weight", "score",
                               "fiscal_planned", "fiscal_executed", "unit"};

std::vector<std::string> columns_of(Layout layout) {
  std::vector<std::string> own;
  switch (layout) {
    case Layout::kFacts: own = {"name", "label", "value", "unit"}; break;
    case Layout::kJudgements: own = {"leaf", "score", "basis"}; break;
    case Layout::kFiled: own = {"leaf", "score"}; break;
    case Layout::kRows: own = {"table"}; break;
    case Layout::kProjects:
      own = {"project", "name", "table", "unit_owner", "goal", "goal_achieved", "note", "weight_share", "source_line"};
      for (const char* b : kBudget) own.push_back(std::string("budget_") + b);
      own.insert(own.end(), {"filed_total", "filed_grade"});
      break;
    case Layout::kProjectRows:
      own = {"project", "level1", "level2", "name", "target", "actual", "nature", "unit", "weight", "score", "grade",
             "note", "line", "subtotal", "weight_share"};
      break;
  }
  own.insert(own.begin(), kKeyColumns.begin(), kKeyColumns.end());
  if (layout != Layout::kFiled && layout != Layout::kProjectRows) own.insert(own.end(), kProvenance.begin(), kProvenance.end());
  return own;
}

// What a sheet holds, told by its columns.
Layout layout_of(const std::map<std::string, int>& col, const Sheet& s) {
  if (col.count("level1")) return Layout::kProjectRows;
  if (col.count("project")) return Layout::kProjects;
  if (col.count("table")) return Layout::kRows;
  if (col.count("basis")) return Layout::kJudgements;
  if (col.count("value")) return Layout::kFacts;
  if (col.count("leaf") && col.count("score")) return Layout::kFiled;
  throw Error(ErrorKind::kInput,
              "cannot tell what this sheet holds from its first row: facts have name and value, judgements leaf, "
              "score and basis, filed scores leaf and score, row tables a table column (data/README.md)",
              s.where(0, 0));
}

std::vector<std::string> required_columns(Layout layout) {
  switch (layout) {
    case Layout::kFacts: return {"entity", "year", "set", "name", "value"};
    case Layout::kJudgements: return {"entity", "year", "set", "leaf", "score", "basis"};
    case Layout::kFiled: return {"entity", "year", "set", "leaf", "score"};
    case Layout::kRows: return {"entity", "year", "set", "table"};
    case Layout::kProjects: return {"entity", "year", "set", "project", "name"};
    case Layout::kProjectRows: return {"entity", "year", "set", "project", "level1", "level2", "name"};
  }
  return {};
}

Doc scalar(const std::string& text, const Location& where) {
  Doc d;
  d.kind = Doc::Kind::kScalar;
  d.scalar = text;
  d.where = where;
  if (text == "TRUE" || text == "True" || text == "FALSE" || text == "False")  // Excel's booleans
    d.scalar = text[0] == 'T' ? "true" : "false";
  return d;
}

Doc mapping(const Location& where) {
  Doc d;
  d.kind = Doc::Kind::kMap;
  d.where = where;
  return d;
}

void put(Doc& map, const std::string& key, Doc value) {
  map.key_where.push_back(value.where);
  map.map.emplace_back(key, std::move(value));
}

Doc& child_map(Doc& map, const std::string& key, const Location& where) {
  if (Doc* d = map.find(key)) return *d;
  put(map, key, mapping(where));
  return *map.find(key);
}

std::string trim(const std::string& text) {
  const size_t b = text.find_first_not_of(" \t\r\n"), e = text.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? "" : text.substr(b, e - b + 1);
}

// What row `r` is about, for a message on one of its cells: "fact
// annual_budget: ", "judgement exec_progress: ", "project p1, row 培训: ", …
// from its own cells as written ("" when it names nothing).
std::string subject(Layout layout, const std::map<std::string, int>& col, const Sheet& s, int r) {
  auto text = [&](const char* name) {
    const auto it = col.find(name);
    return it == col.end() || s.errors.count({r, it->second}) ? std::string() : trim(s.at(r, it->second));
  };
  std::string what;
  switch (layout) {
    case Layout::kFacts: what = text("name").empty() ? "" : "fact " + text("name"); break;
    case Layout::kJudgements: what = text("leaf").empty() ? "" : "judgement " + text("leaf"); break;
    case Layout::kFiled: what = text("leaf").empty() ? "" : "filed score " + text("leaf"); break;
    case Layout::kProjects: what = text("project").empty() ? "" : "project " + text("project"); break;
    case Layout::kProjectRows:
      what = text("name").empty() ? "" : (text("project").empty() ? "" : "project " + text("project") + ", ") + "row " + text("name");
      break;
    case Layout::kRows: what = text("table").empty() ? "" : "row table " + text("table"); break;
  }
  return what.empty() ? "" : what + ": ";
}

struct Group {
  Doc root;
  std::vector<std::string> files;
  struct ProjectRow {
    std::string project;
    Location at;  // where its project id is written
    Doc row;
  };
  std::vector<ProjectRow> project_rows;  // attached to their projects once every sheet is read
};

class Reader {
 public:
  void sheet(const Sheet& s) {
    if (s.rows() == 0) return;
    std::map<std::string, int> col;                // column name → index
    std::vector<std::pair<int, std::string>> header;  // the same in written order
    for (int c = 0; c < static_cast<int>(s.cells[0].size()); ++c) {
      std::string name = trim(s.at(0, c));
      std::transform(name.begin(), name.end(), name.begin(), [](unsigned char ch) { return std::tolower(ch); });
      if (name.empty()) continue;
      if (col.count(name)) throw Error(ErrorKind::kInput, "column '" + name + "' is given twice", s.where(0, c));
      col[name] = c;
      header.emplace_back(c, name);
    }
    const Layout layout = layout_of(col, s);
    const std::vector<std::string> known = columns_of(layout);
    if (layout != Layout::kRows)
      for (const auto& [name, c] : col)
        if (std::find(known.begin(), known.end(), name) == known.end())
          throw Error(ErrorKind::kInput, "unknown column '" + name + "'" + did_you_mean(name, known), s.where(0, c));
    for (const auto& name : required_columns(layout))
      if (!col.count(name))
        throw Error(ErrorKind::kInput, "the sheet has no '" + name + "' column, which its layout needs (data/README.md)",
                    s.where(0, 0));
    std::map<std::string, std::pair<std::string, int>> above;  // key and provenance columns → (text, row)
    for (int r = 1; r < s.rows(); ++r) {
      bool empty = true;
      for (const auto& cell : s.cells[static_cast<size_t>(r)]) empty = empty && trim(cell).empty();
      if (empty) continue;
      auto cell = [&](const std::string& name) -> std::pair<std::string, Location> {
        const auto it = col.find(name);
        if (it == col.end()) return {"", s.where(r, 0)};
        if (s.errors.count({r, it->second})) refuse_error_cell(s, r, it->second, subject(layout, col, s, r) + name);
        return {trim(s.at(r, it->second)), s.where(r, it->second)};
      };
      bool own_provenance = false;
      for (const auto& name : kProvenance) own_provenance = own_provenance || !cell(name).first.empty();
      auto value = [&](const std::string& name) -> std::pair<std::string, Location> {
        const bool carried = std::find(kKeyColumns.begin(), kKeyColumns.end(), name) != kKeyColumns.end() ||
                             (layout == Layout::kProjectRows && (name == "project" || name == "level1" || name == "level2")) ||
                             (!own_provenance && std::find(kProvenance.begin(), kProvenance.end(), name) != kProvenance.end());
        const bool provenance_column = std::find(kProvenance.begin(), kProvenance.end(), name) != kProvenance.end();
        auto [text, where] = cell(name);
        if (!carried || !text.empty() || !col.count(name)) {
          if (carried || provenance_column) above[name] = {text, r};
          return {text, where};
        }
        const auto it = above.find(name);
        if (it == above.end()) return {text, where};
        return {it->second.first, s.where(it->second.second, col.at(name))};
      };
      Group& g = group(s, value("entity"), value("year"), value("set"), value("record"));
      Doc& root = g.root;
      Doc row = mapping(s.where(r, 0));
      auto add = [&](Doc& into, const std::string& key, const std::string& column, bool keep_empty) {
        const auto [text, where] = value(column);
        if (text.empty() && !keep_empty) return;
        if (text.empty()) {
          Doc null;
          null.where = where;
          put(into, key, std::move(null));
          return;
        }
        put(into, key, scalar(text, where));
      };
      auto provenance = [&](Doc& into) {
        const auto file = value("source_file");
        if (!file.first.empty()) {
          Doc source = mapping(file.second);
          put(source, "file", scalar(file.first, file.second));
          add(source, "quote", "quote", false);
          put(into, "source", std::move(source));
        } else if (!value("quote").first.empty()) {
          throw Error(ErrorKind::kInput, "a quote needs the file it is quoted from (source_file)", value("quote").second);
        }
        add(into, "inferred", "inferred", false);
      };
      switch (layout) {
        case Layout::kFacts: {
          const auto [name, at] = cell("name");
          row.where = at;
          add(row, "label", "label", true);
          add(row, "value", "value", true);
          add(row, "unit", "unit", false);
          provenance(row);
          insert(child_map(root, "facts", at), "fact", name, at, std::move(row));
          break;
        }
        case Layout::kJudgements: {
          const auto [leaf, at] = cell("leaf");
          row.where = at;
          add(row, "score", "score", true);
          add(row, "basis", "basis", true);
          provenance(row);
          insert(child_map(root, "judgements", at), "judgement for", leaf, at, std::move(row));
          break;
        }
        case Layout::kFiled: {
          const auto [leaf, at] = cell("leaf");
          const auto [score, score_at] = cell("score");
          Doc& filed = child_map(root, "filed", at);
          if (leaf == "total") insert(filed, "filed", "total", at, scalar(score, score_at));
          else insert(child_map(filed, "scores", at), "filed score of", leaf, at, scalar(score, score_at));
          break;
        }
        case Layout::kProjects: {
          const auto [id, at] = cell("project");
          row.where = at;
          put(row, "id", scalar(id, at));
          for (const char* key : {"name", "table", "unit_owner", "goal", "goal_achieved", "note", "weight_share"})
            add(row, key, key, std::string(key) == "name");
          Doc budget = mapping(at), filed = mapping(at);
          for (const char* b : kBudget) add(budget, b, std::string("budget_") + b, false);
          add(filed, "total", "filed_total", false);
          add(filed, "grade", "filed_grade", false);
          if (!budget.map.empty()) put(row, "budget", std::move(budget));
          if (!filed.map.empty()) put(row, "filed", std::move(filed));
          provenance(row);
          if (Doc* source = row.find("source")) add(*source, "line", "source_line", false);
          Doc* projects = root.find("projects");
          if (projects == nullptr) {
            Doc list;
            list.kind = Doc::Kind::kSequence;
            list.where = at;
            put(root, "projects", std::move(list));
            projects = root.find("projects");
          }
          projects->items.push_back(std::move(row));
          break;
        }
        case Layout::kProjectRows: {
          const auto [project, at] = value("project");
          row.where = cell("name").second;
          for (const auto& name : known)
            if (name != "project" && std::find(kKeyColumns.begin(), kKeyColumns.end(), name) == kKeyColumns.end())
              add(row, name, name, name == "level1" || name == "level2" || name == "name");
          if (project.empty()) throw Error(ErrorKind::kInput, "a project row without its project id", at);
          g.project_rows.push_back({project, at, std::move(row)});
          break;
        }
        case Layout::kRows: {
          const auto [table, at] = cell("table");
          if (table.empty()) throw Error(ErrorKind::kInput, "a row without its table's name", at);
          row.where = at;
          for (const auto& [c, name] : header) {  // in written order
            if (std::find(known.begin(), known.end(), name) != known.end()) continue;
            if (s.errors.count({r, c})) refuse_error_cell(s, r, c, subject(layout, col, s, r) + name);
            const std::string text = trim(s.at(r, c));
            if (!text.empty()) put(row, name, scalar(text, s.where(r, c)));
          }
          provenance(row);
          Doc& rows = child_map(root, "rows", at);
          if (rows.find(table) == nullptr) {
            Doc list;
            list.kind = Doc::Kind::kSequence;
            list.where = at;
            put(rows, table, std::move(list));
          }
          rows.find(table)->items.push_back(std::move(row));
          break;
        }
      }
    }
  }

  std::vector<TableRecord> records() {
    std::vector<TableRecord> out;
    for (auto& [key, g] : groups_) {
      attach_project_rows(g);
      Sha256 hash;
      for (const auto& f : g.files) hash.update(sha256_hex(read_file(f)));
      TableRecord tr{record_from_doc(g.root, g.files[0]), hash.hex_digest()};
      out.push_back(std::move(tr));
    }
    return out;
  }

  std::string current_file;

 private:
  // Each project row into its project's rows, in the order read.
  static void attach_project_rows(Group& g) {
    Doc* projects = g.root.find("projects");
    std::vector<std::string> ids;
    if (projects != nullptr)
      for (Doc& p : projects->items) {
        ids.push_back(p.find("id")->scalar);
        Doc list;
        list.kind = Doc::Kind::kSequence;
        list.where = p.where;
        put(p, "rows", std::move(list));
      }
    for (auto& pr : g.project_rows) {
      Doc* project = nullptr;
      for (size_t i = 0; projects != nullptr && i < projects->items.size(); ++i)
        if (projects->items[i].find("id")->scalar == pr.project) project = &projects->items[i];
      if (project == nullptr)
        throw Error(ErrorKind::kInput,
                    "no project '" + pr.project + "' in a projects sheet of the same record" + did_you_mean(pr.project, ids),
                    pr.at);
      project->find("rows")->items.push_back(std::move(pr.row));
    }
  }

  static void insert(Doc& map, const std::string& what, const std::string& name, const Location& at, Doc value) {
    if (name.empty()) throw Error(ErrorKind::kInput, "a row without a name", at);
    if (const Doc* before = map.find(name)) {
      std::string other = before->where.file;  // "FILE, sheet S, cell E2": the cell alone when in the same sheet
      const size_t cell = other.rfind(", cell ");
      if (cell != std::string::npos && at.file.compare(0, cell, other, 0, cell) == 0) other = other.substr(cell + 7);
      throw Error(ErrorKind::kInput, what + " '" + name + "' is given twice (also at " + other + ")", at);
    }
    value.where = at;
    put(map, name, std::move(value));
  }

  Group& group(const Sheet& s, const std::pair<std::string, Location>& entity, const std::pair<std::string, Location>& year,
             const std::pair<std::string, Location>& set, const std::pair<std::string, Location>& record) {
    for (const auto* part : {&entity, &year, &set})
      if (part->first.empty()) throw Error(ErrorKind::kInput, "every row needs its entity, year and set", part->second);
    const std::string key = entity.first + "\t" + year.first + "\t" + (record.first.empty() ? "filed" : record.first);
    for (auto& g : groups_) {
      if (g.first != key) continue;
      if (g.second.root.find("set")->scalar != set.first)
        throw Error(ErrorKind::kInput,
                    "set '" + set.first + "' here, but '" + g.second.root.find("set")->scalar + "' at " +
                        g.second.root.find("set")->where.file,
                    set.second);
      if (std::find(g.second.files.begin(), g.second.files.end(), current_file) == g.second.files.end())
        g.second.files.push_back(current_file);
      return g.second;
    }
    Group g;
    g.root = mapping(Location{s.title()});
    put(g.root, "entity", scalar(entity.first, entity.second));
    put(g.root, "year", scalar(year.first, year.second));
    put(g.root, "set", scalar(set.first, set.second));
    if (!record.first.empty()) put(g.root, "record", scalar(record.first, record.second));
    g.files.push_back(current_file);
    groups_.emplace_back(key, std::move(g));
    return groups_.back().second;
  }

  std::vector<std::pair<std::string, Group>> groups_;
};

}  // namespace

std::vector<TableRecord> records_from_tables(const std::vector<std::string>& paths) {
  Reader reader;
  for (const auto& path : paths) {
    reader.current_file = path;
    for (const Sheet& s : read_table_file(path)) reader.sheet(s);
  }
  return reader.records();
}

}  // namespace jixiao
