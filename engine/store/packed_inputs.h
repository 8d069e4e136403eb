// A record's inputs to scoring packed into one value, kept beside its tables
// (schema 8: record_inputs.inputs) and written with them, so that batch
// scoring reads one value per record instead of a scan per table
// (Store::load_many); the tables stay for load(), explain and db check.
//
// The packing is five fields (packed_fields.h), each a packing of its own:
//   facts           per fact: name, type, text, unit
//   rows            per table: name, and a field of its rows, each row a
//                   field of its cells: column, type, text
//   judgements      per judgement: leaf id, score, basis
//   filed scores    per leaf: leaf id, score
//   project tables  per project a field: its figures, then a field of its
//                   rows, each row a field of its figures (the order is
//                   pack_project's in packed_inputs.cc)
// A type is "n" (number), "b" (bool), "t" (text) or "" (null), its text as
// the tables store it (store_sql); a score is an exact decimal's text, an
// absent decimal "". Labels and the provenance of
// facts, rows and judgements are not packed: scoring does not read them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "record.h"
#include "store.h"

namespace jixiao {

// The packing of `r`'s inputs. The same for `r` and for `r` as its tables
// read it back (Store::load), so a packing can be checked against them.
std::string pack_inputs(const Record& r);

// Reads the parts of `packed` that `what` names into `r`, which must have
// none of them yet: kForScoring the facts (name, value, unit), rows,
// judgements (score, basis) and filed scores; kFiledScores the filed scores;
// kProjects the project tables whole. Every part is checked to be a field,
// whichever are read. Throws std::invalid_argument naming the part, item and
// field with the defect ("the facts, fact 3, its unit: the length 9 runs past
// the end of the value") when `packed` is not a packing of inputs.
void unpack_inputs(std::string_view packed, Store::Reading what, Record& r);

// Where reading the parts of a packing that scoring reads puts each item, in
// packed order (each part in its map's order, so by name): unpack_inputs
// builds a Record through one; batch scoring (slotted_inputs.h) fills storage
// of its own, kept from record to record, by the set's slots.
class InputsSink {
 public:
  // `number_texts`: whether a number read keeps the text it is packed as
  // (Value::text, as the tables' reader keeps it); a sink for scoring alone
  // may do without: scoring reads a number's Decimal, and shows it as one.
  explicit InputsSink(bool number_texts = true) : number_texts_(number_texts) {}
  virtual ~InputsSink() = default;
  bool number_texts() const { return number_texts_; }
  // The Fact to read fact `name`'s value and unit into (both overwritten).
  virtual Fact& fact(std::string_view name) = 0;
  // The rows of table `name`, to read its rows into (row(), then
  // table_read() once they are all read).
  virtual std::vector<Row>& table(std::string_view name) = 0;
  // The next row of `table` (the one table() gave last), to read a row's
  // cells into: its cells are overwritten, and cut to the row's; nothing else
  // of it is read. Here a new one appended; a sink that reads record after
  // record may give a row it kept, so that its cells keep their room.
  virtual Row& row(std::vector<Row>& table) { return table.emplace_back(); }
  // Every row of `table` (the one table() gave last) is read: a sink that
  // gave rows it kept cuts those not read.
  virtual void table_read(std::vector<Row>& table) { (void)table; }
  // The Judgement to read the score and basis of leaf `leaf`'s judgement into.
  virtual Judgement& judgement(std::string_view leaf) = 0;
  // Leaf `leaf`'s filed self-score.
  virtual void filed_score(std::string_view leaf, Decimal score) = 0;

 private:
  bool number_texts_;
};

// Reads the facts, rows, judgements and filed scores of `packed` into
// `sink`, as unpack_inputs reads them with kForScoring into a Record, and
// throws as it does.
void read_scoring_inputs(std::string_view packed, InputsSink& sink);

// A record's project tables read from its packing, record after record, into
// the storage the record before left: each text assigned into a string that
// has its buffer, rows and projects taken off kept for the next record, so
// that reading a batch allocates little after its first records.
class ProjectTables {
 public:
  // The project tables of `packed`, as unpack_inputs reads them with
  // kProjects into a Record's projects (every part checked to be a field;
  // throws as it does), valid until the next read. After a throw the tables
  // hold what was read up to the defect.
  const std::vector<Project>& read(std::string_view packed);

 private:
  std::vector<Project> projects_;
  std::vector<Project> spare_projects_;  // taken off projects_, with their rows
  std::vector<ProjectRow> spare_rows_;   // taken off projects' rows
};

// The first part ("facts", "rows", "judgements", "filed scores", "project
// tables") in which two packings differ; "" when they are the same. A value
// that is not five fields differs in the first part it cannot give.
std::string first_difference(std::string_view a, std::string_view b);

}  // namespace jixiao
