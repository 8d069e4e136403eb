// jixiao gen into a database that already holds records: the province of its
// options replaces what an earlier gen wrote; records imported from files stay.
#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include "test_support.h"

using jixiao::test::run_jixiao;

namespace {

std::string home() { return jixiao::test::source_dir(); }

jixiao::test::CliRun gen(const std::string& db, int departments, int seed) {
  return run_jixiao({"gen", "--departments", std::to_string(departments), "--seed", std::to_string(seed), "--db", db,
                     "--home", home()});
}

// Every record as "entity year kind source", in order.
std::vector<std::string> records(const std::string& db) {
  SQLite::Database d(db, SQLite::OPEN_READONLY);
  SQLite::Statement q(d, "SELECT entity || ' ' || year || ' ' || kind || ' ' || source FROM records ORDER BY 1");
  std::vector<std::string> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  return out;
}

}  // namespace

TEST_CASE("gen: a second gen leaves exactly its own province, whatever an earlier gen wrote", "[gen]") {
  const std::string dir = jixiao::test::scratch_dir("gen_replaces");
  const std::string db = dir + "/province.db", fresh = dir + "/fresh.db";
  REQUIRE(gen(fresh, 12, 2).exit_code == 0);
  REQUIRE(gen(db, 30, 1).exit_code == 0);

  const auto second = gen(db, 12, 2);  // another seed, fewer departments
  REQUIRE(second.exit_code == 0);
  CHECK(records(db) == records(fresh));
  CHECK(second.out.find(" of an earlier gen removed, into " + db) != std::string::npos);

  const auto again = gen(db, 12, 2);  // the same again: nothing to write or remove
  CHECK(again.out == "generated 12 department-year(s) (" + std::to_string(records(fresh).size()) +
                         " records, seed 2): 0 written, " + std::to_string(records(fresh).size()) +
                         " unchanged, into " + db + "\n");
}

TEST_CASE("gen: records imported from files are kept beside the province", "[gen]") {
  const std::string db = jixiao::test::scratch_dir("gen_keeps_imports") + "/province.db";
  REQUIRE(run_jixiao({"import", home() + "/data/liangshan-kexie-2021.yaml", "--db", db, "--home", home()}).exit_code ==
          0);
  REQUIRE(gen(db, 5, 1).exit_code == 0);
  REQUIRE(gen(db, 3, 2).exit_code == 0);
  size_t imported = 0, generated = 0;
  for (const auto& r : records(db)) (r.find(" gen:seed=2") != std::string::npos ? generated : imported) += 1;
  CHECK(imported == 1);
  CHECK(generated > 3);
  for (const auto& r : records(db)) CHECK(r.find("gen:seed=1") == std::string::npos);
}
