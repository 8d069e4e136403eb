#include "list_report.h"

#include "json_writer.h"
#include "terminal_text.h"
#include "text_table.h"
#include "version.h"

namespace jixiao {

std::string render_list_table(const ListModel& m) {
  TextTable table;
  table.add_column("单位");
  table.add_column("年度", TextTable::Align::kRight);
  table.add_column("记录");
  table.add_column("指标体系");
  for (const auto& key : m.records) table.add_row({key.entity, std::to_string(key.year), key.kind, key.set_id});
  std::string out = table.render();
  if (!m.skipped.empty()) {
    out += "\n未能读取的数据文件（已跳过，其余照常计分）：\n";
    for (const std::string& s : m.skipped) out += "  " + visible(s) + "\n";
  }
  return out;
}

std::string render_list_json(const ListModel& m) {
  JsonWriter w;
  w.begin_object();
  w.key("schema_version").integer(kJsonSchemaVersion);
  w.key("engine_version").string(engine_version());
  w.key("records").begin_array();
  for (const auto& key : m.records) {
    w.begin_object();
    w.key("entity").string(key.entity);
    w.key("year").integer(key.year);
    w.key("kind").string(key.kind);
    w.key("set").string(key.set_id);
    w.end_object();
  }
  w.end_array();
  w.key("skipped").begin_array();
  for (const std::string& s : m.skipped) w.string(s);
  w.end_array();
  w.end_object();
  return w.str() + "\n";
}

}  // namespace jixiao
