#include "set_from_table.h"

#include <optional>

#include "decimal.h"
#include "yaml_text.h"

namespace jixiao {

namespace {

enum Role { kLevel1, kLevel2, kLevel3, kWeight, kExplanation, kRule, kRoles };

bool contains(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }

std::string trim(const std::string& text) {
  const char* space = " \t\r\n";
  size_t b = text.find_first_not_of(space), e = text.find_last_not_of(space);
  std::string out = b == std::string::npos ? "" : text.substr(b, e - b + 1);
  // full-width spaces (U+3000) at either end
  while (out.compare(0, 3, "\xE3\x80\x80") == 0) out.erase(0, 3);
  while (out.size() >= 3 && out.compare(out.size() - 3, 3, "\xE3\x80\x80") == 0) out.erase(out.size() - 3);
  return out;
}

std::string squeeze(const std::string& text) {
  std::string out;
  for (char c : text)
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') out += c;
  return out;
}

int role_of(const std::string& header) {
  const std::string h = squeeze(header);
  if (contains(h, "一级")) return kLevel1;
  if (contains(h, "二级")) return kLevel2;
  if (contains(h, "三级")) return kLevel3;
  if (contains(h, "分值") || contains(h, "权重") || contains(h, "标准分") || h == "分数") return kWeight;
  if (contains(h, "解释") || contains(h, "说明") || contains(h, "内涵")) return kExplanation;
  if (contains(h, "评分标准") || contains(h, "计分标准") || contains(h, "评分细则") || contains(h, "评分方法") ||
      contains(h, "评分办法") || contains(h, "计分方法"))
    return kRule;
  return -1;
}

// "20", "20分", "20.5 分" → the number; nullopt for an empty cell.
std::optional<Decimal> points(const std::string& cell, const Sheet& sheet, int row, int col) {
  if (sheet.errors.count({row, col})) refuse_error_cell(sheet, row, col, "points");
  std::string t = squeeze(cell);
  if (t.empty()) return std::nullopt;
  if (t.size() > 3 && t.compare(t.size() - 3, 3, "分") == 0) t.erase(t.size() - 3);
  if (auto d = Decimal::parse(t)) return d;
  throw Error(ErrorKind::kInput, "points: expected a number such as 8 or 2.5, got '" + cell + "'",
              sheet.where(row, col));
}

// "产出指标(20分)" → "产出指标" and 20; a name without bracketed points is kept.
std::string split_points(const std::string& name, std::optional<Decimal>& printed) {
  for (const auto& [open, close] : {std::pair<std::string, std::string>{"(", ")"}, {"（", "）"}}) {
    if (name.size() <= close.size() || name.compare(name.size() - close.size(), close.size(), close) != 0) continue;
    const size_t at = name.rfind(open);
    if (at == std::string::npos || at == 0) continue;
    std::string inner = squeeze(name.substr(at + open.size(), name.size() - close.size() - at - open.size()));
    if (inner.size() > 3 && inner.compare(inner.size() - 3, 3, "分") == 0) inner.erase(inner.size() - 3);
    if (auto d = Decimal::parse(inner)) {
      printed = d;
      return trim(name.substr(0, at));
    }
  }
  return name;
}

struct Node {
  std::string name, explanation, rule;
  std::optional<Decimal> weight;        // the leaf's 分值, or the points printed beside a node's name
  Location weight_at;                   // where that weight is written
  bool leaf = false;
  std::vector<Node> children;
};

struct Table {
  const Sheet* sheet = nullptr;
  int header = -1;
  int column[kRoles] = {-1, -1, -1, -1, -1, -1};
  std::string title;
};

// Whether header row `t` is the table's: a 一级 column and a 分值 column; or,
// when `names_only`, a 一级 and a 二级 or 三级 column, the points printed in the
// names (相关性(5分)) as in 四川's 部门整体支出绩效评价得分表.
bool is_header(const Table& t, bool names_only) {
  if (t.column[kLevel1] < 0) return false;
  if (!names_only) return t.column[kWeight] >= 0;
  return t.column[kLevel2] >= 0 || t.column[kLevel3] >= 0;
}

// The first header row of `sheets` that is_header() takes, or nullopt.
std::optional<Table> header_row(const std::vector<Sheet>& sheets, bool names_only) {
  for (const Sheet& sheet : sheets) {
    for (int r = 0; r < sheet.rows() && r < 20; ++r) {
      Table t;
      t.sheet = &sheet;
      for (int c = 0; c < static_cast<int>(sheet.cells[static_cast<size_t>(r)].size()); ++c) {
        const int role = role_of(sheet.at(r, c));
        if (role >= 0 && t.column[role] < 0) t.column[role] = c;
      }
      if (!is_header(t, names_only)) continue;
      t.header = r;
      for (int above = 0; above < r && t.title.empty(); ++above) {
        std::string only;
        int filled = 0;
        for (const auto& cell : sheet.cells[static_cast<size_t>(above)])
          if (!trim(cell).empty()) ++filled, only = trim(cell);
        if (filled == 1 || (filled > 1 && sheet.same_merge(above, 0, above, 1))) t.title = only;
      }
      return t;
    }
  }
  return std::nullopt;
}

Table find_table(const std::vector<Sheet>& sheets) {
  // A header with a 分值 column anywhere is preferred to one naming the levels only.
  for (const bool names_only : {false, true})
    if (auto t = header_row(sheets, names_only)) return *t;
  std::string where = sheets.empty() ? "" : sheets[0].file;
  throw Error(ErrorKind::kInput,
              "no header row with a 一级指标 column and a 分值 (权重, 标准分) column, or with 一级 and 二级 or 三级指标 "
              "columns (points in the names: 相关性(5分)), in the first 20 rows of any sheet",
              Location{where});
}

void check_weights(Node& n, const Sheet& sheet, const std::string& path) {
  if (n.leaf) return;
  std::optional<Decimal> sum = Decimal();
  for (Node& c : n.children) {
    check_weights(c, sheet, path.empty() ? c.name : path + " › " + c.name);
    if (sum && c.weight) *sum = *sum + *c.weight;
    else sum.reset();
  }
  if (!n.weight) {
    n.weight = sum;
    return;
  }
  if (sum && *sum != *n.weight)
    throw Error(ErrorKind::kInput,
                (path.empty() ? "the 合计 row prints " : "[" + path + "] printed as ") + n.weight->str() +
                    " points, but its indicators add up to " + sum->str(),
                n.weight_at);
}

void write(const Node& n, const std::string& id, int depth, std::string& out) {
  const std::string pad(static_cast<size_t>(2 + 4 * depth), ' ');
  out += pad.substr(2) + "- id: " + id + "\n";
  out += pad + "name: " + yaml_scalar(n.name) + "\n";
  out += pad + "weight: " + (n.weight ? n.weight->str() : std::string("unknown")) + "\n";
  if (!n.leaf) {
    out += pad + "children:\n";
    for (size_t i = 0; i < n.children.size(); ++i)
      write(n.children[i], id + "_" + std::to_string(i + 1), depth + 1, out);
    return;
  }
  out += pad + "explanation: " + yaml_value(n.explanation, static_cast<int>(pad.size()) + 2) + "\n";
  out += pad + "rule: " + (n.rule.empty() ? std::string("unknown") : yaml_value(n.rule, static_cast<int>(pad.size()) + 2)) + "\n";
  out += pad + "script: unknown\n";
}

}  // namespace

std::string set_yaml_from_table(const std::vector<Sheet>& sheets, const std::string& id, const std::string& guide) {
  const Table t = find_table(sheets);
  const Sheet& sheet = *t.sheet;
  Node root;
  std::optional<Decimal> total;
  Location total_at;
  std::vector<std::string> previous(3);
  std::vector<int> previous_row(3, -1);  // where each level's name was written
  for (int r = t.header + 1; r < sheet.rows(); ++r) {
    std::vector<std::string> names(3);
    std::vector<int> cols(3, -1), name_row(3, r);
    for (int k = 0; k < 3; ++k) {
      cols[static_cast<size_t>(k)] = t.column[kLevel1 + k];
      if (cols[static_cast<size_t>(k)] < 0) continue;
      const int c = cols[static_cast<size_t>(k)];
      if (sheet.errors.count({r, c})) refuse_error_cell(sheet, r, c, "indicator name");
      names[static_cast<size_t>(k)] = trim(sheet.at(r, c));
      for (int j = 0; j < k; ++j)  // merged across level columns: one level
        if (cols[static_cast<size_t>(j)] >= 0 && sheet.same_merge(r, cols[static_cast<size_t>(j)], r, c))
          names[static_cast<size_t>(k)].clear();
    }
    const int wcol = t.column[kWeight];
    const std::string& weight_cell = sheet.at(r, wcol);
    if (names[0].empty() && names[1].empty() && names[2].empty() && trim(weight_cell).empty()) continue;
    const std::string first = squeeze(names[0].empty() ? sheet.at(r, 0) : names[0]);
    if (contains(first, "合计") || contains(first, "总计") || contains(first, "总分")) {
      total = points(weight_cell, sheet, r, wcol);
      total_at = sheet.where(r, wcol);
      continue;
    }
    int deepest = -1;
    for (int k = 0; k < 3; ++k)
      if (!names[static_cast<size_t>(k)].empty()) deepest = k;
    if (deepest < 0)
      throw Error(ErrorKind::kInput, "a row with points but no indicator name", sheet.where(r, wcol));
    bool inherited = true;
    for (int k = 0; k < deepest && inherited; ++k) {
      if (!names[static_cast<size_t>(k)].empty()) {
        inherited = false;
        continue;
      }
      if (previous[static_cast<size_t>(k)].empty()) break;
      names[static_cast<size_t>(k)] = previous[static_cast<size_t>(k)];
      name_row[static_cast<size_t>(k)] = previous_row[static_cast<size_t>(k)];
    }
    previous = names;
    previous_row = name_row;
    Node* parent = &root;
    std::string path;
    for (int k = 0; k <= deepest; ++k) {
      const std::string& written = names[static_cast<size_t>(k)];
      if (written.empty()) continue;
      std::optional<Decimal> printed;
      const std::string name = split_points(written, printed);
      path += (path.empty() ? "" : " › ") + name;
      const Location at = sheet.where(name_row[static_cast<size_t>(k)], cols[static_cast<size_t>(k)]);
      if (k == deepest) {
        Node leaf;
        leaf.name = name;
        leaf.leaf = true;
        leaf.weight = points(weight_cell, sheet, r, wcol);
        leaf.weight_at = sheet.where(r, wcol);
        if (!leaf.weight) leaf.weight = printed, leaf.weight_at = at;
        if (t.column[kExplanation] >= 0) leaf.explanation = trim(sheet.at(r, t.column[kExplanation]));
        if (t.column[kRule] >= 0) leaf.rule = trim(sheet.at(r, t.column[kRule]));
        parent->children.push_back(std::move(leaf));
        break;
      }
      Node* next = parent->children.empty() || parent->children.back().name != name ? nullptr : &parent->children.back();
      if (next != nullptr && next->leaf) {  // a row stating a node's own points, before its indicators
        if (!next->explanation.empty() || !next->rule.empty())
          throw Error(ErrorKind::kInput, "[" + path + "] has its own 评分标准 and indicators under it", at);
        next->leaf = false;
      }
      if (next == nullptr) {
        parent->children.push_back(Node{});
        next = &parent->children.back();
        next->name = name;
      }
      if (printed) {
        if (next->weight && *next->weight != *printed)
          throw Error(ErrorKind::kInput,
                      "[" + path + "] printed as " + printed->str() + " points here, " + next->weight->str() + " above", at);
        next->weight = printed;
        next->weight_at = at;
      }
      parent = next;
    }
  }
  if (root.children.empty())
    throw Error(ErrorKind::kInput, "no indicators under the header row", sheet.where(t.header, t.column[kLevel1]));
  root.weight = total;
  root.weight_at = total_at;
  check_weights(root, sheet, "");
  if (!root.weight)
    throw Error(ErrorKind::kInput, "some points are missing and no 合计 row states the total: add one",
                Location{sheet.title()});
  std::string out = "# " + (t.title.empty() ? id : t.title) + "\n";
  out += "# Written by `jixiao new set` from " + sheet.title() + " (header in row " + std::to_string(t.header + 1) +
         "). Texts are as the table prints them;\n# every script is unknown until chosen: see " + guide + ".\n";
  out += "id: " + id + "\n";
  out += "name: " + yaml_scalar(t.title.empty() ? id : t.title) + "\n";
  out += "source: " + yaml_scalar(sheet.title()) + "\n";
  out += "total: " + root.weight->str() + "\n\nindicators:\n";
  for (size_t i = 0; i < root.children.size(); ++i) write(root.children[i], "l" + std::to_string(i + 1), 0, out);
  return out;
}

}  // namespace jixiao
