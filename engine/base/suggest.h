// "did you mean …?" for misspelt names, and the lists of names messages give.
#pragma once

#include <string>
#include <vector>

namespace jixiao {

// The candidate nearest to `name` by edit distance (counted in UTF-8 code
// points), when it is close enough to be a likely typo; otherwise empty.
std::string nearest(const std::string& name, const std::vector<std::string>& candidates);

// ", did you mean 'x'?" or "" — ready to append to a message.
std::string did_you_mean(const std::string& name, const std::vector<std::string>& candidates);

// "a, b, c": names listed in a message.
std::string comma_joined(const std::vector<std::string>& items);

}  // namespace jixiao
