// Internal to the command line: the output formats, in one table. Each
// command lists the formats it takes; --format is parsed once, against that
// list, and the help text's "--format a|b|c" is generated from it.
#pragma once

#include <string>
#include <vector>

namespace jixiao::cli {

struct Args;

enum class Format { kTable, kJson, kCsv, kMarkdown, kHtml, kXlsx };

// "table", "json", "csv", "markdown", "html", "xlsx".
const char* format_name(Format f);

// True for the formats written only to a file (-o FILE): xlsx.
bool file_only(Format f);

// "table|json|html" for the usage line.
std::string formats_text(const std::vector<Format>& accepted);

// --format NAME, or, without it, the format -o FILE's extension names
// (.txt, .json, .csv, .md, .html, .xlsx, any case; .htm and .markdown too), or the first of `accepted`. Throws a usage error listing
// `accepted` when the name is not among them, and when a file-only format
// has no -o FILE.
Format parse_format(const Args& args, const std::vector<Format>& accepted);

// -o FILE's extension, when it has one, must be its format's own (table:
// .txt): a usage error otherwise, naming the formats `command` writes with
// their extensions when the format was not given ("report writes html (.html)
// or xlsx (.xlsx), not .pdf"), the format's own extension when it was. A file
// without an extension (a pipe, /dev/stdout) takes any format.
void check_output_extension(const Args& args, const std::vector<Format>& accepted, const std::string& command);

// For a variant of a command that takes fewer formats (project tables, --all):
// a usage error "--format must be a, b or c for WHAT, not 'x'" otherwise.
void require_format(Format f, const std::vector<Format>& accepted, const std::string& what);

}  // namespace jixiao::cli
