// SHA-256 (FIPS 180-4), for content hashes that tell which version of a set's
// rules or of a data source produced a result. On a processor with the SHA
// instructions (x86 SHA-NI) blocks are hashed with them, some ten times
// faster than the portable rounds, which every other processor runs; both
// give the same digest.
#pragma once

#include <string>
#include <string_view>

namespace jixiao {

class Sha256 {
 public:
  // `portable`: never the SHA instructions (for tests that compare both ways).
  explicit Sha256(bool portable = false);
  void update(std::string_view bytes);
  std::string hex_digest();  // 64 lowercase hex digits; call once

 private:
  void blocks(const unsigned char* p, size_t n);
  unsigned int h_[8];
  unsigned char buffer_[64];
  size_t buffered_ = 0;
  unsigned long long length_ = 0;
  bool instructions_;  // whether blocks() uses the SHA instructions
};

std::string sha256_hex(std::string_view bytes);

}  // namespace jixiao
