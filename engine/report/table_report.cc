#include "table_report.h"

#include "cell_text.h"

namespace jixiao {

namespace {

std::string num(const std::optional<Decimal>& d, int places) { return d ? d->str(places) : ""; }

std::string signed_num(const std::optional<Decimal>& d, int places) {
  if (!d) return "";
  return (*d > Decimal() ? "+" : "") + d->str(places);
}

}  // namespace

std::string render_csv(const ReportModel& m) {
  const int places = m.places;
  std::string out = csv_header("id,path,level,weight,filed,recomputed,difference,claim,source,reason");
  for (const auto& r : m.rows)
    out += csv_field(r.id) + "," + csv_field(r.path) + "," + std::to_string(r.level) + "," + num(r.weight, places) +
           "," + num(r.filed, places) + "," + num(r.recomputed, places) + "," + num(r.difference, places) + "," +
           r.claim + "," + r.source + "," + csv_field(r.reason) + "\n";
  // A total that leaves out leaves without a score says so in its own row:
  // source "partial" and the reason, so a program reading the row cannot take it as final.
  std::string reason = m.relative_gap_pct ? "相对差异 " + gap_pct_text(*m.relative_gap_pct) + "%" : "";
  if (!m.complete) reason = "不是最终得分：" + std::to_string(m.gaps.size()) + " 项指标未能计算，覆盖分值 " +
                            m.covered.str(places) + (reason.empty() ? "" : "；" + reason);
  out += "total,总分,0,," + num(m.filed_total, places) + "," + m.recomputed_total.str(places) + "," +
         num(m.gap, places) + ",," + (m.complete ? "" : "partial") + "," + csv_field(reason) + "\n";
  return out;
}

std::string render_markdown(const ReportModel& m) {
  const int places = m.places;
  const bool compare = m.kind == "compare";
  std::string out = "## " + markdown_text(m.record_title) + (compare ? " · 自评与复核对比" : " · " + markdown_text(m.set_name)) + "\n\n";
  out += compare ? "| 指标 | 分值 | 自评得分 | 复核得分 | 差异 | | 复核说明 |\n"
                 : "| 指标 | 分值 | 自评得分 | 得分 | 差异 | | 说明 |\n";
  out += "|---|---:|---:|---:|---:|---|---|\n";
  for (const auto& r : m.rows) {
    const std::string name = r.leaf ? r.names.back() : "**" + r.names.back() + "**";
    std::string indent;
    for (int i = 1; i < r.level; ++i) indent += "　";  // an ideographic space survives Markdown
    out += "| " + indent + markdown_cell(name) + " | " + num(r.weight, places) + " | " + num(r.filed, places) +
           " | " + num(r.recomputed, places) + " | " + signed_num(r.difference, places) + " | " + r.claim + " | " +
           markdown_cell(r.reason) + " |\n";
  }
  out += "| **总分** | | " + num(m.filed_total, places) + " | " + m.recomputed_total.str(places) + " | " +
         signed_num(m.gap, places) + " | | |\n\n";
  out += markdown_text(summary_line(m)) + "\n";
  for (const auto& gap : m.gaps) out += markdown_text("未能计算：" + gap) + "\n";
  out += "\n" + markdown_text("指标体系 " + m.set_id + "，规则版本 " + m.set_hash.substr(0, 12) + "；jixiao " + m.engine_version) + "\n";
  return out;
}

}  // namespace jixiao
