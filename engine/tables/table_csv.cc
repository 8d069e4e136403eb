// CSV as Excel and WPS write it: RFC 4180 quoting, UTF-8 (with or without a
// BOM) or, from Chinese Excel's "CSV (逗号分隔)", GB18030/GBK, converted with
// glibc's iconv.
#include <iconv.h>

#include <cerrno>

#include "table_reader.h"
#include "terminal_text.h"

namespace jixiao {

namespace {

bool is_utf8(const std::string& text) {
  for (size_t at = 0; at < text.size();)
    if (next_code_point(text, at) < 0) return false;
  return true;
}

// GB18030 (a superset of GBK and GB2312) to UTF-8; false when the bytes are
// not GB18030 either.
bool gb18030_to_utf8(const std::string& bytes, std::string& out) {
  iconv_t cd = ::iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  out.assign(bytes.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  char* dst = out.data();
  size_t out_left = out.size();
  bool ok = true;
  while (in_left > 0) {
    if (::iconv(cd, &in, &in_left, &dst, &out_left) != static_cast<size_t>(-1)) continue;
    if (errno != E2BIG) {
      ok = false;
      break;
    }
    const size_t used = out.size() - out_left;
    out.resize(out.size() * 2);
    dst = out.data() + used;
    out_left = out.size() - used;
  }
  ::iconv_close(cd);
  out.resize(out.size() - out_left);
  return ok && is_utf8(out);
}

}  // namespace

Sheet parse_csv(const std::string& bytes, const std::string& file) {
  std::string text;
  if (bytes.compare(0, 3, "\xEF\xBB\xBF") == 0) {
    text = bytes.substr(3);
    if (!is_utf8(text)) throw Error(ErrorKind::kInput, "starts with a UTF-8 mark but is not valid UTF-8", Location{file});
  } else if (is_utf8(bytes)) {
    text = bytes;
  } else if (!gb18030_to_utf8(bytes, text)) {
    throw Error(ErrorKind::kInput,
                "is neither UTF-8 nor GB18030/GBK text: save it from Excel as \"CSV UTF-8 (逗号分隔)\"", Location{file});
  }
  Sheet sheet;
  sheet.file = file;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false, cell_started = false;
  int quote_row = 0, quote_col = 0;
  auto end_cell = [&] {
    row.push_back(cell);
    cell.clear();
    cell_started = false;
  };
  auto end_row = [&] {
    end_cell();
    while (!row.empty() && row.back().empty()) row.pop_back();
    sheet.cells.push_back(std::move(row));
    row.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c != '"') {
        cell += c;
      } else if (i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else {
        quoted = false;
      }
      continue;
    }
    if (c == '"' && !cell_started && cell.empty()) {
      quoted = cell_started = true;
      quote_row = sheet.rows();
      quote_col = static_cast<int>(row.size());
    } else if (c == ',') {
      end_cell();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_row();
    } else {
      cell += c;
      cell_started = true;
    }
  }
  if (quoted) throw Error(ErrorKind::kInput, "a quote opened here is never closed", sheet.where(quote_row, quote_col));
  if (cell_started || !row.empty()) end_row();
  while (!sheet.cells.empty() && sheet.cells.back().empty()) sheet.cells.pop_back();
  return sheet;
}

}  // namespace jixiao
