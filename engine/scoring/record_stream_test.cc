#include "record_stream.h"

#include <catch2/catch.hpp>

#include "error.h"
#include "store.h"
#include "test_support.h"

using namespace jixiao;

namespace {

// A database of `n` filed records named 单位1 … 单位n, and their ids.
std::vector<int64_t> records(const std::string& db, int n) {
  std::vector<Record> rs;
  std::vector<std::string> hashes;
  for (int i = 1; i <= n; ++i) {
    Record r;
    r.entity = "单位" + std::to_string(i);
    r.year = 2021;
    r.set_id = "liangshan-2021-dept";
    r.source = "s" + std::to_string(i);
    r.facts["annual_budget"] = test::number_fact("annual_budget", std::to_string(i));
    rs.push_back(r);
    hashes.push_back(r.source);
  }
  Store::open_for_write(db).import(rs, hashes);
  std::vector<int64_t> ids;
  for (const StoredRecord& s : Store::open_read_only(db).records_to_score(0, "")) ids.push_back(s.id);
  return ids;
}

}  // namespace

TEST_CASE("record_stream: batches come in the order of the ids, the last one short, then none", "[record_stream]") {
  const std::string db = test::scratch_dir("record-stream-order") + "/a.db";
  const std::vector<int64_t> ids = records(db, 7);
  RecordStream stream(db, ids, 3);
  std::vector<std::string> seen;
  std::vector<size_t> sizes;
  for (auto batch = stream.next(); !batch.empty(); batch = stream.next()) {
    sizes.push_back(batch.size());
    for (const Record& r : batch) seen.push_back(r.entity + "=" + r.facts.at("annual_budget").value.number.str());
  }
  CHECK(sizes == std::vector<size_t>{3, 3, 1});
  CHECK(seen == std::vector<std::string>{"单位1=1", "单位2=2", "单位3=3", "单位4=4", "单位5=5", "单位6=6", "单位7=7"});
  CHECK(stream.next().empty());
}

TEST_CASE("record_stream: a batch that cannot be read ends the stream with the error, after the batches before it",
          "[record_stream]") {
  const std::string db = test::scratch_dir("record-stream-error") + "/a.db";
  std::vector<int64_t> ids = records(db, 4);
  ids.push_back(ids.back() + 100);  // not stored
  RecordStream stream(db, ids, 2);
  CHECK(stream.next().size() == 2);
  CHECK(stream.next().size() == 2);
  CHECK_THROWS_WITH(stream.next(), db + ": 1 of the records to read are not stored");
  CHECK(stream.next().empty());
}

TEST_CASE("record_stream: a stream dropped before it is read to the end stops its reader", "[record_stream]") {
  const std::string db = test::scratch_dir("record-stream-drop") + "/a.db";
  const std::vector<int64_t> ids = records(db, 6);
  RecordStream stream(db, ids, 1);
  CHECK(stream.next().size() == 1);
}  // the destructor returns: the reader, waiting for room, is told to stop
