// jixiao's public interface: the one exception the engine throws at an
// embedding program, with what went wrong and where.
#pragma once

#include <stdexcept>
#include <string>

namespace jixiao::api {

class Error : public std::runtime_error {
 public:
  enum class Kind {
    kUsage,    // a call made wrongly: Options without a home
    kInput,    // a malformed set, data source or database content
    kScript,   // a scoring script failed or returned nonsense
    kMissing,  // something asked for is not there: a set, a record, an input a leaf needs
    kIo,       // a file or the database could not be read or written
  };

  // what() is the whole message as the command line prints it after
  // "jixiao: ": "file:line:col: [indicator] message", unknown parts left out.
  Error(Kind kind, const std::string& what, std::string file, int line, int column, std::string indicator,
        std::string message);

  Kind kind() const { return kind_; }
  const std::string& file() const { return file_; }           // "" when no file is to blame
  int line() const { return line_; }                          // 1-based; 0 when unknown
  int column() const { return column_; }                      // 1-based; 0 when unknown
  const std::string& indicator() const { return indicator_; } // 部门预算管理 › 预算执行 › 执行进度, or ""
  const std::string& message() const { return message_; }     // the message without location

 private:
  Kind kind_;
  std::string file_;
  int line_;
  int column_;
  std::string indicator_;
  std::string message_;
};

}  // namespace jixiao::api
