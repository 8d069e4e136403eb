// Packing and reading a record's inputs. Reading builds the Record in place,
// in the order the parts were packed (each map's own order), and keeps where
// it is only as a few numbers: the message of a defect is built when there is
// one.
#include "packed_inputs.h"
#include "packed_fields.h"
#include "store_sql.h"

#include <charconv>
#include <optional>
#include <stdexcept>
#include <tuple>

#include "error.h"

namespace jixiao {

namespace {

using store_sql::read_decimal;
using store_sql::value_text;

// A value's type in a packing: one letter for the tables' word (a number, a
// bool, a text), none for null; a value is most of a packing.
std::string_view short_tag(const Value& v) {
  switch (v.type) {
    case Value::Type::kNumber: return "n";
    case Value::Type::kBool: return "b";
    case Value::Type::kText: return "t";
    default: return "";
  }
}

// Reads a value packed as `tag` and `text` into `out`, as the tables' reader
// does the word (store_sql::read_value_into, naming `where` and `name`),
// into a Value as made: what `out` held before is gone (a value read is
// never a list or a map), the room of its text kept. Never inline: it is
// read_packed_value's way out for a defect, which stays small enough to be.
[[gnu::noinline]] void read_value(Value& out, std::string_view tag, std::string_view text, std::string_view where,
                std::string_view name = {}) {
  out.type = Value::Type::kNull;
  out.boolean = false;
  out.number = Decimal();
  out.text.clear();
  std::string_view type = tag.empty() ? "null" : tag;  // another tag is named as it is, and refused
  if (tag.size() == 1) {
    switch (tag[0]) {
      case 'n': type = "number"; break;
      case 'b': type = "bool"; break;
      case 't': type = "text"; break;
      default: break;
    }
  }
  store_sql::read_value_into(out, type, text, where, name);
}

// read_value for the tags a packing writes, with no type's name built: a
// number that Decimal::parse reads, a bool, a text, a null; any other (a
// defect) goes to read_value, which names it. Every value of a batch passes
// here. What `out` holds after is what read_value leaves, but for a number's
// text when not `number_text` (then empty).
inline void read_packed_value(Value& out, std::string_view tag, std::string_view text, bool number_text,
                              std::string_view where, std::string_view name = {}) {
  if (tag.size() == 1) {
    switch (tag[0]) {
      case 'n':
        if (const auto d = Decimal::parse(text)) {
          out.type = Value::Type::kNumber;
          out.boolean = false;
          out.number = *d;
          if (number_text) out.text.assign(text.data(), text.size());  // as written, as read_value_into keeps it
          else out.text.clear();
          return;
        }
        break;  // read_value says what is wrong with it
      case 'b':
        out.type = Value::Type::kBool;
        out.boolean = text == "true";
        out.number = Decimal();
        out.text.clear();
        return;
      case 't':
        out.type = Value::Type::kText;
        out.boolean = false;
        out.number = Decimal();
        if (!same_field(out.text, text)) out.text.assign(text.data(), text.size());
        return;
      default: break;
    }
  } else if (tag.empty()) {
    out.type = Value::Type::kNull;
    out.boolean = false;
    out.number = Decimal();
    out.text.clear();
    return;
  }
  read_value(out, tag, text, where, name);
}

constexpr const char* kParts[] = {"facts", "rows", "judgements", "filed scores", "project tables"};
constexpr size_t kPartCount = sizeof kParts / sizeof kParts[0];

std::string decimal_text(const std::optional<Decimal>& d) { return d ? d->str() : std::string(); }

void pack_project(std::string& out, const Project& p) {
  std::string fields, rows, row, judgement;
  for (std::string_view text :
       {std::string_view(p.id), std::string_view(p.name), std::string_view(p.table), std::string_view(p.owner),
        std::string_view(p.provenance.file), std::string_view(p.provenance.quote),
        std::string_view(p.provenance.inferred)})
    pack_field(fields, text);
  for (const auto* d : {&p.planned, &p.executed, &p.fiscal_planned, &p.fiscal_executed})
    pack_field(fields, decimal_text(*d));
  for (const auto* text : {&p.budget_unit, &p.goal, &p.goal_achieved, &p.note}) pack_field(fields, *text);
  pack_field(fields, decimal_text(p.weight_share));
  pack_field(fields, decimal_text(p.initial_budget));
  pack_field(fields, p.rate_printed);
  pack_field(fields, decimal_text(p.budget_weight));
  pack_field(fields, decimal_text(p.budget_score));
  pack_field(fields, decimal_text(p.stated_total));
  pack_field(fields, p.stated_grade);
  for (const ProjectRow& r : p.rows) {
    row.clear();
    pack_field(row, r.level1);
    pack_field(row, decimal_text(r.level1_points));
    for (const auto* text : {&r.level2, &r.name, &r.target, &r.actual, &r.nature, &r.unit}) pack_field(row, *text);
    pack_field(row, decimal_text(r.weight));
    pack_field(row, decimal_text(r.score));
    pack_field(row, r.grade);
    judgement.clear();
    if (const auto& j = r.judgement) {
      pack_field(judgement, j->score.str());
      for (const auto* text : {&j->basis, &j->provenance.file, &j->provenance.quote, &j->provenance.inferred})
        pack_field(judgement, *text);
    }
    pack_field(row, judgement);
    pack_field(row, r.subtotal ? "1" : "");
    pack_field(row, decimal_text(r.weight_share));
    pack_field(row, r.note);
    pack_field(row, std::to_string(r.line));
    pack_field(rows, row);
  }
  pack_field(fields, rows);
  pack_field(out, fields);
}

// Where reading is, for the message of a defect: the part, and in it the
// item (fact, table, judgement, leaf, project), row and cell, counted from 1
// (0: not in one), and the field.
struct Place {
  size_t part = 0, item = 0, row = 0, cell = 0;
  const char* field = nullptr;

  std::string describe() const {
    static const char* const kItems[] = {"fact", "table", "judgement", "leaf", "project"};
    std::string out = std::string("the ") + (part < kPartCount ? kParts[part] : "end");
    if (item) out += ", " + std::string(kItems[part]) + " " + std::to_string(item);
    if (row) out += ", row " + std::to_string(row);
    if (cell) out += ", cell " + std::to_string(cell);
    if (field) out += ", its " + std::string(field);
    return out;
  }
};

// Takes the field `name` off `rest`, noting it in `at`.
std::string_view take(std::string_view& rest, Place& at, const char* name) {
  at.field = name;
  return take_field(rest);
}

// Takes the field `name` off `rest` into `into`, in the buffer `into` has
// (left as it is when it holds it already, as most cells of a record's rows
// hold the same text as the record's before).
void take_into(std::string_view& rest, Place& at, const char* name, std::string& into) {
  const std::string_view text = take(rest, at, name);
  if (!same_field(into, text)) into.assign(text.data(), text.size());
}

std::optional<Decimal> optional_decimal(std::string_view text, const char* where) {
  if (text.empty()) return std::nullopt;
  return read_decimal(text, where);
}

void read_facts(std::string_view rest, Place& at, InputsSink& sink) {
  const bool number_texts = sink.number_texts();
  while (!rest.empty()) {
    ++at.item;
    const std::string_view name = take(rest, at, "name");
    const std::string_view type = take(rest, at, "type");
    const std::string_view text = take(rest, at, "text");
    const std::string_view unit = take(rest, at, "unit");
    at.field = "value";
    Fact& f = sink.fact(name);
    read_packed_value(f.value, type, text, number_texts, "fact", name);
    if (!same_field(f.unit, unit)) f.unit.assign(unit.data(), unit.size());  // a fact's unit is most often the record before's
  }
}

void read_rows(std::string_view rest, Place& at, InputsSink& sink) {
  const bool number_texts = sink.number_texts();
  while (!rest.empty()) {
    ++at.item;
    at.row = 0;
    const std::string_view name = take(rest, at, "name");
    std::string_view rows = take(rest, at, "rows");
    std::vector<Row>& table = sink.table(name);
    while (!rows.empty()) {
      ++at.row;
      at.cell = 0;
      std::string_view cells = take(rows, at, "cells");
      Row& read_into = sink.row(table);
      auto& row = read_into.cells;
      // A table's rows have the same columns, as a rule: room for the row before's.
      if (row.empty() && &read_into != table.data()) row.reserve((&read_into - 1)->cells.size());
      size_t used = 0;  // cells of `row` read; those after it are kept from before, to be overwritten
      while (!cells.empty()) {
        ++at.cell;
        const std::string_view column = take(cells, at, "column");
        const std::string_view type = take(cells, at, "type");
        const std::string_view text = take(cells, at, "text");
        at.field = "value";
        if (used == row.size())
          row.emplace_back(std::piecewise_construct, std::forward_as_tuple(column), std::forward_as_tuple());
        else if (!same_field(row[used].first, column)) row[used].first.assign(column.data(), column.size());
        read_packed_value(row[used++].second, type, text, number_texts, name);
      }
      row.erase(row.begin() + static_cast<std::ptrdiff_t>(used), row.end());
      at.cell = 0;
    }
    sink.table_read(table);
    at.row = 0;
  }
}

// read_decimal, with Decimal::parse inline on the way: a score that reads
// is most of a judgement or a filed score.
Decimal score_of(std::string_view text, const char* where) {
  if (const auto d = Decimal::parse(text)) return *d;
  return read_decimal(text, where);
}

void read_judgements(std::string_view rest, Place& at, InputsSink& sink) {
  while (!rest.empty()) {
    ++at.item;
    const std::string_view leaf = take(rest, at, "leaf id");
    const std::string_view score = take(rest, at, "score");
    const std::string_view basis = take(rest, at, "basis");
    Judgement& j = sink.judgement(leaf);
    at.field = "score";
    j.score = score_of(score, "judgements");
    j.basis = basis;
  }
}

void read_filed_scores(std::string_view rest, Place& at, InputsSink& sink) {
  while (!rest.empty()) {
    ++at.item;
    const std::string_view leaf = take(rest, at, "leaf id");
    const std::string_view score = take(rest, at, "score");
    sink.filed_score(leaf, score_of(score, "filed_scores"));
  }
}

// The sink that builds a Record, each map in the order of its keys as packed.
class RecordSink : public InputsSink {
 public:
  explicit RecordSink(Record& r) : r_(r) {}
  Fact& fact(std::string_view name) override {
    // Built where it stays (a Fact is large, moving one is not free), after the last: packed in the map's order.
    const auto placed = r_.facts.emplace_hint(r_.facts.end(), std::piecewise_construct, std::forward_as_tuple(name),
                                              std::forward_as_tuple());
    placed->second.name = placed->first;
    return placed->second;
  }
  std::vector<Row>& table(std::string_view name) override {
    return r_.rows.emplace_hint(r_.rows.end(), name, std::vector<Row>())->second;
  }
  Judgement& judgement(std::string_view leaf) override {
    return r_.judgements.emplace_hint(r_.judgements.end(), leaf, Judgement())->second;
  }
  void filed_score(std::string_view leaf, Decimal score) override {
    r_.filed_scores.emplace_hint(r_.filed_scores.end(), leaf, score);
  }

 private:
  Record& r_;
};

void read_project_row(std::string_view rest, Place& at, ProjectRow& r) {
  // Each text into the string the row has: a row kept from a record before keeps its buffers.
  auto text = [&](const char* name, std::string& into) { take_into(rest, at, name, into); };
  auto decimal = [&](const char* name) { return optional_decimal(take(rest, at, name), name); };
  text("level1", r.level1);
  r.level1_points = decimal("level1_points");
  text("level2", r.level2);
  text("name", r.name);
  text("target", r.target);
  text("actual", r.actual);
  text("nature", r.nature);
  text("unit", r.unit);
  r.weight = decimal("weight");
  r.score = decimal("score");
  text("grade", r.grade);
  std::string_view judgement = take(rest, at, "judgement");
  if (!judgement.empty()) {
    Judgement& j = r.judgement ? *r.judgement : r.judgement.emplace();
    j.score = read_decimal(take(judgement, at, "judgement's score"), "the judgement's score");
    j.basis = take(judgement, at, "judgement's basis");
    j.provenance.file = take(judgement, at, "judgement's file");
    j.provenance.quote = take(judgement, at, "judgement's quote");
    j.provenance.inferred = take(judgement, at, "judgement's inference");
    if (!judgement.empty()) throw std::invalid_argument("more after the judgement's inference");
  } else {
    r.judgement.reset();
  }
  const std::string_view subtotal = take(rest, at, "subtotal");
  if (subtotal != "" && subtotal != "1") throw std::invalid_argument("'" + std::string(subtotal) + "' is not a mark");
  r.subtotal = subtotal == "1";
  r.weight_share = decimal("weight_share");
  text("note", r.note);
  const std::string_view line = take(rest, at, "line");
  const auto read = std::from_chars(line.data(), line.data() + line.size(), r.line);
  if (read.ec != std::errc() || read.ptr != line.data() + line.size())
    throw std::invalid_argument("'" + std::string(line) + "' is not a line number");
  at.field = nullptr;
  if (!rest.empty()) throw std::invalid_argument("more after its line");
}

// Item `i` of `items` (i <= items.size()), to be overwritten: the one there,
// else one taken from `spare`, else a new one; what it holds is kept.
template <typename T>
T& kept_item(std::vector<T>& items, size_t i, std::vector<T>& spare) {
  if (i < items.size()) return items[i];
  if (spare.empty()) return items.emplace_back();
  items.push_back(std::move(spare.back()));
  spare.pop_back();
  return items.back();
}

// Makes `items` `n` long (n <= items.size()), moving the items past `n` to `spare`.
template <typename T>
void trim_kept(std::vector<T>& items, size_t n, std::vector<T>& spare) {
  while (items.size() > n) {
    spare.push_back(std::move(items.back()));
    items.pop_back();
  }
}

// Where the project tables are read to: `projects`, overwriting what they
// hold (fields, rows and judgements), made as many as are packed, the items
// taken off kept in the spares and the spares taken before new ones are made.
struct ProjectsInto {
  std::vector<Project>& projects;
  std::vector<Project>& spare_projects;
  std::vector<ProjectRow>& spare_rows;
};

void read_projects(std::string_view rest, Place& at, ProjectsInto& into) {
  std::vector<Project>& projects = into.projects;
  size_t k = 0;
  while (!rest.empty()) {
    ++at.item;
    at.row = 0;
    std::string_view fields = take(rest, at, "figures");
    Project& p = kept_item(projects, k++, into.spare_projects);
    auto text = [&](const char* name, std::string& into) { take_into(fields, at, name, into); };
    auto decimal = [&](const char* name) { return optional_decimal(take(fields, at, name), name); };
    text("id", p.id);
    text("name", p.name);
    text("table", p.table);
    text("owner", p.owner);
    text("file", p.provenance.file);
    text("quote", p.provenance.quote);
    text("inference", p.provenance.inferred);
    p.planned = decimal("planned");
    p.executed = decimal("executed");
    p.fiscal_planned = decimal("fiscal_planned");
    p.fiscal_executed = decimal("fiscal_executed");
    text("budget_unit", p.budget_unit);
    text("goal", p.goal);
    text("goal_achieved", p.goal_achieved);
    text("note", p.note);
    p.weight_share = decimal("weight_share");
    p.initial_budget = decimal("initial_budget");
    text("rate_printed", p.rate_printed);
    p.budget_weight = decimal("budget_weight");
    p.budget_score = decimal("budget_score");
    p.stated_total = decimal("stated_total");
    text("stated_grade", p.stated_grade);
    std::string_view rows = take(fields, at, "rows");
    at.field = nullptr;
    if (!fields.empty()) throw std::invalid_argument("more after its rows");
    size_t i = 0;
    while (!rows.empty()) {
      ++at.row;
      const std::string_view row = take(rows, at, "figures");
      read_project_row(row, at, kept_item(p.rows, i++, into.spare_rows));
    }
    trim_kept(p.rows, i, into.spare_rows);
    at.row = 0;
  }
  trim_kept(projects, k, into.spare_projects);
}

// The five parts of `packed`; throws std::invalid_argument (the defect, with
// `at` on the part) when it is not five fields.
void split(std::string_view packed, std::string_view (&parts)[kPartCount], Place& at) {
  for (at.part = 0; at.part < kPartCount; ++at.part) parts[at.part] = take_field(packed);
  if (!packed.empty()) throw std::invalid_argument(std::to_string(packed.size()) + " byte(s) after the last part");
}

}  // namespace

std::string pack_inputs(const Record& r) {
  std::string out, part, rows, cells;
  for (const auto& [name, f] : r.facts) {
    pack_field(part, name);
    pack_field(part, short_tag(f.value));
    pack_field(part, value_text(f.value));
    pack_field(part, f.unit);
  }
  pack_field(out, part);
  part.clear();
  for (const auto& [table, table_rows] : r.rows) {
    pack_field(part, table);
    rows.clear();
    for (const Row& row : table_rows) {
      cells.clear();
      for (const auto& [column, value] : row.cells) {
        pack_field(cells, column);
        pack_field(cells, short_tag(value));
        pack_field(cells, value_text(value));
      }
      pack_field(rows, cells);
    }
    pack_field(part, rows);
  }
  pack_field(out, part);
  part.clear();
  for (const auto& [leaf, j] : r.judgements) {
    pack_field(part, leaf);
    pack_field(part, j.score.str());
    pack_field(part, j.basis);
  }
  pack_field(out, part);
  part.clear();
  for (const auto& [leaf, score] : r.filed_scores) {
    pack_field(part, leaf);
    pack_field(part, score.str());
  }
  pack_field(out, part);
  part.clear();
  for (const Project& p : r.projects) pack_project(part, p);
  pack_field(out, part);
  return out;
}

namespace {

// Reads the parts `what` names of `packed`, the parts of scoring into `sink`
// and the project tables into `projects`, turning a defect into one message
// naming where it is.
void read_parts(std::string_view packed, Store::Reading what, InputsSink* sink, ProjectsInto* projects) {
  Place at;
  try {
    std::string_view parts[kPartCount];
    split(packed, parts, at);
    auto read = [&](size_t part, auto&& reader, auto& into) {
      at = Place{part};
      reader(parts[part], at, into);
    };
    if (what == Store::Reading::kForScoring) {
      read(0, read_facts, *sink);
      read(1, read_rows, *sink);
      read(2, read_judgements, *sink);
    }
    if (what != Store::Reading::kProjects) read(3, read_filed_scores, *sink);
    else read(4, read_projects, *projects);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(at.describe() + ": " + e.what());
  } catch (const Error& e) {  // a value, decimal or type that does not read
    throw std::invalid_argument(at.describe() + ": " + e.message());
  }
}

}  // namespace

void unpack_inputs(std::string_view packed, Store::Reading what, Record& r) {
  RecordSink sink(r);
  std::vector<Project> spare_projects;
  std::vector<ProjectRow> spare_rows;
  ProjectsInto projects{r.projects, spare_projects, spare_rows};
  read_parts(packed, what, &sink, &projects);
}

void read_scoring_inputs(std::string_view packed, InputsSink& sink) {
  read_parts(packed, Store::Reading::kForScoring, &sink, nullptr);
}

const std::vector<Project>& ProjectTables::read(std::string_view packed) {
  ProjectsInto projects{projects_, spare_projects_, spare_rows_};
  read_parts(packed, Store::Reading::kProjects, nullptr, &projects);
  return projects_;
}

std::string first_difference(std::string_view a, std::string_view b) {
  for (const char* part : kParts) {
    try {
      if (take_field(a) != take_field(b)) return part;
    } catch (const std::invalid_argument&) {
      return part;
    }
  }
  return a == b ? "" : "end";
}

}  // namespace jixiao
