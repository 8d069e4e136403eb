#include "test_support.h"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include "cli.h"
#include "lua_sandbox.h"

namespace jixiao::test {

std::string source_dir() { return JIXIAO_SOURCE_DIR; }
std::string scripts_dir() { return source_dir() + "/scripts"; }
std::string sets_dir() { return source_dir() + "/indicator-sets"; }

namespace {

// The scratch folders this process made, removed when it ends.
std::vector<std::string>& scratch_made() {
  static std::vector<std::string> made;
  return made;
}

void remove_scratch() {
  std::error_code ignored;  // at exit, nothing to report it to
  for (const auto& dir : scratch_made()) std::filesystem::remove_all(dir, ignored);
}

}  // namespace

// The folder is the process's own (NAME.PID): CTest -j runs the test cases of
// one file in separate processes at once, and two of them emptying one
// shared folder made each other fail.
std::string scratch_dir(const std::string& name) {
  const std::string dir = std::string(JIXIAO_TEST_TMP) + "/" + name + "." + std::to_string(::getpid());
  const std::string command = "rm -rf '" + dir + "' && mkdir -p '" + dir + "'";
  if (std::system(command.c_str()) != 0) throw std::runtime_error("cannot make " + dir);
  if (scratch_made().empty()) std::atexit(remove_scratch);
  if (std::find(scratch_made().begin(), scratch_made().end(), dir) == scratch_made().end())
    scratch_made().push_back(dir);
  return dir;
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::string script_dir(const std::string& name, const std::vector<std::pair<std::string, std::string>>& files) {
  const std::string dir = scratch_dir(name);
  for (const auto& [path, text] : files) {
    std::filesystem::create_directories(std::filesystem::path(dir + "/" + path).parent_path());
    write_text(dir + "/" + path, text);
  }
  return dir;
}

Node script_leaf(const std::string& script) {
  Node n;
  n.id = "leaf";
  n.name = "测试指标";
  n.weight = Decimal::from_int(8);
  n.script = script;
  n.params.type = Value::Type::kMap;
  return n;
}

Fact number_fact(const std::string& name, const std::string& value, const std::string& unit) {
  Fact f = value_fact(name, Value::of_number(*Decimal::parse(value)));
  f.unit = unit;
  return f;
}

Fact bool_fact(const std::string& name, bool value) { return value_fact(name, Value::of_bool(value)); }

Fact value_fact(const std::string& name, Value value) {
  Fact f;
  f.name = name;
  f.label = name;
  f.value = std::move(value);
  f.provenance.inferred = "test";
  return f;
}

void on_counted_thread(const std::function<void()>& body) {
  std::thread([&] {
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, sandbox::watchdog_signal());
    pthread_sigmask(SIG_BLOCK, &block, nullptr);
    body();
  }).join();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

CliRun run_jixiao(const std::vector<std::string>& args) {
  std::vector<const char*> argv = {"jixiao"};
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  const int code = run_cli(static_cast<int>(argv.size()), argv.data(), out, err);
  return {code, out.str(), err.str()};
}

std::string inputs_text(const Record& r, bool provenance) {
  std::ostringstream out;
  auto value = [&](const Value& v) { out << Value::type_name(v.type) << ' ' << v.display() << " [" << v.text << "]"; };
  auto decimal = [&](const char* name, const std::optional<Decimal>& d) {
    out << ' ' << name << '=' << (d ? d->str() : "none");
  };
  auto origin = [&](const Provenance& p) {
    if (provenance) out << " from [" << p.file << "|" << p.quote << "|" << p.inferred << "]";
  };
  out << r.entity << ' ' << r.year << ' ' << r.kind << ' ' << r.set_id << ' ' << r.source << " 总分 "
      << (r.filed_total ? r.filed_total->str() : "none") << '\n';
  for (const auto& [name, f] : r.facts) {
    out << "fact " << name << " (" << f.name << ") ";
    value(f.value);
    out << " unit [" << f.unit << "]";
    if (provenance) out << " label [" << f.label << "]";
    origin(f.provenance);
    out << '\n';
  }
  for (const auto& [table, rows] : r.rows) {
    out << "table " << table << ": " << rows.size() << " rows\n";
    for (size_t i = 0; i < rows.size(); ++i) {
      out << "  row " << i;
      origin(rows[i].provenance);
      out << '\n';
      for (const auto& [column, v] : rows[i].cells) {
        out << "    " << column << ' ';
        value(v);
        out << '\n';
      }
    }
  }
  for (const auto& [leaf, j] : r.judgements) {
    out << "judgement " << leaf << ' ' << j.score.str() << ' ' << j.basis;
    origin(j.provenance);
    out << '\n';
  }
  for (const auto& [leaf, score] : r.filed_scores) out << "filed " << leaf << ' ' << score.str() << '\n';
  for (const Project& p : r.projects) {
    out << "project " << p.id << " [" << p.name << "|" << p.table << "|" << p.owner << "|" << p.budget_unit << "|"
        << p.goal << "|" << p.goal_achieved << "|" << p.note << "|" << p.rate_printed << "|" << p.stated_grade << "]";
    out << " from [" << p.provenance.file << "|" << p.provenance.quote << "|" << p.provenance.inferred << "]";
    decimal("planned", p.planned);
    decimal("executed", p.executed);
    decimal("fiscal_planned", p.fiscal_planned);
    decimal("fiscal_executed", p.fiscal_executed);
    decimal("weight_share", p.weight_share);
    decimal("initial_budget", p.initial_budget);
    decimal("budget_weight", p.budget_weight);
    decimal("budget_score", p.budget_score);
    decimal("stated_total", p.stated_total);
    out << '\n';
    for (const ProjectRow& row : p.rows) {
      out << "  row " << row.line << " [" << row.level1 << "|" << row.level2 << "|" << row.name << "|" << row.target
          << "|" << row.actual << "|" << row.nature << "|" << row.unit << "|" << row.grade << "|" << row.note << "]"
          << (row.subtotal ? " subtotal" : "");
      decimal("level1_points", row.level1_points);
      decimal("weight", row.weight);
      decimal("score", row.score);
      decimal("weight_share", row.weight_share);
      if (const auto& j = row.judgement)
        out << " judgement " << j->score.str() << " [" << j->basis << "|" << j->provenance.file << "|"
            << j->provenance.quote << "|" << j->provenance.inferred << "]";
      out << '\n';
    }
  }
  return out.str();
}

CliRun in_db(const std::string& db, std::vector<std::string> args) {
  args.insert(args.end(), {"--home", source_dir(), "--db", db});
  return run_jixiao(args);
}

}  // namespace jixiao::test
