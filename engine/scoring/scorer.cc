#include "scorer.h"

#include <algorithm>
#include <functional>

#include "files.h"
#include "script_header.h"
#include "set_loader.h"
#include "sha256.h"
#include "suggest.h"

namespace jixiao {

namespace {

std::string with_score(const std::string& reason, const Decimal& score, int places) {
  const std::string points = "得" + score.str(places) + "分";
  return reason.empty() ? points : reason + "，" + points;
}

// How errors name a leaf: its path of names and its id, the id being what
// `jixiao explain` and the set's overrides take.
std::string label(const IndicatorSet::LeafRef& leaf) { return leaf.path + "（" + leaf.node->id + "）"; }

std::vector<std::string> fact_names(const Record& record) {
  std::vector<std::string> names;
  for (const auto& [name, fact] : record.facts) names.push_back(name);
  return names;
}

}  // namespace

Scorer Scorer::from_file(const std::string& set_file, const SearchPath& scripts, SandboxLimits limits,
                         const SetFinder& find) {
  return Scorer(read_file(set_file), set_file, scripts, limits, find);
}

const char* leaf_source_name(LeafSource s) {
  switch (s) {
    case LeafSource::kComputed: return "computed";
    case LeafSource::kJudged: return "judged";
    case LeafSource::kNotScored: return "not-scored";
    case LeafSource::kUncovered: return "uncovered";
  }
  return "";
}

std::optional<Decimal> FiledSums::subtotal(const std::string& node_id) const {
  auto found = subtotals.find(node_id);
  if (found == subtotals.end()) return std::nullopt;
  return found->second;
}

FiledSums filed_sums(const std::vector<IndicatorSet::LeafRef>& leaves, const Record& record) {
  FiledSums sums;
  for (const auto& leaf : leaves) {
    auto filed = record.filed_scores.find(leaf.node->id);
    if (filed == record.filed_scores.end()) continue;
    sums.any = true;
    sums.leaf_sum += filed->second;
    for (const Node* ancestor : leaf.ancestors) sums.subtotals[ancestor->id] += filed->second;
  }
  sums.total = record.filed_total ? *record.filed_total : sums.leaf_sum;
  return sums;
}

const LeafResult* Evaluation::leaf(const std::string& id) const {
  for (const auto& l : leaves)
    if (l.node->id == id) return &l;
  return nullptr;
}

bool Evaluation::complete() const { return gaps().empty(); }

std::optional<Decimal> Evaluation::uncovered() const {
  if (!max) return std::nullopt;
  return *max - covered;
}

std::optional<Decimal> Evaluation::covered_pct() const {
  if (!max || *max <= Decimal()) return std::nullopt;
  return percent_of(covered, *max);
}

std::vector<const LeafResult*> Evaluation::gaps() const {
  std::vector<const LeafResult*> out;
  for (const auto& l : leaves)
    if (l.source == LeafSource::kUncovered) out.push_back(&l);
  return out;
}

Error incomplete_error(const Evaluation& ev) {
  const auto gaps = ev.gaps();
  std::string message = ev.record->title() + ": " + std::to_string(gaps.size()) + " leaf(s) cannot be scored";
  for (const LeafResult* gap : gaps) message += "\n  [" + gap->path + "（" + gap->node->id + "）] " + gap->uncovered_why;
  return Error(ErrorKind::kMissing, message, Location{ev.record->source});
}

ParsedSet Scorer::parse(const std::string& set_yaml, const std::string& set_file, const SetFinder& find) {
  ParsedSet parsed;
  parsed.hash.update(set_yaml);
  if (!find) {
    parsed.set = parse_set(set_yaml, set_file);
    return parsed;
  }
  parsed.set = parse_set(set_yaml, set_file, [&](const std::string& id) {  // hashing the files of the bases as read
    std::string path = find(id);
    parsed.hash.update(read_file(path));
    return path;
  });
  return parsed;
}

Scorer::Scorer(const std::string& set_yaml, const std::string& set_file, const SearchPath& scripts,
               SandboxLimits limits, const SetFinder& find)
    : Scorer(parse(set_yaml, set_file, find), scripts, limits) {}

Scorer::Scorer(ParsedSet parsed, const SearchPath& scripts, SandboxLimits limits)
    : set_(std::move(parsed.set)) {
  Sha256& hash = parsed.hash;
  host_ = std::make_unique<ScriptHost>(scripts, "scripts", set_.score_places, limits);
  host_->set_fixed_leaves(true);  // the set's nodes do not change once its defaults are applied below
  leaves_ = set_.leaves();
  for (size_t i = 0; i < leaves_.size(); ++i) leaf_index_[leaves_[i].node->id] = i;
  self_score_max_ = set_.self_score_max();
  for (const auto& leaf : leaves_) {
    node_ids_.push_back(leaf.node->id);
    for (const Node* ancestor : leaf.ancestors) node_ids_.push_back(ancestor->id);
  }
  std::sort(node_ids_.begin(), node_ids_.end());
  node_ids_.erase(std::unique(node_ids_.begin(), node_ids_.end()), node_ids_.end());
  auto place = [&](const std::string& id) {
    return static_cast<size_t>(std::lower_bound(node_ids_.begin(), node_ids_.end(), id) - node_ids_.begin());
  };
  for (const auto& leaf : leaves_) {
    leaf_places_.push_back(place(leaf.node->id));
    ancestor_places_.emplace_back();
    for (const Node* ancestor : leaf.ancestors) ancestor_places_.back().push_back(place(ancestor->id));
  }
  slotted_.emplace(leaves_);
  handles_.assign(leaves_.size(), -1);
  for (size_t i = 0; i < leaves_.size(); ++i) {
    const auto& leaf = leaves_[i];
    if (leaf.node->script.empty()) continue;
    try {
      handles_[i] = host_->compile(leaf.node->script);
    } catch (const Error& e) {
      // A script that is not there is the set's mistake: point at its line.
      if (e.where().line == 0 && e.message().rfind("no such script", 0) == 0)
        throw Error(e.kind(), e.message(), leaf.node->where, label(leaf));
      throw e.with_indicator(label(leaf));
    }
  }
  // Each leaf's params against its script's header (scripts/README.md).
  std::map<std::string, ScriptHeader> headers;
  for (const auto& leaf : leaves_) {
    if (leaf.node->script.empty()) continue;
    auto found = headers.find(leaf.node->script);
    if (found == headers.end())
      found = headers.emplace(leaf.node->script, parse_script_header(script_source(leaf.node->script),
                                                                     "scripts/" + leaf.node->script)).first;
    check_leaf(found->second, leaf.node->script, *leaf.node, set_.file, label(leaf));
  }
  // Then each default= the set leaves out, so a script never has to restate it.
  std::function<void(std::vector<Node>&)> defaults = [&](std::vector<Node>& nodes) {
    for (Node& n : nodes) {
      if (!n.script.empty()) apply_defaults(headers.at(n.script), n.params);
      defaults(n.children);
    }
  };
  defaults(set_.roots);
  for (const auto& [name, bytes] : host_->files_loaded()) {
    hash.update(name);
    hash.update(bytes);
  }
  content_hash_ = hash.hex_digest();
}

namespace {

// Where the filed figures cannot all be right: a total above the maximum,
// leaf scores that do not add up to the total, or a total that the scored
// leaves plus every uncovered point could not reach.
std::vector<std::string> find_inconsistencies(const Evaluation& ev) {
  std::vector<std::string> out;
  const Record& record = *ev.record;
  const FiledSums& filed = ev.filed;
  if (!record.filed_total) return out;
  const Decimal total = *record.filed_total;
  const int places = ev.set->score_places;
  if (ev.max && total > *ev.max)
    out.push_back("填报总分 " + total.str(places) + " 超过自评满分 " + ev.max->str(places) + "：不一致");
  size_t self_scored = 0;
  for (const auto& leaf : ev.leaves) self_scored += leaf.node->self_scored;
  const bool all_filed = filed.any && record.filed_scores.size() == self_scored;
  if (all_filed && filed.leaf_sum != total)
    out.push_back("填报的分项得分合计 " + filed.leaf_sum.str(places) + " 与填报总分 " + total.str(places) + " 不一致");
  else if (filed.any && !all_filed && filed.leaf_sum > total)
    out.push_back("已填报的分项得分合计 " + filed.leaf_sum.str(places) + " 已超过填报总分 " + total.str(places) +
                  "：不一致");
  const auto uncovered = ev.uncovered();
  if (!ev.complete() && uncovered && ev.total + *uncovered < total)
    out.push_back("可重新计算部分得 " + ev.total.str(places) + " 分，其余 " + uncovered->str(places) +
                  " 分即使全得，合计也只有 " + (ev.total + *uncovered).str(places) + " 分，低于填报总分 " +
                  total.str(places) + "：不一致");
  return out;
}

}  // namespace

std::vector<LeafResult> Scorer::score_leaves(const Record& record) {
  std::vector<LeafResult> leaves;
  leaves_of(record, nullptr, leaves);
  return leaves;
}

const std::vector<LeafResult>& Scorer::score_packed(const Record& record) {
  slotted_->read(record.packed);
  leaves_of(record, &*slotted_, packed_leaves_);
  return packed_leaves_;
}

void Scorer::leaves_of(const Record& record, const SlottedInputs* slotted, std::vector<LeafResult>& leaves) {
  leaves.resize(leaves_.size());  // a leaf that fails leaves its result half set: the record then throws
  std::vector<std::string> problems;
  for (size_t i = 0; i < leaves_.size(); ++i) {
    try {
      evaluate_leaf(leaves_[i], record, slotted, leaves[i]);
    } catch (const Error& e) {
      problems.push_back(e.with_indicator(label(leaves_[i])).what());
    }
  }
  if (slotted != nullptr) {
    check_keys_name_leaves(slotted->filed_keys(), slotted->judgement_keys(), problems);
  } else {
    std::vector<SlottedInputs::Keyed> filed, judgements;
    auto place_of = [&](const std::string& id) {
      auto found = leaf_index_.find(id);
      return found == leaf_index_.end() ? SlottedInputs::kNoLeaf : found->second;
    };
    for (const auto& [id, score] : record.filed_scores) filed.push_back({id, place_of(id), score});
    for (const auto& [id, judgement] : record.judgements) judgements.push_back({id, place_of(id), Decimal()});
    check_keys_name_leaves(filed, judgements, problems);
  }
  if (!problems.empty()) {
    std::string message = record.title() + ": " + std::to_string(problems.size()) + " leaf(s) cannot be scored";
    for (const auto& p : problems) message += "\n  " + p;
    throw Error(ErrorKind::kMissing, message, Location{record.source});
  }
}

// filed_sums(), by place in node_ids_ as evaluate() sums the scores.
FiledSums Scorer::filed_sums_of(const Record& record) const {
  FiledSums sums;
  std::vector<Decimal> subtotals(node_ids_.size());
  std::vector<char> has(node_ids_.size());
  for (size_t i = 0; i < leaves_.size(); ++i) {
    auto filed = record.filed_scores.find(leaves_[i].node->id);
    if (filed == record.filed_scores.end()) continue;
    sums.any = true;
    sums.leaf_sum += filed->second;
    for (size_t at : ancestor_places_[i]) {
      subtotals[at] += filed->second;
      has[at] = 1;
    }
  }
  for (size_t at = 0; at < node_ids_.size(); ++at)
    if (has[at]) sums.subtotals.emplace_hint(sums.subtotals.end(), node_ids_[at], subtotals[at]);
  sums.total = record.filed_total ? *record.filed_total : sums.leaf_sum;
  return sums;
}

Evaluation Scorer::evaluate(const Record& record) {
  Evaluation ev;
  ev.set = &set_;
  ev.set_hash = content_hash_;
  ev.record = &record;
  ev.max = self_score_max_;
  ev.filed = filed_sums_of(record);
  leaves_of(record, nullptr, ev.leaves);  // one per leaf of leaves_, in order
  // Summed by place in node_ids_, then put in the maps in their order.
  std::vector<Decimal> subtotals(node_ids_.size()), covered(node_ids_.size());
  std::vector<char> has_subtotal(node_ids_.size()), has_covered(node_ids_.size());
  for (size_t i = 0; i < leaves_.size(); ++i) {
    const auto& leaf = leaves_[i];
    const LeafResult& result = ev.leaves[i];
    if (!result.score) continue;
    for (size_t at : ancestor_places_[i]) {
      subtotals[at] += *result.score;
      covered[at] += *leaf.node->weight;  // a scored leaf has a known weight
      has_subtotal[at] = has_covered[at] = 1;
    }
    subtotals[leaf_places_[i]] = *result.score;
    has_subtotal[leaf_places_[i]] = 1;
    ev.total += *result.score;
    ev.covered += *leaf.node->weight;
  }
  for (size_t at = 0; at < node_ids_.size(); ++at) {
    if (has_subtotal[at]) ev.subtotals.emplace_hint(ev.subtotals.end(), node_ids_[at], subtotals[at]);
    if (has_covered[at]) ev.covered_under.emplace_hint(ev.covered_under.end(), node_ids_[at], covered[at]);
  }
  ev.inconsistencies = find_inconsistencies(ev);
  return ev;
}

// Filed scores and judgements are keyed by leaf id: a misspelt key would
// otherwise drop a filed score or a judgement without a word.
void Scorer::check_keys_name_leaves(const std::vector<SlottedInputs::Keyed>& filed,
                                    const std::vector<SlottedInputs::Keyed>& judgements,
                                    std::vector<std::string>& problems) const {
  auto did_you_mean_leaf = [&](const std::string& id) {  // only on the way to an error
    std::vector<std::string> ids;
    for (const auto& leaf : leaves_) ids.push_back(leaf.node->id);
    return did_you_mean(id, ids);
  };
  for (const auto& [key, place, score] : filed) {  // the id as a string only on the way to a message
    if (place == SlottedInputs::kNoLeaf) {
      const std::string id(key);
      problems.push_back("filed score for '" + id + "', which is not a leaf of " + set_.id + did_you_mean_leaf(id));
      continue;
    }
    const Node* node = leaves_[place].node;
    if (node->weight && (score < Decimal() || score > *node->weight))
      problems.push_back("filed score " + score.str() + " of '" + std::string(key) + "' is outside 0.." +
                         node->weight->str());
  }
  for (const auto& keyed : judgements)
    if (keyed.leaf == SlottedInputs::kNoLeaf) {
      const std::string id(keyed.id);
      problems.push_back("judgement for '" + id + "', which is not a leaf of " + set_.id + did_you_mean_leaf(id));
    }
}

void Scorer::evaluate_leaf(const IndicatorSet::LeafRef& ref, const Record& record, const SlottedInputs* slotted,
                           LeafResult& result) {
  const Node& node = *ref.node;
  const size_t at = place(ref);
  // As a LeafResult is made, keeping the room its strings and lists had (and
  // its path, when it was this leaf's: score_packed reuses a result per leaf).
  if (result.node != &node) result.path = ref.path;
  result.node = &node;
  result.source = LeafSource::kComputed;
  result.score.reset();
  result.filed.reset();
  result.reason.clear();
  result.inputs.clear();
  result.missing.clear();
  result.uncovered_why.clear();
  if (slotted != nullptr) {
    if (const Decimal* filed = slotted->filed(at)) result.filed = *filed;
  } else if (auto filed = record.filed_scores.find(node.id); filed != record.filed_scores.end()) {
    result.filed = filed->second;
  }
  // What a script's run reads rows (and, unless handed them, facts) from.
  const Record& inputs = slotted != nullptr ? slotted->rows() : record;
  if (!node.self_scored) {
    result.source = LeafSource::kNotScored;
    if (reasons_) result.reason = "部门不自评此项（自评满分不含）";
    return;
  }
  std::vector<std::string>& missing = result.missing;
  std::vector<std::string> missing_facts;
  found_facts_.clear();  // handed to the script's run, which reads them
  for (size_t k = 0; k < node.facts.size(); ++k) {
    const std::string& fact = node.facts[k];
    const Fact* found = nullptr;
    if (slotted != nullptr) found = slotted->fact(at, k);
    else if (auto in = record.facts.find(fact); in != record.facts.end()) found = &in->second;
    found_facts_.push_back(found);
    if (found == nullptr) {
      missing.push_back("fact '" + fact + "'");
      missing_facts.push_back(fact);
    }
  }
  // A row with a `pending` cell (a project whose total is not known yet) is
  // an input not yet recorded: the script never sees it.
  std::vector<std::string> pending;
  for (const auto& table : node.rows) {
    auto rows = inputs.rows.find(table);
    if (rows == inputs.rows.end()) {
      missing.push_back("row table '" + table + "'");
      continue;
    }
    for (const Row& row : rows->second)
      for (const auto& [column, value] : row.cells)
        if (std::string_view(column) == "pending") pending.push_back(value.display());  // the length first: no call
  }
  missing.insert(missing.end(), pending.begin(), pending.end());
  if (!node.weight) {  // nothing can give points out of an unknown weight
    result.source = LeafSource::kUncovered;
    const auto unknowns = node.unknowns();
    missing.insert(missing.begin(), unknowns.begin(), unknowns.end());
    if (reasons_) result.reason = "分值未公布，不能计分";
    result.uncovered_why = "the set gives no weight for '" + node.id + "' (weight: unknown)";
    return;
  }
  const Judgement* judgement = nullptr;
  if (slotted != nullptr) judgement = slotted->judgement(at);
  else if (auto found = record.judgements.find(node.id); found != record.judgements.end()) judgement = &found->second;
  const bool judged = judgement != nullptr;

  // No score, and what is missing says why.
  auto uncovered = [&](std::string reason, std::string why) {
    result.source = LeafSource::kUncovered;
    if (reasons_) result.reason = std::move(reason);
    result.uncovered_why = std::move(why);
    missing.push_back("判定");
  };
  std::string script_reason;
  if (!node.script.empty() && missing.empty()) {
    const ScriptOutcome outcome = host_->run(handle(ref), node, inputs, found_facts_);  // lists its reads only with traces on
    for (const auto& name : outcome.facts_read) {  // each a declared fact, recorded
      const Fact& f = *found_facts_[static_cast<size_t>(std::find(node.facts.begin(), node.facts.end(), name) -
                                                         node.facts.begin())];
      result.inputs.push_back({name, f.label, f.value.display(), f.unit, f.provenance.display()});
    }
    for (const auto& table : outcome.rows_read) {
      const auto& rows = inputs.rows.at(table);
      std::string provenance = rows.empty() ? "" : rows.front().provenance.display();
      for (const Row& row : rows)
        if (row.provenance.display() != provenance) provenance = "each row its own (jixiao explain lists them)";
      result.inputs.push_back({table, "", std::to_string(rows.size()) + " rows", "", provenance});
    }
    if (!outcome.needs_judgement) {
      result.source = LeafSource::kComputed;
      result.score = Decimal::round_half_up(outcome.score, set_.score_places);
      if (reasons_) result.reason = with_score(outcome.reason, *result.score, set_.score_places);
      return;
    }
    if (!judged)
      return uncovered("规则将此情形留给判定（" + outcome.reason + "），未记录判定",
                       "the rule leaves this case to judgement (" + outcome.reason +
                           "), and no judgement is recorded for '" + node.id + "'");
    if (reasons_) script_reason = outcome.reason + "；";
  } else if (judged && !pending.empty()) {  // the judgement stands in for inputs not yet decided: say which
    if (reasons_) {
      for (const auto& p : pending) script_reason += (script_reason.empty() ? "输入待定：" : "；") + p;
      script_reason += "。按记录的判定：";
    }
  } else if (!judged) {
    // Only now, on the way to a gap, look for a misspelt fact name.
    for (size_t i = 0; i < missing_facts.size(); ++i) {
      const std::string near =
          nearest(missing_facts[i], slotted != nullptr ? slotted->fact_names() : fact_names(record));
      if (!near.empty()) missing[i] += " (the record has '" + near + "': misspelt?)";
    }
    std::string list;
    for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
    const auto unknowns = node.unknowns();
    missing.insert(missing.begin(), unknowns.begin(), unknowns.end());
    if (node.script_unknown)
      return uncovered("评分脚本未选定，亦未记录判定",
                       "no script is chosen yet (script: unknown), and no judgement is recorded for '" + node.id + "'");
    if (node.script.empty())
      return uncovered("按判定计分，未记录判定",
                       "this leaf is scored by judgement, and none is recorded for '" + node.id + "'");
    if (!pending.empty() && pending.size() == missing.size() - unknowns.size()) {
      std::string list;
      for (const auto& p : pending) list += (list.empty() ? "" : "；") + p;
      return uncovered("输入待定（" + list + "），亦未记录判定",
                       "inputs not yet decided (" + list + "), and no judgement is recorded for '" + node.id + "'");
    }
    return uncovered("缺少输入，亦未记录判定",
                     "missing " + list + ", and no judgement is recorded for '" + node.id + "'");
  }

  const Judgement& j = *judgement;
  if (j.score < Decimal() || j.score > *node.weight)
    throw Error(ErrorKind::kInput, "judgement " + j.score.str() + " is outside 0.." + node.weight->str());
  result.source = LeafSource::kJudged;
  result.score = j.score.rounded(set_.score_places);
  if (reasons_) result.reason = with_score(script_reason + j.basis, *result.score, set_.score_places);
  if (traces_) result.inputs.push_back({"judgement", "评分依据", j.score.str(), "分", j.provenance.display()});
  return;
}

}  // namespace jixiao

namespace jixiao {

namespace {

// An example's inputs as a record the script can read.
Record example_record(const Example& ex) {
  Record r;
  r.entity = "example";
  for (const auto& [name, value] : ex.facts) {
    Fact f;
    f.name = name;
    f.label = name;
    f.value = value;
    f.provenance.inferred = "example in the set";
    r.facts[name] = f;
  }
  for (const auto& [table, list] : ex.rows) {
    auto& rows = r.rows[table];
    for (const Value& item : list.list) {
      Row row;
      row.cells = item.map;
      row.provenance.inferred = "example in the set";
      rows.push_back(std::move(row));
    }
  }
  return r;
}

std::string describe_inputs(const Example& ex) {
  std::string out;
  for (const auto& [name, value] : ex.facts) out += (out.empty() ? "" : ", ") + name + "=" + value.display();
  for (const auto& [name, value] : ex.rows) out += (out.empty() ? "" : ", ") + name + "=" + value.display();
  return out;
}

}  // namespace

std::string Scorer::script_source(const std::string& script) const {
  for (const auto& [name, bytes] : host_->files_loaded())
    if (name == "scripts/" + script) return bytes;
  return "";
}

void Scorer::set_reasons(bool on) {
  reasons_ = on;
  host_->set_reasons(on);
}

const IndicatorSet::LeafRef& Scorer::leaf_ref(const std::string& leaf_id) const {
  auto found = leaf_index_.find(leaf_id);
  if (found == leaf_index_.end()) throw Error(ErrorKind::kMissing, "no leaf '" + leaf_id + "' in " + set_.id);
  return leaves_[found->second];
}

Evaluation Scorer::evaluate_one(const std::string& leaf_id, const Record& record) {
  Evaluation ev;
  ev.set = &set_;
  ev.set_hash = content_hash_;
  ev.record = &record;
  const auto& leaf = leaf_ref(leaf_id);
  try {
    evaluate_leaf(leaf, record, nullptr, ev.leaves.emplace_back());
  } catch (const Error& e) {
    throw e.with_indicator(label(leaf));
  }
  return ev;
}

ScriptOutcome Scorer::run_leaf(const std::string& leaf_id, const Record& record) {
  const auto& leaf = leaf_ref(leaf_id);
  try {
    if (leaf.node->script.empty()) throw Error(ErrorKind::kMissing, "the leaf has no script to run");
    if (!leaf.node->weight) throw Error(ErrorKind::kMissing, "the leaf's weight is unknown");
    for (const auto& fact : leaf.node->facts)
      if (record.facts.count(fact) == 0) throw Error(ErrorKind::kMissing, "missing fact '" + fact + "'");
    return host_->run(handle(leaf), *leaf.node, record);
  } catch (const Error& e) {
    throw e.with_indicator(label(leaf));
  }
}

std::vector<Scorer::ExampleResult> Scorer::run_examples() {
  std::vector<ExampleResult> results;
  const int places = set_.score_places;
  for (const auto& leaf : leaves_) {
    for (const Example& ex : leaf.node->examples) {
      ExampleResult result;
      result.path = label(leaf);
      result.where = ex.where;
      result.inputs = describe_inputs(ex);
      switch (ex.expect) {
        case Example::Expect::kScore:
          result.expected = ex.score.str(places) + (ex.reason.empty() ? "" : "（说明含「" + ex.reason + "」）");
          break;
        case Example::Expect::kJudgement: result.expected = "judgement (the script returns nil)"; break;
        case Example::Expect::kError: result.expected = "an error containing「" + ex.error + "」"; break;
      }
      const Record record = example_record(ex);
      try {
        const ScriptOutcome outcome = host_->run(handle(leaf), *leaf.node, record);
        if (outcome.needs_judgement) {
          result.actual = "judgement（" + outcome.reason + "）";
          result.passed = ex.expect == Example::Expect::kJudgement;
        } else {
          const Decimal score = Decimal::round_half_up(outcome.score, places);
          result.actual = score.str(places) + "（" + outcome.reason + "）";
          result.passed = ex.expect == Example::Expect::kScore && score == ex.score &&
                          outcome.reason.find(ex.reason) != std::string::npos;
        }
      } catch (const Error& e) {
        result.actual = std::string("error: ") + e.what();
        result.passed = ex.expect == Example::Expect::kError && result.actual.find(ex.error) != std::string::npos;
      }
      results.push_back(std::move(result));
    }
  }
  return results;
}

}  // namespace jixiao
