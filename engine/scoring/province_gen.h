// A synthetic province (jixiao gen): department-years of the 凉山州 2021 set
// with realistic, varied facts, generated deterministically from a seed, for
// measuring and testing batch scoring at scale.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "record.h"
#include "scorer.h"

namespace jixiao {

struct GenOptions {
  int departments = 100;
  int years = 1;        // 2021, 2022, … scored under the same set
  uint64_t seed = 1;
  int review_every = 5;  // one department-year in this many also gets a review record (评价组复核)
  std::string project_set;  // the project set of each department-year's project tables; "" for none
};

// The records of `options.departments` × `options.years` department-years
// under `scorer`'s set (which must be liangshan-2021-dept or a set with its
// leaves), in a fixed order: for each year, each department's filed record,
// then its review record when it has one, then its project tables under
// `options.project_set` (a record of kind "projects", one to three
// projects) unless that is empty. Facts fall around and across every
// rule's threshold; some leaves are left to a recorded judgement (a fact not
// published, or a rule's 酌情 case), a few to nothing at all (a gap); filed
// scores follow `scorer`'s own scores and sometimes over- or under-claim.
// The same options always give the same records, bit for bit (no floating
// point is involved). Throws Error(kUsage) for departments or years below 1.
std::vector<Record> generate_province(const GenOptions& options, Scorer& scorer);

}  // namespace jixiao
