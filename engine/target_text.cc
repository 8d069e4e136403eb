#include "target_text.h"

#include <vector>

namespace jixiao {

namespace {

bool starts_with(const std::string& s, size_t at, const char* prefix) {
  return s.compare(at, std::char_traits<char>::length(prefix), prefix) == 0;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Full-width digits, point and percent sign as ASCII; ≥/≤ spelt out kept.
std::string normalize(const std::string& text) {
  static const std::pair<const char*, const char*> kMap[] = {
      {"０", "0"}, {"１", "1"}, {"２", "2"}, {"３", "3"}, {"４", "4"}, {"５", "5"}, {"６", "6"},
      {"７", "7"}, {"８", "8"}, {"９", "9"}, {"．", "."}, {"％", "%"}, {"＞", ">"}, {"＜", "<"},
      {"＝", "="}, {"　", " "}};
  std::string out;
  for (size_t i = 0; i < text.size();) {
    bool mapped = false;
    for (const auto& [from, to] : kMap)
      if (starts_with(text, i, from)) {
        out += to;
        i += std::char_traits<char>::length(from);
        mapped = true;
        break;
      }
    if (!mapped) out += text[i++];
  }
  return out;
}

struct Figure {
  size_t begin, end;  // byte range of the digits
  std::string digits;
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Figures that are amounts, not parts of dates: "2021年" (four digits and 年),
// "6月", "30日", and "1-12月" are dates.
std::vector<Figure> figures(const std::string& s, bool& saw_date) {
  std::vector<Figure> out;
  for (size_t i = 0; i < s.size();) {
    if (!is_digit(s[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < s.size() && is_digit(s[j])) ++j;
    if (j + 1 < s.size() && s[j] == '.' && is_digit(s[j + 1])) {
      ++j;
      while (j < s.size() && is_digit(s[j])) ++j;
    }
    const std::string digits = s.substr(i, j - i);
    const bool year = digits.size() == 4 && starts_with(s, j, "年");
    const bool month_or_day = starts_with(s, j, "月") || starts_with(s, j, "日") ||
                              (j < s.size() && s[j] == '-' && j + 1 < s.size() && is_digit(s[j + 1]) &&
                               s.find("月", j) != std::string::npos && s.find("月", j) < j + 6);
    if (year || month_or_day) {
      saw_date = true;
    } else {
      out.push_back({i, j, digits});
    }
    i = j;
  }
  return out;
}

// The unit written right after a figure: up to the first word that is an
// operator, punctuation or the end.
std::string unit_after(const std::string& s, size_t at) {
  static const char* const kStops[] = {"左右", "以上", "以下", "以内", "及以上", "及以下", "，", "、", "。", "；",
                                        ",",    ";",    " ",    "的",   "（含",   "或",     "和",   "及"};
  size_t end = at;
  while (end < s.size()) {
    bool stop = false;
    for (const char* w : kStops) stop = stop || starts_with(s, end, w);
    if (stop || is_digit(s[end])) break;
    const auto b = static_cast<unsigned char>(s[end]);
    end += b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : 4;
  }
  std::string unit = s.substr(at, end - at);
  if (unit.size() > 12) unit.clear();  // a whole phrase, not a unit
  return unit;
}

ParsedValue read(const std::string& original) {
  ParsedValue p;
  p.text = original;
  const std::string s = normalize(original);
  bool saw_date = false;
  const auto found = figures(s, saw_date);
  if (found.empty()) {
    if (saw_date) {
      p.why = "a date or period, not a figure";
      return p;
    }
    p.kind = ParsedValue::Kind::kText;
    return p;
  }
  if (found.size() > 1) {
    p.why = std::to_string(found.size()) + " figures in one cell";
    return p;
  }
  const Figure& f = found.front();
  const auto value = Decimal::parse(f.digits);
  if (!value) {
    p.why = "the figure " + f.digits + " has more digits than jixiao keeps";
    return p;
  }
  p.kind = ParsedValue::Kind::kNumber;
  p.value = *value;
  p.unit = unit_after(s, f.end);
  const std::string before = s.substr(0, f.begin);
  const std::string after = s.substr(f.end + p.unit.size());
  auto after_has = [&](const char* w) { return after.find(w) != std::string::npos; };
  if (ends_with(before, "≥") || ends_with(before, ">=") || ends_with(before, "不低于") || ends_with(before, "不少于") ||
      ends_with(before, "大于等于") || ends_with(before, "至少") || after_has("以上") || after_has("及以上"))
    p.op = ParsedValue::Op::kGe;
  else if (ends_with(before, "≤") || ends_with(before, "<=") || ends_with(before, "不高于") ||
           ends_with(before, "不超过") || ends_with(before, "不多于") || ends_with(before, "小于等于") ||
           after_has("以下") || after_has("以内"))
    p.op = ParsedValue::Op::kLe;
  else if (ends_with(before, ">") || ends_with(before, "大于") || ends_with(before, "高于"))
    p.op = ParsedValue::Op::kGt;
  else if (ends_with(before, "<") || ends_with(before, "小于") || ends_with(before, "低于"))
    p.op = ParsedValue::Op::kLt;
  else if (after_has("左右") || ends_with(before, "约"))
    p.op = ParsedValue::Op::kApprox;
  return p;
}

}  // namespace

ParsedValue parse_target(const std::string& text) { return read(text); }

ParsedValue parse_actual(const std::string& text) {
  for (const char* not_done : {"未执行", "未完成", "未实施", "未开展", "未采购", "取消", "暂未"}) {
    if (text.find(not_done) != std::string::npos) {
      ParsedValue p;
      p.kind = ParsedValue::Kind::kNotDone;
      p.text = text;
      p.why = std::string("「") + not_done + "」";
      return p;
    }
  }
  return read(text);
}

const char* op_name(ParsedValue::Op op) {
  switch (op) {
    case ParsedValue::Op::kEq: return "eq";
    case ParsedValue::Op::kGe: return "ge";
    case ParsedValue::Op::kGt: return "gt";
    case ParsedValue::Op::kLe: return "le";
    case ParsedValue::Op::kLt: return "lt";
    case ParsedValue::Op::kApprox: return "approx";
  }
  return "";
}

const char* op_symbol(ParsedValue::Op op) {
  switch (op) {
    case ParsedValue::Op::kEq: return "=";
    case ParsedValue::Op::kGe: return "≥";
    case ParsedValue::Op::kGt: return ">";
    case ParsedValue::Op::kLe: return "≤";
    case ParsedValue::Op::kLt: return "<";
    case ParsedValue::Op::kApprox: return "≈";
  }
  return "";
}

const char* kind_name(ParsedValue::Kind kind) {
  switch (kind) {
    case ParsedValue::Kind::kNumber: return "number";
    case ParsedValue::Kind::kText: return "text";
    case ParsedValue::Kind::kNotDone: return "not-done";
    case ParsedValue::Kind::kUnread: return "unread";
  }
  return "";
}

}  // namespace jixiao
