#include "record_source.h"

#include <cctype>

#include "doc.h"
#include "files.h"
#include "project_source.h"

namespace jixiao {

namespace {

// A line of a seed document: files of ten million lines are not sources.
constexpr int kMaxLine = 10000000;

Decimal kMaxPointsDecimal() { return Decimal::from_int(kMaxPoints); }
// A budget figure (万元 or 元): a trillion is more than any department spends.
Decimal kMaxMoney() { return Decimal::from_int(1000000000000); }

const Doc& mapping(const Doc& doc, const std::string& what) {
  if (doc.kind != Doc::Kind::kMap) doc.fail(what + ": expected a mapping");
  return doc;
}

// Every input says where it comes from: `source: {file, quote}` and/or
// `inferred: why`.
Provenance provenance(const Doc& owner, const std::string& what) {
  Provenance p;
  if (const Doc* source = owner.find("source")) {
    mapping(*source, what + ".source");
    source->check_keys({"file", "quote", "line"});
    p.file = source->required("file").text("source.file");
    if (const Doc* line = source->find("line"))  // file:line
      p.file += ":" + std::to_string(line->whole_number("source.line", 1, kMaxLine));
    if (const Doc* quote = source->find("quote")) p.quote = quote->text("source.quote");
  }
  if (const Doc* inferred = owner.find("inferred")) p.inferred = inferred->text("inferred");
  if (p.quote.empty() && p.inferred.empty())
    owner.fail(what + ": say where it comes from: 'source: {file: …, quote: …}' or 'inferred: why'");
  return p;
}

// "686.54万元", "95%": a figure and a unit written together, which would
// otherwise be read as text and fail only when a script needs the number.
bool looks_like_number_with_unit(const std::string& text) {
  size_t end = 0;
  while (end < text.size() && (std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == '.' ||
                               (end == 0 && text[end] == '-')))
    ++end;
  if (end == 0 || !Decimal::parse(text.substr(0, end))) return false;
  const std::string unit = text.substr(end);
  for (const char* known : {"万元", "元", "%", "％", "个", "人", "次", "项", "期", "份", "天"})
    if (unit == known) return true;
  return false;
}

Fact fact(const std::string& name, const Doc& doc) {
  mapping(doc, "fact " + name);
  doc.check_keys({"label", "value", "unit", "source", "inferred"});
  Fact f;
  f.name = name;
  f.label = doc.required("label").text("label");
  const Doc& value = doc.required("value");
  if (value.kind != Doc::Kind::kScalar) value.fail("fact " + name + ": value must be a number, true/false or text");
  f.value = value.to_value();
  if (const Doc* unit = doc.find("unit")) f.unit = unit->text("unit");
  if (f.value.type == Value::Type::kText && !value.quoted && looks_like_number_with_unit(f.value.text))
    value.fail("fact " + name + ": '" + f.value.text +
               "' reads as a number with its unit: write 'value: <number>' and 'unit: <unit>' apart "
               "(quote the value if it really is text)");
  if (f.value.type != Value::Type::kNumber && !f.unit.empty())
    doc.fail("fact " + name + ": a unit goes with a number, but the value is " + Value::type_name(f.value.type));
  if (f.value.type == Value::Type::kNumber && f.unit.empty())
    doc.fail("fact " + name + ": a number needs its unit (万元, 元, %, 个, …)");
  f.provenance = provenance(doc, "fact " + name);
  return f;
}

Row row(const Doc& doc, const std::string& table) {
  mapping(doc, "a row of " + table);
  Row r;
  for (const auto& [column, value] : doc.map) {
    if (column == "source" || column == "inferred") continue;
    if (value.kind != Doc::Kind::kScalar && !value.is_null())
      value.fail("row cell '" + column + "' must be a number, true/false or text");
    Value cell = value.to_value();
    if (cell.type == Value::Type::kText && !value.quoted && looks_like_number_with_unit(cell.text))
      value.fail("row cell '" + column + "': '" + cell.text +
                 "' reads as a number with its unit: give the number here and the unit in 'unit'");
    r.cells.emplace_back(column, std::move(cell));
  }
  r.provenance = provenance(doc, "a row of " + table);
  return r;
}

Judgement judgement(const std::string& leaf, const Doc& doc) {
  mapping(doc, "judgement " + leaf);
  doc.check_keys({"score", "basis", "source", "inferred"});
  Judgement j;
  j.score = doc.required("score").points("judgement " + leaf + ": score");
  j.basis = doc.required("basis").text("basis");
  j.provenance = provenance(doc, "judgement " + leaf);
  return j;
}

// `owner.key`, from `low` to `high`, when written.
std::optional<Decimal> optional_number(const Doc& owner, const char* key, const std::string& what, Decimal low,
                                       Decimal high) {
  const Doc* d = owner.find(key);
  if (d == nullptr) return std::nullopt;
  return d->number_in(what + "." + key, low, high);
}

// A figure of a project table, transcribed as printed: written with or
// without quotes (the format documented before quotes meant text), it must
// read as a number in low..high.
std::optional<Decimal> printed_number(const Doc& owner, const char* key, const std::string& what, Decimal low,
                                      Decimal high) {
  const Doc* d = owner.find(key);
  if (d == nullptr) return std::nullopt;
  Doc unquoted = *d;
  unquoted.quoted = false;
  return unquoted.number_in(what + "." + key, low, high);
}

ProjectRow project_row(const Doc& doc, const std::string& project) {
  mapping(doc, "a row of project " + project);
  doc.check_keys(
      {"level1", "level2", "name", "target", "actual", "nature", "unit", "weight", "score", "grade", "note", "line",
       "subtotal", "weight_share", "judgement"});
  ProjectRow row;
  row.level1 = doc.required("level1").text("level1");
  row.level2 = doc.required("level2").text("level2");
  row.name = doc.required("name").text("name");
  if (const Doc* d = doc.find("target")) row.target = d->text("target");
  if (const Doc* d = doc.find("actual")) row.actual = d->text("actual");
  row.weight = printed_number(doc, "weight", "row", Decimal(), kMaxPointsDecimal());
  row.score = printed_number(doc, "score", "row", Decimal(), kMaxPointsDecimal());
  if (const Doc* d = doc.find("grade")) row.grade = d->text("grade");
  if (const Doc* d = doc.find("note")) row.note = d->text("note");
  if (const Doc* d = doc.find("line")) row.line = d->whole_number("line", 1, kMaxLine);
  read_project_row_extras(doc, row);
  return row;
}

Project project(const Doc& doc) {
  mapping(doc, "a project");
  doc.check_keys({"id", "name", "table", "unit_owner", "source", "inferred", "budget", "goal", "goal_achieved", "note",
                  "weight_share", "rows", "filed"});
  Project p;
  p.weight_share = optional_number(doc, "weight_share", "project", Decimal(), Decimal::from_int(1));
  p.id = doc.required("id").text("project id");
  p.name = doc.required("name").text("project name");
  if (const Doc* d = doc.find("table")) p.table = d->text("table");
  if (const Doc* d = doc.find("unit_owner")) p.owner = d->text("unit_owner");
  p.provenance = provenance(doc, "project " + p.id);
  if (const Doc* budget = doc.find("budget")) {
    mapping(*budget, "budget");
    budget->check_keys(
        {"initial", "planned", "executed", "rate", "weight", "score", "fiscal_planned", "fiscal_executed", "unit"});
    p.planned = printed_number(*budget, "planned", "budget", Decimal(), kMaxMoney());
    p.executed = printed_number(*budget, "executed", "budget", Decimal(), kMaxMoney());
    p.fiscal_planned = printed_number(*budget, "fiscal_planned", "budget", Decimal(), kMaxMoney());
    p.fiscal_executed = printed_number(*budget, "fiscal_executed", "budget", Decimal(), kMaxMoney());
    if (const Doc* unit = budget->find("unit")) p.budget_unit = unit->text("budget.unit");
  }
  if (const Doc* d = doc.find("goal")) p.goal = d->text("goal");
  if (const Doc* d = doc.find("goal_achieved")) p.goal_achieved = d->text("goal_achieved");
  if (const Doc* d = doc.find("note")) p.note = d->text("note");
  const Doc& rows = doc.required("rows");
  if (rows.kind != Doc::Kind::kSequence) rows.fail("project " + p.id + ": rows must be a list");
  for (const Doc& row : rows.items) p.rows.push_back(project_row(row, p.id));
  read_project_stated(doc, p);
  return p;
}

// A review's reading of a project row jixiao leaves pending: target and
// actual as figures (or cell text), or a grade, each with why.
RowsFromProjects::Reading project_reading(const Doc& doc) {
  mapping(doc, "a reading");
  doc.check_keys({"target", "actual", "grade", "why"});
  RowsFromProjects::Reading reading;
  if (const Doc* grade = doc.find("grade")) {
    if (doc.find("target") || doc.find("actual"))
      doc.fail("a reading gives either grade or target and actual, not both");
    reading.grade = grade->text("grade");
  } else {
    reading.target = doc.required("target").to_value();
    reading.actual = doc.required("actual").to_value();
  }
  reading.why = doc.required("why").text("why");
  reading.where = doc.where;
  return reading;
}

}  // namespace

Record parse_record(const std::string& yaml_text, const std::string& file) {
  return record_from_doc(parse_yaml(yaml_text, file), file);
}

Record record_from_doc(const Doc& root, const std::string& file) {
  mapping(root, "a data source");
  root.check_keys(
      {"entity", "year", "set", "record", "filed", "facts", "rows", "judgements", "projects", "rows_from_projects"});
  Record r;
  r.source = file;
  r.entity = root.required("entity").text("entity");
  const Doc& year = root.required("year");
  const Decimal y = year.number("year");
  if (y.millionths() % 1000000 != 0 || y < Decimal::from_int(1949) || y > Decimal::from_int(2100))
    year.fail("year must be a whole year such as 2021");
  r.year = static_cast<int>(y.millionths() / 1000000);
  r.set_id = root.required("set").text("set");
  r.set_where = root.required("set").where;
  if (const Doc* kind = root.find("record")) {
    r.kind = kind->text("record");
    if (r.kind != "filed" && r.kind != "review" && r.kind != "projects")
      kind->fail("record must be 'filed', 'review' or 'projects'");
  }
  if (const Doc* filed = root.find("filed")) {
    mapping(*filed, "filed");
    filed->check_keys({"total", "scores"});
    if (const Doc* total = filed->find("total")) r.filed_total = total->points("filed.total");
    if (const Doc* scores = filed->find("scores")) {
      mapping(*scores, "filed.scores");
      for (const auto& [leaf, score] : scores->map) r.filed_scores[leaf] = score.points("filed score of " + leaf);
    }
  }
  if (const Doc* facts = root.find("facts")) {
    mapping(*facts, "facts");
    for (const auto& [name, doc] : facts->map) r.facts[name] = fact(name, doc);
  }
  if (const Doc* rows = root.find("rows")) {
    mapping(*rows, "rows");
    for (const auto& [table, doc] : rows->map) {
      if (doc.kind != Doc::Kind::kSequence) doc.fail("rows." + table + ": expected a list of rows");
      auto& out = r.rows[table];
      for (const Doc& item : doc.items) out.push_back(row(item, table));
    }
  }
  if (const Doc* projects = root.find("projects")) {
    if (projects->kind != Doc::Kind::kSequence) projects->fail("projects: expected a list of projects");
    for (const Doc& item : projects->items) {
      r.projects.push_back(project(item));
      for (size_t i = 0; i + 1 < r.projects.size(); ++i)
        if (r.projects[i].id == r.projects.back().id) item.fail("duplicate project id '" + r.projects.back().id + "'");
    }
  }
  if (const Doc* from = root.find("rows_from_projects")) {
    mapping(*from, "rows_from_projects");
    for (const auto& [table, doc] : from->map) {
      mapping(doc, "rows_from_projects." + table);
      RowsFromProjects rf;
      rf.where = doc.where;
      if (const Doc* totals = doc.find("totals")) {  // one row per project: its 总分 and budget
        doc.check_keys({"totals", "projects", "readings"});
        rf.totals = totals->text("totals");
        if (rf.totals != "recomputed" && rf.totals != "printed")
          totals->fail("rows_from_projects." + table + ".totals must be 'recomputed' (as jixiao scores the tables) or "
                       "'printed' (the 总分 the tables print), not '" + rf.totals + "'");
        if (const Doc* projects = doc.find("projects")) {
          rf.where = projects->where;  // an unknown id is reported here
          if (projects->kind != Doc::Kind::kSequence || projects->items.empty())
            projects->fail("rows_from_projects." + table + ".projects: expected a list of project ids");
          for (const Doc& id : projects->items) {
            rf.projects.push_back(id.text("project id"));
            for (size_t i = 0; i + 1 < rf.projects.size(); ++i)
              if (rf.projects[i] == rf.projects.back()) id.fail("project '" + rf.projects.back() + "' is listed twice");
          }
        }
        if (const Doc* readings = doc.find("readings")) {  // project id → target text → reading
          if (rf.totals != "recomputed") readings->fail("readings are for totals: recomputed (the rows jixiao scores)");
          mapping(*readings, "readings");
          for (const auto& [id, cells] : readings->map) {
            mapping(cells, "readings." + id);
            for (const auto& [target_text, reading] : cells.map)
              rf.project_readings[id][target_text] = project_reading(reading);
          }
        }
        if (r.rows.count(table)) doc.fail("rows." + table + " is recorded too: take its rows from one place");
        r.rows_from_projects[table] = rf;
        continue;
      }
      doc.check_keys({"project", "level2", "readings"});
      rf.project = doc.required("project").text("project");
      rf.level2 = doc.required("level2").text("level2");
      if (const Doc* readings = doc.find("readings")) {
        mapping(*readings, "readings");
        for (const auto& [target_text, reading] : readings->map) {
          mapping(reading, "a reading");
          reading.check_keys({"target", "actual", "why"});
          rf.readings[target_text] = {reading.required("target").to_value(), reading.required("actual").to_value(),
                                      "", reading.required("why").text("why"), reading.where};
        }
      }
      if (r.rows.count(table)) doc.fail("rows." + table + " is recorded too: take its rows from one place");
      r.rows_from_projects[table] = rf;
    }
  }
  if (const Doc* judgements = root.find("judgements")) {
    mapping(*judgements, "judgements");
    for (const auto& [leaf, doc] : judgements->map) r.judgements[leaf] = judgement(leaf, doc);
  }
  return r;
}

Record load_record_file(const std::string& path) { return parse_record(read_file(path), path); }

}  // namespace jixiao
