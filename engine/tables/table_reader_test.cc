#include "table_reader.h"

#include <catch2/catch.hpp>

#include "test_support.h"

using namespace jixiao;

namespace {

std::string fixture(const std::string& name) { return test::source_dir() + "/tests/fixtures/" + name; }

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("table_reader: cell names in A1 notation", "[table_reader]") {
  CHECK(cell_name(0, 0) == "A1");
  CHECK(cell_name(2, 1) == "B3");
  CHECK(cell_name(11, 25) == "Z12");
  CHECK(cell_name(11, 26) == "AA12");
  CHECK(cell_name(0, 27) == "AB1");
  CHECK(cell_name(0, 16383) == "XFD1");
}

TEST_CASE("table_reader: CSV quoting, line breaks in cells, CRLF and a BOM", "[table_reader]") {
  const Sheet s = parse_csv("\xEF\xBB\xBFname,rule\r\n目标制定,\"1.要素完整，得4分\n2.细化量化\"\r\n\"say \"\"hi\"\"\",,\r\n", "t.csv");
  REQUIRE(s.rows() == 3);
  CHECK(s.at(0, 0) == "name");
  CHECK(s.at(1, 1) == "1.要素完整，得4分\n2.细化量化");
  CHECK(s.at(2, 0) == "say \"hi\"");
  CHECK(s.at(2, 1).empty());
  CHECK(s.at(7, 7).empty());
  CHECK(s.where(1, 1).file == "t.csv, cell B2");
}

TEST_CASE("table_reader: GBK CSV, as Chinese Excel saves it, is read as UTF-8", "[table_reader]") {
  const Sheet s = parse_csv("\xD2\xBB\xBC\xB6\xD6\xB8\xB1\xEA\x2C\xB7\xD6\xD6\xB5\x0D\x0A\xC4\xBF\xB1\xEA\xD6\xC6\xB6\xA8\x2C\x38\x0D\x0A",
                            "gbk.csv");
  REQUIRE(s.rows() == 2);
  CHECK(s.at(0, 0) == "一级指标");
  CHECK(s.at(0, 1) == "分值");
  CHECK(s.at(1, 0) == "目标制定");
  CHECK(s.at(1, 1) == "8");
}

TEST_CASE("table_reader: CSV errors name the file and cell", "[table_reader]") {
  CHECK(message_of([] { parse_csv("a,b\nc,\"open\n", "x.csv"); }) ==
        "x.csv, cell B2: a quote opened here is never closed");
  CHECK(message_of([] { parse_csv("\xFF\xFE\x00\x41", "utf16.csv"); }) ==
        "utf16.csv: is neither UTF-8 nor GB18030/GBK text: save it from Excel as \"CSV UTF-8 (逗号分隔)\"");
  CHECK(message_of([] { parse_csv("\xEF\xBB\xBF\xFF", "bom.csv"); }) ==
        "bom.csv: starts with a UTF-8 mark but is not valid UTF-8");
  CHECK(message_of([] { read_table_file("table.xls"); }) ==
        "table.xls: expected a table as .csv or .xlsx (an .xls or .et file: save it as .xlsx first)");
}

TEST_CASE("table_reader: xlsx shared strings, numbers as Excel shows them, merged ranges in every cell", "[table_reader]") {
  const auto sheets = read_xlsx(fixture("liangshan-2021-table.xlsx"));
  REQUIRE(sheets.size() == 1);
  const Sheet& s = sheets[0];
  CHECK(s.name == "指标体系");
  CHECK(s.at(0, 0) == "凉山州2021年部门整体支出绩效评价指标体系");
  CHECK(s.at(1, 3) == "分值");
  CHECK(s.at(2, 0) == "部门预算管理");
  CHECK(s.at(3, 0) == "部门预算管理");  // merged A3:A10
  CHECK(s.same_merge(2, 0, 3, 0));
  CHECK_FALSE(s.same_merge(2, 0, 2, 1));
  CHECK(s.at(2, 3) == "8");
  CHECK(s.where(2, 3).file == fixture("liangshan-2021-table.xlsx") + ", sheet 指标体系, cell D3");
}

TEST_CASE("table_reader: xlsx facts sheet keeps decimals exact", "[table_reader]") {
  const auto sheets = read_xlsx(fixture("liangshan-kexie-2021.xlsx"));
  REQUIRE(sheets.size() == 3);
  const Sheet& facts = sheets[0];
  CHECK(facts.name == "facts");
  bool found = false;
  for (int r = 0; r < facts.rows(); ++r)
    if (facts.at(r, 4) == "initial_budget") {
      CHECK(facts.at(r, 6) == "571.36");
      found = true;
    }
  CHECK(found);
  CHECK(facts.at(1, 1) == "2021");
}

TEST_CASE("table_reader: a file that is not a zip is refused naming it", "[table_reader]") {
  const std::string path = test::scratch_dir("table_reader_bad") + "/bad.xlsx";
  test::write_text(path, "not a zip");
  CHECK(message_of([&] { read_xlsx(path); }) == path + ": cannot open as an xlsx workbook (a zip archive): Not a zip archive");
}

TEST_CASE("table_reader: numbers as Excel shows them", "[table_reader]") {
  CHECK(excel_number("8") == "8");
  CHECK(excel_number("571.36") == "571.36");
  CHECK(excel_number("686.54000000000008") == "686.54");
  CHECK(excel_number("0.30000000000000004") == "0.3");
  CHECK(excel_number("2.9999999999999996") == "3");
  CHECK(excel_number("1E-3") == "0.001");
  CHECK(excel_number("1.5E+3") == "1500");
  CHECK(excel_number("-0.5") == "-0.5");
  CHECK(excel_number("0") == "0");
  CHECK(excel_number("123456789012345678") == "123456789012346000");
  CHECK(excel_number("#N/A") == "#N/A");
  CHECK(excel_number("") == "");
}

TEST_CASE("table_reader: percentages and dates as their cell format shows them", "[table_reader]") {
  const auto sheets = read_xlsx(fixture("formats.xlsx"));
  REQUIRE(sheets.size() == 1);
  const Sheet& s = sheets[0];
  CHECK(s.at(0, 1) == "95%");
  CHECK(s.at(0, 2) == "12.5%");
  CHECK(s.at(0, 4) == "2023年12月1日");
  CHECK(s.at(0, 5) == "2024年2月29日");
  CHECK(s.at(0, 6) == "45261.5");  // a number format without a date
}

TEST_CASE("table_reader: a small workbook spanning a huge grid is refused, not held", "[table_reader]") {
  const std::string path = fixture("far-cells.xlsx");
  CHECK(message_of([&] { read_xlsx(path); }) ==
        path + ", sheet far: the sheet spans more than ten million cells (to XFD611); refused");
}
