// Fuzz target: a department-year's data source (data/*.yaml) parsed from
// arbitrary text, then its project tables turned into row tables as import
// does (rows_from_projects). Whatever the text, each step gives a record or
// throws jixiao::Error. The record's packed inputs (what the store keeps for
// score --all), and the text itself read as a packing, give a record or a
// described defect, never a crash.
#include <cstddef>
#include <cstdint>
#include <set>
#include <stdexcept>
#include <string>

#include "fuzz_support.h"
#include "packed_inputs.h"
#include "project_rows.h"
#include "record_source.h"

using jixiao::fuzz::require;

namespace {

// `packed` read as each reading reads it: a record, or a described defect.
void unpack_every_way(const std::string& packed) {
  for (auto what : {jixiao::Store::Reading::kForScoring, jixiao::Store::Reading::kFiledScores,
                    jixiao::Store::Reading::kProjects}) {
    try {
      jixiao::Record r;
      jixiao::unpack_inputs(packed, what, r);
    } catch (const std::invalid_argument& e) {
      require(e.what()[0] != '\0', "a packing's defect without a description");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  jixiao::fuzz::refusing_is_fine([&] {
    const jixiao::Record record = jixiao::parse_record(text, "fuzz.yaml");
    (void)record.title();
    unpack_every_way(jixiao::pack_inputs(record));
    for (const auto& [name, fact] : record.facts) (void)fact.provenance.display();
    // The record's own rows_from_projects, against its own tables.
    for (const auto& entry : record.rows_from_projects)
      jixiao::fuzz::refusing_is_fine([&] { (void)jixiao::rows_from_projects(entry.second, record); });
    // Every 二级指标 of every project, as a review record could ask for it.
    for (const jixiao::Project& project : record.projects) {
      std::set<std::string> level2s;
      for (const auto& row : project.rows) level2s.insert(row.level2);
      for (const std::string& level2 : level2s) {
        jixiao::RowsFromProjects from;
        from.project = project.id;
        from.level2 = level2;
        jixiao::fuzz::refusing_is_fine([&] {
          size_t expected = 0;
          for (const auto& row : project.rows) expected += row.level2 == level2;
          // Project ids are unique in a record, so the rows are this project's.
          require(jixiao::rows_from_projects(from, record).size() == expected, "rows of '" + level2 + "' lost");
        });
      }
    }
  });
  unpack_every_way(text);
  return 0;
}
