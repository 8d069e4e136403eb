#include "text_width.h"

#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "test_support.h"
#include "text_table.h"

using jixiao::display_width;
using jixiao::pad_left;
using jixiao::pad_right;
using jixiao::TextTable;

using jixiao::test::lines_of;

namespace {

}  // namespace

TEST_CASE("width: a Chinese character takes two columns", "[width]") {
  CHECK(display_width("目标制定") == 8);
  CHECK(display_width("凉山州科学技术协会") == 18);
  CHECK(display_width("𠀀") == 2);  // CJK Extension B, four bytes in UTF-8
}

TEST_CASE("width: an ASCII character takes one column", "[width]") {
  CHECK(display_width("") == 0);
  CHECK(display_width("a") == 1);
  CHECK(display_width("exec_progress") == 13);
  CHECK(display_width("85.00 / 90") == 10);
}

TEST_CASE("width: mixed text adds up its characters' widths", "[width]") {
  CHECK(display_width("预算执行 exec 6%") == 16);
  CHECK(display_width("部门预算管理 › 预算编制") == 12 + 3 + 8);  // › is narrow
  CHECK(display_width("6月40%") == 6);
}

TEST_CASE("width: fullwidth punctuation takes two columns", "[width]") {
  CHECK(display_width("（）") == 4);
  CHECK(display_width("、") == 2);
  CHECK(display_width("（）、") == 6);
  CHECK(display_width("，。：；") == 8);
  CHECK(display_width("「」《》") == 8);
  CHECK(display_width("％") == 2);
  CHECK(display_width("得8分（满分）") == 13);
}

TEST_CASE("width: combining marks and zero-width characters take no column", "[width]") {
  CHECK(display_width("e\xCC\x81") == 1);        // e + U+0301
  CHECK(display_width("a\xE2\x80\x8B" "b") == 2);  // U+200B zero width space
}

TEST_CASE("width: emoji and every East Asian wide range take two columns", "[width]") {
  CHECK(display_width("\U0001F680") == 2);  // 🚀, past the Misc Symbols and Pictographs block
  CHECK(display_width("\U0001F914") == 2);  // 🤔, Supplemental Symbols and Pictographs
  CHECK(display_width("\u231A") == 2);      // ⌚, a wide character among narrow technical symbols
  CHECK(display_width("\uFE10") == 2);      // ︐, vertical forms
  CHECK(display_width("\u3000") == 2);      // ideographic space
  CHECK(display_width("\U00030000") == 2);  // CJK Extension G
}

TEST_CASE("width: combining marks of every script take no column", "[width]") {
  CHECK(display_width("\u0430\u0483") == 1);  // Cyrillic а + combining titlo
  CHECK(display_width("a\u20DD") == 1);        // combining enclosing circle
  CHECK(display_width("\u0915\u093F") == 1);  // Devanagari ki: consonant + vowel sign i is 1 + 0
  CHECK(display_width("x\u1AB0") == 1);        // combining diacritical marks extended
}

TEST_CASE("width: invalid UTF-8 bytes take one column each", "[width]") {
  CHECK(display_width("\xFF") == 1);
  CHECK(display_width("a\xFF" "b") == 3);
  CHECK(display_width("\xE7\x9B") == 2);  // the first two bytes of 目
  CHECK(display_width("\x80\x80\x80") == 3);
}

TEST_CASE("width: pad_right pads to a display width and never truncates", "[width]") {
  CHECK(pad_right("目标", 6) == "目标  ");
  CHECK(pad_right("abc", 6) == "abc   ");
  CHECK(pad_right("（）", 5) == "（） ");
  CHECK(pad_right("目标制定", 8) == "目标制定");
  CHECK(pad_right("目标制定", 4) == "目标制定");
  CHECK(pad_right("", 2) == "  ");
}

TEST_CASE("width: pad_left right-aligns to a display width and never truncates", "[width]") {
  CHECK(pad_left("8.00", 6) == "  8.00");
  CHECK(pad_left("得分", 6) == "  得分");
  CHECK(pad_left("凉山州", 3) == "凉山州");
  CHECK(pad_left("", 1) == " ");
}

TEST_CASE("table: columns line up by display width with Chinese and ASCII cells", "[width]") {
  TextTable table;
  table.add_column("指标");
  table.add_column("分值", TextTable::Align::kRight);
  table.add_column("理由");
  table.add_row({"目标制定", "8.00", "满足「绩效目标」"});
  table.add_row({"exec_progress", "6", "ok"});
  const std::string out = table.render();
  // 指标 is padded to the 13 columns of exec_progress, 分值 right-aligned to 4.
  CHECK(out == "指标" + std::string(9 + 2, ' ') + "分值  理由\n" +
                   std::string(13 + 2 + 4 + 2 + 4, '-') + "\n" +
                   "目标制定" + std::string(5 + 2, ' ') + "8.00  满足「绩效目标」\n" +
                   "exec_progress" + std::string(2 + 3, ' ') + "6  ok\n");
}

TEST_CASE("table: every line's last column starts at the same display column", "[width]") {
  TextTable table;
  table.add_column("指标");
  table.add_column("分值", TextTable::Align::kRight);
  table.add_column("自评", TextTable::Align::kRight);
  table.add_column("理由");
  const std::vector<std::vector<std::string>> rows = {
      {"部门预算管理 › 预算编制 › 目标制定", "8.00", "8", "满足「绩效目标编制要素完整」计4分"},
      {"budget_accuracy", "7.95", "8", "调剂比例0.5%（≤10%）"},
      {"（自评准确）", "—", "", "部门自评时此项无需打分"},
      {"a", "10.5", "10.50", "x"},
  };
  for (const auto& row : rows) table.add_row(row);
  table.add_rule();
  table.add_row({"合计", "85.00", "85", "共12项"});
  const auto lines = lines_of(table.render());
  REQUIRE(lines.size() == 8);  // header, rule, 4 rows, rule, total

  std::vector<std::string> last_cells = {"理由"};
  for (const auto& row : rows) last_cells.push_back(row.back());
  const std::vector<size_t> row_lines = {0, 2, 3, 4, 5};
  int start = -1;
  for (size_t k = 0; k < row_lines.size(); ++k) {
    const std::string& line = lines[row_lines[k]];
    const std::string& last = last_cells[k];
    INFO(line);
    REQUIRE(line.size() >= last.size());
    REQUIRE(line.compare(line.size() - last.size(), last.size(), last) == 0);
    const int width = display_width(line.substr(0, line.size() - last.size()));
    if (start < 0) start = width;
    CHECK(width == start);
  }
  CHECK(display_width(lines[7].substr(0, lines[7].size() - std::string("共12项").size())) == start);
  // The right-aligned columns end at the same column too: "8.00", "7.95", "—", "10.5" and "85.00".
  const int first_width = display_width("部门预算管理 › 预算编制 › 目标制定");
  CHECK(display_width(lines[2].substr(0, lines[2].find("8.00") + 4)) == first_width + 2 + 5);
  CHECK(display_width(lines[3].substr(0, lines[3].find("7.95") + 4)) == first_width + 2 + 5);
  CHECK(display_width(lines[4].substr(0, lines[4].find("—") + 3)) == first_width + 2 + 5);
  CHECK(display_width(lines[7].substr(0, lines[7].find("85.00") + 5)) == first_width + 2 + 5);
  // Rules span every column but the last, plus the last column's header.
  CHECK(lines[1] == std::string(start + 4, '-'));
  CHECK(lines[6] == lines[1]);
  // No line ends in spaces.
  for (const auto& line : lines) CHECK(line.back() != ' ');
}
