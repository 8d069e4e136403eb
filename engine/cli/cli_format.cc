#include "cli_format.h"

#include <algorithm>

#include "cli_args.h"
#include "suggest.h"

namespace jixiao::cli {

namespace {

struct FormatSpec {
  Format format;
  const char* name;
  const char* extension;  // what -o FILE ends with to choose it
  bool file_only;
};

const FormatSpec kFormats[] = {
    {Format::kTable, "table", "", false},         {Format::kJson, "json", ".json", false},
    {Format::kCsv, "csv", ".csv", false},         {Format::kMarkdown, "markdown", ".md", false},
    {Format::kHtml, "html", ".html", false},      {Format::kXlsx, "xlsx", ".xlsx", true},
};

const FormatSpec& spec(Format f) {
  return *std::find_if(std::begin(kFormats), std::end(kFormats), [f](const FormatSpec& s) { return s.format == f; });
}

bool ends_with(const std::string& s, const std::string& tail) {
  return !tail.empty() && s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// "a, b or c"
std::string listed(const std::vector<Format>& accepted) {
  std::string out;
  for (size_t i = 0; i < accepted.size(); ++i)
    out += (i == 0 ? "" : i + 1 == accepted.size() ? " or " : ", ") + std::string(format_name(accepted[i]));
  return out;
}

}  // namespace

const char* format_name(Format f) { return spec(f).name; }

bool file_only(Format f) { return spec(f).file_only; }

std::string formats_text(const std::vector<Format>& accepted) {
  std::string out;
  for (Format f : accepted) out += (out.empty() ? "" : "|") + std::string(format_name(f));
  return out;
}

Format parse_format(const Args& args, const std::vector<Format>& accepted) {
  const std::string file = args.option("--output", "");
  std::string name = args.option("--format", "");
  if (name.empty()) {
    name = format_name(accepted.front());
    for (const auto& s : kFormats)
      if (ends_with(file, s.extension)) name = s.name;
  }
  std::vector<std::string> names;
  for (Format f : accepted) names.push_back(format_name(f));
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end())
    usage_error("--format must be " + listed(accepted) + ", not '" + name + "'" + did_you_mean(name, names));
  const Format f = accepted[it - names.begin()];
  if (file_only(f) && file.empty()) usage_error("--format " + name + " writes a file: give -o FILE");
  return f;
}

void require_format(Format f, const std::vector<Format>& accepted, const std::string& what) {
  if (std::find(accepted.begin(), accepted.end(), f) == accepted.end())
    usage_error("--format must be " + listed(accepted) + " for " + what + ", not '" + format_name(f) + "'");
}

}  // namespace jixiao::cli
