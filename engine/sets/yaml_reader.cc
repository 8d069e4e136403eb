// The only file that includes yaml-cpp: builds Doc trees from its parser's
// events (not from YAML::Node graphs, which follow a recursive alias forever
// and cost far more memory) and turns its exceptions into located Errors.
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <optional>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "doc.h"
#include "files.h"
#include "utf8.h"

namespace jixiao {

namespace {

Location location_of(const YAML::Mark& mark, const std::string& file) {
  if (mark.is_null()) return Location{file};
  return Location{file, mark.line + 1, mark.column + 1};  // yaml-cpp counts from 0
}

// Line and column (1-based, in bytes as yaml-cpp counts) of a byte offset.
Location location_at(const std::string& text, size_t offset, const std::string& file) {
  int line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset && i < text.size(); ++i)
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  return Location{file, line, static_cast<int>(offset - line_start) + 1};
}

[[noreturn]] void refuse(const std::string& message, Location where) {
  throw Error(ErrorKind::kInput, message, std::move(where));
}

// Thrown by the builder at the start of a second document, to stop the parser there.
struct SecondDocument {
  YAML::Mark mark;
};

// Builds one Doc from the parser's events, refusing what no set or data file
// needs: nesting deeper than kMaxDepth, more than kMaxValues values (aliases
// count as the values they copy), an alias inside the anchor it names, text
// that is not valid UTF-8 or holds control characters, and a quoted text
// left open at the end of its line.
class Builder : public YAML::EventHandler {
 public:
  Builder(const std::string& text, size_t bom, const std::string& file) : text_(text), bom_(bom), file_(file) {}

  Doc take() { return std::move(root_); }

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (documents_++ > 0) throw SecondDocument{mark};
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Doc doc;
    doc.where = location_of(mark, file_);
    count(1, mark);
    complete(std::move(doc), anchor, 1);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    for (const Open& open : stack_)
      if (open.anchor == anchor && anchor != 0)
        refuse("the alias *" + name_of(anchor) + " is inside the anchor &" + name_of(anchor) + " it names (line " +
                   std::to_string(open.doc.where.line) + "): a value cannot contain itself",
               location_of(mark, file_));
    const Anchored& anchored = anchors_.at(anchor);
    if (values_ + anchored.values > kMaxValues)
      refuse("the alias *" + name_of(anchor) + " would copy " + std::to_string(anchored.values) +
                 " values, taking the file past " + std::to_string(kMaxValues) +
                 " values: aliases (*) are copied where they are used",
             location_of(mark, file_));
    values_ += anchored.values;
    Doc copy = anchored.doc;
    copy.where = location_of(mark, file_);
    complete(std::move(copy), 0, anchored.values);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    count(1, mark);
    Doc doc;
    doc.kind = Doc::Kind::kScalar;
    doc.where = location_of(mark, file_);
    doc.scalar = value;
    doc.quoted = tag == "!";  // yaml-cpp tags quoted and block scalars "!"
    if (doc.quoted) check_quote_closes_on_its_line(mark);
    if (auto bad = find_invalid_utf8(value)) refuse(bad->message, doc.where);
    if (auto bad = find_control_character(value, false)) refuse(bad->message, doc.where);
    complete(std::move(doc), anchor, 1);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(Doc::Kind::kSequence, mark, anchor);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(Doc::Kind::kMap, mark, anchor);
  }
  void OnMapEnd() override { close(); }

  void OnAnchor(const YAML::Mark&, const std::string& name) override { names_.push_back(name); }

 private:
  struct Open {
    Doc doc;
    YAML::anchor_t anchor = 0;
    size_t values_before = 0;                // values_ when it opened, so its size is known at the end
    std::unordered_set<std::string> keys;    // kMap: the keys so far
    std::optional<std::pair<std::string, Location>> key;  // kMap: a key waiting for its value
  };
  struct Anchored {
    Doc doc;
    size_t values = 0;
  };

  void count(size_t values, const YAML::Mark& mark) {
    values_ += values;
    if (values_ > kMaxValues)
      refuse("more than " + std::to_string(kMaxValues) + " values: a set or data file holds far fewer",
             location_of(mark, file_));
  }

  void open(Doc::Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (stack_.size() >= kMaxDepth)
      refuse("nested deeper than " + std::to_string(kMaxDepth) + " levels", location_of(mark, file_));
    count(1, mark);
    Open o;
    o.doc.kind = kind;
    o.doc.where = location_of(mark, file_);
    o.anchor = anchor;
    o.values_before = values_ - 1;
    stack_.push_back(std::move(o));
  }

  void close() {
    Open o = std::move(stack_.back());
    stack_.pop_back();
    complete(std::move(o.doc), o.anchor, values_ - o.values_before);
  }

  // A finished node goes into its parent (as a key, a value or an item), or becomes the root.
  void complete(Doc doc, YAML::anchor_t anchor, size_t values) {
    if (anchor != 0) anchors_[anchor] = Anchored{doc, values};
    if (stack_.empty()) {
      root_ = std::move(doc);
      return;
    }
    Open& parent = stack_.back();
    if (parent.doc.kind == Doc::Kind::kSequence) {
      parent.doc.items.push_back(std::move(doc));
    } else if (!parent.key) {
      if (doc.kind != Doc::Kind::kScalar) refuse("keys must be plain text", doc.where);
      if (!parent.keys.insert(doc.scalar).second) refuse("duplicate key '" + doc.scalar + "'", doc.where);
      parent.key.emplace(doc.scalar, doc.where);
    } else {
      parent.doc.map.emplace_back(std::move(parent.key->first), std::move(doc));
      parent.doc.key_where.push_back(std::move(parent.key->second));
      parent.key.reset();
    }
  }

  std::string name_of(YAML::anchor_t anchor) const {
    return anchor >= 1 && anchor <= names_.size() ? names_[anchor - 1] : std::to_string(anchor);
  }

  // A quote left open runs on over the following lines until the next quote
  // of its kind, swallowing keys on the way ("missing 'weight'"): a quoted
  // text must close on the line it opens. Text of several lines is written with |.
  void check_quote_closes_on_its_line(const YAML::Mark& mark) const {
    const size_t start = static_cast<size_t>(mark.pos) + bom_;
    if (start >= text_.size() || (text_[start] != '"' && text_[start] != '\'')) return;  // | and > blocks
    const char quote = text_[start];
    for (size_t i = start + 1; i < text_.size(); ++i) {
      const char c = text_[i];
      if (c == '\n' || c == '\r') break;
      if (quote == '"' && c == '\\') {
        ++i;
      } else if (c == quote) {
        if (quote == '\'' && i + 1 < text_.size() && text_[i + 1] == '\'') {
          ++i;  // '' is a quote inside single quotes
          continue;
        }
        return;
      }
    }
    refuse(std::string("the quote ") + quote + " opened here is not closed on this line (quoted text must close "
               "on the line it opens; write text of several lines after | )",
           location_of(mark, file_));
  }

  const std::string& text_;
  const size_t bom_;
  const std::string& file_;
  std::vector<Open> stack_;
  std::unordered_map<YAML::anchor_t, Anchored> anchors_;
  std::vector<std::string> names_;  // anchor names, by anchor id - 1
  size_t values_ = 0;
  int documents_ = 0;
  Doc root_;
};

// Refuses bytes that are not text before the parser sees them, at their exact line and column.
void check_text(const std::string& text, const std::string& file) {
  if (text.size() > kMaxBytes)
    refuse("the file is " + std::to_string(text.size()) + " bytes; a set or data file may be at most " +
               std::to_string(kMaxBytes) + " bytes",
           Location{file});
  if (text.compare(0, 2, "\xFF\xFE") == 0 || text.compare(0, 2, "\xFE\xFF") == 0)
    refuse("the file is UTF-16 (it starts with a UTF-16 byte order mark): save it as UTF-8", Location{file, 1, 1});
  if (auto bad = find_invalid_utf8(text)) refuse(bad->message, location_at(text, bad->offset, file));
  if (auto bad = find_control_character(text, true)) refuse(bad->message, location_at(text, bad->offset, file));
}

}  // namespace

Doc parse_yaml(const std::string& text, const std::string& file) {
  check_text(text, file);
  const size_t bom = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;  // yaml-cpp's marks start after it
  std::istringstream in(text);
  Builder builder(text, bom, file);
  try {
    YAML::Parser parser(in);
    if (parser.HandleNextDocument(builder)) parser.HandleNextDocument(builder);  // the second only to refuse it
  } catch (const SecondDocument& second) {
    refuse("a second YAML document ('---') at line " + std::to_string(second.mark.line + 1) +
               ": one file holds one set or record",
           location_of(second.mark, file));
  } catch (const YAML::Exception& e) {
    throw Error(ErrorKind::kInput, "YAML syntax: " + e.msg, location_of(e.mark, file));
  }
  Doc root = builder.take();
  if (root.where.file.empty()) root.where = Location{file, 1, 1};  // an empty file: null, at its start
  return root;
}

Doc read_yaml_file(const std::string& path) {
  return parse_yaml(read_file(path), path);
}

}  // namespace jixiao
