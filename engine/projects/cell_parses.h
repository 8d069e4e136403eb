// The readings of a project scorer's target and actual cells, kept by which
// cell and its texts, so that rows of the same cells, table after table,
// share one reading found by one hash and one compare: reading a cell is a
// pure function of its texts and costs more than the lookup.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "target_text.h"

namespace jixiao {

// A reading as CellParses keeps it: with its value written out once (the
// text of the value fact), and a number of its own, from 1, never given to
// another reading of the same CellParses: a user that must tell readings
// apart after they may be dropped compares these, not addresses.
struct CellParse : ParsedValue {
  std::string value_text;  // value.str()
  uint64_t serial = 0;
};

class CellParses {
 public:
  // Keeps up to about `cap` readings: past it, at the next start(), all are
  // dropped (their holders keep them) and cells are read again.
  explicit CellParses(size_t cap);

  // Begins a table: what the readings find() gives from now until the next
  // start() live in. A holder of it keeps them alive (a ProjectResult holds
  // it for its rows' target and actual), after the CellParses too.
  std::shared_ptr<const void> start();

  // The reading kept for cell `which` (a letter the caller chooses per kind
  // of cell) of texts a, b and c; when none is, `parse()`'s (a
  // ParsedValue), kept from now on. Cells of other texts, or of the same
  // bytes split otherwise, get other readings.
  template <typename Parse>
  const CellParse& find(char which, std::string_view a, std::string_view b, std::string_view c, Parse&& parse) {
    return find(hash_of(which, a, b, c), which, a, b, c, parse);
  }
  // As find(), given hash_of(which, a, b, c).
  template <typename Parse>
  const CellParse& find(uint64_t hash, char which, std::string_view a, std::string_view b, std::string_view c,
                        Parse&& parse) {
    if (const CellParse* kept = lookup(hash, which, a, b, c)) return *kept;
    return keep(hash, which, a, b, c, parse());
  }

  // The hash of a cell that find() starts from.
  static uint64_t hash_of(char which, std::string_view a, std::string_view b, std::string_view c);
  // For a caller about to find() several cells: hints that begin bringing
  // into the cache what finding the cell of `hash` reads, so that the
  // cells' cache misses overlap rather than come one after the other. First
  // fetch_slot() each cell's, then fetch_reading() each cell's (it reads
  // the slot fetched), then find() them. Neither changes what find() gives.
  void fetch_slot(uint64_t hash) const;
  void fetch_reading(uint64_t hash) const;

  size_t size() const;  // the readings kept now

 private:
  // The key first: a lookup compares it in the cache line it starts.
  struct Kept {
    uint32_t a_size, b_size;
    char which;
    std::string texts;  // a, b and c one after the other
    CellParse parse;
  };
  // A place in the index: the hash beside the reading, so that a probe
  // reads the reading only when the hashes agree.
  struct Slot {
    uint64_t hash = 0;
    Kept* kept = nullptr;  // nullptr: empty
  };
  // One start()'s worth of readings and their open-addressed index.
  struct Store {
    std::deque<Kept> kept;    // never moved: the index and holders point into it
    std::vector<Slot> slots;  // a power of two, at most half full
  };

  static void place(std::vector<Slot>& slots, Slot slot);  // in the first empty place from its hash's
  const CellParse* lookup(uint64_t hash, char which, std::string_view a, std::string_view b, std::string_view c) const;
  const CellParse& keep(uint64_t hash, char which, std::string_view a, std::string_view b, std::string_view c,
                        ParsedValue parsed);

  size_t cap_;
  uint64_t serials_ = 0;  // the last serial given
  std::shared_ptr<Store> store_;
};

}  // namespace jixiao
