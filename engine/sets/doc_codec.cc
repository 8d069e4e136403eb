#include "doc_codec.h"

#include <cstdint>
#include <limits>

namespace jixiao {

namespace {

// A leading tag: bytes of another layout (an older jixiao's) are never read as this one.
constexpr std::string_view kFormat = "jixiao-doc 1\n";

// How a location's file is written: none, the file of the parse, or its own text.
enum FileMark : uint8_t { kNoFile = 0, kThisFile = 1, kOtherFile = 2 };

void put_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void put_text(std::string& out, const std::string& text) {
  put_varint(out, text.size());
  out += text;
}

void put_location(std::string& out, const Location& where, const std::string& file) {
  if (where.file.empty()) {
    out.push_back(static_cast<char>(kNoFile));
  } else if (where.file == file) {
    out.push_back(static_cast<char>(kThisFile));
  } else {
    out.push_back(static_cast<char>(kOtherFile));
    put_text(out, where.file);
  }
  // Lines and columns are 0 (unknown) or above in a parse; a negative one would not read back, and
  // the cache then parses the file again.
  put_varint(out, static_cast<uint64_t>(static_cast<uint32_t>(where.line)));
  put_varint(out, static_cast<uint64_t>(static_cast<uint32_t>(where.column)));
}

void put_doc(std::string& out, const Doc& doc, const std::string& file) {
  out.push_back(static_cast<char>(doc.kind));
  put_location(out, doc.where, file);
  switch (doc.kind) {
    case Doc::Kind::kNull:
      break;
    case Doc::Kind::kScalar:
      out.push_back(doc.quoted ? 1 : 0);
      put_text(out, doc.scalar);
      break;
    case Doc::Kind::kSequence:
      put_varint(out, doc.items.size());
      for (const Doc& item : doc.items) put_doc(out, item, file);
      break;
    case Doc::Kind::kMap:
      put_varint(out, doc.map.size());
      put_varint(out, doc.key_where.size());
      for (const Location& at : doc.key_where) put_location(out, at, file);
      for (const auto& [key, value] : doc.map) {
        put_text(out, key);
        put_doc(out, value, file);
      }
      break;
  }
}

// Reads what put_doc wrote; every read checks the bytes left, so a damaged
// encoding ends in `ok = false`, never outside `bytes`.
class Reader {
 public:
  Reader(std::string_view bytes, const std::string& file) : in_(bytes), file_(file) {}

  bool done() const { return in_.empty(); }

  // One Doc and what it holds, at `depth` lists and mappings down.
  bool doc(Doc& out, size_t depth) {
    if (depth > kMaxDepth + 1 || in_.empty() || ++values_ > kMaxValues) return false;
    const auto kind = static_cast<uint8_t>(in_[0]);
    in_.remove_prefix(1);
    if (kind > static_cast<uint8_t>(Doc::Kind::kMap)) return false;
    out.kind = static_cast<Doc::Kind>(kind);
    if (!location(out.where)) return false;
    switch (out.kind) {
      case Doc::Kind::kNull:
        return true;
      case Doc::Kind::kScalar: {
        if (in_.empty() || static_cast<uint8_t>(in_[0]) > 1) return false;
        out.quoted = in_[0] == 1;
        in_.remove_prefix(1);
        return text(out.scalar);
      }
      case Doc::Kind::kSequence: {
        uint64_t n = 0;
        if (!count(n, kLeastDoc)) return false;
        out.items.resize(n);
        for (Doc& item : out.items)
          if (!doc(item, depth + 1)) return false;
        return true;
      }
      case Doc::Kind::kMap: {
        uint64_t entries = 0, wheres = 0;
        if (!count(entries, kLeastDoc + 1) || !count(wheres, kLeastLocation)) return false;
        out.key_where.resize(wheres);
        for (Location& at : out.key_where)
          if (!location(at)) return false;
        out.map.resize(entries);
        for (auto& [key, value] : out.map)
          if (!text(key) || !doc(value, depth + 1)) return false;
        return true;
      }
    }
    return false;
  }

 private:
  bool varint(uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (in_.empty()) return false;
      const auto byte = static_cast<uint8_t>(in_[0]);
      in_.remove_prefix(1);
      v |= static_cast<uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) return true;
    }
    return false;
  }
  // The fewest bytes a location and a Doc are written in: a count of them
  // can never ask for more than the bytes left allow, so damaged bytes never
  // make a large allocation.
  static constexpr uint64_t kLeastLocation = 3, kLeastDoc = 1 + kLeastLocation;
  bool count(uint64_t& n, uint64_t least_bytes_each = 1) { return varint(n) && n <= in_.size() / least_bytes_each; }
  bool text(std::string& out) {
    uint64_t n = 0;
    if (!count(n)) return false;
    out.assign(in_.data(), n);
    in_.remove_prefix(n);
    return true;
  }
  bool number(int& out) {
    uint64_t v = 0;
    if (!varint(v) || v > static_cast<uint64_t>(std::numeric_limits<int>::max())) return false;
    out = static_cast<int>(v);
    return true;
  }
  bool location(Location& at) {
    if (in_.empty()) return false;
    const auto mark = static_cast<uint8_t>(in_[0]);
    in_.remove_prefix(1);
    if (mark == kThisFile) at.file = file_;
    else if (mark == kOtherFile && !(text(at.file) && !at.file.empty())) return false;
    else if (mark > kOtherFile) return false;
    return number(at.line) && number(at.column);
  }

  std::string_view in_;
  const std::string& file_;
  size_t values_ = 0;
};

}  // namespace

std::string encode_doc(const Doc& doc, const std::string& file) {
  std::string out(kFormat);
  put_doc(out, doc, file);
  return out;
}

std::optional<Doc> decode_doc(std::string_view bytes, const std::string& file) {
  if (bytes.substr(0, kFormat.size()) != kFormat) return std::nullopt;
  Reader reader(bytes.substr(kFormat.size()), file);
  Doc doc;
  if (!reader.doc(doc, 0) || !reader.done()) return std::nullopt;
  return doc;
}

}  // namespace jixiao
