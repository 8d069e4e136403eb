#include "xlsx_report.h"

#include <stdlib.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "error.h"
#include "files.h"
#include "terminal_text.h"

namespace jixiao {

namespace {

struct Formats {
  lxw_format *title, *meta, *head, *name, *text, *number, *number_diff, *text_diff, *total_text, *total_number;
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
  return f;
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
  row += 2;
  if (m.relative_gap_pct) {
    worksheet_write_string(ws, row, 0, "相对差异（%）", f.meta);
    worksheet_write_number(ws, row, levels, m.relative_gap_pct->to_double(), f.number);
    ++row;
  }
  if (!m.accuracy.empty()) worksheet_write_string(ws, row++, 0, cell(m.accuracy).c_str(), f.meta);
  for (const auto& gap : m.gaps) worksheet_write_string(ws, row++, 0, cell("未能计算：" + gap).c_str(), f.meta);
}

}  // namespace

std::string render_xlsx(const ReportModel& m) {
  // libxlsxwriter writes a named file: build it in a private scratch file and
  // hand back its bytes, so the caller writes the destination all or nothing.
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
  write_sheet(wb, m);
  const lxw_error result = workbook_close(wb);
  std::string bytes;
  if (result == LXW_NO_ERROR) bytes = read_file(scratch);
  ::unlink(scratch.c_str());
  if (result != LXW_NO_ERROR)
    throw Error(ErrorKind::kIo, std::string("cannot write the workbook: ") + lxw_strerror(result), Location{scratch});
  return bytes;
}

}  // namespace jixiao
