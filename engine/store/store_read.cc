// Reading a record whole from its tables, one query per table: what load()
// gives score and explain, and what a record's packed inputs are made from
// when they are filled in (migration 8) or checked (db check).
#include "store_sql.h"

namespace jixiao::store_sql {

TableReader::TableReader(SQLite::Database& db, std::string path)
    : path_(std::move(path)),
      facts_(db, "SELECT name, label, type, value, unit, prov_file, prov_quote, prov_inferred "
                 "FROM facts WHERE record_id = ?"),
      tables_(db, "SELECT tbl FROM row_tables WHERE record_id = ?"),
      rows_(db, "SELECT tbl, row_index, prov_file, prov_quote, prov_inferred FROM rows "
                "WHERE record_id = ? ORDER BY tbl, row_index"),
      cells_(db, "SELECT tbl, row_index, col, type, value FROM row_cells "
                 "WHERE record_id = ? ORDER BY tbl, row_index, col_index"),
      judgements_(db, "SELECT leaf_id, score, basis, prov_file, prov_quote, prov_inferred "
                      "FROM judgements WHERE record_id = ?"),
      projects_(db, "SELECT " + kProjectColumns + " FROM projects WHERE record_id = ? ORDER BY idx"),
      project_rows_(db, "SELECT " + kProjectRowColumns +
                            " FROM project_rows WHERE record_id = ? ORDER BY project_idx, idx"),
      filed_(db, "SELECT leaf_id, score FROM filed_scores WHERE record_id = ?") {
  if (db.tableExists("project_printed"))
    printed_ = std::make_unique<SQLite::Statement>(
        db, "SELECT " + kProjectPrintedColumns + " FROM project_printed WHERE record_id = ?");
}

void TableReader::read(int64_t id, Record& r) {
  // Each statement is reset when done with, so that none holds a read lock past this call.
  auto start = [id](SQLite::Statement& q) {
    q.reset();
    q.bind(1, id);
    return &q;
  };
  for (auto* q = start(facts_); q->executeStep();) {
    Fact f;
    f.name = q->getColumn(0).getString();
    f.label = q->getColumn(1).getString();
    f.value = read_value(q->getColumn(2).getString(), q->getColumn(3).getString(), "fact " + f.name);
    f.unit = q->getColumn(4).getString();
    f.provenance = column_provenance(*q, 5);
    r.facts[f.name] = std::move(f);
  }
  for (auto* q = start(tables_); q->executeStep();) r.rows[q->getColumn(0).getString()];
  for (auto* q = start(rows_); q->executeStep();) {
    Row row;
    row.provenance = column_provenance(*q, 2);
    r.rows[q->getColumn(0).getString()].push_back(std::move(row));
  }
  for (auto* q = start(cells_); q->executeStep();) {
    const std::string table = q->getColumn(0).getString();
    const size_t index = static_cast<size_t>(q->getColumn(1).getInt());
    auto found = r.rows.find(table);
    if (found == r.rows.end() || index >= found->second.size()) {
      q->reset();
      throw Error(ErrorKind::kInput, "corrupt database: a cell of " + table + " has no row", Location{path_});
    }
    found->second[index].cells.emplace_back(
        q->getColumn(2).getString(), read_value(q->getColumn(3).getString(), q->getColumn(4).getString(), table));
  }
  for (auto* q = start(judgements_); q->executeStep();) {
    Judgement j;
    j.score = read_decimal(q->getColumn(1).getString(), "judgements");
    j.basis = q->getColumn(2).getString();
    j.provenance = column_provenance(*q, 3);
    r.judgements[q->getColumn(0).getString()] = std::move(j);
  }
  for (auto* q = start(projects_); q->executeStep();) add_project(*q, 0, r.projects);
  for (auto* q = start(project_rows_); q->executeStep();) add_project_row(*q, 0, r.projects);
  if (printed_)
    for (auto* q = start(*printed_); q->executeStep();) add_printed(*q, 0, r.projects);
  for (auto* q = start(filed_); q->executeStep();)
    r.filed_scores[q->getColumn(0).getString()] = read_decimal(q->getColumn(1).getString(), "filed_scores");
  for (auto* q : {&facts_, &tables_, &rows_, &cells_, &judgements_, &projects_, &project_rows_, &filed_}) q->reset();
  if (printed_) printed_->reset();
}

}  // namespace jixiao::store_sql
