// What `jixiao score --all` prints when it is done: the batch's summary
// (records scored, skipped, failed, leaves, time) and the project tables'
// summary, as text or JSON, from the same two BatchSummary values.
#pragma once

#include <string>

#include "batch_score.h"

namespace jixiao {

// "scored N record(s), L leaves, in S s (R leaves/s, J job(s)); K skipped
// (…); F failed", then the first failures, one a line, and how many more;
// then the same for the project tables (`projects`, whose leaves are results).
std::string render_batch_text(const BatchSummary& s, const BatchSummary& projects, int jobs);

// {"schema_version", "engine_version", "records", "leaves", "skipped",
// "failed", "failures": [...], "jobs", "seconds", "projects": {"records",
// "results", "skipped", "failed", "failures", "seconds"}}.
std::string render_batch_json(const BatchSummary& s, const BatchSummary& projects, int jobs);

}  // namespace jixiao
