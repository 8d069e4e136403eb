// Parses of set files kept on disk from one run to the next. yaml-cpp takes
// some 1,500 instructions per byte: 31 M for the 21 KB 凉山州 set, more than
// half of a cold `jixiao score`; reading a kept parse back takes a few
// hundred thousand.
//
// An entry is named by a SHA-256 of the file's name and bytes, so a file
// edited (or named otherwise) is parsed again, and holds the parse
// (doc_codec.h) after a SHA-256 of it, so one damaged or cut short on disk is
// never read: the file is parsed instead, and the entry written again. A
// parse that fails is never kept (its error is raised again, as parse_yaml
// raises it). Entries are written under a name of their own and renamed
// into place, so a reader sees a whole entry or none, whatever other
// processes do; past kMaxEntries, the least recently written go.
#pragma once

#include <string>

#include "doc.h"

namespace jixiao {

// Where parses are kept: "" (the default) keeps none, so a program that never
// names a folder (a test, a fuzzer) parses every time. The folder is made when
// first written. Safe to call from several threads.
void keep_set_parses_in(const std::string& folder);

// parse_yaml(text, file), read from the folder when a parse of the same name
// and bytes is kept there, else parsed and kept. A folder that cannot be
// read or written costs only the parse: nothing is reported.
Doc parse_set_yaml(const std::string& text, const std::string& file);

// Entries kept at most; writing one past that removes the oldest.
constexpr size_t kMaxKeptParses = 64;

}  // namespace jixiao
