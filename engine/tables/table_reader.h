// Reads the tables people keep, CSV and xlsx, as grids of cell texts as Excel
// shows them, with a merged range's value in every cell of the range. Only
// table_csv.cc knows iconv and only table_xlsx.cc knows libzip and pugixml.
#pragma once

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "error.h"

namespace jixiao {

struct Sheet {
  std::string file;  // as the user named it
  std::string name;  // the sheet's name in a workbook; empty for CSV
  std::vector<std::vector<std::string>> cells;  // cells[row][column], 0-based, rows may be ragged
  // Cells inside a merged range → the range's top-left cell (row, column).
  std::map<std::pair<int, int>, std::pair<int, int>> merged_into;
  // Cells (row, column) that hold an Excel error value (#DIV/0!, #REF!, #N/A, …)
  // as their text: a formula without a value, never to be read as one.
  std::set<std::pair<int, int>> errors;

  int rows() const { return static_cast<int>(cells.size()); }
  // The text of a cell; "" beyond the grid or for an empty cell.
  const std::string& at(int row, int column) const;
  // Whether two cells belong to the same merged range.
  bool same_merge(int row_a, int col_a, int row_b, int col_b) const;
  // "FILE, cell B3" or "FILE, sheet NAME, cell B3", for messages.
  Location where(int row, int column) const;
  // "FILE" or "FILE, sheet NAME".
  std::string title() const;
};

// "A1" for (0, 0), "AB12" for (11, 27).
std::string cell_name(int row, int column);

// Error(kInput) at the cell for an error cell read as a value: "WHAT: the cell
// 'SHEET'!G8 shows Excel's error #DIV/0! (除数为零, a division by zero), not a
// value: correct the formula in Excel or type the value". `what` says what the
// value is for (e.g. "fact annual_budget: value"); the cell is named as Excel's
// Name Box takes it.
[[noreturn]] void refuse_error_cell(const Sheet& sheet, int row, int column, const std::string& what);

// Reads a CSV file's bytes: UTF-8 with or without a BOM, or GB18030 (which
// covers GBK and GB2312, as Chinese Excel saves CSV) converted to UTF-8.
// Quoted cells may hold commas, quotes ("") and line breaks. Throws
// Error(kInput) naming the file when the text is neither encoding or a quote
// is left open.
Sheet parse_csv(const std::string& bytes, const std::string& file);

// Reads every sheet of an xlsx workbook, in workbook order: shared and inline
// strings, numbers as the <v> text Excel stored (to 15 significant digits,
// never in exponent form, so 0.30000000000000004 reads 0.3), a number whose
// cell format shows a percentage as one (0.95 → "95%") and one that shows a
// date as "2023年12月1日", booleans as TRUE/FALSE, formula results as their
// cached value, error values (#DIV/0!, …) as their text and in `errors`,
// merged ranges filled.
// Throws Error(kIo) when the file cannot be opened as a zip, Error(kInput)
// naming the file (and sheet, cell) for a workbook that is not well formed.
std::vector<Sheet> read_xlsx(const std::string& path);

// A number stored in a cell's <v> as Excel shows it in General format: at
// most 15 significant digits, never in exponent form ("686.54000000000008" →
// "686.54", "1E-3" → "0.001"). Text that is not a number is returned as is.
std::string excel_number(const std::string& v);

// By the file's extension: .csv (one sheet) or .xlsx. Throws Error(kInput)
// for any other extension.
std::vector<Sheet> read_table_file(const std::string& path);

// Whether `path` ends in .csv or .xlsx (any case).
bool is_table_file(const std::string& path);

}  // namespace jixiao
