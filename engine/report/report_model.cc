#include "report_model.h"

#include "version.h"

namespace jixiao {

namespace {

std::string input_line(const InputTrace& in) {
  return in.name + (in.label.empty() ? "" : "（" + in.label + "）") + " = " + in.value +
         (in.unit.empty() ? "" : " " + in.unit) + (in.provenance.empty() ? "" : "  出处：" + in.provenance);
}

// The rows of `set` with names per level; `fill` adds the figures of each.
template <typename Fill>
std::vector<ReportRow> rows_of(const IndicatorSet& set, Fill fill) {
  std::vector<ReportRow> rows;
  std::vector<std::string> names;
  for (const auto& ref : set.nodes()) {
    names.resize(ref.depth);
    names.push_back(ref.node->name);
    ReportRow row;
    row.id = ref.node->id;
    row.path = ref.path;
    row.level = ref.depth + 1;
    row.names = names;
    row.leaf = ref.node->is_leaf();
    row.weight = ref.node->weight;
    fill(*ref.node, row);
    if (row.filed && row.recomputed) row.difference = *row.filed - *row.recomputed;
    rows.push_back(std::move(row));
  }
  return rows;
}

// A branch of a record with gaps: what it lacks, and "partial" when the
// subtotal it shows leaves some of it out.
void fill_branch_gap(const Evaluation& ev, const Node& node, int places, ReportRow& row) {
  if (ev.complete()) return;
  row.reason = branch_gap(ev, node, places);
  if (row.recomputed && !row.reason.empty()) row.source = "partial";
}

void fill_leaf(const LeafResult& leaf, ReportRow& row) {
  row.source = leaf_source_name(leaf.source);
  row.reason = leaf.reason;
  for (const auto& in : leaf.inputs) row.provenance.push_back(input_line(in));
}

ReportModel base_model(const Evaluation& ev, const Record& filed, const std::string& kind) {
  ReportModel m;
  m.kind = kind;
  m.record_title = filed.title();
  m.entity = filed.entity;
  m.year = filed.year;
  m.set_id = ev.set->id;
  m.set_name = ev.set->name;
  m.set_hash = ev.set_hash;
  m.engine_version = engine_version();
  m.places = ev.set->score_places;
  m.levels = std::max(1, ev.set->depth());
  m.full_score = ev.set->total;
  m.max = ev.max;
  m.recomputed_total = ev.total;
  m.complete = ev.complete();
  m.covered = ev.covered;
  for (const LeafResult* gap : ev.gaps()) {
    std::string missing;
    for (const auto& what : gap->missing) missing += (missing.empty() ? "" : "，") + what;
    m.gaps.push_back(gap->path + "（" + gap->node->id + "）：" + missing);
  }
  return m;
}

std::string num(const std::optional<Decimal>& d, int places) { return d ? d->str(places) : ""; }

std::string signed_num(const std::optional<Decimal>& d, int places) {
  if (!d) return "";
  return (*d > Decimal() ? "+" : "") + d->str(places);
}

}  // namespace

std::string branch_gap(const Evaluation& ev, const Node& node, int places) {
  auto covered = ev.covered_under.find(node.id);
  const Decimal done = covered == ev.covered_under.end() ? Decimal() : covered->second;
  if (!node.weight) return "分值未公布";
  const Decimal rest = *node.weight - done;
  return rest == Decimal() ? "" : "未能计算 " + rest.str(places) + " 分";
}

std::string summary_line(const ReportModel& m) {
  if (m.kind == "compare") {
    std::string out = "自评总分 " + num(m.filed_total, m.places) + "，复核得分 " + m.recomputed_total.str(m.places) +
                      "（" + m.basis + "），差 " + signed_num(m.gap, m.places) + "，相对差异 " +
                      (m.relative_gap_pct ? gap_pct_text(*m.relative_gap_pct) : "") + "%";
    return m.accuracy.empty() ? out : out + "；" + m.accuracy;
  }
  if (m.complete && m.max) {
    std::string out = "得分合计 " + m.recomputed_total.str(m.places) + " / " + m.max->str(m.places);
    return m.filed_total ? out + "；自评得分 " + m.filed_total->str(m.places) : out;
  }
  return "可计算部分得分 " + m.recomputed_total.str(m.places) + "，覆盖分值 " + m.covered.str(m.places) +
         "；不是最终得分：" + std::to_string(m.gaps.size()) + " 项指标未能计算";
}

ReportModel score_model(const Evaluation& ev) {
  ReportModel m = base_model(ev, *ev.record, "score");
  m.title = ev.record->title() + " · " + ev.set->name;
  m.rows = rows_of(*ev.set, [&](const Node& node, ReportRow& row) {
    if (node.is_leaf()) {
      const LeafResult& leaf = *ev.leaf(node.id);
      row.filed = leaf.filed;
      row.recomputed = leaf.score;
      fill_leaf(leaf, row);
    } else {
      row.filed = ev.filed.subtotal(node.id);
      const auto score = ev.subtotals.find(node.id);
      if (score != ev.subtotals.end()) row.recomputed = score->second;
      fill_branch_gap(ev, node, m.places, row);
    }
  });
  for (auto& row : m.rows)
    if (row.difference && *row.difference != Decimal()) row.claim = *row.difference > Decimal() ? "多报" : "少报";
  if (ev.filed.any || ev.record->filed_total) {
    m.filed_total = ev.filed.total;
    if (m.complete) m.gap = ev.filed.total - ev.total;
  }
  return m;
}

ReportModel compare_model(const Comparison& c) {
  const Evaluation& ev = *c.recomputed;
  ReportModel m = base_model(ev, *c.filed, "compare");
  m.title = c.filed->title() + " · 自评与复核对比 · " + ev.set->name;
  m.basis = c.basis;
  m.rows = rows_of(*ev.set, [&](const Node& node, ReportRow& row) {
    if (node.is_leaf()) {
      for (const auto& lc : c.leaves) {
        if (lc.leaf->node != &node) continue;
        row.filed = lc.filed;
        row.recomputed = lc.recomputed;
        row.claim = claim_mark(lc);
        fill_leaf(*lc.leaf, row);
      }
    } else {
      row.filed = c.filed_subtotal(node.id);
      row.recomputed = c.recomputed_subtotal(node.id);
      fill_branch_gap(ev, node, m.places, row);
    }
  });
  m.filed_total = c.filed_total;
  m.recomputed_total = c.recomputed_total;
  m.gap = c.gap;
  m.relative_gap_pct = c.relative_gap_pct;
  if (c.accuracy)
    m.accuracy = "按「" + c.accuracy->path + "」规则扣 " + c.accuracy->deduction.str(m.places) + " 分（" +
                 c.accuracy->reason + "）";
  return m;
}

}  // namespace jixiao
