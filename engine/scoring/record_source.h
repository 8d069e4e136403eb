// Reads a department-year's human-editable source (data/*.yaml) into a
// Record. The format is described in data/README.md.
#pragma once

#include <string>

#include "record.h"

namespace jixiao {

// Parses one data source; `file` is used in messages and kept as
// Record::source. Throws Error(kInput) located at the offending value: an
// unknown key, a value of the wrong type, a fact without unit, an input
// without provenance, a duplicate name.
Record parse_record(const std::string& yaml_text, const std::string& file);

// The same from a document already parsed (or built from a table, as
// table_import.cc does): the checks and messages are the same.
struct Doc;
Record record_from_doc(const Doc& root, const std::string& file);

Record load_record_file(const std::string& path);

}  // namespace jixiao
