#include "script_header.h"

#include <algorithm>
#include <sstream>

#include "doc.h"
#include "suggest.h"

namespace jixiao {

namespace {

const std::vector<std::string> kTypes = {"number", "text", "bool", "list", "map", "any", "fact", "table"};

std::vector<std::string> words_of(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// What follows the first `n` words of `line`, trimmed.
std::string rest_after(const std::string& line, size_t n) {
  size_t at = 0;
  for (size_t i = 0; i < n; ++i) {
    at = line.find_first_not_of(" \t", at);
    at = line.find_first_of(" \t", at);
    if (at == std::string::npos) return "";
  }
  at = line.find_first_not_of(" \t", at);
  return at == std::string::npos ? "" : line.substr(at);
}

bool of_type(const Value& v, const std::string& type) {
  if (type == "any") return true;
  if (type == "number") return v.type == Value::Type::kNumber;
  if (type == "bool") return v.type == Value::Type::kBool;
  if (type == "list") return v.type == Value::Type::kList;
  if (type == "map") return v.type == Value::Type::kMap;
  return v.type == Value::Type::kText;  // text, fact, table
}

bool ends_with(const std::string& text, const std::string& end) {
  return text.size() >= end.size() && text.compare(text.size() - end.size(), end.size(), end) == 0;
}

Location where_of(const Node& leaf, const std::string& param) {
  for (const auto& [name, where] : leaf.param_where)
    if (name == param) return where;
  return leaf.params_where.line > 0 ? leaf.params_where : leaf.where;
}

}  // namespace

const ParamSpec* ScriptHeader::param(const std::string& name) const {
  for (const auto& p : params)
    if (p.name == name) return &p;
  return nullptr;
}

ScriptHeader parse_script_header(const std::string& source, const std::string& display) {
  ScriptHeader h;
  std::istringstream in(source);
  int number = 0;
  // The summary is the rule's first sentence: it runs on over the next comment
  // lines until one ends with 。 (a title line "动态调整：" alone says nothing).
  bool summary_open = false;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (line.compare(0, 2, "--") != 0) break;
    std::string body = line.substr(2);
    body.erase(0, body.find_first_not_of(" \t"));
    const Location at{display, number, 1};
    if (body.compare(0, 6, "@param") == 0) {
      const auto w = words_of(body);
      if (w.size() < 4)
        throw Error(ErrorKind::kScript, "@param needs NAME TYPE required|default=VALUE MEANING", at);
      ParamSpec p;
      p.name = w[1];
      p.type = w[2];
      if (std::find(kTypes.begin(), kTypes.end(), p.type) == kTypes.end())
        throw Error(ErrorKind::kScript, "@param " + p.name + ": unknown type '" + p.type + "'" +
                                            did_you_mean(p.type, kTypes), at);
      if (w[3] == "required") {
        p.required = true;
      } else if (w[3].compare(0, 8, "default=") == 0) {
        p.required = false;
        p.default_text = w[3].substr(8);
        const Doc doc = parse_yaml(p.default_text, display + ":" + std::to_string(number));
        p.default_value = doc.kind == Doc::Kind::kNull ? Value::of_text(p.default_text) : doc.to_value();
        if (p.type != "any" && !of_type(p.default_value, p.type))
          throw Error(ErrorKind::kScript, "@param " + p.name + ": default=" + p.default_text + " is not " + p.type, at);
      } else {
        throw Error(ErrorKind::kScript, "@param " + p.name + ": expected required or default=VALUE, not '" + w[3] + "'",
                    at);
      }
      if (h.param(p.name) != nullptr) throw Error(ErrorKind::kScript, "@param " + p.name + " is declared twice", at);
      p.meaning = rest_after(body, 4);
      h.params.push_back(std::move(p));
      h.declared = true;
    } else if (body.compare(0, 4, "@max") == 0) {
      const auto w = words_of(body);
      const std::string usage = "@max takes weight, sum LIST[].FIELD or max LIST[].FIELD";
      if (w.size() == 2 && w[1] == "weight") {
        h.reach = ScriptHeader::Reach::kWeight;
      } else if (w.size() == 3 && (w[1] == "sum" || w[1] == "max") && w[2].find("[].") != std::string::npos) {
        h.reach = w[1] == "sum" ? ScriptHeader::Reach::kSum : ScriptHeader::Reach::kMax;
        h.reach_list = w[2].substr(0, w[2].find("[]."));
        h.reach_field = w[2].substr(w[2].find("[].") + 3);
      } else {
        throw Error(ErrorKind::kScript, usage, at);
      }
      h.declared = true;
    } else if (body.compare(0, 1, "@") == 0) {
      throw Error(ErrorKind::kScript, "unknown header line '" + words_of(body)[0] + "'" +
                                          did_you_mean(words_of(body)[0], {"@param", "@max"}), at);
    } else if (!body.empty() && (h.summary.empty() || summary_open)) {
      body.erase(body.find_last_not_of(" \t\r") + 1);
      // Lines joined as one sentence; a space where the line ends in ASCII ("*8" then "2.当").
      if (!h.summary.empty() && static_cast<unsigned char>(h.summary.back()) < 0x80) h.summary += ' ';
      h.summary += body;
      summary_open = !ends_with(body, "。");
      continue;
    }
    summary_open = false;
  }
  if (h.reach != ScriptHeader::Reach::kUnknown && h.reach != ScriptHeader::Reach::kWeight &&
      h.param(h.reach_list) == nullptr)
    throw Error(ErrorKind::kScript, "@max names params." + h.reach_list + ", which no @param declares", Location{display});
  return h;
}

void apply_defaults(const ScriptHeader& header, Value& params) {
  for (const auto& spec : header.params)
    if (!spec.required && params.find(spec.name) == nullptr) params.map.emplace_back(spec.name, spec.default_value);
}

void check_params(const ScriptHeader& header, const std::string& script, const Node& leaf, const std::string& path) {
  if (header.params.empty()) return;
  std::vector<std::string> names;
  for (const auto& p : header.params) names.push_back(p.name);
  for (const auto& [name, value] : leaf.params.map) {
    const ParamSpec* spec = header.param(name);
    const Location at = where_of(leaf, name);
    if (spec == nullptr)
      throw Error(ErrorKind::kInput, "params." + name + " is not a parameter of " + script + did_you_mean(name, names),
                  at, path);
    if (!of_type(value, spec->type))
      throw Error(ErrorKind::kInput, "params." + name + " must be " + spec->type + " (" + spec->meaning + "), not " +
                                         Value::type_name(value.type) + " " + value.display(),
                  at, path);
    const auto& declared = spec->type == "fact" ? leaf.facts : leaf.rows;
    if ((spec->type == "fact" || spec->type == "table") &&
        std::find(declared.begin(), declared.end(), value.text) == declared.end())
      throw Error(ErrorKind::kInput, "params." + name + " names " + spec->type + " '" + value.text +
                                         "', which the leaf does not declare in " +
                                         (spec->type == "fact" ? "facts:" : "rows:") + did_you_mean(value.text, declared),
                  at, path);
  }
  for (const auto& spec : header.params)
    if (spec.required && leaf.params.find(spec.name) == nullptr)
      throw Error(ErrorKind::kInput, script + " needs params." + spec.name + " (" + spec.meaning + ")",
                  leaf.params_where.line > 0 ? leaf.params_where : leaf.where, path);
}

std::optional<Decimal> reachable_max(const ScriptHeader& header, const Node& leaf, const std::string& path) {
  if (header.reach != ScriptHeader::Reach::kSum && header.reach != ScriptHeader::Reach::kMax) return std::nullopt;
  const Value* list = leaf.params.find(header.reach_list);
  const Location at = where_of(leaf, header.reach_list);
  if (list == nullptr || list->type != Value::Type::kList || list->list.empty())
    throw Error(ErrorKind::kInput, "params." + header.reach_list + " must be a non-empty list", at, path);
  std::optional<Decimal> out;
  for (const Value& item : list->list) {
    const Value* v = item.find(header.reach_field);
    if (v == nullptr || v->type != Value::Type::kNumber)
      throw Error(ErrorKind::kInput, "each of params." + header.reach_list + " needs a number " + header.reach_field, at,
                  path);
    if (!out) out = v->number;
    else if (header.reach == ScriptHeader::Reach::kSum) *out += v->number;
    else if (*out < v->number) out = v->number;
  }
  return out;
}

void check_leaf(const ScriptHeader& header, const std::string& script, const Node& leaf, const std::string& set_file,
                const std::string& path) {
  check_params(header, script, leaf, path);
  if (!leaf.weight) return;
  const std::optional<Decimal> reach = reachable_max(header, leaf, path);
  if (!reach || *reach == *leaf.weight) return;
  std::string terms;
  for (const Value& item : leaf.params.find(header.reach_list)->list)
    terms += (terms.empty() ? "" : header.reach == ScriptHeader::Reach::kSum ? " + " : ", ") +
             item.find(header.reach_field)->display();
  const Location list_at = where_of(leaf, header.reach_list);
  const Location at = leaf.weight_where.file == set_file ? leaf.weight_where
                      : list_at.file == set_file         ? list_at
                                                         : leaf.weight_where;
  if (header.reach == ScriptHeader::Reach::kMax) terms = "max(" + terms + ")";
  throw Error(ErrorKind::kInput,
              std::string(*reach < *leaf.weight ? "cannot reach" : "can exceed") + " its weight " + leaf.weight->str() +
                  ": " + script + " scores at most " + describe_reach(header) + ", " + terms + " = " + reach->str(),
              at, path);
}

std::string describe_reach(const ScriptHeader& header) {
  switch (header.reach) {
    case ScriptHeader::Reach::kWeight: return "the weight";
    case ScriptHeader::Reach::kSum: return "the sum of " + header.reach_list + "[]." + header.reach_field;
    case ScriptHeader::Reach::kMax: return "the largest " + header.reach_list + "[]." + header.reach_field;
    case ScriptHeader::Reach::kUnknown: break;
  }
  return "";
}

}  // namespace jixiao
