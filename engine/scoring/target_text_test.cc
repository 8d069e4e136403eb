#include "target_text.h"

#include <catch2/catch.hpp>

#include "files.h"
#include "test_support.h"

using jixiao::parse_actual;
using jixiao::parse_target;
using jixiao::ParsedValue;

namespace {

// "≥95 %", "=90 % bare", "date ≤2023年12月", "unread: …", "text", "not-done 「…」"
std::string show(const ParsedValue& p) {
  switch (p.kind) {
    case ParsedValue::Kind::kNumber:
      return std::string(jixiao::op_symbol(p.op)) + p.value.str() + " " + p.unit + (p.bare ? " bare" : "");
    case ParsedValue::Kind::kDate: return std::string("date ") + jixiao::op_symbol(p.op) + p.date_text();
    case ParsedValue::Kind::kText: return "text";
    case ParsedValue::Kind::kNotDone: return "not-done " + p.why;
    case ParsedValue::Kind::kUnread: return "unread: " + p.why;
  }
  return "";
}

struct Case {
  std::string kind, cell, reading, source;
  size_t line;
};

std::vector<Case> spelling_table() {
  std::vector<Case> out;
  const auto lines = jixiao::test::lines_of(jixiao::read_file(jixiao::test::source_dir() + "/engine/scoring/target_text_cases.tsv"));
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].empty() || lines[i][0] == '#') continue;
    std::vector<std::string> f;
    for (size_t at = 0;;) {
      const size_t tab = lines[i].find('\t', at);
      f.push_back(lines[i].substr(at, tab == std::string::npos ? std::string::npos : tab - at));
      if (tab == std::string::npos) break;
      at = tab + 1;
    }
    REQUIRE(f.size() == 4);
    out.push_back({f[0], f[1], f[2], f[3], i + 1});
  }
  return out;
}

}  // namespace

TEST_CASE("targets: every spelling collected from published tables reads as recorded", "[targets]") {
  const auto cases = spelling_table();
  CHECK(cases.size() >= 60);
  size_t published = 0;
  for (const Case& c : cases) {
    CAPTURE(c.line, c.cell, c.source);
    REQUIRE((c.kind == "target" || c.kind == "actual"));
    const ParsedValue p = c.kind == "target" ? parse_target(c.cell) : parse_actual(c.cell);
    CHECK(show(p) == c.reading);
    CHECK(p.text == c.cell);
    published += c.source.rfind("brief", 0) != 0;
  }
  CHECK(published >= 60);  // cells printed in real tables, beside the spellings the brief lists
}

TEST_CASE("targets: operators read in every spelling, with spaces anywhere", "[targets]") {
  for (const char* ge : {"≥90%", "≧90%", ">=90%", "＞＝90%", "≥ 90 %", "≧ 90 ％", "不低于90%", "不少于90%", "达到90%",
                         "90%以上", "≥90%以上"})
    CHECK(show(parse_target(ge)) == "≥90 %");
  for (const char* le : {"≤5%", "≦5%", "<=5%", "＜＝5%", "≤ 5 %", "不高于5%", "不超过5%", "5%以下", "5%以内"})
    CHECK(show(parse_target(le)) == "≤5 %");
  for (const char* eq : {"=5%", "＝5%", "═5%", "﹦5%"}) CHECK(show(parse_target(eq)) == "=5 %");
  CHECK(show(parse_target("超过5%")) == ">5 %");
  CHECK(show(parse_target("超5%")) == ">5 %");
  CHECK(show(parse_target("低于5%")) == "<5 %");
  CHECK(show(parse_target("＞5%")) == ">5 %");
  CHECK(show(parse_target("＜5%")) == "<5 %");
  CHECK(show(parse_target("5%左右")) == "≈5 %");
  CHECK(show(parse_target("约5%")) == "≈5 %");
  CHECK(show(parse_target("5%")) == "=5 % bare");
}

TEST_CASE("targets: dates and months are read as deadlines, and a date actual meets them or not", "[targets]") {
  const ParsedValue planned = parse_target("2023年12月");
  CHECK(show(planned) == "date ≤2023年12月");
  CHECK(jixiao::date_met(planned, parse_actual("2023年10月")) == true);
  CHECK(jixiao::date_met(planned, parse_actual("2023年12月")) == true);
  CHECK(jixiao::date_met(planned, parse_actual("2024年1月")) == false);
  CHECK(jixiao::date_met(parse_target("12月底前"), parse_actual("2023年11月")) == true);
  CHECK(jixiao::date_met(parse_target("年底前"), parse_actual("2023年12月")) == true);
  CHECK(jixiao::date_met(parse_target("2023年6月30日前"), parse_actual("2023年7月1日")) == false);
  CHECK(jixiao::date_met(parse_target("2023年6月"), parse_actual("2023年6月20日")) == true);  // month precision
  CHECK_FALSE(jixiao::date_met(planned, parse_actual("按时完成")).has_value());
  // A year beside a figure is a date, and the figure still reads.
  CHECK(show(parse_target("2021年全州公民科学素质知晓率提高5%")) == "=5 % bare");
}

// Found by fuzzing (fuzz_target_text): a month range with a long run of digits
// ("1-888…8月") threw std::out_of_range from std::stoi and ended the process.
TEST_CASE("targets: a month range reads only months 1 to 12, however many digits follow the dash", "[targets]") {
  CHECK(show(parse_target("1-12月")) == show(parse_target("12月")));
  CHECK_NOTHROW(parse_target("1-88888888888888888888888888月"));
  CHECK_NOTHROW(parse_actual("1-88888888888888888888888888月"));
  CHECK(parse_target("1-13月").kind != ParsedValue::Kind::kDate);
  CHECK(parse_target("1-00月").kind != ParsedValue::Kind::kDate);
}

TEST_CASE("targets: the three-cell layout 指标性质 | 指标值 | 度量单位 reads like the one-cell form", "[targets]") {
  CHECK(show(jixiao::parse_target_cells("≥", "90", "%")) == "≥90 %");
  CHECK(show(jixiao::parse_target_cells("≧", " 90 ", "％")) == "≥90 %");
  CHECK(show(jixiao::parse_target_cells("正向指标", "20", "次")) == "≥20 次");
  CHECK(show(jixiao::parse_target_cells("反向", "5", "万元")) == "≤5 万元");
  CHECK(show(jixiao::parse_target_cells("", "8000", "元")) == "=8000 元 bare");
  CHECK(show(jixiao::parse_target_cells("定性", "好", "")) == "text");
  CHECK(show(jixiao::parse_target_cells("较好", "90", "%")) ==
        "unread: 指标性质「较好」 is not an operator jixiao knows");
  CHECK(show(jixiao::parse_actual_with_unit("95", "%")) == "=95 % bare");
  CHECK(show(jixiao::parse_actual_with_unit("95人", "%")) == "=95 人 bare");  // the cell's own unit is kept
}

TEST_CASE("targets: several figures and prose are flagged, not guessed", "[targets]") {
  CHECK(show(parse_target("为新进职工购置台式电脑5台、打印机3台")) == "unread: 2 figures in one cell");
  CHECK(show(parse_target("为科技工作者搭建高质量学术交流和成果转化平台。")) == "text");
  CHECK(show(parse_target("")) == "text");
}

TEST_CASE("actuals: figures read like targets, and 'not done' is its own answer", "[targets]") {
  CHECK(show(parse_actual("完成了资助贫困生22人")) == "=22 人 bare");
  CHECK(show(parse_actual("≥266米")) == "≥266 米");
  CHECK(show(parse_actual("因州安可办执行新政策，取消电脑打印机等涉密传输设备购置，故未执行。")) == "not-done 「未执行」");
  CHECK(show(parse_actual("由于疫情原因暂未实施")) == "not-done 「未实施」");
}

TEST_CASE("targets: a figure with more digits than jixiao keeps is flagged, not misread", "[targets]") {
  CHECK(show(parse_target("≥0.12345678%")) == "unread: the figure 0.12345678 has more digits than jixiao keeps");
}

// The reader skips work where a text cannot hold what it looks for: these
// hold it in the less common spellings, and are read all the same.
TEST_CASE("targets: the words looked for only where their lead or last byte is are still read", "[targets]") {
  CHECK(show(parse_actual("活动取消")) == "not-done 「取消」");  // no 未
  CHECK(show(parse_actual("暂未举办")) == "not-done 「暂未」");
  CHECK(show(parse_target("＞=90%")) == "≥90 %");               // one sign full-width, one not
  CHECK(show(parse_target("＜ = 3次")) == "≤3 次");             // and with a space between
  CHECK(show(parse_target("90百分比以上")) == "≥90 %");
  CHECK(show(parse_target("下半年完成")) == "date ≤12月");
  CHECK(show(parse_target("2023年上半年")) == "date ≤2023年6月");
  CHECK(show(parse_target("约30人左右")) == "≈30 人");
}
