#include "report.h"

#include <algorithm>
#include <functional>

#include "json_writer.h"
#include "report_model.h"
#include "version.h"
#include "terminal_text.h"
#include "text_table.h"

namespace jixiao {

namespace {

const char* source_label(LeafSource s) {
  switch (s) {
    case LeafSource::kComputed: return "计算";
    case LeafSource::kJudged: return "判定";
    case LeafSource::kNotScored: return "不自评";
    case LeafSource::kUncovered: return "未计分";
  }
  return "";
}

std::string opt(const std::optional<Decimal>& d, int places) { return d ? d->str(places) : "—"; }

std::string weight_text(const Node& node, int places) { return node.weight ? node.weight->str(places) : "未公布"; }

std::string joined(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

// The footer of a record with gaps: what was recomputed, what was not, and why.
std::string gap_footer(const Evaluation& ev, int places) {
  std::string out = "可计算部分得分 " + ev.total.str(places) + "，覆盖分值 " + ev.covered.str(places);
  if (ev.max) out += " / " + ev.max->str(places) + "（" + ev.covered_pct()->str(2) + "%）";
  if (const auto uncovered = ev.uncovered()) out += "；未能计算 " + uncovered->str(places) + " 分";
  out += "\n不是最终得分：" + std::to_string(ev.gaps().size()) + " 项指标未能计算（--complete 视之为错误）\n";
  out += "未能计算的指标及所缺：\n";
  for (const LeafResult* gap : ev.gaps())
    out += "  " + visible(gap->path + "（" + gap->node->id + "）：" + joined(gap->missing, "，")) + "\n";
  return out;
}

}  // namespace

std::string render_table(const Evaluation& ev) {
  const IndicatorSet& set = *ev.set;
  const int places = set.score_places;
  const int levels = std::max(1, set.depth());
  static const char* kLevelNames[] = {"一级指标", "二级指标", "三级指标"};

  TextTable table;
  for (int i = 0; i < levels; ++i)
    table.add_column(i < 3 ? kLevelNames[i] : std::to_string(i + 1) + "级指标");
  table.add_column("分值", TextTable::Align::kRight);
  table.add_column("自评得分", TextTable::Align::kRight);
  table.add_column("得分", TextTable::Align::kRight);
  table.add_column("方式");
  table.add_column("说明");

  for (const auto& ref : set.nodes()) {
    const Node& node = *ref.node;
    const int depth = ref.depth;
    std::vector<std::string> cells(levels);
    cells[depth] = node.name;
    cells.push_back(weight_text(node, places));
    if (node.is_leaf()) {
      const LeafResult* leaf = ev.leaf(node.id);
      cells.push_back(opt(leaf->filed, places));
      cells.push_back(opt(leaf->score, places));
      cells.push_back(source_label(leaf->source));
      cells.push_back(leaf->reason);
    } else {
      auto score = ev.subtotals.find(node.id);
      cells.push_back(opt(ev.filed.subtotal(node.id), places));
      cells.push_back(score != ev.subtotals.end() ? score->second.str(places) : "—");
      cells.push_back("");
      cells.push_back(ev.complete() ? "" : branch_gap(ev, node, places));
    }
    if (depth == 0 && &node != &set.roots.front()) table.add_rule();
    table.add_row(std::move(cells));
  }

  const Record& r = *ev.record;
  std::string out = visible(r.title() + " · " + set.name + "（" + set.id + "）") + "\n\n";
  out += table.render();
  int computed = 0, judged = 0;
  for (const auto& leaf : ev.leaves) {
    computed += leaf.source == LeafSource::kComputed;
    judged += leaf.source == LeafSource::kJudged;
  }
  out += "\n";
  const FiledSums& filed = ev.filed;
  if (ev.complete() && ev.max) {  // a final total: every self-scored leaf scored, the maximum known
    out += "得分合计 " + ev.total.str(places) + " / " + ev.max->str(places);
    if (*ev.max != set.total) out += "（满分 " + set.total.str(places) + "，部门自评满分 " + ev.max->str(places) + "）";
    out += "\n";
    if (filed.any || r.filed_total) {
      const Decimal gap = ev.total - filed.total;
      out += "自评得分 " + filed.total.str(places) +
             (gap == Decimal() ? "，与重新计算一致" : "，重新计算差 " + gap.str(places)) + "\n";
    }
  } else {
    if (filed.any || r.filed_total)
      out += "自评得分 " + filed.total.str(places) + "（填报）；重新计算只覆盖部分指标，不与之相比\n";
    out += gap_footer(ev, places);
  }
  for (const auto& inconsistency : ev.inconsistencies) out += "不一致：" + inconsistency + "\n";
  out += "计算 " + std::to_string(computed) + " 项，判定 " + std::to_string(judged) + " 项";
  out += "；规则版本 " + ev.set_hash.substr(0, 12) + "\n";
  return out;
}

std::string render_json(const Evaluation& ev) {
  const IndicatorSet& set = *ev.set;
  const Record& r = *ev.record;
  const int places = set.score_places;
  JsonWriter w;
  w.begin_object();
  w.key("schema_version").integer(kJsonSchemaVersion);
  w.key("engine_version").string(engine_version());
  w.key("entity").string(r.entity);
  w.key("year").integer(r.year);
  w.key("record").string(r.kind);
  w.key("source").string(r.source);
  w.key("set").begin_object();
  w.key("id").string(set.id);
  w.key("name").string(set.name);
  w.key("file").string(set.file);
  w.key("content_hash").string(ev.set_hash);
  w.key("full_score").number(set.total, places);
  w.key("score_places").integer(places);
  w.key("rounding").string("each leaf half-up to score_places; totals are exact sums of rounded leaves");
  w.end_object();
  w.key("total").number(ev.total, places);
  w.key("max").number(ev.max, places);
  w.key("filed_total").number(r.filed_total, places);
  w.key("complete").boolean(ev.complete());
  w.key("coverage").begin_object();
  w.key("recomputed").number(ev.total, places);
  w.key("covered_weight").number(ev.covered, places);
  w.key("uncovered_weight").number(ev.uncovered(), places);
  w.key("covered_pct").number(ev.covered_pct(), 2);
  w.key("gaps").begin_array();
  for (const LeafResult* gap : ev.gaps()) {
    w.begin_object();
    w.key("id").string(gap->node->id);
    w.key("path").string(gap->path);
    w.key("weight").number(gap->node->weight, places);
    w.key("missing").begin_array();
    for (const auto& m : gap->missing) w.string(m);
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.end_object();
  w.key("inconsistencies").begin_array();
  for (const auto& inconsistency : ev.inconsistencies) w.string(inconsistency);
  w.end_array();

  std::function<void(const Node&, int)> node_json = [&](const Node& node, int level) {
    w.begin_object();
    w.key("id").string(node.id);
    w.key("name").string(node.name);
    w.key("level").integer(level);
    w.key("weight").number(node.weight, places);
    if (!node.unknowns().empty()) {
      w.key("unknown").begin_array();
      for (const auto& what : node.unknowns()) w.string(what);
      w.end_array();
    }
    if (node.is_leaf()) {
      const LeafResult& leaf = *ev.leaf(node.id);
      w.key("score").number(leaf.score, places);
      w.key("filed").number(leaf.filed, places);
      w.key("source").string(leaf_source_name(leaf.source));
      w.key("reason").string(leaf.reason);
      w.key("script").string(node.script);
      w.key("inputs").begin_array();
      for (const auto& in : leaf.inputs) {
        w.begin_object();
        w.key("name").string(in.name);
        w.key("label").string(in.label);
        w.key("value").string(in.value);
        w.key("unit").string(in.unit);
        w.key("provenance").string(in.provenance);
        w.end_object();
      }
      w.end_array();
    } else {
      auto score = ev.subtotals.find(node.id);
      w.key("score");
      if (score != ev.subtotals.end()) w.number(score->second, places);
      else w.null();
      w.key("filed").number(ev.filed.subtotal(node.id), places);
      w.key("children").begin_array();
      for (const Node& child : node.children) node_json(child, level + 1);
      w.end_array();
    }
    w.end_object();
  };
  w.key("indicators").begin_array();
  for (const Node& root : set.roots) node_json(root, 1);
  w.end_array();
  w.end_object();
  return w.str() + "\n";
}

std::string render_explain(const Evaluation& ev, const LeafResult& leaf, const std::string& script_text) {
  const Node& node = *leaf.node;
  const int places = ev.set->score_places;
  std::string out;
  // One-line fields are shown with visible(), so a line break in a reason
  // cannot start a line that looks like a score; texts of several lines
  // (explanation, rule, script) keep their line breaks.
  out += visible(leaf.path + "（" + node.id + "）") + "\n";
  out += visible(ev.record->title() + " · " + ev.set->name) + "\n\n";
  out += "分值      " + weight_text(node, places) + "\n";
  out += "自评得分  " + opt(leaf.filed, places) + "\n";
  out += "得分      " + opt(leaf.score, places) + "（" + source_label(leaf.source) + "）\n";
  out += "说明      " + visible(leaf.reason) + "\n\n";
  out += "指标解释\n  " + visible_lines(node.explanation) + "\n\n";
  out += "计分标准\n  " + (node.rule_unknown ? std::string("（未公布）") : visible_lines(node.rule)) + "\n\n";
  out += "输入\n";
  if (leaf.inputs.empty()) out += "  （无）\n";
  for (const auto& in : leaf.inputs) {
    out += "  " + visible(in.name + (in.label.empty() ? "" : "（" + in.label + "）") + " = " + in.value +
                          (in.unit.empty() ? "" : " " + in.unit)) +
           "\n";
    auto table = ev.record->rows.find(in.name);
    if (table == ev.record->rows.end() || std::find(node.rows.begin(), node.rows.end(), in.name) == node.rows.end()) {
      if (!in.provenance.empty()) out += "    出处：" + visible(in.provenance) + "\n";
      continue;
    }
    for (size_t i = 0; i < table->second.size(); ++i) {  // a row table: every row and where it comes from
      const Row& row = table->second[i];
      std::string cells;
      for (size_t c = 0; c < row.cells.size(); ++c)
        cells += (c ? "，" : "") + row.cells[c].first + "=" + row.cells[c].second.display();
      out += "    " + std::to_string(i + 1) + ". " + visible(cells);
      out += "\n       出处：" + visible(row.provenance.display()) + "\n";
    }
  }
  if (!leaf.missing.empty() && leaf.source == LeafSource::kJudged)
    out += "  脚本所需而未记录：" + visible(joined(leaf.missing, "，")) + "（故按判定计分）\n";
  if (leaf.source == LeafSource::kUncovered) out += "  未能计分，所缺：" + visible(joined(leaf.missing, "，")) + "\n";
  out += "\n参数\n  " + visible(node.params.display()) + "\n";
  if (!node.script.empty()) {
    out += "\n脚本 scripts/" + node.script + "\n";
    out += script_text;
    if (!script_text.empty() && script_text.back() != '\n') out += "\n";
  } else {
    out += "\n脚本  （无：此项按记录的判定计分）\n";
  }
  return out;
}

}  // namespace jixiao
