#include "project_scorer.h"

#include <algorithm>
#include <cstring>
#include <string_view>

#include "error.h"
#include "files.h"
#include "sha256.h"
#include "project_checks.h"
#include "script_header.h"
#include "suggest.h"

namespace jixiao {

namespace {

// The facts of the budget row's script and of the rows' script (ctx.facts.NAME).
const std::vector<std::string> kBudgetFacts = {"planned", "executed"};
const char* const kParsedFacts[] = {"text", "bare", "date", "kind", "op", "op_symbol", "value", "unit", "why"};
constexpr size_t kParsedCount = sizeof kParsedFacts / sizeof kParsedFacts[0];

std::vector<std::string> row_facts() {
  std::vector<std::string> out;
  for (const char* prefix : {"target_", "actual_"})
    for (const char* name : kParsedFacts) out.push_back(prefix + std::string(name));
  out.push_back("grade");
  out.push_back("date_met");
  return out;
}

// A fact's value set in place, as Value::of_text / of_bool / of_number make
// it: a fact keeps its type from row to row, so its text is overwritten in
// the buffer it has, and a number is written out only when it changes.
// `to` made `text`, in the room it has: cheaper than assign's general replace.
void overwrite(std::string& to, std::string_view text) {
  to.clear();
  to.append(text.data(), text.size());
}

void set_text(Value& v, std::string_view text) {
  v.type = Value::Type::kText;
  if (v.text != text) overwrite(v.text, text);  // most facts read as the row before's
}

void set_bool(Value& v, bool b) {
  v.type = Value::Type::kBool;
  v.boolean = b;
}

// `written`: d.str(), when the caller has it already.
void set_number(Value& v, Decimal d, std::string_view written) {
  if (v.type == Value::Type::kNumber && v.number == d) return;
  v.type = Value::Type::kNumber;
  v.boolean = false;
  v.number = d;
  overwrite(v.text, written);
}

void set_number(Value& v, Decimal d) {
  char room[Decimal::kTextRoom];
  set_number(v, d, d.text(room));
}

// `p` as the nine facts of `values` from `at` on, in the order of kParsedFacts,
// where they hold a parse of kind `kind` and operator `op` (`first`: nothing
// yet): the facts of a kind or an operator that did not change are left as
// they are.
void put_parsed(Value* const* at, const CellParse& p, bool first, ParsedValue::Kind kind, ParsedValue::Op op) {
  set_text(*at[0], p.text);
  set_bool(*at[1], p.bare);
  if (first || kind == ParsedValue::Kind::kDate || p.kind == ParsedValue::Kind::kDate)
    set_text(*at[2], p.date_text());  // empty but for a date
  if (first || kind != p.kind) set_text(*at[3], kind_name(p.kind));
  if (first || op != p.op) {
    set_text(*at[4], op_name(p.op));
    set_text(*at[5], op_symbol(p.op));
  }
  set_number(*at[6], p.value, p.value_text);
  set_text(*at[7], p.unit);
  set_text(*at[8], p.why);
}

// Writes into `to` what a row's facts are made from, for the memo: the
// serial of its target's reading and of its actual's (CellParse::serial,
// each 7 bits a byte, the high bit set on all but the last: neither runs
// into what follows), then its grade. Every fact is made from these alone:
// the target's and the actual's from their readings, date_met from the two,
// grade from grade; and a serial is never given to another reading of the
// scorer's CellParses, for as long as the scorer (and its script host) lives.
void row_key(std::string& to, const CellParse& target, const CellParse& actual, const std::string& grade) {
  char room[20];
  size_t n = 0;
  for (uint64_t serial : {target.serial, actual.serial}) {
    for (; serial >= 0x80; serial >>= 7) room[n++] = static_cast<char>(serial | 0x80);
    room[n++] = static_cast<char>(serial);
  }
  to.assign(room, n);
  to.append(grade);
}

// Whether a row has a nature or a unit cell: its actual then reads its unit
// cell too.
bool has_cells(const ProjectRow& row) { return !row.nature.empty() || !row.unit.empty(); }
char actual_which(const ProjectRow& row) { return has_cells(row) ? 'c' : 'a'; }

// The hashes of a row's target cells and actual cells, as target_of and
// actual_of find them.
uint64_t target_hash(const ProjectRow& row) { return CellParses::hash_of('t', row.nature, row.target, row.unit); }
uint64_t actual_hash(const ProjectRow& row) { return CellParses::hash_of(actual_which(row), row.actual, row.unit, {}); }

// `total` spread over `count` rows in units of the last kept decimal place
// (0.01 for two), so that they add up exactly: the first `total % count`
// rows get one unit more.
// (Every row gets one of two shares: each is read from its text once.)
std::vector<Decimal> spread(Decimal total, size_t count, int places) {
  int64_t unit = 1000000;  // millionths in one point
  for (int i = 0; i < places; ++i) unit /= 10;
  const int64_t units = total.millionths() / unit;
  const auto n = static_cast<int64_t>(count);
  std::vector<Decimal> out;
  if (n == 0) return out;
  out.reserve(count);
  const Decimal less = from_millionths(units / n * unit), more = from_millionths((units / n + 1) * unit);
  for (int64_t i = 0; i < n; ++i) out.push_back(i < units % n ? more : less);
  return out;
}

// A cell printed empty, or with a placeholder for "none": /, -, —, 无.
bool blank_cell(std::string_view text) {
  static constexpr std::string_view kBlanks[] = {"", "/", "／", "-", "—", "——", "无"};
  for (std::string_view blank : kBlanks)  // lengths compared first: no strlen per row and blank
    if (text == blank) return true;
  return false;
}

// A script's result to the set's places, in its rounding mode (or to the
// millionth kept when the set rounds only the total).
Decimal round_score(double value, const ProjectSet& set, bool here) {
  const Decimal exact = Decimal::round_half_up(value, Decimal::kPlaces);
  return here ? round_decimal(exact, set.score_places, set.rounding.mode) : exact;
}

}  // namespace

const char* row_status_name(ProjectRowResult::Status s) {
  switch (s) {
    case ProjectRowResult::Status::kScored: return "scored";
    case ProjectRowResult::Status::kPending: return "pending";
    case ProjectRowResult::Status::kExcluded: return "excluded";
    case ProjectRowResult::Status::kSubtotal: return "subtotal";
  }
  return "";
}

namespace {

// `find`, also adding the bytes of each base it finds to `bytes`.
SetFinder reading_bases(const SetFinder& find, std::string& bytes) {
  if (!find) return {};
  return [find, &bytes](const std::string& id) {
    std::string path = find(id);
    bytes += read_file(path);
    return path;
  };
}

}  // namespace

ParsedProjectSet ProjectScorer::parse(const std::string& set_yaml, const std::string& set_file,
                                      const SetFinder& find) {
  ParsedProjectSet parsed;
  parsed.hashed = set_yaml;
  parsed.set = parse_project_set(set_yaml, set_file, reading_bases(find, parsed.hashed));
  return parsed;
}

ProjectScorer::ProjectScorer(const std::string& set_yaml, const std::string& set_file, const SearchPath& scripts,
                             const SetFinder& find)
    : ProjectScorer(parse(set_yaml, set_file, find), scripts) {}

ProjectScorer::ProjectScorer(ParsedProjectSet parsed, const SearchPath& scripts)
    : hashed_(std::move(parsed.hashed)),
      set_(std::move(parsed.set)),
      host_(std::make_unique<ScriptHost>(scripts, "scripts", set_.score_places)) {
  budget_handle_ = host_->compile(set_.budget.script);
  row_handle_ = host_->compile(set_.rows.script);
  // The budget row's and the rows' params against their scripts' headers (scripts/README.md).
  for (ProjectPart* part : {&set_.budget, &set_.rows}) {
    Node node;
    node.name = part->name;
    node.params = part->params;
    node.params_where = part->params_where;
    node.param_where = part->param_where;
    const std::string display = "scripts/" + part->script;
    std::string source;
    for (const auto& [name, bytes] : host_->files_loaded())
      if (name == display) source = bytes;
    const ScriptHeader header = parse_script_header(source, display);
    check_params(header, part->script, node, set_.id + " › " + part->name);
    apply_defaults(header, part->params);  // each default= the set leaves out, so the script need not restate it
  }
  Sha256 hash;
  hash.update(hashed_);
  for (const auto& [name, bytes] : host_->files_loaded()) {
    hash.update(name);
    hash.update(bytes);
  }
  content_hash_ = hash.hex_digest();
  host_->set_traces(false);  // what the scripts read is not shown for project rows
  host_->set_fixed_params(true);  // the budget's and the rows' Nodes keep their part's params and facts
  budget_inputs_ = inputs_of(kBudgetFacts, "budget", set_.budget);
  // params.over_cap_pct (default 100): how far above its points over-achievement may take a row.
  const Value* cap = set_.rows.params.find("over_cap_pct");
  cap_pct_ = cap != nullptr && cap->type == Value::Type::kNumber ? cap->number.to_double() : 100;
  other_rows_ = std::make_unique<RowInputs>();
  other_rows_->in = inputs_of(row_facts(), "row", set_.rows);
}

ProjectScorer::RowInputs& ProjectScorer::row_inputs_of(const std::string& name, size_t place) {
  RowInputs* const last = place < by_place_.size() ? by_place_[place] : nullptr;
  if (last != nullptr && last->in.node.name == name) return *last;
  RowInputs* found = nullptr;
  if (auto kept = row_inputs_.find(name); kept != row_inputs_.end()) {
    found = kept->second.get();
  } else if (row_inputs_.size() >= kRowInputsKept) {
    return *other_rows_;  // named anew by every row: not kept by place
  } else {
    auto& made = row_inputs_[name] = std::make_unique<RowInputs>();
    made->in = inputs_of(row_facts(), "row", set_.rows);
    made->in.node.name = name;
    made->number = static_cast<uint32_t>(row_inputs_.size());
    found = made.get();
  }
  if (place < kPlacesKept) {
    if (by_place_.size() <= place) by_place_.resize(place + 1, nullptr);
    by_place_[place] = found;
  }
  return *found;
}

ProjectScorer::Inputs ProjectScorer::inputs_of(const std::vector<std::string>& facts, const std::string& id,
                                               const ProjectPart& part) {
  Inputs in;
  for (const std::string& name : facts) {
    Fact& f = in.record.facts[name];
    f.name = name;
    f.label = name;
    f.provenance.inferred = "the project table";
  }
  for (const std::string& name : facts) in.values.push_back(&in.record.facts.at(name).value);
  in.node.id = id;
  in.node.script = part.script;
  in.node.params = part.params;
  for (const auto& [fact, value] : in.record.facts) {
    in.node.facts.push_back(fact);
    in.found.push_back(&value);
  }
  return in;
}

const CellParse& ProjectScorer::target_of(const ProjectRow& row, uint64_t hash) {
  return parses_.find(hash, 't', row.nature, row.target, row.unit, [&] {
    ParsedValue p = has_cells(row) ? parse_target_cells(row.nature, row.target, row.unit) : parse_target(row.target);
    if (p.kind == ParsedValue::Kind::kNumber && p.bare && set_.bare_at_least) p.op = ParsedValue::Op::kGe;
    return p;
  });
}

const CellParse& ProjectScorer::actual_of(const ProjectRow& row, uint64_t hash) {
  const bool cells = has_cells(row);
  return parses_.find(hash, actual_which(row), row.actual, row.unit, {}, [&] {
    return cells ? parse_actual_with_unit(row.actual, row.unit) : parse_actual(row.actual);
  });
}

Decimal ProjectScorer::most_of(Decimal weight) {
  for (const auto& [points, most] : mosts_)  // a set's rows have a few distinct points
    if (points == weight) return most;
  const Decimal most = Decimal::round_half_up(weight.to_double() * cap_pct_ / 100, 6);
  if (mosts_.size() >= kMostsKept) mosts_.clear();
  mosts_.emplace_back(weight, most);
  return most;
}

Decimal ProjectScorer::rounded_score(double score) {
  uint64_t bits;
  std::memcpy(&bits, &score, sizeof bits);
  Rounded& kept = rounded_[(bits * 0x9E3779B97F4A7C15ull) >> 56];
  if (kept.kept && kept.bits == bits) return kept.score;
  kept.score = round_score(score, set_, set_.rounding.rows);  // may throw: then nothing is kept
  kept.bits = bits;
  kept.kept = true;
  return kept.score;
}

// Rows are kept in row_memo_ while reasons are off (it keeps no reasons), in
// the host's memo while they are on; the budget row, whose figures seldom
// come back alike, in neither while they are off.
void ProjectScorer::set_memo(bool on) {
  memo_ = on;
  host_->set_memo(memo_ && reasons_);
}

bool ProjectScorer::memo_key(const RowInputs& rows, const ProjectRowResult& r, RowMemo::Key& key) {
  const uint64_t target = static_cast<const CellParse*>(r.target)->serial;
  const uint64_t actual = static_cast<const CellParse*>(r.actual)->serial;
  if (rows.number == 0 || !row_memo_.looking(rows.number) || target > UINT32_MAX || actual > UINT32_MAX) return false;
  const std::optional<uint16_t> grade = row_memo_.grade_number(r.row->grade);
  if (!grade) return false;
  key.target = static_cast<uint32_t>(target);
  key.actual = static_cast<uint32_t>(actual);
  key.weight = r.weight.millionths();
  key.inputs = rows.number;
  key.grade = *grade;
  return true;
}

void ProjectScorer::set_reasons(bool on) {
  reasons_ = on;
  host_->set_reasons(on);
  host_->set_memo(memo_ && reasons_);
}

ProjectResult ProjectScorer::score(const Project& project, const std::string& data_file) {
  ProjectResult result;
  result.project = &project;
  result.readings = parses_.start();  // every row's target and actual below live in it
  result.budget_weight = set_.budget.weight;
  const int places = set_.score_places;
  auto where = [&] { return "project " + project.id + "（" + project.name + "）"; };  // for messages only

  // 预算执行率: 预算数 and 执行数, or the 财政拨款 columns when those are all the table has. A 预算数
  // printed as 0 (a 年度资金总额 row left at 0 above its 财政拨款 figures) is no figure to divide by.
  const bool whole = project.planned && project.executed && *project.planned != Decimal();
  const bool fiscal = project.fiscal_planned && project.fiscal_executed && *project.fiscal_planned != Decimal();
  if (whole || fiscal) {
    Inputs& in = budget_inputs_;
    set_number(*in.values[0], whole ? *project.planned : *project.fiscal_planned);
    set_number(*in.values[1], whole ? *project.executed : *project.fiscal_executed);
    in.node.name = set_.budget.name;
    in.node.weight = set_.budget.weight;
    try {
      const ScriptOutcome out = host_->run(budget_handle_, in.node, in.record, in.found);
      if (out.needs_judgement) throw Error(ErrorKind::kScript, "the budget script left the row to judgement");
      result.budget_score = rounded_score(out.score);
      if (reasons_) result.budget_reason = out.reason + (whole ? "" : "（按财政拨款）");
    } catch (const Error& e) {
      throw e.with_indicator(where() + " › " + set_.budget.name);
    }
  } else {
    const bool zero = (project.planned && *project.planned == Decimal()) ||
                      (project.fiscal_planned && *project.fiscal_planned == Decimal());
    if (reasons_) result.budget_reason = zero ? "表中预算数为0，不能计算执行率" : "表中无预算数和执行数，不能计算";
    if (set_.budget.in_total) result.pending_weight += set_.budget.weight;
  }

  // Which rows count, and their points.
  bool stated = false;
  for (const auto& row : project.rows) stated = stated || row.weight.has_value();
  by_category_.resize(set_.categories.size());  // the counted rows of each category, by its index
  assumed_.resize(set_.categories.size());
  spreads_.resize(set_.categories.size());
  for (auto& members : by_category_) members.clear();
  result.rows.reserve(project.rows.size());
  const std::string* last_level1 = nullptr;  // rows of one 一级指标 come together: its category looked up once
  const ProjectCategory* last_category = nullptr;
  // Every row's target and actual cells hashed, and what finding them reads
  // fetched, for the whole table before the first is found: the cache misses
  // of a table's lookups overlap.
  hashes_.resize(2 * project.rows.size());
  for (size_t i = 0; i < project.rows.size(); ++i) {
    hashes_[2 * i] = target_hash(project.rows[i]);
    hashes_[2 * i + 1] = actual_hash(project.rows[i]);
    parses_.fetch_slot(hashes_[2 * i]);
    parses_.fetch_slot(hashes_[2 * i + 1]);
  }
  for (uint64_t hash : hashes_) parses_.fetch_reading(hash);
  for (size_t i = 0; i < project.rows.size(); ++i) {
    const ProjectRow& row = project.rows[i];
    ProjectRowResult& r = result.rows.emplace_back();  // built where it stays
    r.row = &row;
    r.target = &target_of(row, hashes_[2 * i]);  // a bare figure already read as ≥ when the set says so
    r.actual = &actual_of(row, hashes_[2 * i + 1]);
    const ProjectCategory* category =
        last_level1 != nullptr && *last_level1 == row.level1 ? last_category : set_.category_of(row.level1);
    last_level1 = &row.level1;
    last_category = category;
    if (category == nullptr) {
      std::vector<std::string> names;
      for (const auto& c : set_.categories) {
        names.push_back(c.name);
        names.insert(names.end(), c.aliases.begin(), c.aliases.end());
      }
      throw Error(ErrorKind::kInput,
                  "一级指标「" + row.level1 + "」 is not a category of " + set_.id + did_you_mean(row.level1, names),
                  Location{data_file}, where() + " › " + row.name + (row.line > 0 ? "（line " + std::to_string(row.line) + "）" : ""));
    }
    r.category = category->name;
    if (row.subtotal) {
      r.status = ProjectRowResult::Status::kSubtotal;
      if (row.weight) r.weight = *row.weight;
      if (reasons_) r.weight_basis = "表中分值（小计）";
      if (reasons_) r.reason = "小计行：下列各行之和，不重复计分";
    } else if (blank_cell(row.target) && !row.weight) {
      r.status = ProjectRowResult::Status::kExcluded;
      if (reasons_) r.reason = row.target.empty() ? "无预期指标值，不计分" : "预期指标值印为「" + row.target + "」，不计分";
    } else {
      by_category_[static_cast<size_t>(category - set_.categories.data())].push_back(i);
    }
  }
  for (size_t c = 0; c < set_.categories.size(); ++c) {
    const ProjectCategory& category = set_.categories[c];
    const std::vector<size_t>& members = by_category_[c];
    if (members.empty() && !stated) {
      result.pending_weight += category.weight;
      continue;
    }
    // The points of each row, kept per category while its count of rows stays (spread gives one per row).
    std::vector<Decimal>& shares = spreads_[c];
    if (shares.size() != members.size()) shares = spread(category.weight, members.size(), places);
    // The basis of the points each row is given, when the table states none: kept per category and count.
    auto& [assumed_count, assumed] = assumed_[c];
    if (reasons_ && !stated && (assumed.empty() || assumed_count != members.size())) {
      assumed = "假定：" + category.name + " " + category.weight.str() + " ÷ " + std::to_string(members.size()) + " 项";
      assumed_count = members.size();
    }
    for (size_t k = 0; k < members.size(); ++k) {
      ProjectRowResult& r = result.rows[members[k]];
      if (stated) {
        if (!r.row->weight)
          throw Error(ErrorKind::kInput, "the table states weights for some rows but not this one",
                      Location{data_file}, where() + " › " + r.row->name);
        r.weight = *r.row->weight;
        if (reasons_) r.weight_basis = "表中分值";
      } else {
        r.weight = shares[k];
        if (reasons_) r.weight_basis = assumed;  // as reasons are: for people, not stored
        result.weights_assumed = true;
      }
    }
  }

  // Each counted row: a person's judgement, its band, or the set's script.
  for (ProjectRowResult& r : result.rows) {
    if (r.status == ProjectRowResult::Status::kExcluded || r.status == ProjectRowResult::Status::kSubtotal) continue;
    const ProjectBand* band = set_.band_of(r.row->grade);
    if (r.row->judgement) {
      const Judgement& j = *r.row->judgement;
      r.score = set_.rounding.rows ? round_decimal(j.score, places, set_.rounding.mode) : j.score;
      r.judged = true;
      if (reasons_) r.reason = "人工判定：" + j.basis + "（" + j.provenance.display() + "）";
      if (reasons_ && band) r.reason += "；档次「" + band->name + "」" + band->low_pct.str() + "%–" + band->high_pct.str() + "%";
      result.total += *r.score;
      continue;
    }
    if (band) {
      r.status = ProjectRowResult::Status::kPending;
      if (reasons_) r.reason = "定性指标评为「" + band->name + "」，须人工在分值的 " + band->low_pct.str() + "%–" +
                 band->high_pct.str() + "% 之内给分";
      result.pending_weight += r.weight;
      continue;
    }
    RowInputs& rows = row_inputs_of(r.row->name, static_cast<size_t>(&r - result.rows.data()));
    // A row of the same inputs, readings, grade and points met before: what its run gave.
    RowMemo::Key key;
    const bool memo = memo_ && !reasons_ && memo_key(rows, r, key);
    RowMemo::Outcome kept;
    if (memo && row_memo_.find(key, kept)) {
      if (kept.needs_judgement) {
        r.status = ProjectRowResult::Status::kPending;
        result.pending_weight += r.weight;
      } else {
        r.score = kept.score;
        result.total += kept.score;
      }
      continue;
    }
    Inputs& in = rows.in;
    // The facts of a parse already put are as it left them (told by its serial: a parse dropped
    // from parses_ may be freed and its address reused). Every row's parses are parses_'s.
    const CellParse* parses[2] = {static_cast<const CellParse*>(r.target), static_cast<const CellParse*>(r.actual)};
    for (int k = 0; k < 2; ++k) {
      const CellParse& p = *parses[k];
      Put& put = rows.put[k];
      if (put.serial == p.serial) continue;
      put_parsed(&in.values[k * kParsedCount], p, put.serial == 0, put.kind, put.op);
      put = {p.serial, p.kind, p.op};
    }
    set_text(*in.values[2 * kParsedCount], r.row->grade);
    set_bool(*in.values[2 * kParsedCount + 1], date_met(*r.target, *r.actual).value_or(false));
    if (in.node.name != r.row->name) in.node.name = r.row->name;  // the same, but for other_rows_'s
    in.node.weight = r.weight;
    in.node.max_score = most_of(r.weight);
    ScriptOutcome out;
    try {
      if (memo_ && reasons_) row_key(rows.key, *parses[0], *parses[1], r.row->grade);  // for the host's memo
      out = host_->run(row_handle_, in.node, in.record, in.found, rows.key);
    } catch (const Error& e) {
      throw e.with_indicator(where() + " › " + r.row->name);
    }
    const bool keep = memo && host_->last_run_repeatable();
    r.reason = std::move(out.reason);  // "" when reasons are off
    if (out.needs_judgement) {
      r.status = ProjectRowResult::Status::kPending;
      result.pending_weight += r.weight;
      if (keep) row_memo_.keep(key, {true, Decimal()});
      continue;
    }
    r.score = rounded_score(out.score);
    result.total += *r.score;
    if (keep) row_memo_.keep(key, {false, *r.score});
  }
  // Parent rows: the subtotal of the rows under them (same 一级 and 二级, up to the next parent).
  for (size_t i = 0; i < result.rows.size(); ++i) {
    ProjectRowResult& parent = result.rows[i];
    if (parent.status != ProjectRowResult::Status::kSubtotal) continue;
    Decimal sum;
    bool all = true;
    for (size_t k = i + 1; k < result.rows.size(); ++k) {
      const ProjectRowResult& child = result.rows[k];
      if (child.status == ProjectRowResult::Status::kSubtotal || child.row->level1 != parent.row->level1 ||
          child.row->level2 != parent.row->level2)
        break;
      if (child.status == ProjectRowResult::Status::kPending) all = false;
      if (child.score) sum += *child.score;
    }
    if (all) parent.score = sum;
  }
  for (ProjectRowResult& r : result.rows)
    if (r.score && r.row->weight_share) r.converted = multiply(*r.score, *r.row->weight_share, places, set_.rounding.mode);
  if (result.budget_score && set_.budget.in_total) result.total += *result.budget_score;
  if (set_.rounding.total) result.total = round_decimal(result.total, places, set_.rounding.mode);
  if (project.weight_share) result.converted = multiply(result.total, *project.weight_share, places, set_.rounding.mode);
  if (result.pending_weight == Decimal()) result.grade = set_.grade_of(result.total);
  check_project(set_, project, result, data_file);
  return result;
}

}  // namespace jixiao
