#include "yaml_text.h"

#include <cctype>
#include <cstdio>

#include "decimal.h"

namespace jixiao {

namespace {

bool plain_is_safe(const std::string& text) {
  if (text.empty() || text == "unknown" || text == "true" || text == "false" || text == "null" || text == "~" ||
      text == "yes" || text == "no" || Decimal::parse(text))
    return false;
  const unsigned char first = static_cast<unsigned char>(text[0]);
  if (first == ' ' || first == '-' || first == '?' || first == ':' || first == '.' || std::isdigit(first)) return false;
  if (text.back() == ' ') return false;
  for (unsigned char c : text) {
    if (c >= 0x80) continue;  // CJK and other non-ASCII text
    if (std::isalnum(c) || c == '_' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')' || c == ' ') continue;
    return false;
  }
  return true;
}

}  // namespace

std::string yaml_scalar(const std::string& text) {
  if (plain_is_safe(text)) return text;
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char hex[8];
          std::snprintf(hex, sizeof hex, "\\x%02x", c);
          out += hex;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string yaml_value(const std::string& text, int indent) {
  bool block = text.find('\n') != std::string::npos && text[0] != ' ' && text.back() != '\n';
  for (size_t i = 0; block && i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\n') || c == 0x7f) block = false;
    if (c == '\n' && (i == 0 || text[i - 1] == ' ' || (i + 1 < text.size() && text[i + 1] == ' '))) block = false;
  }
  if (text.find("\n\n") != std::string::npos) block = false;  // keep it simple: no blank lines in blocks
  if (!block) return yaml_scalar(text);
  const std::string pad(static_cast<size_t>(indent), ' ');
  std::string out = "|-";
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = text.find('\n', start);
    out += "\n" + pad + text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

}  // namespace jixiao
