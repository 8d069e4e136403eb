// A Doc as bytes and back, exactly: what the cache of set parses keeps on
// disk (doc_cache.h). Every field round-trips: kinds, scalars as written,
// quoting, items and map entries in order, and every location (line, column
// and file) that errors are reported at.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "doc.h"

namespace jixiao {

// The bytes of `doc`. `file` is written once: a location naming it costs a
// byte, so a parse of one file (every location names it) stays small.
std::string encode_doc(const Doc& doc, const std::string& file);

// The Doc encode_doc(doc, file) wrote, or nullopt when `bytes` are not such
// an encoding with this `file` (truncated, damaged, written by another
// version, nested deeper than kMaxDepth, or with bytes left over). Never
// throws on any input.
std::optional<Doc> decode_doc(std::string_view bytes, const std::string& file);

}  // namespace jixiao
