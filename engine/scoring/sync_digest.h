// What a sync of the default database from data/ reads, as one digest
// (Workspace::open_store): when it equals the digest the last sync recorded,
// the sync would write the records already there, and is skipped.
#pragma once

#include <string>
#include <vector>

namespace jixiao {

// The digest of `files` (in the order given) and of every file under each of
// `folders` (recursively, in name order), names and bytes, and of the jixiao
// program running (its file's identity: a new build may read sources another
// way). "" when any of them cannot be read, or a folder holds something that
// is neither a file nor a folder (a pipe, a device: never opened, as the
// sync never reads them): a digest that never matches, so the sync runs and
// reports what it cannot read.
std::string sync_digest(const std::vector<std::string>& files, const std::vector<std::string>& folders);

}  // namespace jixiao
