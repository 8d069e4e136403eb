#include "number_forms.h"

#include <catch2/catch.hpp>

#include <string>

using jixiao::unread_number;

namespace {

std::string why(const std::string& text) { return unread_number(text).value_or("(not a number)"); }

}  // namespace

TEST_CASE("number forms: each form jixiao does not read is named, with what to write", "[number_forms]") {
  CHECK(why("1e308") == "a number in exponent form ('1e308') is not accepted: write it out in digits");
  CHECK(why("-2.5E-3") == "a number in exponent form ('-2.5E-3') is not accepted: write it out in digits");
  CHECK(why(".nan") == "'.nan' is not a number");
  CHECK(why("-.inf") == "'-.inf' is infinite, not a number");
  CHECK(why("0x10") == "hexadecimal numbers ('0x10') are not accepted: write 16");
  CHECK(why("-0X1f") == "hexadecimal numbers ('-0X1f') are not accepted: write -31");
  CHECK(why("0o17") == "octal numbers ('0o17') are not accepted: write 15");
  CHECK(why("0x" + std::string(20, 'f')) == "hexadecimal numbers ('0xffffffffffffffffffff') are not accepted: "
                                             "write it in decimal");
  CHECK(why("0.1234567") == "'0.1234567' has more than 6 decimal places");
  CHECK(why("99999999999999") == "'99999999999999' is too large: numbers go from -9223372036854.775807 to "
                                 "9223372036854.775807");
  CHECK(why("1,000") == "'1,000' has thousands separators: write 1000");
  CHECK(why("12,345.5") == "'12,345.5' has thousands separators: write 12345.5");
}

TEST_CASE("number forms: numbers that are read and text that is no number are left alone", "[number_forms]") {
  for (const std::string text : {"8", "-3.5", "686.54", "0.000001", "凉山", "25人左右", "2021-06-30", "1.2.3", "e5",
                                 "0x", "3.", ".", "-", "1,00", "1,000,", "", "0xfg", "1e", "nan"})
    CHECK(why(text) == "(not a number)");
  // A long run of digits is scanned, not recursed over.
  CHECK(why(std::string(1000000, '9')).rfind("'999", 0) == 0);
}
