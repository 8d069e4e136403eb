#include "project_source.h"

namespace jixiao {

namespace {

std::optional<Decimal> stated_number(const Doc& owner, const char* key, const std::string& what) {
  const Doc* d = owner.find(key);
  if (d == nullptr) return std::nullopt;
  if (auto n = Decimal::parse(d->scalar); n && d->kind == Doc::Kind::kScalar) return n;
  d->fail(what + "." + key + ": expected a decimal number such as 9.68, got '" + d->scalar + "'");
}

std::string trim_spaces(std::string s) {
  for (const char* space : {" ", "　"})
    for (size_t at; (at = s.find(space)) != std::string::npos;) s.erase(at, std::char_traits<char>::length(space));
  return s;
}

}  // namespace

std::pair<std::string, std::optional<Decimal>> split_level1_points(const std::string& level1) {
  const std::string s = trim_spaces(level1);
  for (const auto& [open, close] : {std::pair<const char*, const char*>{"(", ")"}, {"（", "）"}}) {
    const size_t at = s.find(open);
    const std::string tail = std::string("分") + close;
    if (at == std::string::npos || at == 0 || s.size() < tail.size() ||
        s.compare(s.size() - tail.size(), tail.size(), tail) != 0)
      continue;
    const size_t first = at + std::char_traits<char>::length(open);
    const auto points = Decimal::parse(s.substr(first, s.size() - tail.size() - first));
    if (points) return {s.substr(0, at), points};
  }
  return {level1, std::nullopt};
}

void read_project_row_extras(const Doc& row_doc, ProjectRow& row) {
  if (const Doc* d = row_doc.find("nature")) row.nature = d->text("nature");
  if (const Doc* d = row_doc.find("unit")) row.unit = d->text("unit");
  if (const Doc* d = row_doc.find("subtotal")) row.subtotal = d->boolean("subtotal");
  row.weight_share = stated_number(row_doc, "weight_share", "row");
  if (const Doc* j = row_doc.find("judgement")) {
    if (j->kind != Doc::Kind::kMap) j->fail("judgement: expected {score: …, basis: …, source: {file, quote} or inferred: …}");
    j->check_keys({"score", "basis", "source", "inferred"});
    Judgement judgement;
    judgement.score = j->required("score").number("judgement.score");
    judgement.basis = j->required("basis").text("judgement.basis");
    if (const Doc* source = j->find("source")) {
      if (source->kind != Doc::Kind::kMap) source->fail("judgement.source: expected {file: …, quote: …}");
      source->check_keys({"file", "quote"});
      judgement.provenance.file = source->required("file").text("source.file");
      if (const Doc* quote = source->find("quote")) judgement.provenance.quote = quote->text("source.quote");
    }
    if (const Doc* inferred = j->find("inferred")) judgement.provenance.inferred = inferred->text("inferred");
    if (judgement.provenance.quote.empty() && judgement.provenance.inferred.empty())
      j->fail("judgement of row " + row.name + ": say where it comes from: 'source: {file: …, quote: …}' or 'inferred: why'");
    row.judgement = judgement;
  }
  auto [name, points] = split_level1_points(row.level1);
  row.level1 = name;
  row.level1_points = points;
}

void read_project_stated(const Doc& project_doc, Project& project) {
  if (const Doc* filed = project_doc.find("filed")) {
    if (filed->kind != Doc::Kind::kMap) filed->fail("project " + project.id + ".filed: expected {total: …, grade: …}");
    filed->check_keys({"total", "grade"});
    project.stated_total = stated_number(*filed, "total", "filed");
    if (const Doc* grade = filed->find("grade")) project.stated_grade = grade->text("filed.grade");
  }
  if (const Doc* budget = project_doc.find("budget")) {
    project.initial_budget = stated_number(*budget, "initial", "budget");
    project.budget_weight = stated_number(*budget, "weight", "budget");
    project.budget_score = stated_number(*budget, "score", "budget");
    if (const Doc* rate = budget->find("rate")) project.rate_printed = rate->text("budget.rate");
  }
}

}  // namespace jixiao
