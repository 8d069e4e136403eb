#include "try_report.h"

#include "json_writer.h"
#include "suggest.h"
#include "version.h"

namespace jixiao {

std::string render_try_text(const TryModel& m) {
  std::string out = m.set_id + " › " + m.path + "（" + m.part + "）\n";
  out += "指标体系  " + m.file + "\n";
  if (m.category) out += "一级指标  " + *m.category + "\n";
  out += "分值      " + (m.weight ? m.weight->str(m.places) : std::string("（未公布）")) +
         (m.weight_basis.empty() ? "" : "（" + m.weight_basis + "）") + "\n";
  out += "得分      " + (m.score ? m.score->str(m.places) : m.no_score) +
         (m.score || m.missing.empty() ? "" : "所缺：" + comma_joined(m.missing)) + "\n";
  out += "说明      " + m.reason + "\n";
  std::vector<std::string> read;
  for (const auto& in : m.read) read.push_back(in.name + "=" + in.value + (in.unit.empty() ? "" : " " + in.unit));
  out += "读取      " + (read.empty() ? std::string("（无）") : comma_joined(read)) + "\n";
  if (!m.unread.empty()) out += "未读取    " + comma_joined(m.unread) + "\n";
  out += "参数      " + m.params + "\n";
  out += "脚本      " + (m.script.empty() ? std::string("（无）") : m.script) + "\n";
  return out;
}

std::string render_try_json(const TryModel& m) {
  JsonWriter w;
  w.begin_object();
  w.key("schema_version").integer(kJsonSchemaVersion);
  w.key("engine_version").string(engine_version());
  w.key("set").string(m.set_id);
  w.key("kind").string(m.project ? "project" : "department");
  w.key("part").string(m.part);
  w.key("path").string(m.path);
  w.key("file").string(m.file);
  if (m.category) w.key("category").string(*m.category);
  w.key("weight").number(m.weight, m.places);
  if (!m.weight_basis.empty()) w.key("weight_basis").string(m.weight_basis);
  w.key("score").number(m.score, m.places);
  w.key("missing").begin_array();
  for (const auto& s : m.missing) w.string(s);
  w.end_array();
  w.key("reason").string(m.reason);
  w.key("inputs").begin_array();
  for (const auto& in : m.read) {
    w.begin_object();
    w.key("name").string(in.name);
    w.key("value").string(in.value);
    w.key("unit").string(in.unit);
    w.end_object();
  }
  w.end_array();
  w.key("unread").begin_array();
  for (const auto& s : m.unread) w.string(s);
  w.end_array();
  w.key("params").string(m.params);
  w.key("script");
  if (m.script.empty()) w.null();
  else w.string(m.script);
  w.end_object();
  return w.str() + "\n";
}

}  // namespace jixiao
