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

// The first line of a CSV document: a UTF-8 byte-order mark, so that Excel
// and WPS read the file as UTF-8 and not in the system code page (Chinese
// text as mojibake otherwise), then `columns` and a line break. Every CSV
// writer starts with it.
std::string csv_header(const std::string& columns);

// Markdown text (a heading, a line under a table): control characters (line
// breaks too) as escapes, and '&', '<', '>' as the entities &amp; &lt; &gt;,
// so text from a data file (an entity named <img src=x onerror=…>) reads as
// the characters it is and never as HTML a renderer would run.
std::string markdown_text(const std::string& text);

// A Markdown table cell: markdown_text with '|' escaped too.
std::string markdown_cell(const std::string& text);

}  // namespace jixiao
