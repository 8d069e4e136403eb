// The one error type of jixiao: what went wrong, where (file, line, column),
// and for which indicator. Thrown anywhere, caught only by the command line,
// which maps its kind to an exit code.
#pragma once

#include <stdexcept>
#include <string>

namespace jixiao {

enum class ErrorKind {
  kUsage,     // bad command line: exit 2
  kInput,     // malformed set, data source or database content: exit 1
  kScript,    // a Lua script failed or returned nonsense: exit 1
  kMissing,   // an input a leaf needs is not recorded: exit 1
  kIo,        // a file or database could not be read or written: exit 1
};

struct Location {
  std::string file;  // as the user named it; empty when there is no file
  int line = 0;      // 1-based; 0 when unknown
  int column = 0;    // 1-based; 0 when unknown
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string message, Location where = {},
        std::string indicator = {});

  ErrorKind kind() const { return kind_; }
  const Location& where() const { return where_; }
  const std::string& indicator() const { return indicator_; }
  const std::string& message() const { return message_; }

  // The same error with an indicator path filled in when it had none.
  Error with_indicator(const std::string& indicator) const;

 private:
  ErrorKind kind_;
  Location where_;
  std::string indicator_;
  std::string message_;
};

// "file:line:col: [indicator] message", leaving out the parts that are unknown.
std::string format_error(const Location& where, const std::string& indicator,
                         const std::string& message);

}  // namespace jixiao
