#include "cell_text.h"

#include "terminal_text.h"

namespace jixiao {

namespace {

// "-4.00", "+2.91": a spreadsheet reads these as the numbers they are.
bool is_plain_number(const std::string& s) {
  size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  bool digits = false, point = false;
  for (; i < s.size(); ++i) {
    if (s[i] >= '0' && s[i] <= '9') digits = true;
    else if (s[i] == '.' && !point) point = true;
    else return false;
  }
  return digits;
}

}  // namespace

std::string csv_field(const std::string& text) {
  std::string s = visible(text);
  if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@') && !is_plain_number(s))
    s.insert(0, "'");
  if (s.find_first_of(",\"") == std::string::npos) return s;
  std::string out = "\"";
  for (char ch : s) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}

std::string csv_header(const std::string& columns) { return "\xEF\xBB\xBF" + columns + "\n"; }

std::string markdown_text(const std::string& text) {
  std::string out;
  for (char ch : visible(text)) {
    if (ch == '&') out += "&amp;";
    else if (ch == '<') out += "&lt;";
    else if (ch == '>') out += "&gt;";
    else out += ch;
  }
  return out;
}

std::string markdown_cell(const std::string& text) {
  std::string out;
  for (char ch : markdown_text(text)) out += ch == '|' ? std::string("\\|") : std::string(1, ch);
  return out;
}

}  // namespace jixiao
