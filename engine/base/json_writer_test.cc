#include "json_writer.h"

#include <catch2/catch.hpp>

#include <string>

using jixiao::Decimal;
using jixiao::json_escape;
using jixiao::JsonWriter;

TEST_CASE("json: nested objects and arrays are indented by two spaces", "[json]") {
  JsonWriter w;
  w.begin_object()
      .key("entity").string("凉山州科学技术协会")
      .key("total").number(*Decimal::parse("85"), 2)
      .key("leaves").begin_array()
          .begin_object().key("id").string("target_setting").key("score").number(*Decimal::parse("8.5")).end_object()
          .begin_object().end_object()
      .end_array()
      .key("empty").begin_array().end_array()
      .key("ok").boolean(true)
      .key("stopped").boolean(false)
      .key("filed").null()
      .key("year").integer(2021)
      .key("delta").integer(-3)
      .end_object();
  CHECK(w.str() ==
        "{\n"
        "  \"entity\": \"凉山州科学技术协会\",\n"
        "  \"total\": 85.00,\n"
        "  \"leaves\": [\n"
        "    {\n"
        "      \"id\": \"target_setting\",\n"
        "      \"score\": 8.5\n"
        "    },\n"
        "    {}\n"
        "  ],\n"
        "  \"empty\": [],\n"
        "  \"ok\": true,\n"
        "  \"stopped\": false,\n"
        "  \"filed\": null,\n"
        "  \"year\": 2021,\n"
        "  \"delta\": -3\n"
        "}");
}

TEST_CASE("json: without indentation the output is compact", "[json]") {
  JsonWriter w(0);
  w.begin_object().key("a").begin_array().integer(1).integer(2).begin_array().end_array().end_array()
      .key("b").begin_object().key("c").string("x").end_object().end_object();
  CHECK(w.str() == "{\"a\":[1,2,[]],\"b\":{\"c\":\"x\"}}");
}

TEST_CASE("json: a top-level array of values", "[json]") {
  JsonWriter w;
  w.begin_array().string("a").number(*Decimal::parse("0.5")).end_array();
  CHECK(w.str() == "[\n  \"a\",\n  0.5\n]");
}

TEST_CASE("json: quotes, backslashes and control characters are escaped", "[json]") {
  CHECK(json_escape("") == "\"\"");
  CHECK(json_escape("say \"hi\"") == "\"say \\\"hi\\\"\"");
  CHECK(json_escape("C:\\scripts\\a.lua") == "\"C:\\\\scripts\\\\a.lua\"");
  CHECK(json_escape("line 1\nline 2") == "\"line 1\\nline 2\"");
  CHECK(json_escape("a\tb\rc") == "\"a\\tb\\rc\"");
  CHECK(json_escape("\x01\x08\x0c\x1f") == "\"\\u0001\\u0008\\u000c\\u001f\"");
  CHECK(json_escape(std::string("a\0b", 3)) == "\"a\\u0000b\"");
  CHECK(json_escape("/ and \x7f") == "\"/ and \\u007f\"");  // DEL is a control character too
}

TEST_CASE("json: keys are escaped like strings", "[json]") {
  JsonWriter w(0);
  w.begin_object().key("a\"b\n").string("\\").end_object();
  CHECK(w.str() == "{\"a\\\"b\\n\":\"\\\\\"}");
}

TEST_CASE("json: UTF-8 text is kept as it is", "[json]") {
  CHECK(json_escape("目标制定") == "\"目标制定\"");
  CHECK(json_escape("「满足」（≤10%）› …") == "\"「满足」（≤10%）› …\"");
  CHECK(json_escape("𠀀😀") == "\"𠀀😀\"");
  JsonWriter w;
  w.begin_object().key("名称").string("凉山州").end_object();
  CHECK(w.str() == "{\n  \"名称\": \"凉山州\"\n}");
}

TEST_CASE("json: numbers are exact decimals, never binary doubles", "[json]") {
  const auto json = [](const char* text, int places) {
    JsonWriter w(0);
    w.begin_array().number(*Decimal::parse(text), places).end_array();
    return w.str();
  };
  CHECK(json("85", 2) == "[85.00]");
  CHECK(json("85", 0) == "[85]");
  CHECK(json("686.54", 0) == "[686.54]");
  CHECK(json("686.54", 2) == "[686.54]");
  CHECK(json("1.9", 2) == "[1.90]");
  CHECK(json("0.000001", 0) == "[0.000001]");
  CHECK(json("-0.5", 2) == "[-0.50]");
  CHECK(json("0", 2) == "[0.00]");
  JsonWriter w(0);
  w.begin_array().number(*Decimal::parse("0.1") + *Decimal::parse("0.2")).end_array();
  CHECK(w.str() == "[0.3]");
}
