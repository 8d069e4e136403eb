#include "target_text.h"

#include <initializer_list>
#include <string_view>
#include <vector>

namespace jixiao {

namespace {

// Views, not strings: the parse compares against dozens of words per byte
// and must not build a string for each (std::out_of_range past the end, as
// std::string::compare).
bool starts_with(std::string_view s, size_t at, std::string_view prefix) {
  return s.substr(at, prefix.size()) == prefix;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

size_t char_length(const std::string& s, size_t at) {
  const auto b = static_cast<unsigned char>(s[at]);
  return b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : 4;
}

// Whether a spelling in normalize's map may start with byte `c`: the lead
// bytes of its full-width forms (EF, E7 百, E2 ≧ ═, E3 　, C2 NBSP) and the
// ASCII it drops or joins (spaces, > and < of >= <=).
bool may_map(char c) {
  switch (static_cast<unsigned char>(c)) {
    case 0xEF: case 0xE7: case 0xE2: case 0xE3: case 0xC2:
    case ' ': case '\t': case '\n': case '\r': case '>': case '<':
      return true;
    default:
      return false;
  }
}

// Every spelling as one: full-width digits, point and percent sign as ASCII,
// ≧ ⩾ >= ＞＝ as ≥, ≦ ⩽ <= ＜＝ as ≤, ＝ ═ ﹦ as =, 百分比 as %; spaces of any
// width dropped (tables print "≧ 100 %").
std::string normalize(const std::string& text) {
  static constexpr std::pair<std::string_view, std::string_view> kMap[] = {
      {"０", "0"}, {"１", "1"}, {"２", "2"}, {"３", "3"}, {"４", "4"}, {"５", "5"}, {"６", "6"}, {"７", "7"},
      {"８", "8"}, {"９", "9"}, {"．", "."}, {"％", "%"}, {"﹪", "%"}, {"百分比", "%"}, {"≧", "≥"},
      {"⩾", "≥"}, {"≦", "≤"}, {"⩽", "≤"}, {"＞", ">"}, {"＜", "<"}, {"＝", "="}, {"═", "="}, {"﹦", "="},
      {"　", ""}, {"\xC2\xA0", ""}, {" ", ""}, {"\t", ""}, {"\n", ""}, {"\r", ""}, {">=", "≥"}, {"<=", "≤"}};
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    size_t run = i;  // most bytes: no spelling in kMap starts with them; copied a run at a time
    while (run < text.size() && !may_map(text[run])) ++run;
    out.append(text, i, run - i);
    if (run == text.size()) break;
    i = run;
    bool mapped = false;
    for (const auto& [from, to] : kMap)
      if (from[0] == text[i] && starts_with(text, i, from)) {
        out += to;
        i += from.size();
        mapped = true;
        break;
      }
    if (!mapped) out += text[i++];
  }
  // ">=" spelt with a full-width sign on one side only reads as ≥ too.
  if (out.find_first_of("<>") == std::string::npos) return out;
  for (const auto& [from, to] : {std::pair<const char*, const char*>{">=", "≥"}, {"<=", "≤"}})
    for (size_t at; (at = out.find(from)) != std::string::npos;) out.replace(at, 2, to);
  return out;
}

struct Figure {
  size_t begin, end;  // byte range of the digits
  std::string digits;
};

struct DateParts {
  int year = 0, month = 0, day = 0;
  bool any() const { return year || month || day; }
};

// Figures that are amounts, and the date the text names: "2021年" (four
// digits and 年), "6月", "30日", "1-12月" (the period's end) and 年底/年末 are
// dates, not amounts.
std::vector<Figure> figures(const std::string& s, DateParts& date) {
  std::vector<Figure> out;
  for (size_t i = 0; i < s.size();) {
    if (!is_digit(s[i])) {
      i += char_length(s, i);
      continue;
    }
    size_t j = i;
    std::string digits;
    while (j < s.size() && is_digit(s[j])) digits += s[j++];
    // 8,000: a thousands separator between groups of three.
    while (j + 3 < s.size() && s[j] == ',' && is_digit(s[j + 1]) && is_digit(s[j + 2]) && is_digit(s[j + 3]) &&
           (j + 4 >= s.size() || !is_digit(s[j + 4]))) {
      digits += s.substr(j + 1, 3);
      j += 4;
    }
    if (j + 1 < s.size() && s[j] == '.' && is_digit(s[j + 1])) {
      digits += s[j++];
      while (j < s.size() && is_digit(s[j])) digits += s[j++];
    }
    const int n = digits.size() <= 4 && digits.find('.') == std::string::npos ? std::stoi(digits) : -1;
    size_t range_end = j;  // "1-12月": the digits after the dash, a month 1..12
    int range_month = 0;
    if (j < s.size() && (s[j] == '-' || s[j] == '~' || starts_with(s, j, "—") || starts_with(s, j, "至"))) {
      const size_t from = j + char_length(s, j);
      size_t k = from;
      while (k < s.size() && is_digit(s[k])) ++k;
      if (k > from && k - from <= 2 && starts_with(s, k, "月")) {
        range_month = std::stoi(s.substr(from, k - from));  // at most two digits: no overflow
        if (range_month >= 1 && range_month <= 12) range_end = k;
      }
    }
    if (digits.size() == 4 && n > 0 && starts_with(s, j, "年")) {
      date.year = n;
    } else if (n >= 1 && n <= 12 && starts_with(s, j, "月")) {
      date.month = n;
    } else if (range_end != j) {
      date.month = range_month;
      j = range_end;
    } else if (n >= 1 && n <= 31 && (starts_with(s, j, "日") || starts_with(s, j, "号")) && date.month) {
      date.day = n;
    } else {
      out.push_back({i, j, digits});
    }
    i = j;
  }
  if (date.month || s.find("年") == std::string::npos) return out;  // each word below has 年
  if (s.find("年底") != std::string::npos || s.find("年末") != std::string::npos) date.month = 12;
  if (!date.month && s.find("上半年") != std::string::npos) date.month = 6;
  if (!date.month && s.find("下半年") != std::string::npos) date.month = 12;
  return out;
}

// The unit written right after a figure: up to the first word that is an
// operator, punctuation or the end.
std::string unit_after(const std::string& s, size_t at) {
  static constexpr std::string_view kStops[] = {"左右", "上下", "以上", "以下", "以内", "之内", "内", "及以上",
                                                "及以下", "（含", "(含", "，", "、", "。", "；", ",", ";", "的",
                                                "或", "和", "及", "="};
  size_t end = at;
  while (end < s.size()) {
    bool stop = false;
    for (std::string_view w : kStops)  // two bytes compared first: most of the words share a lead byte
      if (w[0] == s[end] && (w.size() == 1 || w[1] == s[end + 1]) && starts_with(s, end, w)) {
        stop = true;
        break;
      }
    if (stop || is_digit(s[end])) break;
    end += char_length(s, end);
  }
  std::string unit = s.substr(at, end - at);
  if (unit.size() <= 12) return unit;
  // A whole phrase follows ("5万元拨付昭觉…"): the unit it starts with, if it is a common one.
  static constexpr std::string_view kUnits[] = {"万元", "元", "%", "人次", "人", "个", "次", "期", "场", "家",
                                                "份", "台", "项", "天", "公里", "平方米", "米", "亩", "户", "所",
                                                "套", "册", "篇", "本", "件", "辆", "名", "批", "小时", "年",
                                                "月", "单", "处", "座", "条", "株", "吨"};
  for (std::string_view known : kUnits)
    if (starts_with(unit, 0, known)) return std::string(known);
  return "";  // a phrase, not a unit
}

using Op = ParsedValue::Op;

// Words and signs written before a figure, longest first so that 不低于 is
// not read as 低于.
Op op_before(std::string_view before, bool& found, bool& weak) {
  static constexpr std::pair<std::string_view, Op> kWords[] = {
      {"大于或等于", Op::kGe}, {"小于或等于", Op::kLe}, {"高于或等于", Op::kGe}, {"低于或等于", Op::kLe},
      {"大于等于", Op::kGe},   {"小于等于", Op::kLe},   {"不低于", Op::kGe},     {"不少于", Op::kGe},
      {"不小于", Op::kGe},     {"不高于", Op::kLe},     {"不超过", Op::kLe},     {"不多于", Op::kLe},
      {"不大于", Op::kLe},     {"控制在", Op::kLe},     {"至少", Op::kGe},       {"达到", Op::kGe},
      {"最多", Op::kLe},       {"超过", Op::kGt},       {"大于", Op::kGt},       {"高于", Op::kGt},
      {"多于", Op::kGt},       {"低于", Op::kLt},       {"少于", Op::kLt},       {"小于", Op::kLt},
      {"等于", Op::kEq},       {"大约", Op::kApprox},   {"≥", Op::kGe},          {"≤", Op::kLe},
      {">", Op::kGt},          {"<", Op::kLt},          {"=", Op::kEq},          {"≈", Op::kApprox},
      {"约", Op::kApprox},     {"达", Op::kGe},         {"超", Op::kGt}};
  for (const auto& [word, op] : kWords)
    if (!before.empty() && word.back() == before.back() && ends_with(before, word)) {
      found = true;
      weak = word == "达" || word == "达到";  // 可达93%左右: the words after decide
      return op;
    }
  // Words that bind a cell's one figure wherever they stand: 至少实施1个, 不少于3次的.
  for (const auto& [word, op] : std::initializer_list<std::pair<std::string_view, Op>>{
           {"至少", Op::kGe}, {"不少于", Op::kGe}, {"不低于", Op::kGe}, {"不超过", Op::kLe}, {"不高于", Op::kLe},
           {"控制在", Op::kLe}})
    if (before.find(word) != std::string_view::npos) {
      found = true;
      weak = true;
      return op;
    }
  found = false;
  return Op::kEq;
}

// Words written right after the figure and its unit.
Op op_after(std::string_view after, bool& found) {
  static constexpr std::pair<std::string_view, Op> kWords[] = {
      {"（含）以上", Op::kGe}, {"(含)以上", Op::kGe}, {"及以上", Op::kGe}, {"以上", Op::kGe},
      {"（含）以下", Op::kLe}, {"(含)以下", Op::kLe}, {"及以下", Op::kLe}, {"以下", Op::kLe},
      {"以内", Op::kLe},       {"之内", Op::kLe},     {"内", Op::kLe},     {"左右", Op::kApprox},
      {"上下", Op::kApprox}};
  for (const auto& [word, op] : kWords)
    if (after.size() >= word.size() && after[1] == word[1] && starts_with(after, 0, word)) {
      found = true;
      return op;
    }
  found = false;
  return Op::kEq;
}

ParsedValue read(const std::string& original, bool target) {
  ParsedValue p;
  p.text = original;
  const std::string s = normalize(original);
  DateParts date;
  const auto found = figures(s, date);
  if (found.empty()) {
    if (date.any()) {
      p.kind = ParsedValue::Kind::kDate;
      p.year = date.year;
      p.month = date.month;
      p.day = date.day;
      const bool after = s.find("以后") != std::string::npos || s.find("之后") != std::string::npos;
      p.op = !target ? Op::kEq : after ? Op::kGe : Op::kLe;
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
  // The sign is part of the figure: "-10%", "≤-5%", "负10", where the sign
  // opens the cell or follows an operator or 为/：; a dash between words
  // ("一期-72人") or after digits ("1-2次", a range) is not a sign.
  size_t begin = f.begin;
  bool negative = false;
  auto head = [&] { return std::string_view(s).substr(0, begin); };  // the text before the figure and its sign
  auto sign_may_follow = [&](size_t at) {  // the text before the sign, s[0, at)
    if (at == 0) return true;
    const std::string_view before = std::string_view(s).substr(0, at);
    static constexpr std::string_view kOpens[] = {"≥", "≤", ">", "<", "=", "≈", "约", "为", "：", ":", "（", "("};
    for (std::string_view word : kOpens)
      if (ends_with(before, word)) return true;
    return false;
  };
  if (begin >= 1 && (s[begin - 1] == '-' || s[begin - 1] == '+') && sign_may_follow(begin - 1)) {
    negative = s[begin - 1] == '-';
    --begin;
  } else if (begin >= 3 &&
             (ends_with(head(), "−") || ends_with(head(), "－") || ends_with(head(), "负")) &&
             sign_may_follow(begin - 3)) {
    negative = true;
    begin -= 3;  // each is three bytes in UTF-8
  }
  // A fall ("下降5%", "减少3个") is met by a larger figure of its own kind,
  // which no operator on the figure says: a person compares it.
  static constexpr std::string_view kFalls[] = {"下降", "降低", "减少", "减", "降"};
  for (std::string_view fall : kFalls)
    if (ends_with(head(), fall)) {
      p.why = "「" + std::string(fall) + "」是降幅，不是指标水平，不能只比数字";
      return p;
    }
  p.kind = ParsedValue::Kind::kNumber;
  p.value = negative ? Decimal() - *value : *value;
  p.unit = unit_after(s, f.end);
  bool before_found = false, after_found = false, weak = false;
  const Op before = op_before(head(), before_found, weak);
  const Op after = op_after(std::string_view(s).substr(f.end + p.unit.size()), after_found);
  // "≥90%以上" and "约30人左右" agree; "=90%以上" and "可达93%左右" read as the words after say.
  if (before_found && !((before == Op::kEq || weak) && after_found))
    p.op = before;
  else if (after_found)
    p.op = after;
  p.bare = !before_found && !after_found;
  return p;
}

// An operator written in its own 指标性质 cell, as the symbol the one-cell form would carry.
std::optional<std::string> nature_symbol(const std::string& nature) {
  const std::string n = normalize(nature);
  if (n.empty()) return std::string();
  for (const char* ge : {"正向", "正向指标", "≥", "大于等于", "不低于", "不少于"})
    if (n == ge) return std::string("≥");
  for (const char* le : {"反向", "反向指标", "≤", "小于等于", "不高于", "不超过"})
    if (n == le) return std::string("≤");
  for (const char* eq : {"=", "等于"})
    if (n == eq) return std::string("=");
  if (n == ">" || n == "大于") return std::string(">");
  if (n == "<" || n == "小于") return std::string("<");
  if (n == "≈" || n == "约" || n == "约等于") return std::string("约");
  return std::nullopt;
}

}  // namespace

std::string ParsedValue::date_text() const {
  if (kind != Kind::kDate) return "";
  std::string out;
  if (year) out += std::to_string(year) + "年";
  if (month) out += std::to_string(month) + "月";
  if (day) out += std::to_string(day) + "日";
  return out;
}

ParsedValue parse_target(const std::string& text) { return read(text, true); }

ParsedValue parse_actual(const std::string& text) {
  static constexpr std::string_view kNotDone[] = {"未执行", "未完成", "未实施", "未开展", "未采购", "取消",
                                                  "暂未",   "未能完成", "未能举办", "未举办", "未能开展", "未能实施"};
  // Each word has 未 but 取消: a text with neither (most) is not looked through word by word.
  if (text.find("未") == std::string::npos && text.find("取消") == std::string::npos) return read(text, false);
  for (std::string_view not_done : kNotDone) {
    if (text.find(not_done) != std::string::npos) {
      ParsedValue p;
      p.kind = ParsedValue::Kind::kNotDone;
      p.text = text;
      p.why = "「" + std::string(not_done) + "」";
      return p;
    }
  }
  return read(text, false);
}

ParsedValue parse_target_cells(const std::string& nature, const std::string& value, const std::string& unit) {
  if (normalize(nature) == "定性" || normalize(nature) == "定性指标") {
    ParsedValue p;
    p.kind = ParsedValue::Kind::kText;
    p.text = value;
    return p;
  }
  const auto symbol = nature_symbol(nature);
  if (!symbol) {
    ParsedValue p;
    p.text = value;
    p.why = "指标性质「" + nature + "」 is not an operator jixiao knows";
    return p;
  }
  ParsedValue p = read(*symbol + value + unit, true);
  p.text = value;
  return p;
}

ParsedValue parse_actual_with_unit(const std::string& text, const std::string& unit) {
  ParsedValue p = parse_actual(text);
  if (p.kind == ParsedValue::Kind::kNumber && p.unit.empty() && !unit.empty()) {
    // The 度量单位 cell is the actual's unit as it is the target's: read the two alike, so 12 of 月
    // is the month 12月 when the target ≤12月 is one.
    ParsedValue with_unit = parse_actual(text + unit);
    with_unit.text = p.text;
    return with_unit;
  }
  return p;
}

std::optional<bool> date_met(const ParsedValue& target, const ParsedValue& actual) {
  if (target.kind != ParsedValue::Kind::kDate || actual.kind != ParsedValue::Kind::kDate) return std::nullopt;
  // -1, 0, 1 as the actual is before, at or after the target, at the precision both state.
  const int a[3] = {actual.year, actual.month, actual.day}, t[3] = {target.year, target.month, target.day};
  int order = 0;
  for (int i = 0; i < 3 && order == 0; ++i) {
    if (a[i] == 0 || t[i] == 0) {
      if (i == 0) continue;  // no year on one side: the same year
      break;
    }
    if (a[i] != t[i]) order = a[i] < t[i] ? -1 : 1;
  }
  switch (target.op) {
    case ParsedValue::Op::kLe: return order <= 0;
    case ParsedValue::Op::kLt: return order < 0;
    case ParsedValue::Op::kGe: return order >= 0;
    case ParsedValue::Op::kGt: return order > 0;
    default: return order == 0;
  }
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
    case ParsedValue::Kind::kDate: return "date";
    case ParsedValue::Kind::kText: return "text";
    case ParsedValue::Kind::kNotDone: return "not-done";
    case ParsedValue::Kind::kUnread: return "unread";
  }
  return "";
}

}  // namespace jixiao
