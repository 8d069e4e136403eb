#include "error_json.h"

#include "json_writer.h"
#include "version.h"

namespace jixiao {

namespace {

const char* kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kUsage: return "usage";
    case ErrorKind::kInput: return "input";
    case ErrorKind::kScript: return "script";
    case ErrorKind::kMissing: return "missing";
    case ErrorKind::kIo: return "io";
  }
  return "input";
}

void optional_text(JsonWriter& w, const std::string& key, const std::string& value) {
  w.key(key);
  if (value.empty()) w.null();
  else w.string(value);
}

void optional_count(JsonWriter& w, const std::string& key, int value) {
  w.key(key);
  if (value <= 0) w.null();
  else w.integer(value);
}

std::string render(const char* kind, const std::string& message, const Location& where, const std::string& indicator,
                   const std::string& text, int exit_code, const std::vector<std::string>& skipped) {
  JsonWriter w;
  w.begin_object();
  w.key("schema_version").integer(kJsonSchemaVersion);
  w.key("engine_version").string(engine_version());
  w.key("error").begin_object();
  w.key("kind").string(kind);
  w.key("message").string(message);
  optional_text(w, "file", where.file);
  optional_count(w, "line", where.line);
  optional_count(w, "column", where.column);
  optional_text(w, "indicator", indicator);
  w.key("text").string(text);
  w.key("exit_code").integer(exit_code);
  w.end_object();
  w.key("skipped").begin_array();
  for (const auto& s : skipped) w.string(s);
  w.end_array();
  w.end_object();
  return w.str() + "\n";
}

}  // namespace

std::string render_error_json(const Error& e, int exit_code, const std::vector<std::string>& skipped) {
  return render(kind_name(e.kind()), e.message(), e.where(), e.indicator(), e.what(), exit_code, skipped);
}

std::string render_internal_error_json(const std::string& what, int exit_code) {
  return render("internal", what, Location{}, "", "internal error: " + what, exit_code, {});
}

}  // namespace jixiao
