#include "value.h"

namespace jixiao {

Value Value::of_bool(bool b) {
  Value v;
  v.type = Type::kBool;
  v.boolean = b;
  return v;
}

Value Value::of_number(Decimal d) {
  Value v;
  v.type = Type::kNumber;
  v.number = d;
  v.text = d.str();
  return v;
}

Value Value::of_text(std::string s) {
  Value v;
  v.type = Type::kText;
  v.text = std::move(s);
  return v;
}

const Value* Value::find(const std::string& key) const {
  for (const auto& [k, v] : map)
    if (k == key) return &v;
  return nullptr;
}

std::string Value::display() const {
  switch (type) {
    case Type::kNull: return "null";
    case Type::kBool: return boolean ? "true" : "false";
    case Type::kNumber: return number.str();
    case Type::kText: return text;
    case Type::kList: {
      std::string out = "[";
      for (size_t i = 0; i < list.size(); ++i) out += (i ? ", " : "") + list[i].display();
      return out + "]";
    }
    case Type::kMap: {
      std::string out = "{";
      for (size_t i = 0; i < map.size(); ++i)
        out += (i ? ", " : "") + map[i].first + ": " + map[i].second.display();
      return out + "}";
    }
  }
  return "";
}

const char* Value::type_name(Type t) {
  switch (t) {
    case Type::kNull: return "nothing";
    case Type::kBool: return "true/false";
    case Type::kNumber: return "a number";
    case Type::kText: return "text";
    case Type::kList: return "a list";
    case Type::kMap: return "a mapping";
  }
  return "";
}

bool operator==(const Value& a, const Value& b) {
  if (a.type != b.type) return false;
  switch (a.type) {
    case Value::Type::kNull: return true;
    case Value::Type::kBool: return a.boolean == b.boolean;
    case Value::Type::kNumber: return a.number == b.number;
    case Value::Type::kText: return a.text == b.text;
    case Value::Type::kList: return a.list == b.list;
    case Value::Type::kMap: return a.map == b.map;
  }
  return false;
}

}  // namespace jixiao
