// jixiao_bench: how fast jixiao scores many department-years. Not a test: run
// it by hand (build/tests/jixiao_bench [N]) and read the figures.
//
// It imports N copies of the 凉山州科协 2021 filed record (each a different
// entity, with the execution rates recorded so the 执行进度 script runs) into a
// fresh SQLite database in one transaction, then loads and scores every one
// with one Scorer (the set parsed and its scripts compiled once).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "files.h"
#include "record_source.h"
#include "scorer.h"
#include "store.h"

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

jixiao::Fact rate(const char* name, const char* value) {
  jixiao::Fact f;
  f.name = name;
  f.label = name;
  f.value = jixiao::Value::of_number(*jixiao::Decimal::parse(value));
  f.unit = "%";
  f.provenance.inferred = "benchmark";
  return f;
}

}  // namespace

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 10000;
  const std::string home = JIXIAO_SOURCE_DIR;
  const std::string db_path = std::string(JIXIAO_TEST_TMP) + "/bench.db";
  std::remove(db_path.c_str());

  const jixiao::Record base = jixiao::load_record_file(home + "/data/liangshan-kexie-2021.yaml");
  std::vector<jixiao::Record> records;
  std::vector<std::string> hashes;
  for (int i = 0; i < n; ++i) {
    jixiao::Record r = base;
    r.entity = "部门" + std::to_string(i);
    r.judgements.erase("exec_progress");
    r.facts["exec_rate_jun"] = rate("exec_rate_jun", i % 2 ? "38.5" : "41");
    r.facts["exec_rate_sep"] = rate("exec_rate_sep", "67.5");
    r.facts["exec_rate_nov"] = rate("exec_rate_nov", "90");
    records.push_back(std::move(r));
    hashes.push_back(std::to_string(i));
  }

  auto start = std::chrono::steady_clock::now();
  jixiao::Store::open_for_write(db_path).import(records, hashes);
  const double import_s = seconds_since(start);

  start = std::chrono::steady_clock::now();
  jixiao::Scorer scorer =
      jixiao::Scorer::from_file(home + "/indicator-sets/liangshan-2021-dept.yaml", home + "/scripts");
  const double compile_s = seconds_since(start);

  start = std::chrono::steady_clock::now();
  const jixiao::Store store = jixiao::Store::open_read_only(db_path);
  jixiao::Decimal sum;
  double load_s = 0;
  for (const auto& key : store.list()) {
    const auto load_start = std::chrono::steady_clock::now();
    const jixiao::Record r = store.load(key.entity, key.year, key.kind);
    load_s += seconds_since(load_start);
    sum += scorer.evaluate(r).total;
  }
  const double score_s = seconds_since(start);

  std::printf("department-years          %d\n", n);
  std::printf("import (one transaction)  %.3f s  (%.0f records/s)\n", import_s, n / import_s);
  std::printf("parse set + compile       %.4f s\n", compile_s);
  std::printf("load + score all          %.3f s  (%.0f records/s; loading %.3f s, scoring %.3f s)\n", score_s,
              n / score_s, load_s, score_s - load_s);
  std::printf("per department-year       %.1f µs\n", score_s / n * 1e6);
  std::printf("checksum of totals        %s\n", sum.str(2).c_str());
  std::remove(db_path.c_str());
  return 0;
}
