#include "record.h"

namespace jixiao {

std::string Provenance::display() const {
  std::string out;
  if (!quote.empty()) out = (file.empty() ? "" : file + ": ") + "「" + quote + "」";
  else if (!file.empty()) out = file;
  if (!inferred.empty()) out += (out.empty() ? "" : "; ") + std::string("inferred: ") + inferred;
  return out;
}

std::string Record::title() const { return entity + " " + std::to_string(year); }

}  // namespace jixiao
