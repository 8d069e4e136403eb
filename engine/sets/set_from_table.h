// From the indicator table a bureau publishes (一级 / 二级 / 三级 / 分值 /
// 指标解释 / 评分标准, as CSV or xlsx) to an indicator set's YAML, every leaf's
// script left unknown until the analyst chooses one.
#pragma once

#include <string>
#include <vector>

#include "table_reader.h"

namespace jixiao {

// The YAML of set `id` read from the first sheet of `sheets` that has a
// header row (within its first 20 rows) naming a 一级 column and a 分值 column;
// failing that, from the first with a 一级 and a 二级 or 三级 column, the
// points then printed in the names at every level (相关性(5分)).
// Header names are matched loosely: 一级指标, 二级指标, 三级指标; 分值, 权重,
// 标准分; 指标解释, 指标说明; 评分标准, 计分标准, 评分细则. Empty level cells
// (CSV of merged cells) take the cell above when every level left of them
// does; a horizontal merge across level columns is one level. Points printed
// in brackets (产出指标(20分)) become the node's weight; otherwise a node
// weighs what its children add up to. A 合计/总分 row gives the total.
// Texts are kept verbatim (trimmed); ids are positional ASCII (l1, l1_2,
// l1_2_3). Throws Error(kInput) naming the file, sheet and cell: no header
// row, a row without any indicator name, a weight that is not a number,
// printed points that differ from the children's sum or the total.
// The file's opening comment names the table it came from and `guide`, the
// guide to choosing scripts, as the caller finds it (a path that exists).
std::string set_yaml_from_table(const std::vector<Sheet>& sheets, const std::string& id, const std::string& guide);

}  // namespace jixiao
