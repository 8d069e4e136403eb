// What every fuzz target shares: the repository's shipped sets, and how a
// target tells an expected refusal (jixiao::Error) from a defect.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

#include "error.h"
#include "set_inheritance.h"

namespace jixiao::fuzz {

// Where the shipped indicator-sets/ and scripts/ are.
inline std::string source_dir() { return JIXIAO_SOURCE_DIR; }

// Finds the shipped sets by id, and nothing else (an id from the fuzz input
// must not name a path of its own choosing).
inline SetFinder shipped_sets() {
  return [](const std::string& id) -> std::string {
    for (const char* known : {"liangshan-2021-dept", "example-county-2022-dept", "project-selfeval-2021"})
      if (id == known) return source_dir() + "/indicator-sets/" + id + ".yaml";
    throw Error(ErrorKind::kMissing, "fuzz: no shipped set '" + id + "'");
  };
}

// Stops the run with `what` when an invariant does not hold: libFuzzer keeps
// the input that got here as a crash.
inline void require(bool holds, const std::string& what) {
  if (holds) return;
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what.c_str());
  std::abort();
}

// Whether `s` is well-formed UTF-8 (no overlong forms, surrogates or
// code points above U+10FFFF).
inline bool valid_utf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    unsigned cp = n == 1 ? b : b & (0x7F >> n);
    for (size_t k = 1; k < n; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3F);
    }
    static const unsigned kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n;
  }
  return true;
}

// Runs `body`; a jixiao::Error is the engine refusing bad input, which is
// what it should do. Any other exception escapes (an "internal error" at the
// command line) and libFuzzer reports it as a crash. With JIXIAO_FUZZ_VERBOSE
// set, each refusal is printed (to see what a seed reaches).
template <typename Body>
void refusing_is_fine(Body&& body) {
  try {
    body();
  } catch (const Error& e) {
    require(!e.message().empty(), "an Error without a message");
    if (std::getenv("JIXIAO_FUZZ_VERBOSE") != nullptr) std::fprintf(stderr, "refused: %s\n", e.what());
  }
}

}  // namespace jixiao::fuzz
