// Plain-text tables aligned by display width (CJK characters take two
// columns). The last column is never padded, so long reasons just run on.
// Cells are shown with their control characters made visible (terminal_text.h:
// "\r", "\x1b", "\n"), so no cell can move the cursor or split its row.
#pragma once

#include <string>
#include <vector>

namespace jixiao {

class TextTable {
 public:
  enum class Align { kLeft, kRight };

  // `max_width` > 0: longer cells are cut to that many columns, ending in "…".
  void add_column(std::string header, Align align = Align::kLeft, int max_width = 0);
  void add_row(std::vector<std::string> cells);  // as many cells as columns
  void add_rule();                               // a line of '-' across the table
  std::string render() const;

 private:
  struct Column {
    std::string header;
    Align align;
    int max_width;
  };
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;  // an empty row is a rule
};

}  // namespace jixiao
