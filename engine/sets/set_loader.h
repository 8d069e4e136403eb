// Loads an indicator set from YAML and checks it: ids, weights that add up to
// their parent, leaves that say how they are scored. See indicator-sets/README.md
// for the format.
#pragma once

#include <string>

#include "model.h"
#include "set_inheritance.h"

namespace jixiao {

// Parses a set from YAML text; `file` is used in messages. A set that
// `extends` another finds its base through `find` (see set_inheritance.h).
// Throws Error(kInput) located at the offending node: syntax, a missing or
// unknown key (with a suggestion), a duplicate id, children's weights that do
// not add up to their parent, top-level weights that do not add up to
// `total`, a malformed example.
IndicatorSet parse_set(const std::string& yaml_text, const std::string& file, const SetFinder& find);
// The same for a set that extends no other.
IndicatorSet parse_set(const std::string& yaml_text, const std::string& file);

// Reads `path` and parses it. Throws Error(kIo) when it cannot be read.
IndicatorSet load_set_file(const std::string& path, const SetFinder& find);

}  // namespace jixiao
