#include "doc.h"

#include "number_forms.h"
#include "suggest.h"

namespace jixiao {

const Doc* Doc::find(const std::string& key) const {
  for (const auto& [k, v] : map)
    if (k == key) return &v;
  return nullptr;
}

Doc* Doc::find(const std::string& key) {
  return const_cast<Doc*>(static_cast<const Doc*>(this)->find(key));
}

void Doc::fail(const std::string& message, const std::string& indicator) const {
  throw Error(ErrorKind::kInput, message, where, indicator);
}

const Doc& Doc::required(const std::string& key, const std::string& indicator) const {
  if (kind != Kind::kMap) fail("expected a mapping with '" + key + "'", indicator);
  const Doc* d = find(key);
  if (d == nullptr) fail("missing '" + key + "'", indicator);
  return *d;
}

void Doc::check_keys(const std::vector<std::string>& known, const std::string& indicator) const {
  for (size_t i = 0; i < map.size(); ++i) {
    const std::string& key = map[i].first;
    bool ok = false;
    for (const auto& k : known) ok = ok || k == key;
    if (ok) continue;
    const Location at = i < key_where.size() ? key_where[i] : map[i].second.where;
    throw Error(ErrorKind::kInput, "unknown key '" + key + "'" + did_you_mean(key, known), at, indicator);
  }
}

std::string Doc::text(const std::string& what, const std::string& indicator) const {
  if (kind != Kind::kScalar) fail(what + ": expected text", indicator);
  return scalar;
}

Decimal Doc::number(const std::string& what, const std::string& indicator) const {
  if (kind == Kind::kScalar && !quoted) {
    if (auto d = Decimal::parse(scalar)) return *d;
    if (auto why = unread_number(scalar)) fail(what + ": " + *why, indicator);
  }
  if (kind == Kind::kScalar && quoted && Decimal::parse(scalar))
    fail(what + " is written in quotes ('" + scalar + "'): write it without quotes", indicator);
  fail(what + ": expected a decimal number such as 8 or 686.54, got '" + scalar + "'", indicator);
}

Decimal Doc::number_in(const std::string& what, Decimal low, Decimal high, const std::string& indicator) const {
  const Decimal d = number(what, indicator);
  if (d < low || d > high)
    fail(what + " must be from " + low.str() + " to " + high.str() + ", not " + d.str(), indicator);
  return d;
}

Decimal Doc::points(const std::string& what, const std::string& indicator) const {
  return number_in(what, Decimal(), Decimal::from_int(kMaxPoints), indicator);
}

bool Doc::boolean(const std::string& what, const std::string& indicator) const {
  if (kind == Kind::kScalar && !quoted) {
    if (scalar == "true") return true;
    if (scalar == "false") return false;
  }
  fail(what + ": expected true or false, got '" + scalar + "'", indicator);
}

int Doc::whole_number(const std::string& what, int low, int high) const {
  const Decimal d = number(what);
  const int64_t whole = d.millionths() / 1000000;
  if (d.millionths() % 1000000 != 0 || whole < low || whole > high)
    fail(what + " must be a whole number from " + std::to_string(low) + " to " + std::to_string(high) + ", not " +
         d.str());
  return static_cast<int>(whole);
}

Value Doc::to_value() const {
  Value v;
  switch (kind) {
    case Kind::kNull:
      return v;
    case Kind::kScalar:
      if (!quoted) {
        if (scalar == "true") return Value::of_bool(true);
        if (scalar == "false") return Value::of_bool(false);
        if (auto d = Decimal::parse(scalar)) {
          v = Value::of_number(*d);
          v.text = scalar;
          return v;
        }
        if (auto why = unread_number(scalar)) fail(*why + " (quote it if it is text)");
      }
      return Value::of_text(scalar);
    case Kind::kSequence:
      v.type = Value::Type::kList;
      for (const auto& item : items) v.list.push_back(item.to_value());
      return v;
    case Kind::kMap:
      v.type = Value::Type::kMap;
      for (const auto& [k, d] : map) v.map.emplace_back(k, d.to_value());
      return v;
  }
  return v;
}

}  // namespace jixiao
