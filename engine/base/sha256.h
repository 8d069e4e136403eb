// SHA-256 (FIPS 180-4), for content hashes that tell which version of a set's
// rules or of a data source produced a result.
#pragma once

#include <string>
#include <string_view>

namespace jixiao {

class Sha256 {
 public:
  Sha256();
  void update(std::string_view bytes);
  std::string hex_digest();  // 64 lowercase hex digits; call once

 private:
  void block(const unsigned char* p);
  unsigned int h_[8];
  unsigned char buffer_[64];
  size_t buffered_ = 0;
  unsigned long long length_ = 0;
};

std::string sha256_hex(std::string_view bytes);

}  // namespace jixiao
