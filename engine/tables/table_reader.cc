#include "table_reader.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "files.h"
#include "utf8.h"

namespace jixiao {

namespace {

std::string lower_extension(const std::string& path) {
  const size_t dot = path.rfind('.');
  if (dot == std::string::npos || path.find('/', dot) != std::string::npos) return "";
  std::string ext = path.substr(dot + 1);
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

// Cells are text from people's files, held to what YAML sources are: well-
// formed UTF-8 without control characters (line breaks and tabs allowed).
const std::vector<Sheet>& checked(const std::vector<Sheet>& sheets) {
  for (const Sheet& sheet : sheets)
    for (size_t r = 0; r < sheet.cells.size(); ++r)
      for (size_t c = 0; c < sheet.cells[r].size(); ++c) {
        const std::string& text = sheet.cells[r][c];
        auto problem = find_invalid_utf8(text);
        if (!problem) problem = find_control_character(text, true);
        if (problem) throw Error(ErrorKind::kInput, problem->message, sheet.where(static_cast<int>(r), static_cast<int>(c)));
      }
  return sheets;
}

}  // namespace

const std::string& Sheet::at(int row, int column) const {
  static const std::string empty;
  if (row < 0 || row >= rows() || column < 0) return empty;
  const auto& r = cells[static_cast<size_t>(row)];
  return column < static_cast<int>(r.size()) ? r[static_cast<size_t>(column)] : empty;
}

bool Sheet::same_merge(int row_a, int col_a, int row_b, int col_b) const {
  const auto a = merged_into.find({row_a, col_a});
  const auto b = merged_into.find({row_b, col_b});
  return a != merged_into.end() && b != merged_into.end() && a->second == b->second;
}

std::string Sheet::title() const { return name.empty() ? file : file + ", sheet " + name; }

Location Sheet::where(int row, int column) const { return Location{title() + ", cell " + cell_name(row, column)}; }

std::string cell_name(int row, int column) {
  std::string letters;
  for (int c = column + 1; c > 0; c = (c - 1) / 26) letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
  return letters + std::to_string(row + 1);
}

void refuse_error_cell(const Sheet& sheet, int row, int column, const std::string& what) {
  static const std::map<std::string, std::string> kMeaning = {
      {"#DIV/0!", "除数为零, a division by zero"},
      {"#REF!", "引用的单元格已删除, a reference to a deleted cell"},
      {"#N/A", "查找不到值, a lookup that found nothing"},
      {"#VALUE!", "值的类型不对, a value of the wrong type"},
      {"#NAME?", "未知的函数或名称, an unknown function or name"},
      {"#NUM!", "数值无效, an invalid number"},
      {"#NULL!", "区域不相交, ranges that do not meet"},
  };
  const std::string& code = sheet.at(row, column);
  const auto meaning = kMeaning.find(code);
  std::string quoted;  // 'facts'!G8: the sheet name quoted as Excel does, its quotes doubled
  for (char c : sheet.name) quoted += c == '\'' ? std::string("''") : std::string(1, c);
  const std::string cell = (sheet.name.empty() ? "" : "'" + quoted + "'!") + cell_name(row, column);
  throw Error(ErrorKind::kInput,
              what + ": the cell " + cell + " shows Excel's error " + code +
                  (meaning == kMeaning.end() ? "" : " (" + meaning->second + ")") +
                  ", not a value: correct the formula in Excel or type the value",
              sheet.where(row, column));
}

bool is_table_file(const std::string& path) {
  const std::string ext = lower_extension(path);
  return ext == "csv" || ext == "xlsx";
}

std::vector<Sheet> read_table_file(const std::string& path) {
  const std::string ext = lower_extension(path);
  if (ext == "csv") return checked({parse_csv(read_file(path), path)});
  if (ext == "xlsx") return checked(read_xlsx(path));
  throw Error(ErrorKind::kInput, "expected a table as .csv or .xlsx (an .xls or .et file: save it as .xlsx first)",
              Location{path});
}

}  // namespace jixiao
