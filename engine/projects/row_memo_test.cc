#include "row_memo.h"

#include <catch2/catch.hpp>

using jixiao::Decimal;
using jixiao::RowMemo;

namespace {

RowMemo::Key key(uint32_t target, uint32_t actual, int64_t weight = 10, uint16_t inputs = 1, uint16_t grade = 0) {
  RowMemo::Key k;
  k.target = target;
  k.actual = actual;
  k.weight = weight * 1000000;
  k.inputs = inputs;
  k.grade = grade;
  return k;
}

RowMemo::Outcome scored(int points) { return {false, Decimal::from_int(points)}; }

}  // namespace

TEST_CASE("row memo: an outcome is found under its own key only, each field telling keys apart", "[row_memo]") {
  RowMemo memo;
  memo.keep(key(1, 2), scored(7));
  memo.keep(key(3, 4), {true, Decimal()});
  RowMemo::Outcome out;
  REQUIRE(memo.find(key(1, 2), out));
  CHECK_FALSE(out.needs_judgement);
  CHECK(out.score == Decimal::from_int(7));
  REQUIRE(memo.find(key(3, 4), out));
  CHECK(out.needs_judgement);
  for (const RowMemo::Key& other : {key(2, 1), key(1, 3), key(9, 2), key(1, 2, 11), key(1, 2, 10, 2), key(1, 2, 10, 1, 1)})
    CHECK_FALSE(memo.find(other, out));
  CHECK(memo.size() == 2);
}

TEST_CASE("row memo: grades are numbered in the order met, the empty grade 0, none past the kept count",
          "[row_memo]") {
  RowMemo memo;
  CHECK(memo.grade_number("") == 0);
  CHECK(memo.grade_number("达成") == 1);
  CHECK(memo.grade_number("未达成") == 2);
  CHECK(memo.grade_number("达成") == 1);
  for (size_t i = 3; i <= RowMemo::kGradesKept; ++i) CHECK(memo.grade_number("档" + std::to_string(i)) == i);
  CHECK_FALSE(memo.grade_number("再一档").has_value());
  CHECK(memo.grade_number("未达成") == 2);
}

TEST_CASE("row memo: past its entries all are let go, and outcomes kept again are found", "[row_memo]") {
  RowMemo memo(4);
  for (uint32_t i = 1; i <= 4; ++i) memo.keep(key(i, i), scored(static_cast<int>(i)));
  CHECK(memo.size() == 4);
  memo.keep(key(5, 5), scored(5));
  CHECK(memo.size() == 1);
  RowMemo::Outcome out;
  CHECK_FALSE(memo.find(key(1, 1), out));
  REQUIRE(memo.find(key(5, 5), out));
  CHECK(out.score == Decimal::from_int(5));
  // Many more than the first slots: the table grows and keeps finding each.
  RowMemo big;
  for (uint32_t i = 1; i <= 3000; ++i) big.keep(key(i, i + 1, i % 7 + 1, static_cast<uint16_t>(i % 3 + 1)), scored(i % 10));
  CHECK(big.size() == 3000);
  for (uint32_t i = 1; i <= 3000; ++i) {
    INFO(i);
    REQUIRE(big.find(key(i, i + 1, i % 7 + 1, static_cast<uint16_t>(i % 3 + 1)), out));
    CHECK(out.score == Decimal::from_int(static_cast<int>(i % 10)));
  }
}

TEST_CASE("row memo: inputs whose rows are seldom found stop being looked up and kept, others go on", "[row_memo]") {
  RowMemo memo;
  RowMemo::Outcome out;
  // Inputs 1: every row new (found never). Inputs 2: one cell pair again and again.
  memo.keep(key(1, 1, 10, 2), scored(3));
  for (uint32_t i = 1; i <= RowMemo::kReview; ++i) {
    CHECK(memo.looking(1));
    if (!memo.find(key(i, i + 1, 10, 1), out)) memo.keep(key(i, i + 1, 10, 1), scored(1));
    CHECK(memo.find(key(1, 1, 10, 2), out));
  }
  CHECK_FALSE(memo.looking(1));
  CHECK(memo.looking(2));
  const size_t size = memo.size();
  memo.keep(key(7777, 7778, 10, 1), scored(1));  // not kept for inputs no longer looked up
  CHECK(memo.size() == size);
  CHECK(memo.looking(3));  // inputs never met are looked up
}
