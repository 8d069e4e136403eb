#include <cctype>
#include <cerrno>
#include <cstdlib>

#include "cli_args.h"
#include "error.h"

namespace jixiao::cli {

namespace {

const char* kDefaultEntity = "凉山州科学技术协会";
const int kDefaultYear = 2021;

}  // namespace

void usage_error(const std::string& message) { throw Error(ErrorKind::kUsage, message); }

int parse_year(const std::string& text) {
  char* end = nullptr;
  const long year = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || year < 1949 || year > 2100)
    usage_error("'" + text + "' is not a year such as 2021");
  return static_cast<int>(year);
}

long whole_number(const Args& args, const std::string& name, long fallback, long min, long max) {
  if (!args.options.count(name)) return fallback;
  const std::string text = args.options.at(name);
  // As written, digits only (a '-' first to be told the bound): strtol would
  // also take ' 5' and '+5'.
  const size_t first = !text.empty() && text[0] == '-' ? 1 : 0;
  if (first >= text.size() || !std::isdigit(static_cast<unsigned char>(text[first])))
    usage_error(name + " must be a whole number of at least " + std::to_string(min) + ", not '" + text + "'");
  char* end = nullptr;
  errno = 0;
  const long n = std::strtol(text.c_str(), &end, 10);
  const bool overflow = errno == ERANGE;
  if (!text.empty() && *end == '\0' && n > 0 && (overflow || n > max))
    usage_error(name + " is too large: at most " + std::to_string(max) + ", not '" + text + "'");
  if (text.empty() || *end != '\0' || n < min || overflow)
    usage_error(name + " must be a whole number of at least " + std::to_string(min) + ", not '" + text + "'");
  return n;
}

// ENTITY YEAR from the first two positionals, or the embedded default.
std::pair<std::string, int> entity_year(const Args& args, size_t needed_after) {
  const auto& p = args.positional;
  if (p.size() == needed_after) return {kDefaultEntity, kDefaultYear};
  if (p.size() != needed_after + 2) usage_error("expected ENTITY YEAR (or nothing, for the default department-year)");
  return {p[0], parse_year(p[1])};
}

}  // namespace jixiao::cli
