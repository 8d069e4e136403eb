// Display width of UTF-8 text in a terminal: a CJK character takes two
// columns, so tables of Chinese names line up.
#pragma once

#include <string>
#include <string_view>

namespace jixiao {

// Columns that `text` occupies; invalid UTF-8 bytes count one column each.
int display_width(std::string_view text);

// `text` cut to at most `width` columns, ending in "…" when it was cut.
std::string truncate_to_width(std::string_view text, int width);

// `text` followed by spaces up to `width` columns (never truncated).
std::string pad_right(std::string_view text, int width);
// Spaces, then `text`, so that the whole is `width` columns.
std::string pad_left(std::string_view text, int width);

}  // namespace jixiao
