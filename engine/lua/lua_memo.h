// A memo of script outcomes for ScriptHost (internal to the Lua module): a
// batch that meets the same inputs again takes what the script gave for them
// rather than running it again.
//
// A run is a function of what its script can observe (scripts/README.md, the
// sandbox: frozen modules, no globals, math.random from a fixed seed every
// run, ordered pairs): its ctx, which the leaf's context holds, and the values
// of its declared facts. A run's key is the context's number (a ctx built
// from other params or facts gets a number never used before, so it never
// meets an old entry; one built again from the same keeps its own), the
// fields a context may have rewritten without a rebuild (weight, id and name
// unless the leaf is fixed), max_score, and then either each declared fact:
// not recorded, null, a boolean, a number (its millionths) or a text (its
// length and bytes); or, for a caller that vouches for them
// (ScriptHost::run with `inputs`), bytes from which it derives every declared
// fact the same way for as long as the host lives (a project row: the serials
// of its target's and actual's parses and its grade, from which its facts are
// made). The two kinds of key are told apart by a byte, and
// every text in a key has its length before it, so no two runs on different
// inputs share a key. A leaf that declares row tables, or a fact that is a
// list or a map, has no key: those runs are always run.
//
// An entry is one slot of 64 bytes, a cache line: the outcome, and the key
// itself when it is short (a department leaf's few facts): a lookup that
// finds it reads that line and no other. A longer key, and a reason, are
// kept in one block beside the slots.
//
// Most keys are met once (a numeric fact's values) and a few again and again
// (a checklist's answers). While the table holds fewer than kAdmitFreely
// entries, every run's outcome is kept; past that, only one whose key was
// met before (a filter of one bit per hash remembers keys met and not kept,
// and forgets them all once half its bits are set), so that the table stays
// small enough to be found in the cache.
//
// Memory and cost stay flat: at most kMaxEntries entries, of kMaxBytes of
// longer keys and reasons, are kept (all are let go when a new one would pass
// either), and a context whose lookups rarely find anything stops looking
// (MemoUsage). Both depend only on the order of runs, and neither changes an
// outcome.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lua_runtime.h"

namespace jixiao::lua_memo {

// Whether a context still looks its runs up: each lookup and whether it
// found an entry are noted; every kReview lookups, a context that found one
// for fewer than one in kMinHitShare of them stops looking (and storing) for
// as long as it lives. A context of numeric facts seldom meets the same
// values twice and should not pay a key per run.
class MemoUsage {
 public:
  static constexpr uint32_t kReview = 256;
  static constexpr uint32_t kMinHitShare = 8;
  bool looking() const { return looking_; }
  void note(bool hit);

 private:
  uint32_t lookups_ = 0, hits_ = 0;
  bool looking_ = true;
};

class Memo {
 public:
  // Per host (each worker of a batch has its own): at most about 12 MiB.
  static constexpr size_t kMaxEntries = size_t{1} << 15;
  static constexpr size_t kMaxBytes = size_t{8} << 20;  // longer keys and reasons, together
  static constexpr size_t kAdmitFreely = 4096;  // entries kept without their key met before
  static constexpr size_t kFilterBits = size_t{1} << 16;  // of the filter of keys met (met_before)
  explicit Memo(size_t max_entries = kMaxEntries) : max_entries_(max_entries) {}

  // Makes the key of a run of `leaf` on `record` in the context numbered
  // `context`: `fixed` when the context's ctx holds the leaf's weight, id and
  // name for good (ScriptHost::set_fixed_leaves); `found`, when not nullptr,
  // the record's fact of each of leaf.facts (nullptr where not recorded), as
  // the run reads them; `inputs`, when not nullptr, what the caller derives
  // every declared fact from (see above), in their place. Returns false, and
  // leaves no key, for a run that is not memoized (a declared row table, a
  // fact that is a list or a map, a key longer than kMaxBytes / 16).
  bool make_key(uint64_t context, const Node& leaf, bool fixed, const Record& record,
                const std::vector<const Fact*>* found, const std::string_view* inputs = nullptr);

  // The outcome kept under the key made last, with its reason when `reason`
  // (an entry kept without one is then not found), without it ("") otherwise;
  // false when there is none.
  bool find(bool reason, ScriptOutcome& out);
  // Keeps `outcome` (its score, or that it needs judgement, and its reason
  // when `reason`) under the key made last, in place of what was there.
  void store(const ScriptOutcome& outcome, bool reason);

  size_t size() const { return entries_; }
  size_t lookups() const { return lookups_; }  // find() calls
  size_t hits() const { return hits_; }        // ... that found an outcome

 private:
  // Bytes of a key kept in its slot (a department leaf's is 12 to 30); a
  // longer one is kept in bytes_.
  static constexpr size_t kInline = 34;
  // An entry, or none when tag is 0. Its key is in `key` when it fits, else
  // at `at` in bytes_; its reason follows there (at `at`, after the key when
  // that is there too).
  struct alignas(64) Slot {
    uint32_t tag = 0;        // the high half of the key's hash, its lowest bit set
    uint32_t hash = 0;       // the low half: where grow() places it
    double score = 0;
    uint32_t key_size = 0, reason_size = 0;
    uint32_t at = 0;
    bool needs_judgement = false;
    bool has_reason = false;
    char key[kInline];
  };
  // Whether the key made last was met before (as far as the filter knows),
  // noting that it was.
  bool met_before();
  // Ends the key make_key wrote, of `size` bytes: whether it is kept.
  bool end_key(size_t size);
  // The slot of the key made last: its entry's, or the empty one it would take.
  size_t slot_of_key() const;
  void clear();
  void grow();

  size_t max_entries_;
  std::vector<char> key_;      // the key made last: its first key_size_ bytes (reused, never shrunk)
  size_t key_size_ = 0;
  uint64_t key_hash_ = 0;
  bool key_valid_ = false;     // whether key_ is the key make_key made last
  std::vector<Slot> slots_;    // a power of two of them, at most half taken
  std::vector<char> bytes_;    // longer keys and reasons, one after another; kMaxBytes reserved when first needed
  size_t entries_ = 0;         // slots taken
  std::vector<uint64_t> filter_;  // kFilterBits bits, by hash: keys met and not kept (met_before)
  size_t filter_set_ = 0;         // bits set in filter_
  size_t lookups_ = 0, hits_ = 0;
};

}  // namespace jixiao::lua_memo
