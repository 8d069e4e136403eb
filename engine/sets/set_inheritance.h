// Variants of indicator sets: a set that `extends` another names its base by
// id and then removes, overrides and adds nodes. The chain is resolved on the
// YAML tree, so every value keeps the file and line it was written at; the
// set loader then checks the result like any other set.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "doc.h"

namespace jixiao {

// Finds the YAML file of a set by id; throws Error(kMissing) when unknown.
using SetFinder = std::function<std::string(const std::string& set_id)>;

// The most sets one set may rest on through `extends`, in a row. Each reader
// of a set follows its whole chain, so a limit keeps a folder of sets linear
// to check (a province's base, a county's variant and a year's: a handful).
constexpr size_t kMaxBases = 100;

// The set and the sets it extends, `root` first, each read through `find`.
// Throws Error(kInput) at the `extends` that closes a cycle (naming the
// chain: a → b → a), names a set that `find` does not know, or would make
// the chain longer than kMaxBases bases, and at the id of a base whose id is
// not the one it was asked for.
std::vector<Doc> extends_chain(const Doc& root, const SetFinder& find);

// Returns `root` with its `extends` chain applied: the base's tree (itself
// resolved), minus `remove`, with `overrides` applied node by node, plus
// `add`. One merge rule for both kinds of set: mappings merge key by key at
// every depth (a `params` override replaces only the keys it names, unless
// the override also names a new `script`, whose params replace the base's),
// lists and other values replace, and `+KEY: [items]` appends the items to
// the base's list KEY. Keys of the variant's own (id, name, source, total,
// score_places) replace the base's; the result is located in the variant's
// file. Throws Error(kInput) located in the variant for an unknown base, a
// cycle, a node id that does not exist in the base, or a `+KEY` whose base
// value is not a list. A set that extends none is returned as it is (taken
// by value, so a parsed tree handed over is not copied).
Doc resolve_extends(Doc root, const SetFinder& find);

}  // namespace jixiao
