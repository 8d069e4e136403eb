#include "report_chart.h"

#include <catch2/catch.hpp>

#include <string>

using jixiao::bar_chart_svg;
using jixiao::ChartBar;
using jixiao::Decimal;
using jixiao::html_escape;

namespace {

Decimal d(const char* text) { return *Decimal::parse(text); }

}  // namespace

TEST_CASE("chart: text is escaped for HTML and SVG, control characters shown", "[chart]") {
  CHECK(html_escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;");
  CHECK(html_escape("预算\x1b[31m执行") == "预算\\x1b[31m执行");
  CHECK(html_escape("</svg><script>") == "&lt;/svg&gt;&lt;script&gt;");
}

TEST_CASE("chart: bar lengths are in proportion to the largest weight, in whole pixels", "[chart]") {
  // 480 px for the largest value (60); 44.21 of 60 is 353.68 px, cut to 353.
  const std::string svg = bar_chart_svg("t", {{"部门预算管理", d("60"), d("57"), d("44.21"), true},
                                              {"专项预算管理", d("20"), d("18"), d("18"), false}}, 2);
  CHECK_THAT(svg, Catch::Contains("<rect class=\"track\" x=\"200\" y=\"44\" width=\"480\" height=\"28\"/>"));
  CHECK_THAT(svg, Catch::Contains("<rect class=\"filed\" x=\"200\" y=\"44\" width=\"456\" height=\"13\"/>"));
  CHECK_THAT(svg, Catch::Contains("<rect class=\"recomputed\" x=\"200\" y=\"58\" width=\"353\" height=\"13\"/>"));
  CHECK_THAT(svg, Catch::Contains("<text class=\"value\" x=\"557\" y=\"69\" text-anchor=\"start\">44.21</text>"));
  CHECK_THAT(svg, Catch::Contains("<rect class=\"track\" x=\"200\" y=\"84\" width=\"160\" height=\"28\"/>"));
  CHECK_THAT(svg, Catch::Contains("<g class=\"bar differs\">"));
  CHECK_THAT(svg, Catch::Contains("<g class=\"bar\">"));
}

TEST_CASE("chart: a missing score draws no bar and a missing weight no track, never a zero", "[chart]") {
  const std::string svg = bar_chart_svg("t", {{"自评质量", std::nullopt, std::nullopt, std::nullopt, false}}, 2);
  CHECK(svg.find("class=\"track\" x=\"200\" y=\"44\"") == std::string::npos);
  CHECK(svg.find("class=\"value\"") == std::string::npos);
  CHECK(svg.find("自评得分") == std::string::npos);  // no filed scores at all: no filed legend
  CHECK_THAT(svg, Catch::Contains(">得分</text>"));
}

TEST_CASE("chart: the bands chart draws each count in proportion to the largest, an empty band as no bar", "[chart]") {
  // 480 px for the largest count (21); 4 of 21 is 91.4 px, cut to 91.
  const std::string svg = jixiao::count_chart_svg("分布", {{"扣0分", 21}, {"扣4分", 4}, {"扣<8>分", 0}});
  CHECK_THAT(svg, Catch::Contains("<rect class=\"recomputed\" x=\"200\" y=\"44\" width=\"480\" height=\"13\"/>"));
  CHECK_THAT(svg, Catch::Contains("<rect class=\"recomputed\" x=\"200\" y=\"70\" width=\"91\" height=\"13\"/>"));
  CHECK_THAT(svg, Catch::Contains("<rect class=\"recomputed\" x=\"200\" y=\"96\" width=\"0\" height=\"13\"/>"));
  CHECK_THAT(svg, Catch::Contains(">扣&lt;8&gt;分</text>"));
  CHECK_THAT(svg, Catch::Contains("<text class=\"value\" x=\"204\" y=\"107\" text-anchor=\"start\">0</text>"));
  CHECK_THAT(jixiao::count_chart_svg("空", {}), Catch::EndsWith("单位数</text></svg>"));  // no band: no division by zero
}
