// Data sources as tables people keep (CSV sheets, xlsx workbooks): facts,
// judgements, filed scores and row tables in the column layouts of
// data/README.md, read into the same Records a YAML source gives, through
// the same checks.
#pragma once

#include <string>
#include <vector>

#include "record.h"

namespace jixiao {

struct TableRecord {
  Record record;     // source: the first file it was read from
  std::string hash;  // of every file it was read from, in the order given
};

// Reads every sheet of every file (a CSV is one sheet) and groups the rows
// by entity, year and record: one Record each, so one workbook, or several
// CSV files named together, make a record. Each sheet's first row names its
// columns, which tell its layout (project rows: level1; projects: project;
// rows: table; judgements: basis; facts: value; filed: leaf, score). An
// empty entity, year, set or record cell (and a project row's project,
// level1, level2), and a row whose source_file, quote and inferred are all
// empty, take the value of the row above (so provenance may be given once
// for a whole sheet, or in a merged cell). Project rows join their project
// once every file is read. Throws Error(kInput) naming the
// file, sheet and cell: an unknown column (with the nearest known name), a
// name given twice, and everything parse_record() refuses.
std::vector<TableRecord> records_from_tables(const std::vector<std::string>& paths);

}  // namespace jixiao
