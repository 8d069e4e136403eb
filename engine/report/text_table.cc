#include "text_table.h"

#include <algorithm>

#include "terminal_text.h"
#include "text_width.h"

namespace jixiao {

void TextTable::add_column(std::string header, Align align, int max_width) {
  columns_.push_back({visible(header), align, max_width});
}

void TextTable::add_row(std::vector<std::string> cells) {
  cells.resize(columns_.size());
  for (size_t i = 0; i < cells.size(); ++i) {
    cells[i] = visible(cells[i]);  // a '\r', an escape sequence or a line break cannot disturb the table
    if (columns_[i].max_width > 0) cells[i] = truncate_to_width(cells[i], columns_[i].max_width);
  }
  rows_.push_back(std::move(cells));
}

void TextTable::add_rule() { rows_.emplace_back(); }

std::string TextTable::render() const {
  std::vector<int> widths;
  for (const auto& c : columns_) widths.push_back(display_width(c.header));
  for (const auto& row : rows_)
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], display_width(row[i]));

  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (size_t i = 0; i < cells.size(); ++i) {
      const bool last = i + 1 == cells.size();
      if (i > 0) out += "  ";
      if (columns_[i].align == Align::kRight) out += pad_left(cells[i], widths[i]);
      else out += last ? cells[i] : pad_right(cells[i], widths[i]);
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  // Rules span the padded columns and the last column's header, not the
  // longest reason.
  int total = 0;
  for (size_t i = 0; i + 1 < widths.size(); ++i) total += widths[i] + 2;
  if (!columns_.empty()) total += display_width(columns_.back().header);

  std::vector<std::string> headers;
  for (const auto& c : columns_) headers.push_back(c.header);
  std::string out = line(headers);
  out += std::string(total, '-') + "\n";
  for (const auto& row : rows_) out += row.empty() ? std::string(total, '-') + "\n" : line(row);
  return out;
}

}  // namespace jixiao
