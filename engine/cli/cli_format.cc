#include "cli_format.h"

#include <algorithm>
#include <cctype>

#include "cli_args.h"
#include "suggest.h"

namespace jixiao::cli {

namespace {

struct FormatSpec {
  Format format;
  const char* name;
  const char* extension;  // what -o FILE ends with to choose it (the first), and the other spelling it may have
  const char* also;
  bool file_only;
};

const FormatSpec kFormats[] = {
    {Format::kTable, "table", ".txt", "", false},     {Format::kJson, "json", ".json", "", false},
    {Format::kCsv, "csv", ".csv", "", false},         {Format::kMarkdown, "markdown", ".md", ".markdown", false},
    {Format::kHtml, "html", ".html", ".htm", false},  {Format::kXlsx, "xlsx", ".xlsx", "", true},
};

const FormatSpec& spec(Format f) {
  return *std::find_if(std::begin(kFormats), std::end(kFormats), [f](const FormatSpec& s) { return s.format == f; });
}

// ".pdf" for "out/r.PDF"; "" for a file name without one ("out/r", "/dev/stdout", ".hidden").
std::string extension_of(const std::string& file) {
  const size_t slash = file.rfind('/');
  const size_t name = slash == std::string::npos ? 0 : slash + 1;
  const size_t dot = file.rfind('.');
  if (dot == std::string::npos || dot <= name) return "";
  std::string ext = file.substr(dot);
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

bool is_extension_of(const FormatSpec& s, const std::string& ext) {
  return !ext.empty() && (ext == s.extension || ext == s.also);
}

// "json (.json), csv (.csv) or xlsx (.xlsx)", with `comma` and `or` as given.
std::string listed_with_extensions(const std::vector<Format>& accepted, const char* comma, const char* or_) {
  std::string out;
  for (size_t i = 0; i < accepted.size(); ++i)
    out += (i == 0 ? "" : i + 1 == accepted.size() ? or_ : comma) + std::string(format_name(accepted[i])) + " (" +
           spec(accepted[i]).extension + ")";
  return out;
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
    for (Format f : accepted)  // another extension is refused by check_output_extension, naming these
      if (is_extension_of(spec(f), extension_of(file))) name = format_name(f);
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

void check_output_extension(const Args& args, const std::vector<Format>& accepted, const std::string& command) {
  const std::string file = args.option("--output", "");
  const std::string ext = extension_of(file);
  if (ext.empty() || is_extension_of(spec(args.format), ext)) return;
  if (!args.options.count("--format"))
    usage_error("-o " + file + ": " + command + " 不写 " + ext + " 文件，它写 " + listed_with_extensions(accepted, "、", " 或 ") +
                " (" + command + " writes " + listed_with_extensions(accepted, ", ", " or ") + ", not " + ext + ")");
  const std::string name = format_name(args.format);
  usage_error("-o " + file + ": --format " + name + " 写的是 " + spec(args.format).extension + " 文件，不是 " + ext +
              " (--format " + name + " writes a " + spec(args.format).extension + " file, not " + ext + ")");
}

void require_format(Format f, const std::vector<Format>& accepted, const std::string& what) {
  if (std::find(accepted.begin(), accepted.end(), f) == accepted.end())
    usage_error("--format must be " + listed(accepted) + " for " + what + ", not '" + format_name(f) + "'");
}

}  // namespace jixiao::cli
