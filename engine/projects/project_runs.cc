// Keys are the inputs written out, each with its length (or its type's fixed
// form) first, so that no two different runs give the same key.
#include "project_runs.h"

#include <charconv>

namespace jixiao {

namespace {

// Outcomes kept: past it they are dropped and run again (memory stays flat
// however many tables are scored).
constexpr size_t kRunsKept = 1 << 16;

void add_count(std::string& key, int64_t n) {
  char digits[24];
  key.append(digits, std::to_chars(digits, digits + sizeof digits, n).ptr);
  key += ';';
}

void add_text(std::string& key, const std::string& text) {
  add_count(key, static_cast<int64_t>(text.size()));
  key += text;
}

void add_decimal(std::string& key, const std::optional<Decimal>& d) {
  if (d)
    add_count(key, d->millionths());
  else
    key += '-';
}

void add_value(std::string& key, const Value& v) {
  key += static_cast<char>('0' + static_cast<int>(v.type));
  switch (v.type) {
    case Value::Type::kNull: break;
    case Value::Type::kBool: key += v.boolean ? 't' : 'f'; break;
    case Value::Type::kNumber: add_decimal(key, v.number); break;
    case Value::Type::kText: add_text(key, v.text); break;
    case Value::Type::kList:
      add_count(key, static_cast<int64_t>(v.list.size()));
      for (const Value& item : v.list) add_value(key, item);
      break;
    case Value::Type::kMap:
      add_count(key, static_cast<int64_t>(v.map.size()));
      for (const auto& [name, item] : v.map) {
        add_text(key, name);
        add_value(key, item);
      }
      break;
  }
}

}  // namespace

const ScriptOutcome* ScriptRuns::find(const std::vector<Value*>& values, const Node& node) {
  key_.clear();
  for (const Value* v : values) add_value(key_, *v);
  add_text(key_, node.id);
  add_text(key_, node.script);
  add_text(key_, node.name);
  add_decimal(key_, node.weight);
  add_decimal(key_, node.max_score);
  auto found = kept_.find(key_);
  return found == kept_.end() ? nullptr : &found->second;
}

const ScriptOutcome& ScriptRuns::keep(ScriptOutcome outcome) {
  if (kept_.size() >= kRunsKept) kept_.clear();
  return kept_[key_] = std::move(outcome);
}

}  // namespace jixiao
