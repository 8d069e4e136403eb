#include "batch_report.h"

#include <cstdio>

#include "json_writer.h"
#include "version.h"

namespace jixiao {

namespace {

std::string failure_lines(const BatchSummary& s) {
  std::string out;
  for (const auto& f : s.failures) out += "  " + f + "\n";
  if (s.failed > s.failures.size()) out += "  … and " + std::to_string(s.failed - s.failures.size()) + " more\n";
  return out;
}

std::string seconds_text(double seconds) {  // a measurement, not a score: printed to milliseconds
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", seconds);
  return text;
}

}  // namespace

std::string render_batch_text(const BatchSummary& s, const BatchSummary& projects, int jobs) {
  char line[256];
  const double rate = s.seconds > 0 ? s.leaves / s.seconds : 0;
  std::snprintf(line, sizeof line,
                "scored %zu record(s), %zu leaves, in %.2f s (%.0f leaves/s, %d job(s)); %zu skipped (already "
                "scored under the same set version); %zu failed\n",
                s.records, s.leaves, s.seconds, rate, jobs, s.skipped, s.failed);
  std::string out = line;
  std::snprintf(line, sizeof line,
                "scored %zu project table record(s), %zu results, in %.2f s; %zu skipped (already scored under the "
                "same set version); %zu failed\n",
                projects.records, projects.leaves, projects.seconds, projects.skipped, projects.failed);
  return out + line;
}

std::string render_batch_failures(const BatchSummary& s, const BatchSummary& projects) {
  std::string out;
  if (s.failed > 0)
    out += "jixiao: score --all: " + std::to_string(s.failed) + " 条部门记录评分失败 (" + std::to_string(s.failed) +
           " record(s) failed):\n" + failure_lines(s);
  if (projects.failed > 0)
    out += "jixiao: score --all: " + std::to_string(projects.failed) + " 条项目表记录评分失败 (" +
           std::to_string(projects.failed) + " project table record(s) failed):\n" + failure_lines(projects);
  return out;
}

std::string render_batch_json(const BatchSummary& s, const BatchSummary& projects, int jobs) {
  JsonWriter w;
  w.begin_object();
  w.key("schema_version").integer(kJsonSchemaVersion);
  w.key("engine_version").string(engine_version());
  w.key("records").integer(static_cast<long long>(s.records));
  w.key("leaves").integer(static_cast<long long>(s.leaves));
  w.key("skipped").integer(static_cast<long long>(s.skipped));
  w.key("failed").integer(static_cast<long long>(s.failed));
  w.key("failures").begin_array();
  for (const auto& f : s.failures) w.string(f);
  w.end_array();
  w.key("jobs").integer(jobs);
  w.key("seconds").number(*Decimal::parse(seconds_text(s.seconds)));
  w.key("projects").begin_object();
  w.key("records").integer(static_cast<long long>(projects.records));
  w.key("results").integer(static_cast<long long>(projects.leaves));
  w.key("skipped").integer(static_cast<long long>(projects.skipped));
  w.key("failed").integer(static_cast<long long>(projects.failed));
  w.key("failures").begin_array();
  for (const auto& f : projects.failures) w.string(f);
  w.end_array();
  w.key("seconds").number(*Decimal::parse(seconds_text(projects.seconds)));
  w.end_object();
  w.end_object();
  return w.str() + "\n";
}

}  // namespace jixiao
