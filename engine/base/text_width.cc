#include "text_width.h"

#include <utf8proc.h>

#include "terminal_text.h"

namespace jixiao {

namespace {

// Columns of one code point from utf8proc's Unicode tables (East Asian Wide
// and Fullwidth, emoji: 2; combining marks, zero-width characters: 0);
// an invalid byte (-1 from next_code_point) takes one column.
int columns(long c) {
  if (c < 0) return 1;
  return utf8proc_charwidth(static_cast<utf8proc_int32_t>(c));
}

}  // namespace

int display_width(std::string_view text) {
  int width = 0;
  for (size_t i = 0; i < text.size();) width += columns(next_code_point(text, i));
  return width;
}

std::string truncate_to_width(std::string_view text, int width) {
  if (display_width(text) <= width) return std::string(text);
  std::string out;
  int used = 0;
  for (size_t i = 0; i < text.size();) {
    const size_t start = i;
    const int w = columns(next_code_point(text, i));
    if (used + w > width - 1) break;  // keep one column for the ellipsis
    out.append(text.substr(start, i - start));
    used += w;
  }
  return out + "…";
}

std::string pad_right(std::string_view text, int width) {
  std::string out(text);
  for (int w = display_width(text); w < width; ++w) out += ' ';
  return out;
}

std::string pad_left(std::string_view text, int width) {
  const int w = display_width(text);
  return std::string(w < width ? width - w : 0, ' ') + std::string(text);
}

}  // namespace jixiao
