#include "number_forms.h"

#include <cctype>

#include "decimal.h"

namespace jixiao {

namespace {

// Hand-written scanners, not std::regex: libstdc++'s recurses per character
// and a long enough value would overflow the stack.
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Skips a sign at `i`.
size_t after_sign(const std::string& s) { return !s.empty() && (s[0] == '-' || s[0] == '+') ? 1 : 0; }

// Digits at `i`, advancing it; how many.
size_t digits_at(const std::string& s, size_t& i, int base = 10) {
  const size_t start = i;
  while (i < s.size()) {
    const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(s[i])));
    const bool ok = base == 16 ? is_digit(c) || (c >= 'a' && c <= 'f') : base == 8 ? c >= '0' && c <= '7' : is_digit(c);
    if (!ok) break;
    ++i;
  }
  return i - start;
}

// "0x1F" or "0o17" (after a sign): the digits' base and where they start, or 0.
int prefixed_base(const std::string& s, size_t i) {
  if (i + 2 >= s.size() || s[i] != '0') return 0;
  if (s[i + 1] == 'x' || s[i + 1] == 'X') return 16;
  if (s[i + 1] == 'o' || s[i + 1] == 'O') return 8;
  return 0;
}

}  // namespace

std::optional<std::string> unread_number(const std::string& text) {
  if (Decimal::parse(text)) return std::nullopt;
  const std::string quoted = "'" + text + "'";
  const size_t start = after_sign(text);
  const std::string body = text.substr(start);
  if (body == ".nan" || body == ".NaN" || body == ".NAN") return quoted + " is not a number";
  if (body == ".inf" || body == ".Inf" || body == ".INF") return quoted + " is infinite, not a number";

  if (const int base = prefixed_base(text, start)) {
    size_t i = start + 2;
    const size_t n = digits_at(text, i, base);
    if (n > 0 && i == text.size()) {
      const char* name = base == 16 ? "hexadecimal" : "octal";
      std::string instead = "write it in decimal";
      if (n <= 12)
        instead = "write " + std::string(text[0] == '-' ? "-" : "") +
                  std::to_string(std::stoll(text.substr(start + 2), nullptr, base));
      return std::string(name) + " numbers (" + quoted + ") are not accepted: " + instead;
    }
    return std::nullopt;
  }

  // [sign] digits [. digits] [e [sign] digits], or [sign] . digits [e …]
  size_t i = start;
  const size_t whole = digits_at(text, i);
  size_t places = 0;
  bool point = false;
  if (i < text.size() && text[i] == '.') {
    point = true;
    ++i;
    places = digits_at(text, i);
  }
  if (whole == 0 && places == 0) return std::nullopt;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
    if (digits_at(text, i) > 0 && i == text.size())
      return "a number in exponent form (" + quoted + ") is not accepted: write it out in digits";
    return std::nullopt;
  }
  if (i == text.size() && whole > 0 && (!point || places > 0)) {
    if (places > static_cast<size_t>(Decimal::kPlaces))
      return quoted + " has more than " + std::to_string(Decimal::kPlaces) + " decimal places";
    return quoted + " is too large: numbers go from -9223372036854.775807 to 9223372036854.775807";
  }

  // 1,000 or 12,345.5: groups of three after the first one to three digits.
  i = start;
  const size_t first = digits_at(text, i);
  if (first == 0 || first > 3 || i >= text.size() || text[i] != ',') return std::nullopt;
  while (i < text.size() && text[i] == ',') {
    ++i;
    if (digits_at(text, i) != 3) return std::nullopt;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    if (digits_at(text, i) == 0) return std::nullopt;
  }
  if (i != text.size()) return std::nullopt;
  std::string plain;
  for (char c : text)
    if (c != ',') plain += c;
  return quoted + " has thousands separators: write " + plain;
}

}  // namespace jixiao
