#include "html_report.h"

#include "report_chart.h"
#include "version.h"

namespace jixiao {

namespace {

const char kStyle[] = R"(
@page { size: A4; margin: 14mm 12mm; }
body { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei", SimSun, sans-serif;
       font-size: 12px; color: #222; margin: 16px; }
h1 { font-size: 18px; margin: 0 0 6px; }
p.meta { color: #555; margin: 2px 0; }
table { border-collapse: collapse; width: 100%; margin-top: 12px; }
th, td { border: 1px solid #999; padding: 3px 5px; vertical-align: middle; }
th { background: #eef1f5; }
td.leaf, td[rowspan] { min-width: 5.5em; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.sub { color: #555; font-size: 11px; }
tr.differs td.leaf, tr.differs td.num, tr.differs td.reason { background: #fdecea; }
td.reason, td.basis { font-size: 11px; }
td.basis { color: #555; }
tr.total td { font-weight: bold; background: #f6f6f6; }
tr.pending td { color: #8a5a00; }
td.value { max-width: 16em; }
section.project td.reason { min-width: 12em; }
h2 { font-size: 15px; margin: 18px 0 4px; page-break-after: avoid; }
section.project { page-break-inside: auto; }
p.footer { margin-top: 16px; }
.summary { margin-top: 10px; }
svg.chart { display: block; margin-top: 12px; max-width: 100%; height: auto; }
svg .chart-title { font-size: 14px; font-weight: bold; fill: #222; }
svg .legend, svg .label, svg .value { font-size: 12px; fill: #222; }
svg .track { fill: #e4e7eb; }
svg .filed { fill: #3b6fb6; }
svg .recomputed { fill: #e08a2c; }
svg .differs .label { fill: #c0392b; font-weight: bold; }
svg .frame { fill: none; stroke: #c0392b; stroke-width: 1.5; }
@media print { tr { page-break-inside: avoid; } }
)";

std::string num(const std::optional<Decimal>& d, int places) { return d ? d->str(places) : ""; }

std::string signed_num(const std::optional<Decimal>& d, int places) {
  if (!d) return "";
  return (*d > Decimal() ? "+" : "") + d->str(places);
}

bool differs(const ReportRow& r) { return r.difference && *r.difference != Decimal(); }

// How many leaves lie under row `i` (1 for a leaf): the rows its cell spans.
int leaves_under(const std::vector<ReportRow>& rows, size_t i) {
  if (rows[i].leaf) return 1;
  int n = 0;
  for (size_t k = i + 1; k < rows.size() && rows[k].level > rows[i].level; ++k) n += rows[k].leaf;
  return n;
}

// A branch's cell: its name, then its 分值 and subtotals in small type.
std::string branch_cell(const ReportRow& r, int span, bool compare, int places) {
  std::string figures = "分值 " + (r.weight ? r.weight->str(places) : "未公布");
  if (compare && r.filed) figures += " · 自评 " + r.filed->str(places);
  if (r.recomputed) figures += std::string(" · ") + (compare ? "复核 " : "得分 ") + r.recomputed->str(places);
  return "<td rowspan=\"" + std::to_string(span) + "\">" + html_escape(r.names.back()) + "<div class=\"sub\">" +
         html_escape(figures) + "</div></td>";
}

std::string table(const ReportModel& m) {
  const bool compare = m.kind == "compare";
  static const char* kLevels[] = {"一级指标", "二级指标", "三级指标"};
  std::string out = "<table>\n<thead><tr>";
  for (int i = 0; i < m.levels; ++i)
    out += "<th>" + (i < 3 ? std::string(kLevels[i]) : std::to_string(i + 1) + "级指标") + "</th>";
  out += "<th>分值</th><th>自评得分</th><th>" + std::string(compare ? "复核得分" : "得分") +
         "</th><th>差异</th><th>说明</th><th>依据</th></tr></thead>\n<tbody>\n";
  std::string pending;  // branch cells that open the next leaf's row
  for (size_t i = 0; i < m.rows.size(); ++i) {
    const ReportRow& r = m.rows[i];
    if (!r.leaf) {
      const int span = leaves_under(m.rows, i);
      if (span > 0) pending += branch_cell(r, span, compare, m.places);
      continue;
    }
    out += std::string("<tr") + (differs(r) ? " class=\"differs\"" : "") + " data-id=\"" + html_escape(r.id) + "\">";
    out += pending;
    pending.clear();
    const int colspan = m.levels - r.level + 1;
    out += "<td class=\"leaf\"" + (colspan > 1 ? " colspan=\"" + std::to_string(colspan) + "\"" : std::string()) +
           ">" + html_escape(r.names.back()) + "</td>";
    out += "<td class=\"num\">" + html_escape(r.weight ? r.weight->str(m.places) : "未公布") + "</td>";
    out += "<td class=\"num\">" + num(r.filed, m.places) + "</td>";
    out += "<td class=\"num\">" + num(r.recomputed, m.places) + "</td>";
    out += "<td class=\"num\">" + html_escape(signed_num(r.difference, m.places) + (r.claim.empty() ? "" : " " + r.claim)) +
           "</td>";
    out += "<td class=\"reason\">" + html_escape(r.reason) + "</td><td class=\"basis\">";
    for (size_t k = 0; k < r.provenance.size(); ++k) out += (k ? "<br>" : "") + html_escape(r.provenance[k]);
    out += "</td></tr>\n";
  }
  out += "<tr class=\"total\"><td colspan=\"" + std::to_string(m.levels) + "\">总分</td><td class=\"num\">" +
         num(m.full_score, m.places) + "</td><td class=\"num\">" + num(m.filed_total, m.places) +
         "</td><td class=\"num\">" + m.recomputed_total.str(m.places) + "</td><td class=\"num\">" +
         signed_num(m.gap, m.places) + "</td><td colspan=\"2\"></td></tr>\n";
  return out + "</tbody>\n</table>\n";
}

std::string summary(const ReportModel& m) {
  const std::string out = summary_line(m);
  std::string html = "<p class=\"summary\">" + html_escape(out) + "</p>\n";
  for (const auto& gap : m.gaps) html += "<p class=\"meta\">未能计算：" + html_escape(gap) + "</p>\n";
  return html;
}

std::string charts(const ReportModel& m) {
  const bool compare = m.kind == "compare";
  std::vector<ChartBar> roots, leaves;
  for (const auto& r : m.rows) {
    ChartBar bar{r.names.back(), r.weight, compare ? r.filed : std::nullopt, r.recomputed, differs(r)};
    if (r.level == 1) roots.push_back(bar);
    if (r.leaf && differs(r)) leaves.push_back(bar);
  }
  std::string out = bar_chart_svg("一级指标得分与分值", roots, m.places) + "\n";
  if (compare && !leaves.empty()) out += bar_chart_svg("自评与复核不一致的指标", leaves, m.places) + "\n";
  return out;
}

}  // namespace

std::string html_page(const std::string& title, const std::string& body) {
  return "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"generator\" content=\"jixiao " +
         html_escape(engine_version()) + "\">\n<title>" + html_escape(title) + "</title>\n<style>" + kStyle +
         "</style>\n</head>\n<body>\n" + body + "<p class=\"meta footer\">jixiao " + html_escape(engine_version()) +
         "</p>\n</body>\n</html>\n";
}

std::string render_html(const ReportModel& m) {
  std::string out = "<h1>" + html_escape(m.title) + "</h1>\n";
  out += "<p class=\"meta\">" +
         html_escape("指标体系 " + m.set_name + "（" + m.set_id + "），规则版本 " + m.set_hash.substr(0, 12) +
                     "；jixiao " + m.engine_version) +
         "</p>\n";
  out += summary(m) + charts(m) + table(m);
  return html_page(m.title, out);
}

}  // namespace jixiao
