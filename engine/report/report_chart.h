// Bar charts as inline SVG, drawn by the engine (no script, no network): the
// HTML report's picture of each 一级指标's score against its weight, and of
// filed beside recomputed scores.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "decimal.h"

namespace jixiao {

struct ChartBar {
  std::string label;                  // 预算执行
  std::optional<Decimal> weight;      // 分值: the bar's full length; empty when unknown
  std::optional<Decimal> filed;       // 自评得分, drawn when present
  std::optional<Decimal> recomputed;  // 复核得分, drawn when present
  bool highlight = false;             // filed and recomputed differ: label and frame in red
};

// One <svg> element: per bar a grey track as long as the weight, and beside
// each other the filed (blue) and recomputed (orange) scores, with their
// numbers written at the ends; a legend on top. Lengths are in proportion to
// the largest weight (or score). Labels are escaped; `places` decimals shown.
std::string bar_chart_svg(const std::string& title, const std::vector<ChartBar>& bars, int places);

// One <svg> element: per band (a label such as 扣8分 and how many fall in it)
// a bar as long as its count, the count written at its end; lengths in
// proportion to the largest count. The distribution of `compare --all`'s gaps
// over the 自评准确 bands.
std::string count_chart_svg(const std::string& title, const std::vector<std::pair<std::string, int>>& bands);

// `text` with &, <, >, " and ' as character references, for HTML and SVG.
std::string html_escape(const std::string& text);

}  // namespace jixiao
