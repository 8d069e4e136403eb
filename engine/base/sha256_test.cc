#include "sha256.h"

#include <catch2/catch.hpp>

#include <string>

using jixiao::Sha256;
using jixiao::sha256_hex;

namespace {

std::string digest(const std::string& bytes, bool portable, size_t piece) {
  Sha256 s(portable);
  for (size_t at = 0; at < bytes.size(); at += piece) s.update(std::string_view(bytes).substr(at, piece));
  return s.hex_digest();
}

}  // namespace

TEST_CASE("sha256: the test vectors of FIPS 180-4, either way of hashing", "[sha256]") {
  for (bool portable : {false, true}) {
    INFO("portable " << portable);
    CHECK(digest("", portable, 1) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(digest("abc", portable, 1) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", portable, 7) ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(digest(std::string(1000000, 'a'), portable, 4096) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  }
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("sha256: the processor's instructions and the portable rounds agree at every length and split",
          "[sha256]") {
  std::string bytes;
  for (size_t n = 0; n < 300; ++n) {
    INFO("length " << n);
    for (size_t piece : {size_t{1}, size_t{13}, size_t{64}, size_t{1000}})
      CHECK(digest(bytes, false, piece) == digest(bytes, true, 1));
    bytes += static_cast<char>((n * 131 + 7) & 0xFF);
  }
}
