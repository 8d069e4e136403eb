// The header of a scoring script: the parameters it takes and how high its
// score can reach, declared in comment lines at the top of scripts/*.lua and
// read before any leaf uses the script, so a misspelt or missing parameter,
// or a leaf whose points cannot add up to its weight, is the set's error at
// the set's line. The format is in scripts/README.md ("The header").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "decimal.h"
#include "error.h"
#include "model.h"

namespace jixiao {

struct ParamSpec {
  std::string name;
  // number, text, bool, list, map, any; fact (the name of a fact the leaf
  // declares in facts:) or table (of a row table it declares in rows:).
  std::string type;
  bool required = true;
  std::string default_text;  // as written after default=, when not required
  Value default_value;       // default_text read as YAML (100 a number, half-up text, {} a map)
  std::string meaning;
};

struct ScriptHeader {
  std::string summary;              // the first sentence of the opening comment: the rule it encodes
  std::vector<ParamSpec> params;    // empty when the script declares none (then nothing is checked)
  bool declared = false;            // at least one @param or @max line
  // @max: how high the score can reach. kWeight: the weight itself (the
  // score scales with it); kSum / kMax: the sum / the largest of
  // params.LIST[].FIELD, which must equal the weight.
  enum class Reach { kUnknown, kWeight, kSum, kMax } reach = Reach::kUnknown;
  std::string reach_list, reach_field;

  const ParamSpec* param(const std::string& name) const;  // nullptr when not declared
};

// Reads the header of `source` (named `display` in messages, e.g.
// scripts/checklist.lua): the leading comment lines, stopping at the first
// line that is not a comment. Throws Error(kScript) at the line of a
// malformed @param or @max line.
ScriptHeader parse_script_header(const std::string& source, const std::string& display);

// `params` (a mapping) with every parameter `header` declares with a
// default= and `params` leaves out added as that default, so a script reads
// ctx.params.NAME whether or not the set wrote it. The loaders call it after
// check_params; what the set wrote is never changed.
void apply_defaults(const ScriptHeader& header, Value& params);

// Checks `leaf`'s params against `header`: every name declared (else "did
// you mean"), every required one given, each of its type, fact and table
// names among the leaf's facts and rows. Throws Error(kInput) at the
// offending value's line (the leaf's line for a missing one), naming the
// indicator `path`. A header that declares no parameters checks nothing.
void check_params(const ScriptHeader& header, const std::string& script, const Node& leaf, const std::string& path);

// The most `leaf` can score under `header`, worked out from its params;
// empty when the header cannot say (kUnknown) or it is the weight (kWeight).
// Throws Error(kInput) at the leaf when the list or its fields are not numbers.
std::optional<Decimal> reachable_max(const ScriptHeader& header, const Node& leaf, const std::string& path);

// check_params, then the reach: a leaf whose reachable maximum is not its
// weight (points 4 + 4 under a weight of 10) is refused, at the weight's
// line when `set_file` (the set being loaded, a variant's own file) wrote
// the weight, else at the params' line when it wrote those, else the weight's.
void check_leaf(const ScriptHeader& header, const std::string& script, const Node& leaf, const std::string& set_file,
                const std::string& path);

// The sentence for the header's reach ("the sum of items[].points"); "" for kUnknown.
std::string describe_reach(const ScriptHeader& header);

}  // namespace jixiao
