#include "error.h"

namespace jixiao {

std::string format_error(const Location& where, const std::string& indicator,
                         const std::string& message) {
  std::string out;
  if (!where.file.empty()) {
    out += where.file;
    if (where.line > 0) {
      out += ":" + std::to_string(where.line);
      if (where.column > 0) out += ":" + std::to_string(where.column);
    }
    out += ": ";
  }
  if (!indicator.empty()) out += "[" + indicator + "] ";
  out += message;
  return out;
}

Error::Error(ErrorKind kind, std::string message, Location where,
             std::string indicator)
    : std::runtime_error(format_error(where, indicator, message)),
      kind_(kind),
      where_(std::move(where)),
      indicator_(std::move(indicator)),
      message_(std::move(message)) {}

Error Error::with_indicator(const std::string& indicator) const {
  if (!indicator_.empty()) return *this;
  return Error(kind_, message_, where_, indicator);
}

}  // namespace jixiao
