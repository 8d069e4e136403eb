#include "target_text.h"

#include <catch2/catch.hpp>

using jixiao::parse_actual;
using jixiao::parse_target;
using jixiao::ParsedValue;

namespace {

// "≥95 %", "≈25 人", "unread: …", "text", "not-done"
std::string show(const ParsedValue& p) {
  switch (p.kind) {
    case ParsedValue::Kind::kNumber: return std::string(jixiao::op_symbol(p.op)) + p.value.str() + " " + p.unit;
    case ParsedValue::Kind::kText: return "text";
    case ParsedValue::Kind::kNotDone: return "not-done " + p.why;
    case ParsedValue::Kind::kUnread: return "unread: " + p.why;
  }
  return "";
}

}  // namespace

TEST_CASE("targets: the common written forms read as operator, number and unit", "[targets]") {
  struct Case {
    const char* text;
    const char* read;
  };
  const Case c = GENERATE(values<Case>({
      {"资助贫困生25人左右", "≈25 人"},
      {"≥95%", "≥95 %"},
      {"90%以上", "≥90 %"},
      {"达90%以上", "≥90 %"},
      {"3年以上", "≥3 年"},
      {"平台正常运行率90%以上", "≥90 %"},
      {"办刊期数6期左右", "≈6 期"},
      {"电视台彝语科普播报50期/年左右", "≈50 期/年"},
      {"科普宣传资料印制2000份（册）左右", "≈2000 份（册）"},
      {"1个", "=1 个"},
      {"验收合格率100%", "=100 %"},
      {"≤3.1万元", "≤3.1 万元"},
      {"不超过12万元", "≤12 万元"},
      {"成本控制在5万元以内", "≤5 万元"},
      {"不低于85%", "≥85 %"},
      {"约30人", "≈30 人"},
      {"满意度≥90％", "≥90 %"},
      {"服务对象满意度达到95％以上", "≥95 %"},
      {"２０人", "=20 人"},
  }));
  CAPTURE(c.text);
  CHECK(show(parse_target(c.text)) == c.read);
  CHECK(parse_target(c.text).text == c.text);
}

TEST_CASE("targets: dates, several figures and prose are flagged, not guessed", "[targets]") {
  CHECK(show(parse_target("2021年1-12月")) == "unread: a date or period, not a figure");
  CHECK(show(parse_target("2021年6月底前")) == "unread: a date or period, not a figure");
  CHECK(show(parse_target("为新进职工购置台式电脑5台、打印机3台")) == "unread: 2 figures in one cell");
  CHECK(show(parse_target("为科技工作者搭建高质量学术交流和成果转化平台。")) == "text");
  CHECK(show(parse_target("")) == "text");
  // A year beside a figure is a date, and the figure still reads.
  CHECK(show(parse_target("2021年全州公民科学素质知晓率提高5%")) == "=5 %");
}

TEST_CASE("actuals: figures read like targets, and 'not done' is its own answer", "[targets]") {
  CHECK(show(parse_actual("完成了资助贫困生22人")) == "=22 人");
  CHECK(show(parse_actual("完成了科普宣传培训完成率95%左右")) == "≈95 %");
  CHECK(show(parse_actual("因州安可办执行新政策，取消电脑打印机等涉密传输设备购置，故未执行。")) == "not-done 「未执行」");
  CHECK(show(parse_actual("由于疫情原因暂未实施")) == "not-done 「未实施」");
  CHECK(show(parse_actual("平台正常运行率能够达到90%以上")) == "≥90 %");
}

TEST_CASE("targets: a figure with more digits than jixiao keeps is flagged, not misread", "[targets]") {
  CHECK(show(parse_target("≥0.12345678%")) == "unread: the figure 0.12345678 has more digits than jixiao keeps");
}
