// A department-year's data source to fill in (jixiao new data): every fact
// and row table the set's leaves read, every leaf scored only by a person's
// judgement, each with empty values and provenance to write.
#pragma once

#include <string>

#include "model.h"

namespace jixiao {

// The YAML template of a `record: filed` source for `entity` and `year`
// under `set`. Facts are listed once, in leaf order, with the leaves that
// read them; a label is filled in where the set's params give one ({fact,
// label}); row tables show the columns of the set's first example row;
// judged leaves (no script, or script unknown) carry their 计分标准 as a
// comment. Values are left empty: the template does not import until filled.
std::string data_template(const IndicatorSet& set, const std::string& entity, int year);

}  // namespace jixiao
