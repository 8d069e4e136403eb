#include "terminal_text.h"

#include <catch2/catch.hpp>

#include <string>

#include "cell_text.h"
#include "json_writer.h"
#include "text_table.h"

using namespace jixiao;

TEST_CASE("terminal text: control characters are shown as escapes", "[terminal-text]") {
  struct Case {
    std::string in, out;
  };
  const Case cases[] = {
      {"得分 0.00", "得分 0.00"},
      {"0.00\r8.00", "0.00\\r8.00"},
      {"\x1b[32m8.00\x1b[0m", "\\x1b[32m8.00\\x1b[0m"},
      {"一行\n两行", "一行\\n两行"},
      {"a\tb", "a\\tb"},
      {std::string("a\0b", 3), "a\\x00b"},
      {"del\x7f", "del\\x7f"},
      {"c1 \xc2\x9b" "31m", "c1 \\u009b31m"},             // CSI as a C1 control
      {"\xe2\x80\xae" "evil", "\\u202eevil"},              // right-to-left override
      {"bad \xff byte", "bad \xEF\xBF\xBD byte"},          // invalid UTF-8: U+FFFD
      {"overlong \xc0\xaf", "overlong \xEF\xBF\xBD\xEF\xBF\xBD"},
      {"surrogate \xed\xa0\x80", "surrogate \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
      {"cut \xe4\xb8", "cut \xEF\xBF\xBD\xEF\xBF\xBD"},
  };
  for (const auto& c : cases) {
    INFO(c.in);
    CHECK(visible(c.in) == c.out);
  }
}

TEST_CASE("terminal text: visible_lines keeps line breaks and tabs, nothing else", "[terminal-text]") {
  CHECK(visible_lines("a\n\tb\r\x1b[2J") == "a\n\tb\\r\\x1b[2J");
  CHECK(valid_utf8("ok 中文 \xff\n") == "ok 中文 \xEF\xBF\xBD\n");
}

TEST_CASE("terminal text: a reason with a carriage return, escapes and a line break stays in its table row", "[terminal-text]") {
  TextTable t;
  t.add_column("指标");
  t.add_column("得分", TextTable::Align::kRight);
  t.add_column("说明");
  t.add_row({"预算完成", "0.00", "未完成\r预算完成  8.00  \x1b[2K\n下一行"});
  CHECK(t.render() ==
        "指标      得分  说明\n"
        "--------------------\n"
        "预算完成  0.00  未完成\\r预算完成  8.00  \\x1b[2K\\n下一行\n");
}

TEST_CASE("terminal text: JSON escapes every control character, keeps NUL and replaces invalid UTF-8",
          "[terminal-text]") {
  CHECK(json_escape(std::string("a\0b", 3)) == "\"a\\u0000b\"");
  CHECK(json_escape("\x1b[0m\x7f\xc2\x85") == "\"\\u001b[0m\\u007f\\u0085\"");
  CHECK(json_escape("名\xff\xfe") == "\"名\xEF\xBF\xBD\xEF\xBF\xBD\"");
  CHECK(json_escape("\"\\\n\r\t") == "\"\\\"\\\\\\n\\r\\t\"");
  JsonWriter w(0);
  w.begin_object().key("bad\xff").string("ok").end_object();
  CHECK(w.str() == "{\"bad\xEF\xBF\xBD\":\"ok\"}");
}

TEST_CASE("terminal text: CSV and Markdown cells stay one cell on one line, and text", "[terminal-text]") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("line\nbreak\r") == "line\\nbreak\\r");
  CHECK(csv_field("=1+1") == "'=1+1");
  CHECK(csv_field("@SUM(A1)") == "'@SUM(A1)");
  CHECK(csv_field("-2,+3") == "\"'-2,+3\"");
  // A plain signed number stays a number: neither a formula nor text.
  CHECK(csv_field("-4.00") == "-4.00");
  CHECK(csv_field("+2.91") == "+2.91");
  CHECK(csv_field("-") == "'-");
  CHECK(csv_field("-1+2") == "'-1+2");
  CHECK(csv_field("-.") == "'-.");
  CHECK(csv_field(std::string("a\0b", 3)) == "a\\x00b");
  CHECK(markdown_cell("a|b\nc") == "a\\|b\\nc");
}
