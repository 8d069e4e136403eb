// What `jixiao score --all` prints when it is done: the batch's summary
// (records scored, skipped, failed, leaves, time) and the project tables'
// summary, as text or JSON, from the same two BatchSummary values.
#pragma once

#include <string>

#include "batch_score.h"

namespace jixiao {

// "scored N record(s), L leaves, in S s (R leaves/s, J job(s)); K skipped
// (…); F failed", then the same for the project tables (`projects`, whose
// leaves are results): the counts, the same lines whether or not some failed.
std::string render_batch_text(const BatchSummary& s, const BatchSummary& projects, int jobs);

// What failed, for stderr: for the records and then the project tables that
// failed, "jixiao: score --all: F 条…评分失败 (F record(s) failed):" and the
// first failures, one a line, and how many more; "" when nothing failed.
std::string render_batch_failures(const BatchSummary& s, const BatchSummary& projects);

// {"schema_version", "engine_version", "records", "leaves", "skipped",
// "failed", "failures": [...], "jobs", "seconds", "projects": {"records",
// "results", "skipped", "failed", "failures", "seconds"}}.
std::string render_batch_json(const BatchSummary& s, const BatchSummary& projects, int jobs);

}  // namespace jixiao
