#include "xlsx_report.h"

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>

#include <xlsxwriter.h>

#include "error.h"
#include "files.h"
#include "terminal_text.h"
#include "version.h"

namespace jixiao {

namespace {

struct Formats {
  lxw_format *title, *meta, *head, *name, *text, *number, *number_diff, *text_diff, *total_text, *total_number, *number_count;
  lxw_format* gap[Decimal::kPlaces + 1];  // a relative gap shown with [places] decimals (2 to 6)
};

// Cell text: control characters as escapes, invalid UTF-8 replaced (xlsx is XML).
std::string cell(const std::string& s) { return visible(s); }

Formats make_formats(lxw_workbook* wb, int places) {
  std::string pattern = "0";
  if (places > 0) pattern += "." + std::string(places, '0');
  auto make = [&](bool bordered) {
    lxw_format* f = workbook_add_format(wb);
    format_set_font_name(f, "Microsoft YaHei");
    format_set_font_size(f, 10);
    if (bordered) format_set_border(f, LXW_BORDER_THIN);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    return f;
  };
  Formats f{};
  f.title = make(false);
  format_set_bold(f.title);
  format_set_font_size(f.title, 14);
  f.meta = make(false);
  format_set_font_color(f.meta, 0x555555);
  f.head = make(true);
  format_set_bold(f.head);
  format_set_bg_color(f.head, 0xEEF1F5);
  format_set_align(f.head, LXW_ALIGN_CENTER);
  f.name = make(true);
  format_set_text_wrap(f.name);
  f.text = make(true);
  format_set_text_wrap(f.text);
  f.number = make(true);
  format_set_num_format(f.number, pattern.c_str());
  f.number_diff = make(true);
  format_set_num_format(f.number_diff, pattern.c_str());
  format_set_bg_color(f.number_diff, 0xFDECEA);
  f.text_diff = make(true);
  format_set_text_wrap(f.text_diff);
  format_set_bg_color(f.text_diff, 0xFDECEA);
  f.total_text = make(true);
  format_set_bold(f.total_text);
  f.total_number = make(true);
  format_set_bold(f.total_number);
  format_set_num_format(f.total_number, pattern.c_str());
  f.number_count = make(true);
  format_set_num_format(f.number_count, "0");
  for (int gap_places = 2; gap_places <= Decimal::kPlaces; ++gap_places) {
    f.gap[gap_places] = make(true);
    format_set_num_format(f.gap[gap_places], ("0." + std::string(static_cast<size_t>(gap_places), '0')).c_str());
  }
  return f;
}

// A relative gap as a number cell holding the exact figure, shown with the
// places the text shows (gap_pct_text): 10.004281 as 10.004, never 10.00.
void gap_number(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, Decimal pct, const Formats& f) {
  const std::string text = gap_pct_text(pct);
  const size_t point = text.find('.');
  const int places = point == std::string::npos ? 2 : static_cast<int>(text.size() - point - 1);
  worksheet_write_number(ws, row, col, pct.to_double(), f.gap[std::clamp(places, 2, Decimal::kPlaces)]);
}

// A score as a number cell (the spreadsheet's own type is a binary double,
// so this is where the exact decimal becomes one); nothing for a missing one.
void number(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, const std::optional<Decimal>& d, lxw_format* f) {
  if (d) worksheet_write_number(ws, row, col, d->to_double(), f);
  else worksheet_write_blank(ws, row, col, f);
}

// Rows the branch at `i` spans: the leaves under it.
int leaves_under(const std::vector<ReportRow>& rows, size_t i) {
  int n = 0;
  for (size_t k = i + 1; k < rows.size() && rows[k].level > rows[i].level; ++k) n += rows[k].leaf;
  return n;
}

void name_cells(lxw_worksheet* ws, lxw_row_t first, lxw_col_t col, int span, const std::string& name, lxw_format* f) {
  if (span > 1) worksheet_merge_range(ws, first, col, first + span - 1, col, cell(name).c_str(), f);
  else worksheet_write_string(ws, first, col, cell(name).c_str(), f);
}

void write_sheet(lxw_workbook* wb, const ReportModel& m) {
  const bool compare = m.kind == "compare";
  lxw_worksheet* ws = workbook_add_worksheet(wb, compare ? "自评与复核" : "得分");
  const Formats f = make_formats(wb, m.places);
  const lxw_col_t levels = static_cast<lxw_col_t>(m.levels);
  static const char* kLevels[] = {"一级指标", "二级指标", "三级指标"};
  worksheet_write_string(ws, 0, 0, cell(m.title).c_str(), f.title);
  const std::string meta = "指标体系 " + m.set_name + "（" + m.set_id + "），规则版本 " + m.set_hash.substr(0, 12) +
                           "；jixiao " + m.engine_version + (m.basis.empty() ? "" : "；复核依据：" + m.basis);
  worksheet_write_string(ws, 1, 0, cell(meta).c_str(), f.meta);

  const lxw_row_t head = 3;
  std::vector<std::string> heads;
  for (int i = 0; i < m.levels; ++i) heads.push_back(i < 3 ? kLevels[i] : std::to_string(i + 1) + "级指标");
  for (const char* h : {"分值", "自评得分", compare ? "复核得分" : "得分", "差异", "", "说明", "依据"}) heads.push_back(h);
  for (size_t c = 0; c < heads.size(); ++c) worksheet_write_string(ws, head, static_cast<lxw_col_t>(c), heads[c].c_str(), f.head);
  for (lxw_col_t c = 0; c < levels; ++c) worksheet_set_column(ws, c, c, 14, nullptr);
  worksheet_set_column(ws, levels, levels + 3, 9, nullptr);
  worksheet_set_column(ws, levels + 4, levels + 4, 5, nullptr);
  worksheet_set_column(ws, levels + 5, levels + 5, 40, nullptr);
  worksheet_set_column(ws, levels + 6, levels + 6, 40, nullptr);
  worksheet_freeze_panes(ws, head + 1, 0);

  lxw_row_t row = head + 1;
  for (size_t i = 0; i < m.rows.size(); ++i) {
    const ReportRow& r = m.rows[i];
    const lxw_col_t col = static_cast<lxw_col_t>(r.level - 1);
    if (!r.leaf) {
      const int span = leaves_under(m.rows, i);
      if (span > 0) name_cells(ws, row, col, span, r.names.back(), f.name);
      continue;
    }
    const bool differs = r.difference && *r.difference != Decimal();
    lxw_format* text = differs ? f.text_diff : f.text;
    lxw_format* num = differs ? f.number_diff : f.number;
    if (col + 1 < levels) worksheet_merge_range(ws, row, col, row, levels - 1, cell(r.names.back()).c_str(), text);
    else worksheet_write_string(ws, row, col, cell(r.names.back()).c_str(), text);
    number(ws, row, levels, r.weight, num);
    number(ws, row, levels + 1, r.filed, num);
    number(ws, row, levels + 2, r.recomputed, num);
    number(ws, row, levels + 3, r.difference, num);
    worksheet_write_string(ws, row, levels + 4, r.claim.c_str(), text);
    worksheet_write_string(ws, row, levels + 5, cell(r.reason).c_str(), text);
    std::string basis;
    for (const auto& line : r.provenance) basis += (basis.empty() ? "" : "\n") + line;
    worksheet_write_string(ws, row, levels + 6, visible_lines(basis).c_str(), text);
    ++row;
  }
  worksheet_merge_range(ws, row, 0, row, levels - 1, "总分", f.total_text);
  number(ws, row, levels, m.full_score, f.total_number);
  number(ws, row, levels + 1, m.filed_total, f.total_number);
  number(ws, row, levels + 2, m.recomputed_total, f.total_number);
  number(ws, row, levels + 3, m.gap, f.total_number);
  for (lxw_col_t c = levels + 4; c <= levels + 6; ++c) worksheet_write_blank(ws, row, c, f.total_text);
  // A partial total says so beside its figures, as the HTML page does.
  if (!m.complete) worksheet_write_string(ws, row, levels + 5, cell(summary_line(m)).c_str(), f.total_text);
  row += 2;
  if (m.relative_gap_pct) {
    worksheet_write_string(ws, row, 0, "相对差异（%）", f.meta);
    gap_number(ws, row, levels, *m.relative_gap_pct, f);
    ++row;
  }
  if (!m.accuracy.empty()) worksheet_write_string(ws, row++, 0, cell(m.accuracy).c_str(), f.meta);
  for (const auto& gap : m.gaps) worksheet_write_string(ws, row++, 0, cell("未能计算：" + gap).c_str(), f.meta);
}

// Builds a workbook with `fill` and hands back its bytes. libxlsxwriter
// writes a named file: the workbook is built in a private scratch file, so
// the caller writes the destination all or nothing.
template <typename Fill>
std::string workbook_bytes(const std::string& title, Fill fill) {
  const char* tmp = std::getenv("TMPDIR");
  std::string scratch = std::string(tmp && *tmp ? tmp : "/tmp") + "/jixiao-xlsx-XXXXXX";
  const int fd = ::mkstemp(scratch.data());
  if (fd < 0) throw Error(ErrorKind::kIo, "cannot create a scratch file for the workbook", Location{scratch});
  ::close(fd);
  lxw_workbook* wb = workbook_new(scratch.c_str());
  if (wb == nullptr) {
    ::unlink(scratch.c_str());
    throw Error(ErrorKind::kIo, "cannot start the workbook", Location{scratch});
  }
  const std::string version = engine_version();
  std::string comments = "jixiao " + version;
  std::string doc_title = cell(title);
  lxw_doc_properties properties{};
  properties.title = doc_title.data();  // libxlsxwriter copies the properties; its fields are not const
  properties.comments = comments.data();
  workbook_set_properties(wb, &properties);
  workbook_set_custom_property_string(wb, "engine_version", version.c_str());
  fill(wb);
  const lxw_error result = workbook_close(wb);
  std::string bytes;
  if (result == LXW_NO_ERROR) bytes = read_file(scratch);
  ::unlink(scratch.c_str());
  if (result != LXW_NO_ERROR)
    throw Error(ErrorKind::kIo, std::string("cannot write the workbook: ") + lxw_strerror(result), Location{scratch});
  return bytes;
}

void write_project(lxw_worksheet* ws, const Formats& f, const ProjectReportTable& t, lxw_row_t& row) {
  worksheet_write_string(ws, row++, 0, cell(t.name + "（" + t.id + "）· " + t.table).c_str(), f.title);
  static const char* kHeads[] = {"一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值",
                                 "分值",     "表中得分", "得分",     "状态",       "说明"};
  for (lxw_col_t c = 0; c < 10; ++c) worksheet_write_string(ws, row, c, kHeads[c], f.head);
  ++row;
  for (const ProjectReportRow& r : t.rows) {
    lxw_format* text = r.departs ? f.text_diff : f.text;
    lxw_format* num = r.departs ? f.number_diff : f.number;
    if (r.budget) {
      worksheet_merge_range(ws, row, 0, row, 2, cell(r.level1).c_str(), text);
    } else {
      if (r.level1_span > 0) name_cells(ws, row, 0, r.level1_span, r.level1, f.name);
      if (r.level2_span > 0) name_cells(ws, row, 1, r.level2_span, r.level2, f.name);
      worksheet_write_string(ws, row, 2, cell(r.name).c_str(), text);
    }
    worksheet_write_string(ws, row, 3, cell(r.target).c_str(), text);
    worksheet_write_string(ws, row, 4, cell(r.actual).c_str(), text);
    number(ws, row, 5, r.weight, num);
    number(ws, row, 6, r.filed, num);
    number(ws, row, 7, r.score, num);
    worksheet_write_string(ws, row, 8, r.status.c_str(), text);
    worksheet_write_string(ws, row, 9, cell(r.reason).c_str(), text);
    ++row;
  }
  worksheet_merge_range(ws, row, 0, row, 4, "总分", f.total_text);
  number(ws, row, 5, t.full_score, f.total_number);
  number(ws, row, 6, t.stated_total, f.total_number);
  number(ws, row, 7, t.total, f.total_number);
  worksheet_write_string(ws, row, 8, t.grade.c_str(), f.total_text);
  worksheet_write_blank(ws, row, 9, f.total_text);
  ++row;
  worksheet_write_string(ws, row++, 0, visible_lines(t.summary).c_str(), f.meta);
  ++row;
}

}  // namespace

std::string render_xlsx(const ReportModel& m) {
  return workbook_bytes(m.title, [&](lxw_workbook* wb) { write_sheet(wb, m); });
}

std::string render_project_xlsx(const ProjectReportModel& m) {
  return workbook_bytes(m.title, [&](lxw_workbook* wb) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, "项目支出绩效自评表");
    const Formats f = make_formats(wb, m.places);
    worksheet_write_string(ws, 0, 0, cell(m.title).c_str(), f.title);
    const std::string meta = "指标体系 " + m.set_name + "（" + m.set_id + "）；jixiao " + m.engine_version;
    worksheet_write_string(ws, 1, 0, cell(meta).c_str(), f.meta);
    for (lxw_col_t c : {0, 1, 2}) worksheet_set_column(ws, c, c, 14, nullptr);
    worksheet_set_column(ws, 3, 4, 18, nullptr);
    worksheet_set_column(ws, 5, 8, 9, nullptr);
    worksheet_set_column(ws, 9, 9, 48, nullptr);
    lxw_row_t row = 3;
    for (const auto& t : m.projects) write_project(ws, f, t, row);
  });
}

std::string render_comparison_summary_xlsx(const ComparisonSummary& s) {
  const std::string title = std::to_string(s.year) + " 年各单位自评与复核对比（按相对差异从大到小）";
  return workbook_bytes(title, [&](lxw_workbook* wb) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, "各单位对比");
    const Formats f = make_formats(wb, 2);
    worksheet_write_string(ws, 0, 0, title.c_str(), f.title);
    worksheet_write_string(ws, 1, 0, ("jixiao " + s.engine_version).c_str(), f.meta);
    static const char* kHeads[] = {"单位", "自评", "复核", "相对差异（%）", "自评准确扣分", "复核依据"};
    for (lxw_col_t c = 0; c < 6; ++c) worksheet_write_string(ws, 3, c, kHeads[c], f.head);
    worksheet_set_column(ws, 0, 0, 28, nullptr);
    worksheet_set_column(ws, 1, 4, 12, nullptr);
    worksheet_set_column(ws, 5, 5, 40, nullptr);
    worksheet_freeze_panes(ws, 4, 0);
    lxw_row_t row = 4;
    for (const auto& l : s.lines) {
      worksheet_write_string(ws, row, 0, cell(l.entity).c_str(), f.text);
      if (l.error.empty()) {
        number(ws, row, 1, l.filed_total, f.number);
        number(ws, row, 2, l.recomputed_total, f.number);
        gap_number(ws, row, 3, l.relative_gap_pct, f);
        number(ws, row, 4, l.deduction, f.number);
        worksheet_write_string(ws, row, 5, cell(l.basis).c_str(), f.text);
      } else {
        for (lxw_col_t c = 1; c <= 4; ++c) worksheet_write_blank(ws, row, c, f.text_diff);
        worksheet_write_string(ws, row, 5, cell("无法比较：" + l.error).c_str(), f.text_diff);
      }
      ++row;
    }
    row += 1;
    worksheet_write_string(ws, row, 0, "自评准确扣分", f.head);
    worksheet_write_string(ws, row++, 1, "单位数", f.head);
    for (const auto& [label, count] : s.bands) {
      worksheet_write_string(ws, row, 0, label.c_str(), f.text);
      worksheet_write_number(ws, row++, 1, count, f.number_count);
    }
  });
}

}  // namespace jixiao
