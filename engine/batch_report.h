// What `jixiao score --all` prints when it is done: the batch's summary
// (records scored, skipped, failed, leaves, time) as text or JSON, from the
// same BatchSummary.
#pragma once

#include <string>

#include "batch_score.h"

namespace jixiao {

// "scored N record(s), L leaves, in S s (R leaves/s, J job(s)); K skipped
// (…); F failed", then the first failures, one a line, and how many more.
std::string render_batch_text(const BatchSummary& s, int jobs);

// {"schema_version", "engine_version", "records", "leaves", "skipped",
// "failed", "failures": [...], "jobs", "seconds"}.
std::string render_batch_json(const BatchSummary& s, int jobs);

}  // namespace jixiao
