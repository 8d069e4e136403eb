#include "cell_parses.h"

#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

using jixiao::CellParse;
using jixiao::CellParses;
using jixiao::ParsedValue;

namespace {

// A reading that says which texts it was made of, counting the parses made.
struct Reader {
  int made = 0;
  auto of(std::string text) {
    return [this, text] {
      ++made;
      ParsedValue p = jixiao::parse_target(text);
      p.why = "made from " + text;
      return p;
    };
  }
};

// Cells "0人", "1人", ... of `n` people, each found (and so kept) in turn.
std::vector<const CellParse*> find_people(CellParses& parses, Reader& reader, int n) {
  std::vector<const CellParse*> kept;
  for (int i = 0; i < n; ++i) kept.push_back(&parses.find('a', std::to_string(i) + "人", "", "", reader.of(std::to_string(i))));
  return kept;
}

}  // namespace

TEST_CASE("cell_parses: the same cell's texts give the reading kept, parsed once", "[cell_parses]") {
  CellParses parses(100);
  Reader reader;
  auto holder = parses.start();
  const CellParse& first = parses.find('t', "≥", "95", "%", reader.of("≥95%"));
  const CellParse& again = parses.find('t', std::string("≥"), std::string("95"), std::string("%"), reader.of("other"));
  CHECK(&again == &first);
  CHECK(reader.made == 1);
  CHECK(first.why == "made from ≥95%");
  CHECK(first.kind == ParsedValue::Kind::kNumber);
  CHECK(first.value_text == "95");  // the value written out once
  CHECK(first.serial == 1);
  CHECK(parses.size() == 1);
}

TEST_CASE("cell_parses: texts a byte apart, split otherwise, or of another cell are read apart", "[cell_parses]") {
  CellParses parses(100);
  Reader reader;
  auto holder = parses.start();
  const CellParse* kept[] = {
      &parses.find('t', "", "≥95%", "", reader.of("1")),  &parses.find('t', "", "≥96%", "", reader.of("2")),
      &parses.find('t', "≥", "95%", "", reader.of("3")),  &parses.find('t', "≥95", "%", "", reader.of("4")),
      &parses.find('t', "", "≥95", "%", reader.of("5")),  &parses.find('a', "", "≥95%", "", reader.of("6")),
      &parses.find('t', "", "", "≥95%", reader.of("7")),  &parses.find('t', "≥95%", "", "", reader.of("8")),
  };
  CHECK(reader.made == 8);
  std::set<uint64_t> serials;
  for (const CellParse* p : kept) serials.insert(p->serial);
  CHECK(serials.size() == 8);
  for (int i = 0; i < 8; ++i) CHECK(kept[i]->why == "made from " + std::to_string(i + 1));
  CHECK(&parses.find('t', "≥", "95%", "", reader.of("again")) == kept[2]);
  CHECK(reader.made == 8);
}

TEST_CASE("cell_parses: thousands of cells are each found again after the index grows", "[cell_parses]") {
  CellParses parses(100000);
  Reader reader;
  auto holder = parses.start();
  const std::vector<const CellParse*> kept = find_people(parses, reader, 5000);
  for (int i = 0; i < 5000; ++i)
    CHECK(&parses.find('a', std::to_string(i) + "人", "", "", reader.of("again")) == kept[static_cast<size_t>(i)]);
  CHECK(reader.made == 5000);
  CHECK(kept[4999]->value_text == "4999");  // kept where it was made: the index's growth moved none
}

TEST_CASE("cell_parses: past its cap, cells are read again from the next start, and holders keep the old readings",
          "[cell_parses]") {
  CellParses parses(2);
  Reader reader;
  auto first_table = parses.start();
  const CellParse& a = parses.find('t', "", "10人", "", reader.of("10人"));
  parses.find('t', "", "20人", "", reader.of("20人"));
  parses.find('t', "", "30人", "", reader.of("30人"));  // a table runs past the cap: kept till its end
  CHECK(&parses.find('t', "", "10人", "", reader.of("no")) == &a);
  CHECK(parses.size() == 3);
  auto second_table = parses.start();  // dropped here
  CHECK(parses.size() == 0);
  const CellParse& read_again = parses.find('t', "", "10人", "", reader.of("10人"));
  CHECK(reader.made == 4);
  CHECK(read_again.serial == 4);  // never a serial given before
  CHECK(a.why == "made from 10人");  // alive while the first table's holder is
  CHECK(a.serial == 1);
  auto third_table = parses.start();  // under the cap: kept
  CHECK(&parses.find('t', "", "10人", "", reader.of("no")) == &read_again);
}

TEST_CASE("cell_parses: cells fetched, then found by their hash, give the readings found without", "[cell_parses]") {
  CellParses parses(100000);
  Reader reader;
  auto holder = parses.start();
  const std::vector<const CellParse*> kept = find_people(parses, reader, 3000);
  // Cells kept and not, fetched before any is found, the index growing while they are found.
  std::vector<uint64_t> hashes;
  for (int i = 0; i < 6000; i += 2) hashes.push_back(CellParses::hash_of('a', std::to_string(i) + "人", "", ""));
  for (uint64_t hash : hashes) parses.fetch_slot(hash);
  for (uint64_t hash : hashes) parses.fetch_reading(hash);
  for (size_t k = 0; k < hashes.size(); ++k) {
    const int i = static_cast<int>(2 * k);
    const CellParse& found = parses.find(hashes[k], 'a', std::to_string(i) + "人", "", "", reader.of(std::to_string(i)));
    if (i < 3000) CHECK(&found == kept[static_cast<size_t>(i)]);
    CHECK(found.why == "made from " + std::to_string(i));
  }
  CHECK(reader.made == 4500);
  CHECK(&parses.find('a', "4000人", "", "", reader.of("again")) == &parses.find(hashes[2000], 'a', "4000人", "", "", reader.of("no")));
  CHECK(reader.made == 4500);
}
