// Migration 9: each row of the results table packed anew (packed_leaves.h)
// from the packing of versions 7 and 8 (packed_leaves_v8.h).
#include "store_sql.h"

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "decimal.h"
#include "packed_leaves.h"
#include "packed_leaves_v8.h"

namespace jixiao::store_sql {

namespace {

constexpr int kRowsAtATime = 1000;  // read, packed and written back: memory stays flat in the rows

// The decimals a score's text shows ("8.00": 2, "8": 0).
int shown(std::string_view score) {
  const size_t point = score.find('.');
  return point == std::string_view::npos ? 0 : static_cast<int>(score.size() - point - 1);
}

// `old` packed anew, each leaf named as it was, in its order; nullopt when
// it is not a version 8 packing of scores that are decimals and sources that
// are stored ones. The places: the fewest decimals a score shows, which
// Decimal::text at the set's places wrote (a score shows more only when it
// has more): each score's text reads back as it was.
std::optional<std::string> repacked(std::string_view old) {
  struct Leaf {
    std::string_view id, source, reason;
    std::optional<Decimal> score;
  };
  std::vector<Leaf> leaves;
  int places = -1;
  try {
    PackedLeavesV8 read(old);
    PackedLeafV8 l;
    while (read.next(l)) {
      Leaf leaf{l.leaf_id, l.source, l.reason, std::nullopt};
      if (!l.score.empty()) {
        leaf.score = Decimal::parse(l.score);
        if (!leaf.score) return std::nullopt;
        places = places < 0 ? shown(l.score) : std::min(places, shown(l.score));
      }
      if (!leaf_source_code(l.source)) return std::nullopt;
      leaves.push_back(leaf);
    }
  } catch (const std::invalid_argument&) {
    return std::nullopt;
  }
  std::string out;
  LeafPacker pack(out, true, std::max(places, 0));
  for (const Leaf& l : leaves) pack.add(l.id, l.score, l.source, l.reason);
  return out;
}

}  // namespace

void repack_results(SQLite::Database& db) {
  SQLite::Statement read(db, "SELECT rowid, leaves FROM results WHERE rowid > ? ORDER BY rowid LIMIT ?");
  SQLite::Statement write(db, "UPDATE results SET leaves = ? WHERE rowid = ?");
  SQLite::Statement drop(db, "DELETE FROM results WHERE rowid = ?");
  int64_t after = -1;
  for (;;) {
    std::vector<std::pair<int64_t, std::optional<std::string>>> rows;
    read.reset();
    read.bind(1, after);
    read.bind(2, kRowsAtATime);
    while (read.executeStep()) {
      const SQLite::Column value = read.getColumn(1);
      rows.emplace_back(read.getColumn(0).getInt64(),
                        repacked({static_cast<const char*>(value.getBlob()), static_cast<size_t>(value.getBytes())}));
    }
    read.reset();
    if (rows.empty()) return;
    after = rows.back().first;
    for (const auto& [rowid, packed] : rows) {
      SQLite::Statement& q = packed ? write : drop;
      q.reset();
      if (packed) q.bind(1, packed->data(), static_cast<int>(packed->size()));
      q.bind(packed ? 2 : 1, rowid);
      q.exec();
    }
  }
}

}  // namespace jixiao::store_sql
