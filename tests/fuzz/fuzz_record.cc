// Fuzz target: a department-year's data source (data/*.yaml) parsed from
// arbitrary text, then its project tables turned into row tables as import
// does (rows_from_projects). Whatever the text, each step gives a record or
// throws jixiao::Error.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>

#include "fuzz_support.h"
#include "project_rows.h"
#include "record_source.h"

using jixiao::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  jixiao::fuzz::refusing_is_fine([&] {
    const jixiao::Record record = jixiao::parse_record(text, "fuzz.yaml");
    (void)record.title();
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
  return 0;
}
