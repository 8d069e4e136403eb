// Writing and reading the pieces of a record: decimals, provenance, project tables.
#include "store_sql.h"

#include <tuple>
#include <sqlite3.h>

#include "error.h"

namespace jixiao::store_sql {

std::string describe(const SQLite::Exception& e) {
  switch (e.getErrorCode()) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return "the database is busy: another jixiao is writing it; try again";
    case SQLITE_READONLY:
      return "the database is read-only (" + std::string(e.what()) +
             "): check the permissions of the file and of its folder";
    case SQLITE_NOTADB: return "not a jixiao database: " + std::string(e.what());
    case SQLITE_CORRUPT: return "the database is corrupt (" + std::string(e.what()) + "); see 'jixiao db check'";
    case SQLITE_FULL: return "the disk is full (" + std::string(e.what()) + ")";
    case SQLITE_CANTOPEN:
      return "cannot open the database file (" + std::string(e.what()) +
             "): check that it and its folder exist and may be read, and written by a command that writes "
             "(it keeps a -wal and a -shm file beside the database)";
    case SQLITE_PERM: return "permission denied (" + std::string(e.what()) + ")";
    default: return e.what();
  }
}

Decimal read_decimal(std::string_view text, std::string_view where) {
  if (auto d = Decimal::parse(text)) return *d;
  throw Error(ErrorKind::kInput, "corrupt number '" + std::string(text) + "' in " + std::string(where));
}

const char* type_tag(const Value& v) {
  switch (v.type) {
    case Value::Type::kBool: return "bool";
    case Value::Type::kNumber: return "number";
    case Value::Type::kText: return "text";
    default: return "null";
  }
}

std::string value_text(const Value& v) {
  return v.type == Value::Type::kBool ? (v.boolean ? "true" : "false") : v.type == Value::Type::kNull ? "" : v.text;
}

Value read_value(std::string_view type, std::string_view text, std::string_view where, std::string_view name) {
  Value v;
  read_value_into(v, type, text, where, name);
  return v;
}

void read_value_into(Value& v, std::string_view type, std::string_view text, std::string_view where,
                     std::string_view name) {
  if (type == "number") {
    if (auto d = Decimal::parse(text)) {
      v.type = Value::Type::kNumber;  // the text as written, not as Decimal prints it
      v.number = *d;
      v.text = text;
      return;
    }
  } else if (type == "bool") {
    v.type = Value::Type::kBool;
    v.boolean = text == "true";
    return;
  } else if (type == "text") {
    v.type = Value::Type::kText;
    v.text = text;
    return;
  } else if (type == "null") {
    return;
  }
  std::string what(where);
  if (!name.empty()) what += " " + std::string(name);
  throw Error(ErrorKind::kInput,
              "corrupt value '" + std::string(text) + "' of type '" + std::string(type) + "' in " + what);
}

void bind_provenance(SQLite::Statement& st, int first, const Provenance& p) {
  st.bind(first, p.file);
  st.bind(first + 1, p.quote);
  st.bind(first + 2, p.inferred);
}

Provenance column_provenance(SQLite::Statement& st, int first) {
  return Provenance{st.getColumn(first).getString(), st.getColumn(first + 1).getString(),
                    st.getColumn(first + 2).getString()};
}

void bind_optional(SQLite::Statement& st, int index, const std::optional<Decimal>& d) {
  if (d) st.bind(index, d->str());
  else st.bind(index);  // NULL
}

std::optional<Decimal> column_optional(SQLite::Statement& st, int index, const std::string& where) {
  if (st.getColumn(index).isNull()) return std::nullopt;
  return read_decimal(st.getColumn(index).getString(), where);
}

namespace {

// Printed figures as (row, key, value); row -1 is the project itself.
std::vector<std::tuple<int, std::string, std::string>> printed(const Project& pr) {
  std::vector<std::tuple<int, std::string, std::string>> out;
  auto text = [&](int row, const char* key, const std::string& v) {
    if (!v.empty()) out.emplace_back(row, key, v);
  };
  auto number = [&](int row, const char* key, const std::optional<Decimal>& v) {
    if (v) out.emplace_back(row, key, v->str());
  };
  number(-1, "initial_budget", pr.initial_budget);
  text(-1, "rate_printed", pr.rate_printed);
  number(-1, "budget_weight", pr.budget_weight);
  number(-1, "budget_score", pr.budget_score);
  number(-1, "stated_total", pr.stated_total);
  text(-1, "stated_grade", pr.stated_grade);
  for (size_t k = 0; k < pr.rows.size(); ++k) {
    const int row = static_cast<int>(k);
    text(row, "nature", pr.rows[k].nature);
    text(row, "unit", pr.rows[k].unit);
    number(row, "level1_points", pr.rows[k].level1_points);
    number(row, "weight_share", pr.rows[k].weight_share);
    if (pr.rows[k].subtotal) text(row, "subtotal", "true");
    if (const auto& j = pr.rows[k].judgement) {
      number(row, "judgement_score", j->score);
      out.emplace_back(row, "judgement_basis", j->basis);
      text(row, "judgement_file", j->provenance.file);
      text(row, "judgement_quote", j->provenance.quote);
      text(row, "judgement_inferred", j->provenance.inferred);
    }
  }
  return out;
}

void read_printed(Project& pr, int row, const std::string& key, const std::string& value) {
  const std::string where = "project_printed." + key;
  if (row >= static_cast<int>(pr.rows.size()))
    throw Error(ErrorKind::kInput, "corrupt database: a printed figure has no project row");
  if (row < 0) {
    if (key == "initial_budget") pr.initial_budget = read_decimal(value, where);
    else if (key == "rate_printed") pr.rate_printed = value;
    else if (key == "budget_weight") pr.budget_weight = read_decimal(value, where);
    else if (key == "budget_score") pr.budget_score = read_decimal(value, where);
    else if (key == "stated_total") pr.stated_total = read_decimal(value, where);
    else if (key == "stated_grade") pr.stated_grade = value;
    else throw Error(ErrorKind::kInput, "corrupt database: unknown printed figure '" + key + "'");
    return;
  }
  ProjectRow& r = pr.rows[static_cast<size_t>(row)];
  if (key == "nature") r.nature = value;
  else if (key == "unit") r.unit = value;
  else if (key == "level1_points") r.level1_points = read_decimal(value, where);
  else if (key == "weight_share") r.weight_share = read_decimal(value, where);
  else if (key == "subtotal") r.subtotal = value == "true";
  else if (key.rfind("judgement_", 0) == 0) {
    if (!r.judgement) r.judgement = Judgement{};
    if (key == "judgement_score") r.judgement->score = read_decimal(value, where);
    else if (key == "judgement_basis") r.judgement->basis = value;
    else if (key == "judgement_file") r.judgement->provenance.file = value;
    else if (key == "judgement_quote") r.judgement->provenance.quote = value;
    else if (key == "judgement_inferred") r.judgement->provenance.inferred = value;
    else throw Error(ErrorKind::kInput, "corrupt database: unknown printed figure '" + key + "'");
  }
  else throw Error(ErrorKind::kInput, "corrupt database: unknown printed figure '" + key + "'");
}

}  // namespace

void write_projects(SQLite::Database& db, int64_t id, const std::vector<Project>& projects) {
  db.exec(
      "CREATE TABLE IF NOT EXISTS project_printed ("
      " record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,"
      " project_idx INTEGER NOT NULL, row_idx INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,"
      " PRIMARY KEY (record_id, project_idx, row_idx, key))");
  SQLite::Statement extra(db, "INSERT INTO project_printed VALUES (?, ?, ?, ?, ?)");
  SQLite::Statement p(db, "INSERT INTO projects VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  SQLite::Statement row(db, "INSERT INTO project_rows VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (size_t i = 0; i < projects.size(); ++i) {
    const Project& pr = projects[i];
    p.reset();
    p.bind(1, id);
    p.bind(2, static_cast<int>(i));
    p.bind(3, pr.id);
    p.bind(4, pr.name);
    p.bind(5, pr.table);
    p.bind(6, pr.owner);
    bind_provenance(p, 7, pr.provenance);
    bind_optional(p, 10, pr.planned);
    bind_optional(p, 11, pr.executed);
    bind_optional(p, 12, pr.fiscal_planned);
    bind_optional(p, 13, pr.fiscal_executed);
    p.bind(14, pr.budget_unit);
    p.bind(15, pr.goal);
    p.bind(16, pr.goal_achieved);
    p.bind(17, pr.note);
    bind_optional(p, 18, pr.weight_share);
    p.exec();
    for (const auto& [row_idx, key, value] : printed(pr)) {
      extra.reset();
      extra.bind(1, id);
      extra.bind(2, static_cast<int>(i));
      extra.bind(3, row_idx);
      extra.bind(4, key);
      extra.bind(5, value);
      extra.exec();
    }
    for (size_t k = 0; k < pr.rows.size(); ++k) {
      const ProjectRow& r = pr.rows[k];
      row.reset();
      row.bind(1, id);
      row.bind(2, static_cast<int>(i));
      row.bind(3, static_cast<int>(k));
      row.bind(4, r.level1);
      row.bind(5, r.level2);
      row.bind(6, r.name);
      row.bind(7, r.target);
      row.bind(8, r.actual);
      bind_optional(row, 9, r.weight);
      bind_optional(row, 10, r.score);
      row.bind(11, r.grade);
      row.bind(12, r.note);
      row.bind(13, r.line);
      row.exec();
    }
  }
}

const std::string kProjectColumns =
    "id, name, table_name, owner, prov_file, prov_quote, prov_inferred, planned, executed, "
    "fiscal_planned, fiscal_executed, budget_unit, goal, goal_achieved, note, weight_share";
const std::string kProjectRowColumns = "project_idx, level1, level2, name, target, actual, weight, score, grade, note, line";
const std::string kProjectPrintedColumns = "project_idx, row_idx, key, value";
void add_project(SQLite::Statement& p, int first, std::vector<Project>& out) {
  auto column = [&](int k) { return p.getColumn(first + k); };
  Project& pr = out.emplace_back();
  pr.id = column(0).getString();
  pr.name = column(1).getString();
  pr.table = column(2).getString();
  pr.owner = column(3).getString();
  pr.provenance = column_provenance(p, first + 4);
  pr.planned = column_optional(p, first + 7, "projects.planned");
  pr.executed = column_optional(p, first + 8, "projects.executed");
  pr.fiscal_planned = column_optional(p, first + 9, "projects.fiscal_planned");
  pr.fiscal_executed = column_optional(p, first + 10, "projects.fiscal_executed");
  pr.budget_unit = column(11).getString();
  pr.goal = column(12).getString();
  pr.goal_achieved = column(13).getString();
  pr.note = column(14).getString();
  pr.weight_share = column_optional(p, first + 15, "projects.weight_share");
}

void add_project_row(SQLite::Statement& row, int first, std::vector<Project>& out) {
  auto column = [&](int k) { return row.getColumn(first + k); };
  const size_t index = static_cast<size_t>(column(0).getInt());
  if (index >= out.size()) throw Error(ErrorKind::kInput, "corrupt database: a project row has no project");
  ProjectRow& r = out[index].rows.emplace_back();
  r.level1 = column(1).getString();
  r.level2 = column(2).getString();
  r.name = column(3).getString();
  r.target = column(4).getString();
  r.actual = column(5).getString();
  r.weight = column_optional(row, first + 6, "project_rows.weight");
  r.score = column_optional(row, first + 7, "project_rows.score");
  r.grade = column(8).getString();
  r.note = column(9).getString();
  r.line = column(10).getInt();
}

void add_printed(SQLite::Statement& extra, int first, std::vector<Project>& out) {
  const size_t index = static_cast<size_t>(extra.getColumn(first).getInt());
  if (index >= out.size()) throw Error(ErrorKind::kInput, "corrupt database: a printed figure has no project");
  read_printed(out[index], extra.getColumn(first + 1).getInt(), extra.getColumn(first + 2).getString(),
               extra.getColumn(first + 3).getString());
}

}  // namespace jixiao::store_sql
