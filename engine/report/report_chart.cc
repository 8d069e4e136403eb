#include "report_chart.h"

#include <algorithm>

#include "terminal_text.h"

namespace jixiao {

namespace {

constexpr int kLabelWidth = 200;  // px for the labels on the left
constexpr int kBarSpace = 480;    // px for the longest bar
constexpr int kBarHeight = 14;
constexpr int kRowGap = 12;
constexpr int kTop = 44;          // title and legend

// Pixels for `value` on a scale where `scale` fills kBarSpace; integers only.
int64_t px(const Decimal& value, const Decimal& scale) {
  if (scale.millionths() <= 0 || value.millionths() <= 0) return 0;
  return value.millionths() * kBarSpace / scale.millionths();
}

std::string rect(int64_t x, int64_t y, int64_t w, int64_t h, const std::string& cls) {
  return "<rect class=\"" + cls + "\" x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(y) + "\" width=\"" +
         std::to_string(w) + "\" height=\"" + std::to_string(h) + "\"/>";
}

std::string text(int64_t x, int64_t y, const std::string& cls, const std::string& content,
                 const std::string& anchor = "start") {
  return "<text class=\"" + cls + "\" x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(y) +
         "\" text-anchor=\"" + anchor + "\">" + html_escape(content) + "</text>";
}

// The <svg> start tag, its accessible title and the visible one.
std::string svg_open(int64_t width, int64_t height, const std::string& title) {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" width=\"" + std::to_string(width) +
         "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " + std::to_string(width) + " " +
         std::to_string(height) + "\"><title>" + html_escape(title) + "</title>" + text(0, 16, "chart-title", title);
}

}  // namespace

std::string html_escape(const std::string& raw) {
  std::string out;
  for (char c : visible(raw)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string bar_chart_svg(const std::string& title, const std::vector<ChartBar>& bars, int places) {
  Decimal scale;
  for (const auto& b : bars)
    for (const auto& v : {b.weight, b.filed, b.recomputed})
      if (v && *v > scale) scale = *v;
  const bool any_filed = std::any_of(bars.begin(), bars.end(), [](const ChartBar& b) { return b.filed.has_value(); });
  const int row = 2 * kBarHeight + kRowGap;
  const int64_t width = kLabelWidth + kBarSpace + 70;
  const int64_t height = kTop + static_cast<int64_t>(bars.size()) * row + 8;
  std::string svg = svg_open(width, height, title);
  int64_t legend = kLabelWidth;
  svg += rect(legend, 24, 12, 10, "track") + text(legend + 16, 33, "legend", "分值");
  legend += 60;
  if (any_filed) {
    svg += rect(legend, 24, 12, 10, "filed") + text(legend + 16, 33, "legend", "自评得分");
    legend += 90;
  }
  svg += rect(legend, 24, 12, 10, "recomputed") + text(legend + 16, 33, "legend", any_filed ? "复核得分" : "得分");
  for (size_t i = 0; i < bars.size(); ++i) {
    const ChartBar& b = bars[i];
    const int64_t y = kTop + static_cast<int64_t>(i) * row;
    svg += "<g class=\"bar" + std::string(b.highlight ? " differs" : "") + "\">";
    svg += text(kLabelWidth - 8, y + kBarHeight + 4, "label", b.label, "end");
    if (b.weight) svg += rect(kLabelWidth, y, px(*b.weight, scale), 2 * kBarHeight, "track");
    int64_t lane = y;
    const auto draw = [&](const std::optional<Decimal>& v, const std::string& cls) {
      if (v) {
        const int64_t w = px(*v, scale);
        svg += rect(kLabelWidth, lane, w, kBarHeight - 1, cls);
        svg += text(kLabelWidth + w + 4, lane + kBarHeight - 3, "value", v->str(places));
      }
      lane += kBarHeight;
    };
    if (any_filed) draw(b.filed, "filed");
    draw(b.recomputed, "recomputed");
    if (b.highlight)
      svg += "<rect class=\"frame\" x=\"" + std::to_string(kLabelWidth) + "\" y=\"" + std::to_string(y) +
             "\" width=\"" + std::to_string(kBarSpace) + "\" height=\"" + std::to_string(2 * kBarHeight) + "\"/>";
    svg += "</g>";
  }
  return svg + "</svg>";
}

std::string count_chart_svg(const std::string& title, const std::vector<std::pair<std::string, int>>& bands) {
  int most = 0;
  for (const auto& band : bands) most = std::max(most, band.second);
  const int row = kBarHeight + kRowGap;
  const int64_t width = kLabelWidth + kBarSpace + 70;
  const int64_t height = kTop + static_cast<int64_t>(bands.size()) * row + 8;
  std::string svg = svg_open(width, height, title);
  svg += rect(kLabelWidth, 24, 12, 10, "recomputed") + text(kLabelWidth + 16, 33, "legend", "单位数");
  for (size_t i = 0; i < bands.size(); ++i) {
    const int64_t y = kTop + static_cast<int64_t>(i) * row;
    const int64_t w = most > 0 ? static_cast<int64_t>(bands[i].second) * kBarSpace / most : 0;
    svg += "<g class=\"bar\">" + text(kLabelWidth - 8, y + kBarHeight - 3, "label", bands[i].first, "end");
    svg += rect(kLabelWidth, y, w, kBarHeight - 1, "recomputed");
    svg += text(kLabelWidth + w + 4, y + kBarHeight - 3, "value", std::to_string(bands[i].second)) + "</g>";
  }
  return svg + "</svg>";
}

}  // namespace jixiao
