#include "suggest.h"

#include <algorithm>

namespace jixiao {

namespace {

std::vector<std::string> code_points(const std::string& s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    size_t len = 1;
    while (i + len < s.size() && (static_cast<unsigned char>(s[i + len]) & 0xC0) == 0x80) ++len;
    out.push_back(s.substr(i, len));
    i += len;
  }
  return out;
}

// Edits to turn a into b: insertions, deletions, substitutions, and swaps of
// two neighbours (the commonest typo, "scroe"), each counting one.
size_t edit_distance(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

std::string nearest(const std::string& name, const std::vector<std::string>& candidates) {
  const auto target = code_points(name);
  std::string best;
  size_t best_distance = 0, best_length_gap = 0;
  for (const auto& candidate : candidates) {
    const auto points = code_points(candidate);
    const size_t d = edit_distance(target, points);
    // On a tie, the name of the same length: "a3" suggests "a1", not "a".
    const size_t gap = points.size() > target.size() ? points.size() - target.size() : target.size() - points.size();
    if (best.empty() || d < best_distance || (d == best_distance && gap < best_length_gap)) {
      best = candidate;
      best_distance = d;
      best_length_gap = gap;
    }
  }
  // A typo changes a few characters, not most of the name.
  const size_t allowed = std::max<size_t>(1, target.size() / 3);
  return !best.empty() && best_distance <= allowed ? best : std::string();
}

std::string did_you_mean(const std::string& name, const std::vector<std::string>& candidates) {
  const std::string n = nearest(name, candidates);
  return n.empty() ? "" : ", did you mean '" + n + "'?";
}

std::string comma_joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace jixiao
