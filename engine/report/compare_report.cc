#include "compare_report.h"

#include <algorithm>
#include <map>

#include "cell_text.h"
#include "json_writer.h"
#include "table_report.h"
#include "version.h"
#include "terminal_text.h"
#include "text_table.h"

namespace jixiao {

namespace {

// One line of the leaf-by-leaf comparison: a branch with subtotals or a leaf.
struct Line {
  const Node* node;
  int depth;
  std::string path;
  std::optional<Decimal> filed, recomputed, difference;
  std::string mark, source, reason;
};

std::vector<Line> lines_of(const Comparison& c) {
  std::vector<Line> out;
  for (const auto& ref : c.recomputed->set->nodes()) {
    const Node& n = *ref.node;
    Line line{&n, ref.depth, ref.path, {}, {}, {}, "", "", ""};
    if (n.is_leaf()) {
      for (const auto& lc : c.leaves) {
        if (lc.leaf->node != &n) continue;
        line.filed = lc.filed;
        line.recomputed = lc.recomputed;
        line.difference = lc.difference;
        line.mark = claim_mark(lc);
        line.source = leaf_source_name(lc.leaf->source);
        line.reason = lc.leaf->reason;
      }
    } else {
      line.filed = c.filed_subtotal(n.id);
      line.recomputed = c.recomputed_subtotal(n.id);
      if (line.filed && line.recomputed) line.difference = *line.filed - *line.recomputed;
    }
    out.push_back(line);
  }
  return out;
}

std::string num(const std::optional<Decimal>& d, int places) { return d ? d->str(places) : ""; }

std::string signed_num(const std::optional<Decimal>& d, int places) {
  if (!d) return "";
  return (*d > Decimal() ? "+" : "") + d->str(places);
}

std::string summary_text(const Comparison& c, int places) {
  std::string out = "自评总分 " + c.filed_total.str(places) + "，复核得分 " + c.recomputed_total.str(places) +
                    "（" + c.basis + "），差 " + signed_num(c.gap, places) + "，相对差异 " +
                    gap_pct_text(c.relative_gap_pct) + "%";
  if (c.accuracy)
    out += "；按「" + c.accuracy->path + "」规则扣 " + c.accuracy->deduction.str(places) + " 分（" +
           c.accuracy->reason + "）";
  return out;
}

std::string render_table(const Comparison& c, const std::vector<Line>& lines, int places) {
  TextTable t;
  t.add_column("指标");
  t.add_column("分值", TextTable::Align::kRight);
  t.add_column("自评得分", TextTable::Align::kRight);
  t.add_column("复核得分", TextTable::Align::kRight);
  t.add_column("差异", TextTable::Align::kRight);
  t.add_column("");
  t.add_column("复核说明");
  for (const auto& l : lines)
    t.add_row({std::string(l.depth * 2, ' ') + l.node->name, num(l.node->weight, places), num(l.filed, places),
               num(l.recomputed, places), signed_num(l.difference, places), l.mark, l.reason});
  std::string out = visible(c.filed->title() + " · 自评与复核对比 · " + c.recomputed->set->name) + "\n\n" +
                    t.render() + "\n" + visible(summary_text(c, places)) + "\n";
  std::string provenance;
  for (const auto& lc : c.leaves) {
    if (!lc.difference || *lc.difference == Decimal()) continue;
    provenance += "  " + visible(lc.leaf->path) + "\n";
    for (const auto& in : lc.leaf->inputs)
      provenance += "    " + visible(in.name + (in.label.empty() ? "" : "（" + in.label + "）") + " = " + in.value +
                            (in.unit.empty() ? "" : " " + in.unit) +
                            (in.provenance.empty() ? "" : "  出处：" + in.provenance)) +
                    "\n";
  }
  if (!provenance.empty()) out += "\n差异项的依据：\n" + provenance;
  return out;
}

std::string render_json(const Comparison& c, const std::vector<Line>& lines, int places) {
  JsonWriter w;
  w.begin_object();
  w.key("schema_version").integer(kJsonSchemaVersion);
  w.key("engine_version").string(engine_version());
  w.key("entity").string(c.filed->entity);
  w.key("year").integer(c.filed->year);
  w.key("set").string(c.recomputed->set->id);
  w.key("set_hash").string(c.recomputed->set_hash);
  w.key("basis").string(c.basis);
  w.key("filed_total").number(c.filed_total, places);
  w.key("recomputed_total").number(c.recomputed_total, places);
  w.key("gap").number(c.gap, places);
  w.key("relative_gap_pct").number(c.relative_gap_pct, 2);
  w.key("accuracy");
  if (c.accuracy) {
    w.begin_object();
    w.key("leaf").string(c.accuracy->path);
    w.key("score").number(c.accuracy->score, places);
    w.key("deduction").number(c.accuracy->deduction, places);
    w.key("reason").string(c.accuracy->reason);
    w.end_object();
  } else {
    w.null();
  }
  w.key("rows").begin_array();
  for (const auto& l : lines) {
    w.begin_object();
    w.key("id").string(l.node->id);
    w.key("path").string(l.path);
    w.key("level").integer(l.depth + 1);
    w.key("leaf").boolean(l.node->is_leaf());
    w.key("weight").number(l.node->weight, places);
    w.key("filed").number(l.filed, places);
    w.key("recomputed").number(l.recomputed, places);
    w.key("difference").number(l.difference, places);
    w.key("claim").string(l.mark == std::string("多报") ? "over" : l.mark == std::string("少报") ? "under" : "");
    if (l.node->is_leaf()) {
      w.key("source").string(l.source);
      w.key("reason").string(l.reason);
      w.key("inputs").begin_array();
      for (const auto& lc : c.leaves) {
        if (lc.leaf->node != l.node) continue;
        for (const auto& in : lc.leaf->inputs) {
          w.begin_object();
          w.key("name").string(in.name);
          w.key("value").string(in.value);
          w.key("unit").string(in.unit);
          w.key("provenance").string(in.provenance);
          w.end_object();
        }
      }
      w.end_array();
    }
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.str() + "\n";
}

}  // namespace

std::optional<CompareFormat> parse_compare_format(const std::string& name) {
  if (name == "table") return CompareFormat::kTable;
  if (name == "json") return CompareFormat::kJson;
  if (name == "csv") return CompareFormat::kCsv;
  if (name == "markdown") return CompareFormat::kMarkdown;
  return std::nullopt;
}

std::string render_comparison(const Comparison& c, CompareFormat format) {
  const int places = c.recomputed->set->score_places;
  const auto lines = lines_of(c);
  switch (format) {
    case CompareFormat::kTable: return render_table(c, lines, places);
    case CompareFormat::kJson: return render_json(c, lines, places);
    case CompareFormat::kCsv: return render_csv(compare_model(c));
    case CompareFormat::kMarkdown: return render_markdown(compare_model(c));
  }
  return "";
}

ComparisonSummary summarize_comparisons(int year, std::vector<ComparisonLine> lines,
                                        const std::vector<Decimal>& deductions) {
  std::stable_sort(lines.begin(), lines.end(), [](const ComparisonLine& a, const ComparisonLine& b) {
    if (a.error.empty() != b.error.empty()) return a.error.empty();
    return a.relative_gap_pct > b.relative_gap_pct;
  });
  std::map<std::string, int> by_deduction;  // "扣8分" → count, in deduction order below
  std::map<int64_t, std::string> order;
  for (const Decimal& d : deductions) {
    const std::string key = "扣" + d.str() + "分";
    by_deduction[key] = 0;
    order[d.millionths()] = key;
  }
  for (const auto& l : lines)
    if (l.error.empty()) {
      const std::string key = l.deduction ? "扣" + l.deduction->str() + "分" : "无自评准确规则";
      ++by_deduction[key];
      order[l.deduction ? l.deduction->millionths() : -1] = key;
    }
  ComparisonSummary s;
  s.year = year;
  s.lines = std::move(lines);
  for (const auto& [key, label] : order) s.bands.emplace_back(label, by_deduction[label]);
  s.engine_version = engine_version();
  return s;
}

std::string render_comparison_lines(const ComparisonSummary& summary, CompareFormat format) {
  const int year = summary.year;
  const std::vector<ComparisonLine>& lines = summary.lines;
  if (format == CompareFormat::kJson) {
    JsonWriter w;
    w.begin_object();
    w.key("schema_version").integer(kJsonSchemaVersion);
    w.key("engine_version").string(summary.engine_version);
    w.key("year").integer(year);
    w.key("departments").begin_array();
    for (const auto& l : lines) {
      w.begin_object();
      w.key("entity").string(l.entity);
      if (!l.error.empty()) {
        w.key("error").string(l.error);
      } else {
        w.key("basis").string(l.basis);
        w.key("filed_total").number(l.filed_total, 2);
        w.key("recomputed_total").number(l.recomputed_total, 2);
        w.key("relative_gap_pct").number(l.relative_gap_pct, 2);
        w.key("deduction").number(l.deduction, 2);
      }
      w.end_object();
    }
    w.end_array();
    w.key("distribution").begin_object();
    for (const auto& [label, count] : summary.bands) w.key(label).integer(count);
    w.end_object();
    w.end_object();
    return w.str() + "\n";
  }

  if (format == CompareFormat::kCsv) {
    std::string out = csv_header("entity,basis,filed_total,recomputed_total,relative_gap_pct,deduction,error");
    for (const auto& l : lines)
      out += csv_field(l.entity) + "," + csv_field(l.basis) + "," + (l.error.empty() ? l.filed_total.str(2) : "") +
             "," + (l.error.empty() ? l.recomputed_total.str(2) : "") + "," +
             (l.error.empty() ? gap_pct_text(l.relative_gap_pct) : "") + "," + (l.deduction ? l.deduction->str(2) : "") +
             "," + csv_field(l.error) + "\n";
    return out;
  }

  TextTable t;
  t.add_column("单位");
  t.add_column("自评", TextTable::Align::kRight);
  t.add_column("复核", TextTable::Align::kRight);
  t.add_column("相对差异", TextTable::Align::kRight);
  t.add_column("自评准确扣分", TextTable::Align::kRight);
  t.add_column("复核依据");
  for (const auto& l : lines) {
    if (!l.error.empty()) {
      t.add_row({l.entity, "", "", "", "", "无法比较：" + l.error});
      continue;
    }
    t.add_row({l.entity, l.filed_total.str(2), l.recomputed_total.str(2), gap_pct_text(l.relative_gap_pct) + "%",
               l.deduction ? l.deduction->str(2) : "—", l.basis});
  }
  std::string out = std::to_string(year) + " 年各单位自评与复核对比（按相对差异从大到小）\n\n";
  if (format == CompareFormat::kMarkdown) {
    out = "## " + out + "| 单位 | 自评 | 复核 | 相对差异 | 自评准确扣分 | 复核依据 |\n|---|---:|---:|---:|---:|---|\n";
    for (const auto& l : lines)
      out += "| " + markdown_cell(l.entity) + " | " + (l.error.empty() ? l.filed_total.str(2) : "") + " | " +
             (l.error.empty() ? l.recomputed_total.str(2) : "") + " | " +
             (l.error.empty() ? gap_pct_text(l.relative_gap_pct) + "%" : "") + " | " +
             (l.deduction ? l.deduction->str(2) : "") + " | " + markdown_cell(l.error.empty() ? l.basis : l.error) + " |\n";
    out += "\n";
  } else {
    out += t.render() + "\n";
  }
  out += "分布：";
  bool first = true;
  for (const auto& [label, count] : summary.bands) {
    out += (first ? "" : "，") + label + " " + std::to_string(count) + " 个";
    first = false;
  }
  out += "\n";
  if (format == CompareFormat::kMarkdown) out += "\njixiao " + summary.engine_version + "\n";
  return out;
}

}  // namespace jixiao
