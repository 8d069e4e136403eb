#include "text_width.h"

namespace jixiao {

namespace {

// East Asian Wide and Fullwidth ranges (Unicode 15, UAX #11), the ones that
// occur in Chinese documents: CJK ideographs, punctuation, fullwidth forms.
bool is_wide(char32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
         (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
         (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
         (c >= 0x20000 && c <= 0x3FFFD);
}

bool is_zero_width(char32_t c) {
  return (c >= 0x0300 && c <= 0x036F) || c == 0x200B || c == 0x200D ||
         (c >= 0xFE00 && c <= 0xFE0F);
}

}  // namespace

int display_width(std::string_view text) {
  int width = 0;
  size_t i = 0;
  while (i < text.size()) {
    const auto b = static_cast<unsigned char>(text[i]);
    int len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > text.size()) {  // invalid byte: one column
      ++width;
      ++i;
      continue;
    }
    char32_t c = len == 1 ? b : b & (0xFF >> (len + 1));
    for (int k = 1; k < len; ++k) c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    i += len;
    if (is_zero_width(c)) continue;
    width += is_wide(c) ? 2 : 1;
  }
  return width;
}

std::string truncate_to_width(std::string_view text, int width) {
  if (display_width(text) <= width) return std::string(text);
  std::string out;
  int used = 0;
  for (size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    const size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : 4;
    const std::string_view piece = text.substr(i, len);
    const int w = display_width(piece);
    if (used + w > width - 1) break;  // keep one column for the ellipsis
    out += piece;
    used += w;
    i += len;
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
