// From 项目支出绩效自评表 in the layout a department publishes them (the form of
// 财预〔2020〕10号 and provincial forms such as 四川's 部门预算项目支出绩效自评表,
// one or several forms to a sheet) to a projects data source (record: projects)
// holding every table's cells as printed, for `jixiao new data --from`.
#pragma once

#include <string>
#include <vector>

#include "table_reader.h"

namespace jixiao {

// The YAML of a `record: projects` data source for `entity` `year` under the
// project set `set_id`, one project per form found in `sheets`, in order (ids
// p1, p2, …). A form starts at a 项目名称 cell (its value written after a colon
// in the same cell, else the next cell to the right that is not part of the
// label's merge); 主管部门 and 实施单位 likewise;
// its budget is the row under the header naming 年初预算 (columns by their
// headers: 全年预算数 or 调整后预算数, 全年执行数 or 预算执行数, 执行率, 分值 or
// 权重, 得分) whose label is 年度资金总额 or 总额, and the 财政拨款 / 财政资金 row
// under it; its rows follow the header naming 一级指标 and 三级指标 (年度指标值 or
// 指标值, 实际完成值 or 完成值, 指标性质, 度量单位, 分值 or 权重, 得分, 偏差原因 or
// 未完成原因) up to a 总分 or 合计 row, whose 得分 cell is the filed total.
// Cells are kept as printed: texts verbatim (trimmed), a figure only where the
// data format wants a number and the cell holds one, an empty level cell taking
// the row above, an empty cell left out (never 0); a row with no name, target,
// actual, points or score is left out. Every project cites `source_file` with
// its 项目名称 as the quote. Throws Error(kInput) naming the file when no form
// (no 项目名称 cell) is found, or naming the sheet and cell of a form without
// an indicator header row.
std::string projects_yaml_from_forms(const std::vector<Sheet>& sheets, const std::string& entity, int year,
                                     const std::string& set_id, const std::string& source_file);

}  // namespace jixiao
