// xlsx in, through libzip (the archive) and pugixml (the XML parts): the
// workbook's sheet list and relationships, shared strings, each sheet's cells
// and merged ranges. Only this file knows either library.
#include <zip.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <pugixml.hpp>

#include "table_reader.h"

namespace jixiao {

namespace {

constexpr zip_uint64_t kMaxPartBytes = 256u << 20;  // a part larger than this is refused, not inflated
constexpr long kMaxGridCells = 10000000;           // a sheet's rows × columns, merged ranges filled
constexpr long kMaxMergedCells = 1000000;          // cells inside merged ranges, per sheet

bool named(const pugi::xml_node& node, const char* local) {
  const char* name = node.name();
  const char* colon = std::strchr(name, ':');
  return std::strcmp(colon ? colon + 1 : name, local) == 0;
}

pugi::xml_node child(const pugi::xml_node& node, const char* local) {
  for (pugi::xml_node c : node.children())
    if (named(c, local)) return c;
  return {};
}

class Archive {
 public:
  explicit Archive(const std::string& path) : path_(path) {
    int error = 0;
    zip_ = ::zip_open(path.c_str(), ZIP_RDONLY, &error);
    if (zip_ == nullptr) {
      zip_error_t e;
      ::zip_error_init_with_code(&e, error);
      const std::string why = ::zip_error_strerror(&e);
      ::zip_error_fini(&e);
      throw Error(ErrorKind::kIo, "cannot open as an xlsx workbook (a zip archive): " + why, Location{path});
    }
  }
  ~Archive() { ::zip_discard(zip_); }
  Archive(const Archive&) = delete;
  Archive& operator=(const Archive&) = delete;

  bool has(const std::string& part) const { return ::zip_name_locate(zip_, part.c_str(), 0) >= 0; }

  // The part's XML; Error(kInput) naming the part when missing or malformed.
  pugi::xml_document xml(const std::string& part) const {
    zip_stat_t st;
    if (::zip_stat(zip_, part.c_str(), 0, &st) != 0)
      throw Error(ErrorKind::kInput, "not an xlsx workbook: it has no " + part, Location{path_});
    if (!(st.valid & ZIP_STAT_SIZE) || st.size > kMaxPartBytes)
      throw Error(ErrorKind::kInput, part + " is larger than 256 MiB unpacked; refused", Location{path_});
    std::string bytes(static_cast<size_t>(st.size), '\0');
    zip_file_t* f = ::zip_fopen(zip_, part.c_str(), 0);
    const zip_int64_t got = f ? ::zip_fread(f, bytes.data(), st.size) : -1;
    if (f) ::zip_fclose(f);
    if (got != static_cast<zip_int64_t>(st.size))
      throw Error(ErrorKind::kInput, "cannot unpack " + part + ": the archive is damaged", Location{path_});
    pugi::xml_document doc;
    const pugi::xml_parse_result r = doc.load_buffer(bytes.data(), bytes.size(), pugi::parse_default | pugi::parse_ws_pcdata);
    if (!r)
      throw Error(ErrorKind::kInput,
                  part + " is not well-formed XML at byte " + std::to_string(r.offset) + ": " + r.description(),
                  Location{path_});
    return doc;
  }

 private:
  std::string path_;
  zip_t* zip_ = nullptr;
};

// The text of a string item (<si> or <is>): its <t>, or its rich-text runs'
// <t>s joined; phonetic guides (<rPh>) left out.
std::string string_item(const pugi::xml_node& item) {
  std::string out;
  for (pugi::xml_node c : item.children()) {
    if (named(c, "t")) out += c.text().get();
    else if (named(c, "r")) out += child(c, "t").text().get();
  }
  return out;
}

// How a cell style shows its number: as is, as a percentage, or as a date.
enum class Shown { kNumber, kPercent, kDate };

Shown shown_by_format(int id, const std::string& code) {
  if (id == 9 || id == 10) return Shown::kPercent;
  if ((id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58)) return Shown::kDate;
  if (code.empty()) return Shown::kNumber;
  std::string bare;  // the code without quoted text, [colour]/[locale] sections and escapes
  for (size_t i = 0; i < code.size(); ++i) {
    if (code[i] == '"') i = std::min(code.find('"', i + 1), code.size());
    else if (code[i] == '[') i = std::min(code.find(']', i + 1), code.size());
    else if (code[i] == '\\' || code[i] == '_' || code[i] == '*') ++i;
    else bare += static_cast<char>(std::tolower(static_cast<unsigned char>(code[i])));
  }
  if (bare.find('%') != std::string::npos) return Shown::kPercent;
  if (bare.find('y') != std::string::npos || bare.find('d') != std::string::npos) return Shown::kDate;
  return Shown::kNumber;
}

// Each cell style's (xf's) way of showing numbers, from xl/styles.xml.
std::vector<Shown> cell_styles(const Archive& zip) {
  std::vector<Shown> out;
  if (!zip.has("xl/styles.xml")) return out;
  const pugi::xml_document doc = zip.xml("xl/styles.xml");
  const pugi::xml_node root = doc.document_element();
  std::map<int, std::string> codes;
  for (pugi::xml_node f : child(root, "numFmts").children())
    if (named(f, "numFmt")) codes[f.attribute("numFmtId").as_int()] = f.attribute("formatCode").value();
  for (pugi::xml_node xf : child(root, "cellXfs").children()) {
    if (!named(xf, "xf")) continue;
    const int id = xf.attribute("numFmtId").as_int();
    out.push_back(shown_by_format(id, codes.count(id) ? codes[id] : ""));
  }
  return out;
}

// Excel's day number (1900 system, after its phantom 1900-02-29) as
// "2023年12月1日"; "" for a number that is no such day.
std::string excel_date(const std::string& number) {
  char* end = nullptr;
  const double serial = std::strtod(number.c_str(), &end);
  if (end == number.c_str() || *end != '\0' || serial < 61 || serial > 2958465) return "";
  long z = static_cast<long>(serial) - 25569 + 719468;  // days since 0000-03-01 (H. Hinnant's civil_from_days)
  const long era = z / 146097, doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
  const long d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9, y = yoe + era * 400 + (m <= 2);
  return std::to_string(y) + "年" + std::to_string(m) + "月" + std::to_string(d) + "日";
}

// "B3" → (2, 1); false for anything else.
bool parse_ref(const std::string& ref, int& row, int& column) {
  size_t i = 0;
  long col = 0, r = 0;
  for (; i < ref.size() && std::isupper(static_cast<unsigned char>(ref[i])); ++i) col = col * 26 + (ref[i] - 'A' + 1);
  if (i == 0 || i == ref.size() || col > 16384) return false;
  for (; i < ref.size() && std::isdigit(static_cast<unsigned char>(ref[i])); ++i) r = r * 10 + (ref[i] - '0');
  if (i != ref.size() || r < 1 || r > 1048576) return false;
  row = static_cast<int>(r - 1);
  column = static_cast<int>(col - 1);
  return true;
}

// "worksheets/sheet1.xml" from xl/_rels/workbook.xml.rels, as a part name.
std::string part_name(const std::string& target) {
  if (!target.empty() && target[0] == '/') return target.substr(1);
  return "xl/" + target;
}

void read_sheet(const Archive& zip, const std::string& part, const std::vector<std::string>& shared,
                const std::vector<Shown>& styles, Sheet& sheet) {
  const pugi::xml_document doc = zip.xml(part);
  const pugi::xml_node root = doc.document_element();
  long grid = 0;  // cells held, empty ones included: a far-off cell must not take all memory
  auto put = [&sheet, &grid](int row, int column, std::string text) {
    if (sheet.rows() <= row) {
      grid += row + 1 - sheet.rows();
      sheet.cells.resize(static_cast<size_t>(row) + 1);
    }
    auto& r = sheet.cells[static_cast<size_t>(row)];
    if (static_cast<int>(r.size()) <= column) {
      grid += column + 1 - static_cast<long>(r.size());
      if (grid > kMaxGridCells)
        throw Error(ErrorKind::kInput, "the sheet spans more than ten million cells (to " + cell_name(row, column) +
                                           "); refused", Location{sheet.title()});
      r.resize(static_cast<size_t>(column) + 1);
    }
    r[static_cast<size_t>(column)] = std::move(text);
  };
  int next_row = 0;
  for (pugi::xml_node row : child(root, "sheetData").children()) {
    if (!named(row, "row")) continue;
    int row_index = next_row;
    if (const char* r = row.attribute("r").value(); *r) row_index = std::atoi(r) - 1;
    if (row_index < 0 || row_index >= 1048576)
      throw Error(ErrorKind::kInput, "row number '" + std::string(row.attribute("r").value()) + "' is out of range",
                  Location{sheet.title()});
    next_row = row_index + 1;
    int next_col = 0;
    for (pugi::xml_node c : row.children()) {
      if (!named(c, "c")) continue;
      int r = row_index, col = next_col;
      const std::string ref = c.attribute("r").value();
      if (!ref.empty() && !parse_ref(ref, r, col))
        throw Error(ErrorKind::kInput, "a cell has the malformed reference '" + ref + "'", Location{sheet.title()});
      next_col = col + 1;
      const std::string type = c.attribute("t").value();
      const std::string v = child(c, "v").text().get();
      std::string text;
      if (type == "s") {
        char* end = nullptr;
        const long index = std::strtol(v.c_str(), &end, 10);
        if (v.empty() || *end != '\0' || index < 0 || index >= static_cast<long>(shared.size()))
          throw Error(ErrorKind::kInput, "refers to shared string '" + v + "', which the workbook does not have",
                      sheet.where(r, col));
        text = shared[static_cast<size_t>(index)];
      } else if (type == "inlineStr") {
        text = string_item(child(c, "is"));
      } else if (type == "b") {
        text = v == "1" ? "TRUE" : "FALSE";
      } else if (type == "str") {
        text = v;
      } else if (type == "e") {
        text = v;
        sheet.errors.insert({r, col});
      } else {
        text = excel_number(v);
        const long style = c.attribute("s").as_int(0);
        const Shown shown = style >= 0 && style < static_cast<long>(styles.size()) ? styles[static_cast<size_t>(style)]
                                                                                     : Shown::kNumber;
        const bool number = !text.empty() && text.find_first_not_of("-.0123456789") == std::string::npos;
        if (number && shown == Shown::kPercent) text = excel_number(text + "E2") + "%";  // 0.95 shown as 95%
        if (number && shown == Shown::kDate && !excel_date(text).empty()) text = excel_date(text);
      }
      put(r, col, std::move(text));
    }
  }
  long merged = 0;
  for (pugi::xml_node m : child(root, "mergeCells").children()) {
    if (!named(m, "mergeCell")) continue;
    const std::string ref = m.attribute("ref").value();
    const size_t colon = ref.find(':');
    int r1, c1, r2, c2;
    if (colon == std::string::npos || !parse_ref(ref.substr(0, colon), r1, c1) ||
        !parse_ref(ref.substr(colon + 1), r2, c2) || r2 < r1 || c2 < c1)
      throw Error(ErrorKind::kInput, "a merged range has the malformed reference '" + ref + "'", Location{sheet.title()});
    merged += static_cast<long>(r2 - r1 + 1) * (c2 - c1 + 1);
    if (merged > kMaxMergedCells)
      throw Error(ErrorKind::kInput, "merged ranges cover more than a million cells (at " + ref + "); refused",
                  Location{sheet.title()});
    const std::string value = sheet.at(r1, c1);
    for (int r = r1; r <= r2; ++r)
      for (int c = c1; c <= c2; ++c) {
        sheet.merged_into[{r, c}] = {r1, c1};
        if (r != r1 || c != c1) put(r, c, value);
        if (sheet.errors.count({r1, c1})) sheet.errors.insert({r, c});
        else sheet.errors.erase({r, c});
      }
  }
  for (auto& r : sheet.cells)
    while (!r.empty() && r.back().empty()) r.pop_back();
  while (!sheet.cells.empty() && sheet.cells.back().empty()) sheet.cells.pop_back();
}

}  // namespace

std::string excel_number(const std::string& v) {
  size_t i = 0;
  std::string sign;
  if (i < v.size() && (v[i] == '-' || v[i] == '+')) sign = v[i++] == '-' ? "-" : "";
  std::string digits;
  long point = -1, exponent = 0;
  for (; i < v.size() && (std::isdigit(static_cast<unsigned char>(v[i])) || v[i] == '.'); ++i) {
    if (v[i] == '.') {
      if (point >= 0) return v;
      point = static_cast<long>(digits.size());
    } else {
      digits += v[i];
    }
  }
  if (digits.empty()) return v;
  if (point < 0) point = static_cast<long>(digits.size());
  if (i < v.size() && (v[i] == 'e' || v[i] == 'E')) {
    const std::string e = v.substr(i + 1);
    if (e.empty() || e.size() > 5) return v;
    size_t used = 0;
    try {
      exponent = std::stol(e, &used);
    } catch (...) {
      return v;
    }
    if (used != e.size()) return v;
    i = v.size();
  }
  if (i != v.size()) return v;
  point += exponent;
  size_t lead = 0;
  while (lead < digits.size() && digits[lead] == '0') ++lead;
  if (lead == digits.size()) return "0";
  digits.erase(0, lead);
  point -= static_cast<long>(lead);
  if (digits.size() > 15) {
    const bool up = digits[15] >= '5';
    digits.resize(15);
    for (long k = 14; up && k >= 0; --k) {
      if (digits[static_cast<size_t>(k)] != '9') {
        ++digits[static_cast<size_t>(k)];
        break;
      }
      digits[static_cast<size_t>(k)] = '0';
      if (k == 0) {
        digits.insert(digits.begin(), '1');
        ++point;
      }
    }
  }
  while (!digits.empty() && digits.back() == '0') digits.pop_back();
  const long n = static_cast<long>(digits.size());
  std::string out;
  if (point <= 0) out = "0." + std::string(static_cast<size_t>(-point), '0') + digits;
  else if (point >= n) out = digits + std::string(static_cast<size_t>(point - n), '0');
  else out = digits.substr(0, static_cast<size_t>(point)) + "." + digits.substr(static_cast<size_t>(point));
  return sign + out;
}

std::vector<Sheet> read_xlsx(const std::string& path) {
  const Archive zip(path);
  std::vector<std::string> shared;
  if (zip.has("xl/sharedStrings.xml")) {
    const pugi::xml_document doc = zip.xml("xl/sharedStrings.xml");
    for (pugi::xml_node si : doc.document_element().children())
      if (named(si, "si")) shared.push_back(string_item(si));
  }
  const std::vector<Shown> styles = cell_styles(zip);
  const pugi::xml_document rels = zip.xml("xl/_rels/workbook.xml.rels");
  const pugi::xml_document book = zip.xml("xl/workbook.xml");
  std::vector<Sheet> sheets;
  for (pugi::xml_node s : child(book.document_element(), "sheets").children()) {
    if (!named(s, "sheet")) continue;
    std::string rid;
    for (pugi::xml_attribute a : s.attributes()) {
      const std::string name = a.name();
      if (name.size() > 3 && name.compare(name.size() - 3, 3, ":id") == 0) rid = a.value();
    }
    std::string target;
    for (pugi::xml_node rel : rels.document_element().children())
      if (named(rel, "Relationship") && rid == rel.attribute("Id").value()) target = rel.attribute("Target").value();
    Sheet sheet;
    sheet.file = path;
    sheet.name = s.attribute("name").value();
    if (target.empty())
      throw Error(ErrorKind::kInput, "the workbook lists this sheet but not where it is (relationship '" + rid + "')",
                  Location{sheet.title()});
    read_sheet(zip, part_name(target), shared, styles, sheet);
    sheets.push_back(std::move(sheet));
  }
  if (sheets.empty()) throw Error(ErrorKind::kInput, "the workbook has no sheets", Location{path});
  return sheets;
}

}  // namespace jixiao
