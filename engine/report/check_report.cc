#include "check_report.h"

#include "json_writer.h"
#include "version.h"

namespace jixiao {

bool CheckModel::ok() const {
  for (const auto& s : sets)
    if (!s.ok()) return false;
  return true;
}

std::string render_check_text(const CheckModel& m) {
  std::string out;
  for (const CheckedSet& s : m.sets) {
    for (const CheckFailure& f : s.failures)
      out += format_error(f.where, f.path, "example failed") + "\n  inputs:   " + f.inputs + "\n  expected: " +
             f.expected + "\n  actual:   " + f.actual + "\n";
    const std::string examples =
        "examples " + std::to_string(s.passed) + "/" + std::to_string(s.examples) + " passed";
    out += (s.ok() ? "ok    " : "FAIL  ") + s.id + "  ";
    if (s.project) {
      out += "project set, " + std::to_string(s.parts) + " categories, full score " + s.full_score.str() + ", " +
             examples + "\n";
      continue;
    }
    out += std::to_string(s.parts) + " leaves, full score " + s.full_score.str() + ", self-assessed out of " +
           (s.self_max ? s.self_max->str() : std::string("unknown")) + ", " + examples + ", rules " +
           s.rules_hash.substr(0, 12);
    if (s.unknown > 0) out += ", " + std::to_string(s.unknown) + " unknown (jixiao show " + s.id + ")";
    out += "\n";
  }
  return out;
}

std::string render_check_json(const CheckModel& m) {
  JsonWriter w;
  w.begin_object();
  w.key("schema_version").integer(kJsonSchemaVersion);
  w.key("engine_version").string(engine_version());
  w.key("ok").boolean(m.ok());
  w.key("sets").begin_array();
  for (const CheckedSet& s : m.sets) {
    w.begin_object();
    w.key("id").string(s.id);
    w.key("kind").string(s.project ? "project" : "department");
    w.key(s.project ? "categories" : "leaves").integer(static_cast<long long>(s.parts));
    w.key("full_score").number(s.full_score);
    if (!s.project) {
      w.key("self_score_max").number(s.self_max);
      w.key("rules_hash").string(s.rules_hash);
      w.key("unknown").integer(static_cast<long long>(s.unknown));
    }
    w.key("examples").integer(static_cast<long long>(s.examples));
    w.key("passed").integer(static_cast<long long>(s.passed));
    w.key("ok").boolean(s.ok());
    w.key("failures").begin_array();
    for (const CheckFailure& f : s.failures) {
      w.begin_object();
      w.key("file").string(f.where.file);
      w.key("line").integer(f.where.line);
      w.key("column").integer(f.where.column);
      w.key("path").string(f.path);
      w.key("inputs").string(f.inputs);
      w.key("expected").string(f.expected);
      w.key("actual").string(f.actual);
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.str() + "\n";
}

}  // namespace jixiao
