#include "scripts_report.h"

#include "json_writer.h"
#include "version.h"

namespace jixiao {

std::string render_scripts_text(const ScriptsModel& m) {
  std::string out;
  for (const ListedScript& s : m.scripts) {
    const ScriptHeader& h = s.header;
    out += s.name + "  " + h.summary + "\n";
    out += "  from " + s.path + "\n";
    if (!h.declared) out += "  （no header: its params are not checked）\n";
    for (const auto& p : h.params)
      out += "  " + p.name + "  " + p.type + "  " + (p.required ? "required" : "default " + p.default_text) + "  " +
             p.meaning + "\n";
    if (h.reach != ScriptHeader::Reach::kUnknown) out += "  scores at most " + describe_reach(h) + "\n";
    out += "\n";
  }
  return out;
}

std::string render_scripts_json(const ScriptsModel& m) {
  JsonWriter w;
  w.begin_object();
  w.key("schema_version").integer(kJsonSchemaVersion);
  w.key("engine_version").string(engine_version());
  w.key("scripts").begin_array();
  for (const ListedScript& s : m.scripts) {
    const ScriptHeader& h = s.header;
    w.begin_object();
    w.key("name").string(s.name);
    w.key("file").string(s.path);
    w.key("summary").string(h.summary);
    w.key("declared").boolean(h.declared);
    w.key("params").begin_array();
    for (const auto& p : h.params) {
      w.begin_object();
      w.key("name").string(p.name);
      w.key("type").string(p.type);
      w.key("required").boolean(p.required);
      w.key("default");
      if (p.required) w.null();
      else w.string(p.default_text);
      w.key("meaning").string(p.meaning);
      w.end_object();
    }
    w.end_array();
    w.key("max");
    if (h.reach == ScriptHeader::Reach::kUnknown) w.null();
    else w.string(describe_reach(h));
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.str() + "\n";
}

}  // namespace jixiao
