// Batch scoring of project tables (jixiao score --all): every project
// self-evaluation record (kind "projects") scored under its project set, each
// project's budget row, rows and total stored in the results table under the
// set's content hash, beside the department-years' leaf results.
#pragma once

#include <vector>

#include "batch_score.h"
#include "project_scorer.h"

namespace jixiao {

// The results of one project record, as stored: its leaves packed, per
// project in its order: "ID/budget" (预算执行率), "ID/N" for its N-th row
// (1-based), "ID/total"; the score as exact text at the set's places (""
// while pending), the source (computed, pending; a row's status: scored,
// pending, excluded, subtotal), and the reason as `jixiao score --projects`
// gives it when `scorer` writes reasons (ProjectScorer::set_reasons), else "".
// score_projects_all stores none, as score_all stores none for department-years.
RecordResults project_results_of(int64_t record_id, const ProjectScorer& scorer,
                                 const std::vector<ProjectResult>& projects);

// Scores every project record of `options.year` (0: every year) that has no
// results for its set's content hash yet, a batch of `options.batch_size`
// records per write transaction, by `options.jobs` workers each with its own
// ProjectScorer, as score_all (the results are the same whatever `jobs` is),
// each under its own set or, when `options.set_id` names one, every record
// under that project-table set. A record that cannot
// be scored is counted and named, nothing written for it. Throws Error for a
// set that cannot be loaded or a database that cannot be read or written
// (committed batches stay), Error(kUsage) for jobs < 1.
BatchSummary score_projects_all(Workspace& ws, const BatchOptions& options);

}  // namespace jixiao
