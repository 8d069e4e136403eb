// The pages beside a department-year's report (html_report.cc): its project
// tables, and a year's departments compared.
#include "html_report.h"
#include "report_chart.h"

namespace jixiao {

namespace {

std::string num(const std::optional<Decimal>& d, int places) { return d ? d->str(places) : ""; }

std::string td(const std::string& cls, const std::string& text) {
  return "<td" + (cls.empty() ? std::string() : " class=\"" + cls + "\"") + ">" + html_escape(text) + "</td>";
}

// `text` escaped, its line breaks as <br>.
std::string lines_html(const std::string& text) {
  std::string out;
  for (size_t start = 0; start <= text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out += (start ? "<br>" : "") + html_escape(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string project_table(const ProjectReportTable& t, int places) {
  std::string out = "<section class=\"project\">\n<h2>" + html_escape(t.name + "（" + t.id + "）") + "</h2>\n";
  out += "<p class=\"meta\">" + html_escape(t.table + (t.provenance.empty() ? "" : "；出处：" + t.provenance)) + "</p>\n";
  out += "<table>\n<thead><tr><th>一级指标</th><th>二级指标</th><th>三级指标</th><th>年度指标值</th><th>实际完成值</th>"
         "<th>分值</th><th>表中得分</th><th>得分</th><th>说明</th></tr></thead>\n<tbody>\n";
  for (size_t i = 0; i < t.rows.size(); ++i) {
    const ProjectReportRow& r = t.rows[i];
    std::string cls = r.departs ? "differs" : r.status == "待判定" ? "pending" : "";
    out += "<tr" + (cls.empty() ? std::string() : " class=\"" + cls + "\"") + ">";
    if (r.budget) {
      out += "<td colspan=\"3\" class=\"leaf\">" + html_escape(r.level1) + "</td>";
    } else {
      if (r.level1_span > 0) out += "<td rowspan=\"" + std::to_string(r.level1_span) + "\">" + html_escape(r.level1) + "</td>";
      if (r.level2_span > 0) out += "<td rowspan=\"" + std::to_string(r.level2_span) + "\">" + html_escape(r.level2) + "</td>";
      out += td("leaf", r.name);
    }
    out += td("value", r.target) + td("value", r.actual) + td("num", r.status == "不计分" ? "" : num(r.weight, places)) +
           td("num", num(r.filed, places)) + td("num", r.score ? r.score->str(places) : "—") +
           td("reason", (r.status.empty() ? "" : r.status + "：") + r.reason) + "</tr>\n";
  }
  out += "<tr class=\"total\"><td colspan=\"5\">总分</td>" + td("num", t.full_score.str(places)) +
         td("num", num(t.stated_total, places)) + td("num", t.total.str(places)) +
         td("", t.grade.empty() ? "" : "等级 " + t.grade) + "</tr>\n</tbody>\n</table>\n";
  return out + "<p class=\"summary\">" + lines_html(t.summary) + "</p>\n</section>\n";
}

}  // namespace

std::string render_project_html(const ProjectReportModel& m) {
  std::string body = "<h1>" + html_escape(m.title) + "</h1>\n<p class=\"meta\">" +
                     html_escape("指标体系 " + m.set_name + "（" + m.set_id + "）；jixiao " + m.engine_version) + "</p>\n";
  for (const auto& t : m.projects) body += project_table(t, m.places);
  return html_page(m.title, body);
}

std::string render_comparison_summary_html(const ComparisonSummary& s) {
  const std::string title = std::to_string(s.year) + " 年各单位自评与复核对比";
  std::string body = "<h1>" + html_escape(title) + "</h1>\n<p class=\"meta\">" +
                     html_escape("按相对差异从大到小；" + std::to_string(s.lines.size()) + " 个单位；jixiao " +
                                 s.engine_version) +
                     "</p>\n";
  body += count_chart_svg("相对差异按自评准确扣分的分布", s.bands) + "\n";
  body += "<table>\n<thead><tr><th>单位</th><th>自评</th><th>复核</th><th>相对差异</th><th>自评准确扣分</th>"
          "<th>复核依据</th></tr></thead>\n<tbody>\n";
  for (const auto& l : s.lines) {
    if (!l.error.empty()) {
      body += "<tr class=\"differs\">" + td("", l.entity) + "<td></td><td></td><td></td><td></td>" +
              "<td class=\"reason\">" + lines_html("无法比较：" + l.error) + "</td></tr>\n";
      continue;
    }
    const bool deducted = l.deduction && *l.deduction > Decimal();
    body += std::string("<tr") + (deducted ? " class=\"differs\"" : "") + ">" + td("leaf", l.entity) +
            td("num", l.filed_total.str(2)) + td("num", l.recomputed_total.str(2)) +
            td("num", gap_pct_text(l.relative_gap_pct) + "%") + td("num", l.deduction ? l.deduction->str(2) : "—") +
            td("basis", l.basis) + "</tr>\n";
  }
  body += "</tbody>\n</table>\n<p class=\"summary\">分布：";
  for (size_t i = 0; i < s.bands.size(); ++i)
    body += (i ? "，" : "") + html_escape(s.bands[i].first + " " + std::to_string(s.bands[i].second) + " 个");
  return html_page(title, body + "</p>\n");
}

}  // namespace jixiao
