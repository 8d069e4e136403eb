// The golden numbers: 凉山州科学技术协会 2021 as filed totals 85 of 90, and
// jixiao, recomputing every leaf from the recorded inputs, must arrive at the
// same 85 — leaf by leaf, in the table, in the JSON and through the library.
#include <catch2/catch.hpp>

#include <cctype>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "scorer.h"
#include "store.h"
#include "test_support.h"

using namespace jixiao;
using namespace jixiao::test;

namespace {

const char* kEntity = "凉山州科学技术协会";

std::string shipped_data() { return source_dir() + "/data/liangshan-kexie-2021.yaml"; }
std::string shipped_set() { return sets_dir() + "/liangshan-2021-dept.yaml"; }

// A scratch database holding the shipped data file, imported through the CLI.
std::string imported_db(const std::string& scratch_name) {
  const std::string db = scratch_dir(scratch_name) + "/jixiao.db";
  const CliRun run = run_jixiao({"import", shipped_data(), "--home", source_dir(), "--db", db});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  return db;
}

// ---------------------------------------------------------------------------
// A minimal JSON reader, enough for `score --format json`: numbers are kept as
// their text ("85.00"), so they compare exactly as printed.
struct Json {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject } kind = Kind::kNull;
  std::string text;  // a number's text, a string's value, "true"/"false"
  std::vector<Json> items;
  std::vector<std::pair<std::string, Json>> members;

  const Json* get(const std::string& key) const {
    for (const auto& [k, v] : members)
      if (k == key) return &v;
    return nullptr;
  }
  const Json& at(const std::string& key) const {
    if (const Json* v = get(key)) return *v;
    throw std::runtime_error("JSON object has no key '" + key + "'");
  }
};

class JsonParser {
 public:
  explicit JsonParser(const std::string& s) : s_(s) {}

  Json parse_document() {
    Json v = value();
    skip_space();
    if (pos_ != s_.size()) fail("trailing text");
    return v;
  }

 private:
  [[noreturn]] void fail(const std::string& what) {
    throw std::runtime_error("JSON: " + what + " at offset " + std::to_string(pos_));
  }
  void skip_space() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\r' || s_[pos_] == '\t')) ++pos_;
  }
  void expect(char c) {
    skip_space();
    if (pos_ >= s_.size() || s_[pos_] != c) fail(std::string("expected '") + c + "'");
    ++pos_;
  }
  bool literal(const std::string& word) {
    if (s_.compare(pos_, word.size(), word) != 0) return false;
    pos_ += word.size();
    return true;
  }

  std::string string_body() {
    expect('"');
    std::string out;
    while (true) {
      if (pos_ >= s_.size()) fail("unterminated string");
      const char c = s_[pos_++];
      if (c == '"') return out;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= s_.size()) fail("unterminated escape");
      const char e = s_[pos_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'u': {
          if (pos_ + 4 > s_.size()) fail("short \\u escape");
          const unsigned code = std::stoul(s_.substr(pos_, 4), nullptr, 16);
          pos_ += 4;
          if (code >= 0x80) fail("non-ASCII \\u escapes are not expected from jixiao");
          out += static_cast<char>(code);
          break;
        }
        default: fail("bad escape");
      }
    }
  }

  Json value() {
    skip_space();
    if (pos_ >= s_.size()) fail("expected a value");
    Json v;
    const char c = s_[pos_];
    if (c == '{') {
      v.kind = Json::Kind::kObject;
      ++pos_;
      skip_space();
      if (pos_ < s_.size() && s_[pos_] == '}') {
        ++pos_;
        return v;
      }
      while (true) {
        std::string key = string_body();
        expect(':');
        v.members.emplace_back(std::move(key), value());
        skip_space();
        if (pos_ < s_.size() && s_[pos_] == ',') {
          ++pos_;
          skip_space();
          continue;
        }
        expect('}');
        return v;
      }
    }
    if (c == '[') {
      v.kind = Json::Kind::kArray;
      ++pos_;
      skip_space();
      if (pos_ < s_.size() && s_[pos_] == ']') {
        ++pos_;
        return v;
      }
      while (true) {
        v.items.push_back(value());
        skip_space();
        if (pos_ < s_.size() && s_[pos_] == ',') {
          ++pos_;
          continue;
        }
        expect(']');
        return v;
      }
    }
    if (c == '"') {
      v.kind = Json::Kind::kString;
      v.text = string_body();
      return v;
    }
    if (literal("null")) return v;
    for (const char* word : {"true", "false"}) {
      if (literal(word)) {
        v.kind = Json::Kind::kBool;
        v.text = word;
        return v;
      }
    }
    const size_t start = pos_;
    while (pos_ < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '-' ||
                                s_[pos_] == '+' || s_[pos_] == '.' || s_[pos_] == 'e' || s_[pos_] == 'E'))
      ++pos_;
    if (pos_ == start) fail("unexpected character");
    v.kind = Json::Kind::kNumber;
    v.text = s_.substr(start, pos_ - start);
    return v;
  }

  const std::string& s_;
  size_t pos_ = 0;
};

// "85.00", or "null" for a JSON null.
std::string number_text(const Json& v) {
  if (v.kind == Json::Kind::kNull) return "null";
  if (v.kind != Json::Kind::kNumber) throw std::runtime_error("expected a number, got '" + v.text + "'");
  return v.text;
}

// The leaves of the JSON tree ("indicators", nested by "children"), in order.
void collect_leaves(const Json& nodes, std::vector<const Json*>& out) {
  for (const Json& node : nodes.items) {
    if (const Json* children = node.get("children")) collect_leaves(*children, out);
    else out.push_back(&node);
  }
}

// The text table's row for a node named `name`: its whitespace-separated
// cells (name, 分值, 自评得分, 得分, 方式, 说明…). Every row of the tree starts
// with its node's name, at whatever indentation its level has.
std::vector<std::vector<std::string>> rows_named(const std::string& table, const std::string& name) {
  std::vector<std::vector<std::string>> found;
  std::istringstream lines(table);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::vector<std::string> cells;
    for (std::string w; words >> w;) cells.push_back(w);
    if (!cells.empty() && cells[0] == name) found.push_back(cells);
  }
  return found;
}

}  // namespace

TEST_CASE("score prints the filed total of 85 of 90 for 凉山州科学技术协会 2021", "[golden]") {
  const std::string db = imported_db("golden-table");
  const CliRun run = run_jixiao({"score", "--home", source_dir(), "--db", db});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(run.err.empty());
  CHECK(run.out.find("凉山州科学技术协会 2021") != std::string::npos);
  CHECK(run.out.find("得分合计 85.00 / 90.00") != std::string::npos);
  CHECK(run.out.find("自评得分 85.00，与重新计算一致") != std::string::npos);
  CHECK(run.out.find("计算 8 项，判定 4 项") != std::string::npos);
}

TEST_CASE("score with no ENTITY YEAR scores the same default department-year as naming it", "[golden]") {
  const std::string db = imported_db("golden-default");
  const CliRun implicit = run_jixiao({"score", "--home", source_dir(), "--db", db});
  const CliRun named = run_jixiao({"score", kEntity, "2021", "--home", source_dir(), "--db", db});
  REQUIRE(implicit.exit_code == 0);
  REQUIRE(named.exit_code == 0);
  CHECK(implicit.out == named.out);
}

TEST_CASE("score --format json recomputes every leaf to its filed score and totals 85", "[golden]") {
  const std::string db = imported_db("golden-json");
  const CliRun run = run_jixiao({"score", "--format", "json", "--home", source_dir(), "--db", db});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(run.err.empty());
  const Json doc = JsonParser(run.out).parse_document();

  CHECK(doc.at("entity").text == kEntity);
  CHECK(number_text(doc.at("year")) == "2021");
  CHECK(doc.at("set").at("id").text == "liangshan-2021-dept");
  CHECK(number_text(doc.at("total")) == "85.00");
  CHECK(number_text(doc.at("filed_total")) == "85.00");
  CHECK(number_text(doc.at("max")) == "90.00");

  std::vector<const Json*> leaves;
  collect_leaves(doc.at("indicators"), leaves);
  REQUIRE(leaves.size() == 13);
  std::map<std::string, int> by_source;
  for (const Json* leaf : leaves) {
    const std::string id = leaf->at("id").text;
    INFO("leaf " << id);
    ++by_source[leaf->at("source").text];
    CHECK(number_text(leaf->at("score")) == number_text(leaf->at("filed")));
    if (leaf->at("source").text == "not-scored") {
      CHECK(id == "self_eval_accuracy");
      CHECK(number_text(leaf->at("score")) == "null");
    } else {
      CHECK(number_text(leaf->at("filed")) != "null");
    }
  }
  CHECK(by_source["computed"] == 8);
  CHECK(by_source["judged"] == 4);
  CHECK(by_source["not-scored"] == 1);
}

TEST_CASE("the table and the JSON show the same score and filed score for every leaf", "[golden]") {
  const std::string db = imported_db("golden-both");
  const CliRun table = run_jixiao({"score", "--home", source_dir(), "--db", db});
  const CliRun json = run_jixiao({"score", "--format", "json", "--home", source_dir(), "--db", db});
  REQUIRE(table.exit_code == 0);
  REQUIRE(json.exit_code == 0);
  const Json doc = JsonParser(json.out).parse_document();
  std::vector<const Json*> leaves;
  collect_leaves(doc.at("indicators"), leaves);
  REQUIRE(leaves.size() == 13);
  for (const Json* leaf : leaves) {
    const std::string id = leaf->at("id").text;
    const std::string name = leaf->at("name").text;
    INFO("leaf " << id << " (" << name << ")");
    const auto rows = rows_named(table.out, name);
    REQUIRE(rows.size() == 1);
    const auto& cells = rows.front();
    REQUIRE(cells.size() >= 4);
    const auto as_table = [](const std::string& n) { return n == "null" ? std::string("—") : n; };
    CHECK(cells[1] == number_text(leaf->at("weight")));
    CHECK(cells[2] == as_table(number_text(leaf->at("filed"))));
    CHECK(cells[3] == as_table(number_text(leaf->at("score"))));
  }
}

TEST_CASE("the library scores the stored record to 85 with every leaf equal to its filed score", "[golden]") {
  const std::string db = imported_db("golden-library");
  Scorer scorer = Scorer::from_file(shipped_set(), scripts_dir());
  const Record record = Store::open_read_only(db).load(kEntity, 2021);
  const Evaluation ev = scorer.evaluate(record);

  CHECK(ev.total == Decimal::from_int(85));
  CHECK(ev.max == Decimal::from_int(90));
  REQUIRE(record.filed_total.has_value());
  CHECK(*record.filed_total == Decimal::from_int(85));

  int computed = 0, judged = 0, not_scored = 0;
  REQUIRE(ev.leaves.size() == scorer.set().leaves().size());
  for (const auto& leaf : ev.leaves) {
    INFO("leaf " << leaf.node->id << " " << leaf.path);
    switch (leaf.source) {
      case LeafSource::kComputed: ++computed; break;
      case LeafSource::kJudged: ++judged; break;
      case LeafSource::kNotScored: ++not_scored; break;
      case LeafSource::kUncovered: FAIL("a leaf of the published table cannot be scored: " << leaf.reason); break;
    }
    if (leaf.source == LeafSource::kNotScored) {
      CHECK(leaf.node->id == "self_eval_accuracy");
      CHECK_FALSE(leaf.score.has_value());
      CHECK_FALSE(leaf.filed.has_value());
      continue;
    }
    REQUIRE(leaf.score.has_value());
    REQUIRE(leaf.filed.has_value());
    CHECK(leaf.score->str(2) == leaf.filed->str(2));
    CHECK(*leaf.score == *leaf.filed);
  }
  CHECK(computed == 8);
  CHECK(judged == 4);
  CHECK(not_scored == 1);

  // Which leaves are judged is part of the golden result: the seed publishes
  // no raw figures for them.
  CHECK(ev.leaf("target_achievement")->source == LeafSource::kJudged);
  CHECK(ev.leaf("spending_control")->source == LeafSource::kJudged);
  CHECK(ev.leaf("exec_progress")->source == LeafSource::kJudged);
  CHECK(ev.leaf("special_budget_mgmt")->source == LeafSource::kJudged);
  CHECK(ev.leaf("budget_completion")->source == LeafSource::kComputed);
}
