#include "project_form.h"

#include <map>
#include <optional>

#include "decimal.h"
#include "yaml_text.h"

namespace jixiao {

namespace {

// Without ASCII white space and full-width spaces (U+3000): how labels are compared.
std::string squeeze(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    if (text.compare(i, 3, "\xE3\x80\x80") == 0) {
      i += 2;
      continue;
    }
    out += c;
  }
  return out;
}

// The cell as printed, without the white space at either end.
std::string trimmed(const std::string& text) {
  const char* space = " \t\r\n";
  const size_t b = text.find_first_not_of(space), e = text.find_last_not_of(space);
  return b == std::string::npos ? "" : text.substr(b, e - b + 1);
}

bool has(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }
bool starts(const std::string& text, const char* part) { return text.rfind(part, 0) == 0; }

int width(const Sheet& s, int r) { return static_cast<int>(s.cells[static_cast<size_t>(r)].size()); }

// The first column of row `r` whose squeezed text satisfies `match`, or -1.
template <typename Match>
int column_where(const Sheet& s, int r, Match match) {
  for (int c = 0; c < width(s, r); ++c)
    if (match(squeeze(s.at(r, c)))) return c;
  return -1;
}

// Whether squeezed cell text `h` is the label `label`, alone or with its value after a colon (项目名称：某项目).
bool is_label(const std::string& h, const std::string& label) {
  return starts(h, label.c_str()) &&
         (h.size() == label.size() || h.compare(label.size(), 3, "：") == 0 || h.compare(label.size(), 1, ":") == 0);
}

// The value of the label at (r, c): written after its colon in the same cell,
// else the next non-empty cell to the right not merged with the label.
std::string value_right(const Sheet& s, int r, int c) {
  const std::string cell = trimmed(s.at(r, c));
  for (const char* colon : {"：", ":"})
    if (const size_t at = cell.find(colon); at != std::string::npos) {
      const std::string after = trimmed(cell.substr(at + std::char_traits<char>::length(colon)));
      if (!after.empty()) return after;
    }
  for (int k = c + 1; k < width(s, r); ++k) {
    if (s.same_merge(r, c, r, k)) continue;
    const std::string v = trimmed(s.at(r, k));
    if (!v.empty()) return v;
  }
  return "";
}

// A budget header cell's key in the data format, or nullptr.
const char* budget_key(const std::string& h) {
  if (has(h, "执行率")) return "rate";
  if (has(h, "执行数")) return "executed";
  if (has(h, "年初预算")) return "initial";
  if (has(h, "全年预算") || has(h, "调整后预算")) return "planned";
  if (has(h, "分值") || has(h, "权重")) return "weight";
  if (has(h, "得分")) return "score";
  return nullptr;
}

// An indicator header cell's key in the data format, or nullptr.
const char* row_key(const std::string& h) {
  if (has(h, "一级指标")) return "level1";
  if (has(h, "二级指标")) return "level2";
  if (has(h, "三级指标")) return "name";
  if (has(h, "指标性质")) return "nature";
  if (has(h, "完成值") || has(h, "实际值")) return "actual";
  if (has(h, "指标值")) return "target";
  if (has(h, "度量单位") || h == "单位") return "unit";
  if (has(h, "分值") || has(h, "权重")) return "weight";
  if (has(h, "得分")) return "score";
  if (has(h, "原因")) return "note";
  return nullptr;
}

// Key → column of a header row, the first column of each key (a merged header repeats).
std::map<std::string, int> header_columns(const Sheet& s, int r, const char* (*key_of)(const std::string&)) {
  std::map<std::string, int> columns;
  for (int c = 0; c < width(s, r); ++c)
    if (const char* key = key_of(squeeze(s.at(r, c)))) columns.emplace(key, c);
  return columns;
}

struct Form {
  std::string table, name, owner, unit_owner;
  std::map<std::string, std::string> budget;  // data-format key → cell as printed
  bool in_wan = false;                         // the budget block says 万元
  std::vector<std::map<std::string, std::string>> rows;
  std::string total;
};

bool is_form_start(const Sheet& s, int r) {
  return column_where(s, r, [](const std::string& h) { return is_label(h, "项目名称"); }) >= 0;
}

bool ends_rows(const std::string& first) {
  return starts(first, "总分") || starts(first, "合计") || starts(first, "评价结论") || starts(first, "存在问题") ||
         starts(first, "项目负责人");
}

// The rows under the indicator header at `header`, up to a 总分/合计 row (its 得分 is the total) or the form's end.
void read_rows(const Sheet& s, int header, int end, Form& form) {
  const auto columns = header_columns(s, header, row_key);
  std::map<std::string, std::string> above;  // the level cells of the row above
  for (int r = header + 1; r < end; ++r) {
    const int first_col = column_where(s, r, [](const std::string& h) { return !h.empty(); });
    if (first_col < 0) continue;
    const std::string first = squeeze(s.at(r, first_col));
    if (ends_rows(first)) {
      const auto score = columns.find("score");
      if ((starts(first, "总分") || starts(first, "合计")) && score != columns.end())
        form.total = trimmed(s.at(r, score->second));
      return;
    }
    std::map<std::string, std::string> row;
    for (const auto& [key, c] : columns) {
      std::string v = trimmed(s.at(r, c));
      if ((key == "level1" || key == "level2") && v.empty()) v = above[key];
      if (!v.empty()) row[key] = v;
    }
    above["level1"] = row["level1"];
    above["level2"] = row["level2"];
    if (row.count("name") || row.count("target") || row.count("actual") || row.count("weight") || row.count("score"))
      form.rows.push_back(row);
  }
}

void read_budget(const Sheet& s, int header, int end, Form& form) {
  const auto columns = header_columns(s, header, budget_key);
  for (int c = 0; c < width(s, header); ++c) form.in_wan = form.in_wan || has(s.at(header, c), "万元");
  for (int r = header + 1; r < end && r <= header + 6; ++r) {
    const bool total = column_where(s, r, [](const std::string& h) { return starts(h, "年度资金总额") || h == "总额"; }) >= 0;
    const bool fiscal = column_where(s, r, [](const std::string& h) {
                          return (has(h, "财政拨款") || has(h, "财政资金")) && !has(h, "财政专户");
                        }) >= 0;
    if (!total && !fiscal) continue;
    for (int c = 0; c < width(s, r); ++c) form.in_wan = form.in_wan || has(s.at(r, c), "万元");
    for (const auto& [key, c] : columns) {
      const std::string v = trimmed(s.at(r, c));
      if (v.empty()) continue;
      if (total) form.budget.emplace(key, v);
      else if (key == "planned" || key == "executed") form.budget.emplace("fiscal_" + key, v);
    }
  }
}

// The title printed above a form: the cell naming a 自评表, with a 年度 line under it.
std::string title_above(const Sheet& s, int from, int to) {
  std::string title;
  for (int r = from; r < to; ++r) {
    const int c = column_where(s, r, [](const std::string& h) { return !h.empty(); });
    if (c < 0) continue;
    const std::string text = trimmed(s.at(r, c));
    if (has(text, "自评表")) title = text;  // the last before the form: a previous form's rows come first
    else if (!title.empty() && has(text, "年度") && (starts(text, "(") || starts(text, "（"))) title += text;
  }
  return title;
}

void write_number_or_text(std::string& out, const std::string& pad, const std::string& key, const std::string& v) {
  const auto d = Decimal::parse(squeeze(v));
  out += pad + key + ": " + (d ? d->str() : yaml_scalar(v)) + "\n";
}

void write_form(const Form& form, size_t index, const std::string& source_file, std::string& out) {
  out += "  - id: p" + std::to_string(index + 1) + "\n";
  out += "    name: " + yaml_scalar(form.name) + "\n";
  if (!form.table.empty()) out += "    table: " + yaml_scalar(form.table) + "\n";
  if (!form.unit_owner.empty() || !form.owner.empty())
    out += "    unit_owner: " + yaml_scalar(form.unit_owner.empty() ? form.owner : form.unit_owner) + "\n";
  out += "    source: {file: " + yaml_scalar(source_file) + ", quote: " + yaml_scalar("项目名称 " + form.name) + "}\n";
  bool budget = false;
  for (const char* key : {"initial", "planned", "executed", "rate", "weight", "score", "fiscal_planned", "fiscal_executed"}) {
    const auto v = form.budget.find(key);
    if (v == form.budget.end()) continue;
    const bool number = Decimal::parse(squeeze(v->second)).has_value();
    if (!number && std::string(key) != "rate") continue;  // 「/」 or 「—」 where a figure is due: not a figure
    if (!budget) out += "    budget:\n";
    budget = true;
    if (std::string(key) == "rate") out += "      rate: " + yaml_scalar(v->second) + "\n";
    else write_number_or_text(out, "      ", key, v->second);
  }
  if (budget && form.in_wan) out += "      unit: 万元\n";
  if (Decimal::parse(squeeze(form.total))) out += "    filed: {total: " + Decimal::parse(squeeze(form.total))->str() + "}\n";
  out += "    rows:\n";
  for (const auto& row : form.rows) {
    const char* lead = "      - ";
    for (const char* key : {"level1", "level2", "name", "nature", "target", "unit", "actual", "weight", "score", "note"}) {
      const auto v = row.find(key);
      if (v == row.end()) continue;
      const bool figure = std::string(key) == "weight" || std::string(key) == "score";
      if (figure && Decimal::parse(squeeze(v->second))) write_number_or_text(out, lead, key, v->second);
      else if (figure) out += std::string(lead) + "note: " + yaml_scalar(std::string(key == std::string("weight") ? "分值" : "得分") + "印为「" + v->second + "」") + "\n";
      else out += std::string(lead) + key + ": " + yaml_scalar(v->second) + "\n";
      lead = "        ";
    }
  }
}

}  // namespace

std::string projects_yaml_from_forms(const std::vector<Sheet>& sheets, const std::string& entity, int year,
                                     const std::string& set_id, const std::string& source_file) {
  std::vector<Form> forms;
  for (const Sheet& s : sheets) {
    int previous_start = -1;  // the 项目名称 row of the form before
    for (int r = 0; r < s.rows(); ++r) {
      if (!is_form_start(s, r)) continue;
      int end = r + 1;
      while (end < s.rows() && !is_form_start(s, end)) ++end;
      Form form;
      form.table = title_above(s, previous_start + 1, r);
      const int label = column_where(s, r, [](const std::string& h) { return is_label(h, "项目名称"); });
      form.name = value_right(s, r, label);
      int rows_header = -1;
      for (int k = r; k < end; ++k) {
        const int owner = column_where(s, k, [](const std::string& h) { return is_label(h, "主管部门"); });
        if (owner >= 0 && form.owner.empty()) form.owner = value_right(s, k, owner);
        const int unit = column_where(s, k, [](const std::string& h) { return starts(h, "实施单位"); });
        if (unit >= 0 && form.unit_owner.empty()) form.unit_owner = value_right(s, k, unit);
        if (form.budget.empty() && column_where(s, k, [](const std::string& h) { return has(h, "年初预算"); }) >= 0)
          read_budget(s, k, end, form);
        if (rows_header < 0 && column_where(s, k, [](const std::string& h) { return has(h, "一级指标"); }) >= 0 &&
            column_where(s, k, [](const std::string& h) { return has(h, "三级指标"); }) >= 0)
          rows_header = k;
      }
      if (rows_header < 0)
        throw Error(ErrorKind::kInput, "the form of 项目名称「" + form.name + "」 has no row naming 一级指标 and 三级指标",
                    s.where(r, label));
      read_rows(s, rows_header, end, form);
      forms.push_back(form);
      previous_start = r;
      r = end - 1;
    }
  }
  if (forms.empty() && !sheets.empty())
    throw Error(ErrorKind::kInput, "no 项目支出绩效自评表 here: no cell reads 项目名称", Location{sheets[0].file});
  std::string out = "# " + entity + " " + std::to_string(year) + "年项目支出绩效自评表, read by `jixiao new data --from " +
                    source_file + "`:\n# every cell as printed; check it against the table, then jixiao import this file.\n";
  out += "entity: " + yaml_scalar(entity) + "\n";
  out += "year: " + std::to_string(year) + "\n";
  out += "set: " + yaml_scalar(set_id) + "\n";
  out += "record: projects\n\nprojects:\n";
  for (size_t i = 0; i < forms.size(); ++i) write_form(forms[i], i, source_file, out);
  return out;
}

}  // namespace jixiao
