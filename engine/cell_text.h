// Cells of CSV and Markdown tables made safe: whatever text a data file or a
// script produced, a cell stays one cell, on one line, and is read as text.
#pragma once

#include <string>

namespace jixiao {

// A CSV field: control characters shown as escapes (terminal_text.h), so no
// raw line break splits a record; a cell a spreadsheet would take for a
// formula (starting with =, +, - or @) gets a leading apostrophe; quoted
// when it holds a comma or a quote.
std::string csv_field(const std::string& text);

// A Markdown table cell: control characters (line breaks too) as escapes,
// '|' escaped.
std::string markdown_cell(const std::string& text);

}  // namespace jixiao
