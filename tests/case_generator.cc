#include "case_generator.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace jixiao::test {

namespace {

constexpr int64_t kUnit = 1'000'000;  // millionths in one

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  int64_t between(int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(engine_); }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(engine_) < p; }
  double real(double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(engine_); }
  template <typename T>
  const T& one_of(const std::vector<T>& v) {
    return v[static_cast<size_t>(between(0, static_cast<int64_t>(v.size()) - 1))];
  }

 private:
  std::mt19937_64 engine_;
};

int64_t pow10(int places) {
  int64_t p = 1;
  for (int i = 0; i < places; ++i) p *= 10;
  return p;
}

// `whole` split into `parts` positive multiples of `step` (fewer parts when
// there are not enough steps), adding up exactly.
std::vector<int64_t> split(Rng& rng, int64_t whole, int parts, int64_t step) {
  const int64_t steps = whole / step;
  if (parts > steps) parts = static_cast<int>(std::max<int64_t>(1, steps));
  std::vector<int64_t> cuts;
  while (static_cast<int>(cuts.size()) < parts - 1) {
    const int64_t c = rng.between(1, steps - 1);
    if (std::find(cuts.begin(), cuts.end(), c) == cuts.end()) cuts.push_back(c);
  }
  std::sort(cuts.begin(), cuts.end());
  std::vector<int64_t> out;
  int64_t last = 0;
  for (int64_t c : cuts) {
    out.push_back((c - last) * step);
    last = c;
  }
  out.push_back(whole - last * step);
  return out;
}

// A value in and around `threshold` (same unit): at it, a millionth or a
// hundredth either side, anywhere from 0 to twice it, or 0.
int64_t around(Rng& rng, double threshold) {
  const int64_t t = std::llround(threshold * kUnit);
  switch (rng.between(0, 6)) {
    case 0: return t;
    case 1: return t + 1;
    case 2: return std::max<int64_t>(0, t - 1);
    case 3: return t + 10'000;
    case 4: return std::max<int64_t>(0, t - 10'000);
    case 5: return 0;
    default: return rng.between(0, std::max<int64_t>(1, 2 * t) / 10'000) * 10'000;
  }
}

// An amount of money in 万元: 0.01 to 10,000, in cents.
int64_t money(Rng& rng) { return rng.between(1, 1'000'000) * 10'000; }

// base × ratio, in millionths, with the ratio in and around `threshold`.
int64_t scaled(Rng& rng, int64_t base, double threshold) {
  const long double ratio = static_cast<long double>(around(rng, threshold)) / kUnit;
  return std::max<int64_t>(0, std::llround(static_cast<long double>(base) * ratio));
}

class Generator {
 public:
  Generator(uint64_t seed, GeneratedCase& out) : rng_(seed), out_(out) {}

  void run() {
    places_ = static_cast<int>(rng_.between(0, 3));
    // Weights have no more decimals than the scores (a Scorer refuses more).
    const int weight_places = static_cast<int>(rng_.between(0, places_));
    step_ = kUnit / pow10(weight_places);
    const int64_t total = rng_.one_of<int64_t>({10, 20, 50, 100, rng_.between(1, 200)}) * kUnit;
    const std::string id = "gen-" + std::to_string(out_.seed);
    yaml_ << "id: " << id << "\nname: 生成指标体系" << out_.seed << "\ntotal: " << decimal_text(total)
          << "\nscore_places: " << places_ << "\nindicators:\n";
    for (int64_t w : split(rng_, total, static_cast<int>(rng_.between(1, 4)), step_)) node(w, 1, "  ");
    out_.set_yaml = yaml_.str();
    out_.record.set_id = id;
  }

 private:
  void node(int64_t weight, int depth, const std::string& indent) {
    const std::string id = "n" + std::to_string(++count_);
    yaml_ << indent << "- id: " << id << "\n" << indent << "  name: 指标" << count_ << "\n"
          << indent << "  weight: " << decimal_text(weight) << "\n";
    const int64_t steps = weight / step_;
    if (depth < 3 && steps >= 2 && rng_.chance(depth == 1 ? 0.75 : 0.5)) {
      yaml_ << indent << "  children:\n";
      for (int64_t w : split(rng_, weight, static_cast<int>(rng_.between(1, 4)), step_))
        node(w, depth + 1, indent + "    ");
      return;
    }
    leaf(id, weight, indent + "  ");
  }

  void leaf(const std::string& id, int64_t weight, const std::string& in) {
    GeneratedLeaf g;
    g.id = id;
    static const std::vector<std::string> kScripts = {
        "",
        "checklist.lua",
        "share_met.lua",
        "adjustment_ratio.lua",
        "deviation_bands.lua",
        "dynamic_adjustment.lua",
        "checkpoints.lua",
        "proportional.lua",
        "per_item_deduction.lua",
        "gap_deduction.lua",
        "ratio_bands.lua",
        "budget_execution.lua"};
    g.script = rng_.one_of(kScripts);
    const std::string w = decimal_text(weight);
    yaml_ << in << "explanation: 说明" << count_ << "\n" << in << "rule: 规则" << count_ << "\n";
    if (!g.script.empty()) yaml_ << in << "script: " << g.script << "\n";
    std::ostringstream params;
    const auto fact = [&](const std::string& role, const std::string& name) { g.roles[role] = name; };
    const auto own = [&](const std::string& role) { fact(role, id + "_" + role); };
    if (g.script == "checklist.lua") {
      g.otherwise = rng_.chance(0.5) ? "zero" : "judgement";
      params << "{otherwise: " << g.otherwise << ", items: [";
      const auto points = split(rng_, weight, static_cast<int>(rng_.between(1, 3)), step_);
      for (size_t i = 0; i < points.size(); ++i) {
        own("flag" + std::to_string(i + 1));
        params << (i ? ", " : "") << "{fact: " << id << "_flag" << i + 1 << ", points: " << decimal_text(points[i])
               << ", label: 条件" << i + 1 << "}";
      }
      params << "]}";
    } else if (g.script == "share_met.lua") {
      g.table = id + "_rows";
      params << "{table: " << g.table << ", max_over_pct: " << rng_.one_of<int>({10, 20, 30, 50}) << "}";
    } else if (g.script == "adjustment_ratio.lua" || g.script == "ratio_bands.lua") {
      own("amount");
      own("base");
      params << "{amount: " << id << "_amount, base: " << id << "_base, ";
      if (g.script == "adjustment_ratio.lua") {
        const double zero_above = rng_.one_of<double>({0.05, 0.1, 0.2});
        params << "factor: " << rng_.one_of<int>({5, 10, 20}) << ", zero_above: " << zero_above << "}";
      } else {
        params << "what: 比例, " << bands(weight, "points") << ", otherwise: 0}";
      }
    } else if (g.script == "deviation_bands.lua") {
      own("budget");
      own("final");
      params << "{budget: " << id << "_budget, final: " << id << "_final, " << bands(weight, "points")
             << ", otherwise: 0}";
    } else if (g.script == "dynamic_adjustment.lua") {
      fact("cancelled", "monitoring_cancelled");
      fact("written_off", "balance_written_off");
      fact("budget", "annual_budget");
      params << "{factor: 10, zero_above: 0.1}";
    } else if (g.script == "checkpoints.lua") {
      params << "{checkpoints: [";
      const auto points = split(rng_, weight, static_cast<int>(rng_.between(1, 3)), step_);
      for (size_t i = 0; i < points.size(); ++i) {
        own("rate" + std::to_string(i + 1));
        const double target = rng_.one_of<double>({40, 67.5, 82.5, 100, 12.5});
        g.targets[id + "_rate" + std::to_string(i + 1)] = target;
        params << (i ? ", " : "") << "{fact: " << id << "_rate" << i + 1 << ", label: 第" << i + 1
               << "次, target: " << target
               << ", points: " << decimal_text(points[i]) << "}";
      }
      params << "]}";
    } else if (g.script == "proportional.lua") {
      own("actual");
      own("base");
      g.targets[id + "_actual"] = rng_.one_of<double>({80, 90, 100});
      params << "{actual: " << id << "_actual, base: " << id << "_base, target_pct: " << g.targets[id + "_actual"]
             << "}";
    } else if (g.script == "per_item_deduction.lua") {
      own("count");
      params << "{count: " << id << "_count, per_item: " << rng_.one_of<std::string>({"0.5", "1", "0.25"})
             << ", item: 问题}";
    } else if (g.script == "gap_deduction.lua") {
      fact("self", "self_score");
      fact("review", "review_score");
      // Deductions that grow band by band, in cents, up to the weight.
      const int64_t d1 = rng_.between(0, weight / 10'000) * 10'000;
      const int64_t d2 = rng_.between(d1 / 10'000, weight / 10'000) * 10'000;
      params << "{bands: [{up_to: 5, deduct: 0}, {up_to: 10, deduct: " << decimal_text(d1)
             << "}, {below: 20, deduct: " << decimal_text(d2) << "}], otherwise: " << w << "}";
      g.self_scored = rng_.chance(0.5);
    } else if (g.script == "budget_execution.lua") {
      fact("executed", "executed");
      fact("planned", "planned");
      params << "{rate_places: " << rng_.one_of<int>({-1, 0, 1, 2}) << ", cap_pct: " << rng_.one_of<int>({100, 90})
             << "}";
    }
    if (!g.roles.empty()) {
      yaml_ << in << "facts: [";
      bool first = true;
      for (const auto& [role, name] : g.roles) {
        yaml_ << (first ? "" : ", ") << name;
        first = false;
      }
      yaml_ << "]\n";
    }
    if (!g.table.empty()) yaml_ << in << "rows: [" << g.table << "]\n";
    if (!params.str().empty()) yaml_ << in << "params: " << params.str() << "\n";
    if (!g.self_scored) yaml_ << in << "self_scored: false\n";
    g.weight = weight;
    out_.leaves.push_back(g);
  }

  // Two bands that pay less the further out they go, the first the full weight.
  std::string bands(int64_t weight, const char* what) {
    const int64_t first = rng_.one_of<int64_t>({5, 10}), second = first + rng_.one_of<int64_t>({5, 10});
    const int64_t lower = rng_.between(0, weight / 10'000) * 10'000;
    return "bands: [{up_to: " + std::to_string(first) + ", " + what + ": " + decimal_text(weight) + "}, {up_to: " +
           std::to_string(second) + ", " + what + ": " + decimal_text(lower) + "}]";
  }

  Rng rng_;
  GeneratedCase& out_;
  std::ostringstream yaml_;
  int places_ = 2;
  int64_t step_ = kUnit;
  int count_ = 0;
};

Fact number(const std::string& name, int64_t millionths, const std::string& unit) {
  Fact f;
  f.name = name;
  f.label = name;
  f.value = Value::of_number(*Decimal::parse(decimal_text(millionths)));
  f.unit = unit;
  f.provenance.inferred = "generated";
  return f;
}

// Facts, rows, judgements and filed scores for the leaves of a case.
void fill_record(Rng& rng, const GeneratedCase& c, Record& r) {
  r.entity = "生成单位";
  r.year = 2021;
  const auto put = [&](const std::string& name, int64_t m, const std::string& unit = "万元") {
    if (r.facts.count(name) == 0) r.facts[name] = number(name, m, unit);
  };
  for (const GeneratedLeaf& leaf : c.leaves) {
    const int64_t weight = leaf.weight;
    const auto& targets = leaf.targets;
    const auto& roles = leaf.roles;
    const auto role = [&](const std::string& part) { return roles.at(part); };
    if (leaf.script == "checklist.lua") {
      for (const auto& [part, name] : roles) {
        Fact f;
        f.name = f.label = name;
        f.value = Value::of_bool(rng.chance(0.6));
        f.provenance.inferred = "generated";
        r.facts[name] = f;
      }
    } else if (leaf.script == "share_met.lua") {
      auto& rows = r.rows[leaf.table];
      const int n = static_cast<int>(rng.between(0, 5));
      for (int i = 0; i < n; ++i) {
        Row row;
        row.provenance.inferred = "generated";
        const int64_t target = rng.between(1, 100'000) * 10'000;
        Value actual = Value::of_number(*Decimal::parse(decimal_text(scaled(rng, target, rng.real(0.5, 1.6)))));
        if (rng.chance(0.2)) actual = Value::of_number(*Decimal::parse(decimal_text(scaled(rng, target, 1.3))));
        if (rng.chance(0.1)) actual = Value::of_text("未完成");
        if (rng.chance(0.05)) actual = Value::of_text("已购置");
        row.cells = {{"name", Value::of_text("行" + std::to_string(i + 1))},
                     {"target", Value::of_number(*Decimal::parse(decimal_text(target)))},
                     {"actual", actual}};
        rows.push_back(row);
      }
    } else if (leaf.script == "adjustment_ratio.lua" || leaf.script == "ratio_bands.lua") {
      const int64_t base = money(rng);
      put(role("base"), base);
      put(role("amount"), scaled(rng, base, rng.one_of<double>({0.05, 0.1, 0.15, 0.2, 0.25})));
    } else if (leaf.script == "deviation_bands.lua") {
      const int64_t budget = money(rng);
      put(role("budget"), budget);
      put(role("final"), scaled(rng, budget, rng.one_of<double>({1.05, 0.95, 1.1, 0.9, 1.15, 1.2, 0.8})));
    } else if (leaf.script == "dynamic_adjustment.lua") {
      const int64_t budget = money(rng);
      put("annual_budget", budget);
      put("monitoring_cancelled", rng.chance(0.4) ? 0 : scaled(rng, budget, 0.05));
      put("balance_written_off", rng.chance(0.3) ? 0 : scaled(rng, budget, 0.1));
    } else if (leaf.script == "checkpoints.lua") {
      for (const auto& [part, name] : roles) put(name, around(rng, targets.at(name)), "%");
    } else if (leaf.script == "proportional.lua") {
      const int64_t base = money(rng);
      put(role("base"), base);
      put(role("actual"), scaled(rng, base, targets.at(role("actual")) / 100));
    } else if (leaf.script == "per_item_deduction.lua") {
      put(role("count"), rng.between(0, weight / kUnit * 4 + 2) * kUnit, "个");
    } else if (leaf.script == "gap_deduction.lua") {
      const int64_t review = rng.between(1, 10'000) * 10'000;
      put("review_score", review, "分");
      put("self_score", scaled(rng, review, rng.one_of<double>({1.05, 0.95, 1.1, 0.9, 1.2, 0.8})), "分");
    } else if (leaf.script == "budget_execution.lua") {
      const int64_t planned = money(rng);
      put("planned", planned);
      put("executed", scaled(rng, planned, 1.0));
    }
    // A judgement where the rule may leave the case to a person, where an
    // input is left out on purpose, and now and then beside a computable leaf.
    bool judge = leaf.script.empty() || leaf.otherwise == "judgement" || leaf.script == "share_met.lua" ||
                 rng.chance(0.2);
    const bool own_facts = !leaf.roles.empty() && leaf.roles.begin()->second.rfind(leaf.id + "_", 0) == 0;
    if (own_facts && rng.chance(0.1)) {  // (facts other leaves share stay)
      r.facts.erase(leaf.roles.begin()->second);
      judge = true;
    }
    if (judge && leaf.self_scored) {
      Judgement j;
      j.score = *Decimal::parse(decimal_text(rng.between(0, weight / 10'000) * 10'000));
      j.basis = "评价组酌情判定";
      j.provenance.inferred = "generated";
      r.judgements[leaf.id] = j;
    }
    if (leaf.self_scored && rng.chance(0.3))
      r.filed_scores[leaf.id] = *Decimal::parse(decimal_text(rng.between(0, weight / 10'000) * 10'000));
  }
}

}  // namespace

std::string decimal_text(int64_t m) {
  std::string sign = m < 0 ? "-" : "";
  const uint64_t a = m < 0 ? 0 - static_cast<uint64_t>(m) : static_cast<uint64_t>(m);
  std::string out = sign + std::to_string(a / kUnit);
  std::string frac = std::to_string(a % kUnit);
  frac = std::string(6 - frac.size(), '0') + frac;
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  return frac.empty() ? out : out + "." + frac;
}

GeneratedCase generate_case(uint64_t seed) {
  GeneratedCase c;
  c.seed = seed;
  Generator g(seed, c);
  g.run();
  Rng rng(seed ^ 0x9e3779b97f4a7c15ULL);
  fill_record(rng, c, c.record);
  return c;
}

Record generate_record(const GeneratedCase& c, uint64_t seed) {
  Record r;
  r.set_id = c.record.set_id;
  Rng rng(seed);
  fill_record(rng, c, r);
  r.entity = "生成单位" + std::to_string(seed);
  return r;
}

std::string GeneratedCase::describe() const {
  return "seed " + std::to_string(seed) + "\n--- set\n" + set_yaml + "--- record\n" + describe_record(record);
}

std::string describe_record(const Record& record) {
  std::ostringstream out;
  for (const auto& [name, f] : record.facts) out << "fact " << name << " = " << f.value.display() << "\n";
  for (const auto& [table, rows] : record.rows) {
    for (const Row& row : rows) {
      out << "row " << table << ":";
      for (const auto& [col, v] : row.cells) out << " " << col << "=" << v.display();
      out << "\n";
    }
  }
  for (const auto& [leaf, j] : record.judgements) out << "judgement " << leaf << " = " << j.score.str() << "\n";
  for (const auto& [leaf, s] : record.filed_scores) out << "filed " << leaf << " = " << s.str() << "\n";
  return out.str();
}

}  // namespace jixiao::test
