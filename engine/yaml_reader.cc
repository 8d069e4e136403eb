// The only file that includes yaml-cpp: turns its nodes into Doc trees and its
// exceptions into located Errors.
#include <yaml-cpp/yaml.h>

#include "doc.h"
#include "files.h"

namespace jixiao {

namespace {

Location location_of(const YAML::Mark& mark, const std::string& file) {
  if (mark.is_null()) return Location{file};
  return Location{file, mark.line + 1, mark.column + 1};  // yaml-cpp counts from 0
}

// Aliases (*name) are expanded as they are converted; a few nested ones can
// stand for billions of values. No data or set file needs more than this.
constexpr size_t kMaxValues = 1000000;

Doc convert(const YAML::Node& node, const std::string& file, size_t& count) {
  if (++count > kMaxValues)
    throw Error(ErrorKind::kInput, "more than " + std::to_string(kMaxValues) +
                                       " values: nested anchors and aliases (&, *) are not supported",
                location_of(node.Mark(), file));
  Doc doc;
  doc.where = location_of(node.Mark(), file);
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      doc.kind = Doc::Kind::kNull;
      break;
    case YAML::NodeType::Scalar:
      doc.kind = Doc::Kind::kScalar;
      doc.scalar = node.Scalar();
      doc.quoted = node.Tag() == "!";  // yaml-cpp tags quoted scalars "!"
      break;
    case YAML::NodeType::Sequence:
      doc.kind = Doc::Kind::kSequence;
      for (const auto& item : node) doc.items.push_back(convert(item, file, count));
      break;
    case YAML::NodeType::Map:
      doc.kind = Doc::Kind::kMap;
      for (const auto& entry : node) {
        const YAML::Node& key = entry.first;
        if (!key.IsScalar())
          throw Error(ErrorKind::kInput, "keys must be plain text", location_of(key.Mark(), file));
        if (doc.find(key.Scalar()) != nullptr)
          throw Error(ErrorKind::kInput, "duplicate key '" + key.Scalar() + "'",
                      location_of(key.Mark(), file));
        doc.map.emplace_back(key.Scalar(), convert(entry.second, file, count));
        doc.key_where.push_back(location_of(key.Mark(), file));
      }
      break;
  }
  return doc;
}

}  // namespace

Doc parse_yaml(const std::string& text, const std::string& file) {
  try {
    size_t count = 0;
    return convert(YAML::Load(text), file, count);
  } catch (const YAML::Exception& e) {
    throw Error(ErrorKind::kInput, "YAML syntax: " + e.msg, location_of(e.mark, file));
  }
}

Doc read_yaml_file(const std::string& path) {
  return parse_yaml(read_file(path), path);
}

}  // namespace jixiao
