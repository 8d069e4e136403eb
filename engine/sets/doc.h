// A parsed YAML document with the position of every node, so that loaders can
// say "file:line:col: ..." about any value. Only yaml_reader.cc knows yaml-cpp.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "error.h"
#include "value.h"

namespace jixiao {

struct Doc {
  enum class Kind { kNull, kScalar, kSequence, kMap };

  Kind kind = Kind::kNull;
  std::string scalar;                             // kScalar: the text as written
  bool quoted = false;                            // kScalar written in quotes: always text
  std::vector<Doc> items;                         // kSequence
  std::vector<std::pair<std::string, Doc>> map;   // kMap, in written order
  std::vector<Location> key_where;                // kMap: where each key of `map` is written
  Location where;                                 // 1-based line and column

  const Doc* find(const std::string& key) const;  // nullptr when absent
  Doc* find(const std::string& key);
  bool is_null() const { return kind == Kind::kNull; }

  // Error helpers: an Error of kind kInput located at this node.
  [[noreturn]] void fail(const std::string& message, const std::string& indicator = {}) const;

  // Typed access; each throws a located Error naming `what` (and the
  // indicator, when given) when the node is of another kind.
  const Doc& required(const std::string& key, const std::string& indicator = {}) const;
  std::string text(const std::string& what, const std::string& indicator = {}) const;
  // An unquoted decimal. A number in quotes is refused ("write it without
  // quotes": quoted values are text everywhere), and so are forms jixiao does
  // not read, each named: exponents, hexadecimal, .nan, more than six decimals.
  Decimal number(const std::string& what, const std::string& indicator = {}) const;
  // A number from `low` to `high`, such as a weight or a filed score.
  Decimal number_in(const std::string& what, Decimal low, Decimal high, const std::string& indicator = {}) const;
  // A score, weight or total: from 0 to kMaxPoints.
  Decimal points(const std::string& what, const std::string& indicator = {}) const;
  bool boolean(const std::string& what, const std::string& indicator = {}) const;
  // A whole number from `low` to `high`, such as score_places or a line number.
  int whole_number(const std::string& what, int low, int high) const;

  // Throws a located Error for a key of this mapping not in `known`, with a
  // suggestion for the nearest known key.
  void check_keys(const std::vector<std::string>& known, const std::string& indicator = {}) const;

  // Converts to a Value: unquoted scalars that read as decimals become
  // numbers, true/false become booleans, everything else text. Throws a
  // located Error for an unquoted number in a form jixiao does not read
  // (1e308, 0x10, .nan, 0.1234567, 1,000), which would otherwise pass as text.
  Value to_value() const;
};

// The most points a score, weight or total may have: far above any system
// (100), and small enough that sums of them never leave a Decimal's range.
constexpr int64_t kMaxPoints = 1000000;

// What one set or data file may hold; the largest shipped file is far below
// each (the project tables: 55 KB, some 2,000 values, 6 levels).
constexpr size_t kMaxBytes = 4 * 1024 * 1024;
constexpr size_t kMaxValues = 200000;   // scalars, lists and mappings, each alias counting what it copies
constexpr size_t kMaxDepth = 64;        // lists and mappings inside each other

// Parses YAML text holding one document. `file` names the source in
// locations and messages. Throws Error(kInput) located at the line and
// column of: a syntax error; a byte that is not UTF-8 or a control character
// (also when written as an escape such as "\0"); a duplicate or non-text key;
// a quoted text not closed on its line; a second document; nesting deeper
// than kMaxDepth; more than kMaxValues values; an alias inside the anchor it
// names. A file larger than kMaxBytes is refused before it is parsed.
Doc parse_yaml(const std::string& text, const std::string& file);

// Reads and parses a file. Throws Error(kIo) when it cannot be read.
Doc read_yaml_file(const std::string& path);

}  // namespace jixiao
