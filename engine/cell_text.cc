#include "cell_text.h"

#include "terminal_text.h"

namespace jixiao {

std::string csv_field(const std::string& text) {
  std::string s = visible(text);
  if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@')) s.insert(0, "'");
  if (s.find_first_of(",\"") == std::string::npos) return s;
  std::string out = "\"";
  for (char ch : s) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}

std::string markdown_cell(const std::string& text) {
  std::string out;
  for (char ch : visible(text)) out += ch == '|' ? std::string("\\|") : std::string(1, ch);
  return out;
}

}  // namespace jixiao
