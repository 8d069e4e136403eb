// Every figure is drawn as a whole number of hundredths (or basis points) from
// a splitmix64 stream, so the records depend on the seed alone: no floating
// point, no std:: distribution (whose results differ between libraries).
#include "province_gen.h"

#include "error.h"

namespace jixiao {

namespace {

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int64_t between(int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(next() % uint64_t(hi - lo + 1)); }
  bool percent(int p) { return between(1, 100) <= p; }

 private:
  uint64_t state_;
};

const char* const kCounties[] = {"西昌市", "会理市", "木里藏族自治县", "盐源县", "德昌县", "会东县",
                                 "宁南县", "普格县", "布拖县", "金阳县", "昭觉县", "喜德县",
                                 "冕宁县", "越西县", "甘洛县", "美姑县", "雷波县", "凉山州"};
const char* const kBureaux[] = {"教育局", "卫生健康委员会", "财政局", "农业农村局", "水利局", "民政局",
                                "交通运输局", "自然资源局", "住房和城乡建设局", "文化广播电视和旅游局",
                                "科学技术协会", "林业和草原局", "生态环境局", "人力资源和社会保障局",
                                "市场监督管理局", "应急管理局", "统计局", "审计局", "司法局", "体育局"};
constexpr int kCountyCount = sizeof kCounties / sizeof kCounties[0];
constexpr int kBureauCount = sizeof kBureaux / sizeof kBureaux[0];

std::string entity_name(int i) {
  std::string name = std::string(kCounties[i % kCountyCount]) + kBureaux[(i / kCountyCount) % kBureauCount];
  const int round = i / (kCountyCount * kBureauCount);
  return round == 0 ? name : name + "（" + std::to_string(round + 1) + "）";
}

// `hundredths` / 100 as exact decimal text: 12345 → "123.45".
std::string hundredths_text(int64_t hundredths) {
  const char* sign = hundredths < 0 ? "-" : "";
  if (hundredths < 0) hundredths = -hundredths;
  const int64_t cents = hundredths % 100;
  return sign + std::to_string(hundredths / 100) + "." + (cents < 10 ? "0" : "") + std::to_string(cents);
}

Decimal hundredths(int64_t h) { return *Decimal::parse(hundredths_text(h)); }

Provenance synthetic(uint64_t seed) {
  Provenance p;
  p.file = "gen:seed=" + std::to_string(seed);
  p.inferred = "synthetic (jixiao gen)";
  return p;
}

struct Builder {
  Record& r;
  Provenance provenance;

  void number(const char* name, const char* label, const char* unit, int64_t h) {
    Fact f;
    f.name = name;
    f.label = label;
    f.value = Value::of_number(hundredths(h));
    f.value.text = hundredths_text(h);
    f.unit = unit;
    f.provenance = provenance;
    r.facts[name] = std::move(f);
  }
  void boolean(const char* name, const char* label, bool b) {
    Fact f;
    f.name = name;
    f.label = label;
    f.value = Value::of_bool(b);
    f.provenance = provenance;
    r.facts[name] = std::move(f);
  }
  void judge(const char* leaf, int64_t h, const std::string& basis) {
    r.judgements[leaf] = Judgement{hundredths(h), basis, provenance};
  }
};

// A share in basis points drawn around `threshold`: often just below, at or
// just above it, otherwise anywhere in lo..hi.
int64_t around(Rng& rng, int64_t lo, int64_t hi, int64_t threshold) {
  switch (rng.between(0, 5)) {
    case 0: return threshold;
    case 1: return threshold - rng.between(1, 30);
    case 2: return threshold + rng.between(1, 30);
    default: return rng.between(lo, hi);
  }
}

void quantity_rows(Builder& b, Rng& rng) {
  auto& rows = b.r.rows["quantity_indicators"];
  const int n = static_cast<int>(rng.between(2, 9));
  for (int i = 0; i < n; ++i) {
    Row row;
    const int64_t target = rng.between(1, 500) * 100;
    // actual / target in basis points, around 100% and the 130% ceiling.
    const int64_t ratio = rng.percent(50) ? 10000 : around(rng, 6000, 14500, 13000);
    row.cells.emplace_back("name", Value::of_text("指标" + std::to_string(i + 1)));
    row.cells.emplace_back("target", Value::of_number(hundredths(target)));
    if (rng.percent(4))
      row.cells.emplace_back("actual", Value::of_text("未完成"));
    else
      row.cells.emplace_back("actual", Value::of_number(hundredths(target * ratio / 10000)));
    row.provenance = b.provenance;
    rows.push_back(std::move(row));
  }
}

void department_facts(Builder& b, Rng& rng) {
  const bool complete = rng.percent(88), quantified = rng.percent(90);
  b.boolean("targets_complete", "绩效目标编制要素完整", complete);
  b.boolean("indicators_quantified", "绩效指标细化量化", quantified);
  if (!complete || !quantified) b.judge("target_setting", rng.between(400, 700), "目标要素不全，酌情扣分");
  quantity_rows(b, rng);

  const int64_t initial = rng.between(10000, 300000);  // 100 .. 3000 万元
  b.number("initial_budget", "年初部门预算数", "万元", initial);
  b.number("budget_reallocated", "部门全年预算调剂金额", "万元",
           rng.percent(30) ? 0 : initial * around(rng, 1, 1200, 1000) / 10000);

  if (rng.percent(80)) {
    const int64_t planned = rng.between(500, 8000);
    b.number("public_items_budget", "“三公”及日常公用经费预算数", "万元", planned);
    b.number("public_items_final", "“三公”及日常公用经费决算数", "万元",
             planned * (10000 + (rng.percent(50) ? 1 : -1) * around(rng, 0, 2500, rng.percent(50) ? 1000 : 2000)) /
                 10000);
  } else {
    b.judge("spending_control", rng.between(0, 2) * 300, "经济科目预决算未公开，按差异档次判定");
  }

  const int64_t annual = initial * rng.between(10000, 13000) / 10000;
  b.number("annual_budget", "年度预算总额", "万元", annual);
  b.number("monitoring_cancelled", "绩效监控调整取消额", "万元", rng.percent(50) ? 0 : annual * rng.between(1, 300) / 10000);
  b.number("balance_written_off", "预算结余注销额", "万元", rng.percent(40) ? 0 : annual * around(rng, 1, 1200, 1000) / 10000);

  if (rng.percent(70)) {
    b.number("exec_rate_jun", "6月底执行进度", "%", around(rng, 2000, 6000, 4000));
    b.number("exec_rate_sep", "9月底执行进度", "%", around(rng, 5000, 8500, 6750));
    b.number("exec_rate_nov", "11月底执行进度", "%", around(rng, 6600, 10000, 8250));
  } else {
    b.judge("exec_progress", rng.between(400, 600), "三个阶段执行进度基本达到财政要求");
  }
  b.number("spent_by_december", "12月底累计支出", "万元", annual * rng.between(8000, 10500) / 10000);
  b.number("violations_found", "审计、财政检查发现的违纪违规问题", "个",
           rng.percent(70) ? 0 : rng.between(1, 17) * 100);
  b.judge("special_budget_mgmt", rng.between(1200, 2000), "项目自评综合判定");
  b.boolean("published_with_accounts", "绩效信息随同决算公开", rng.percent(90));
  const bool rectified = rng.percent(85);
  b.boolean("problems_rectified", "问题已整改且结果与预算安排挂钩", rectified);
  if (!rectified && rng.percent(80)) b.judge("rectified", rng.between(100, 350), "部分问题未整改，酌情扣分");
  b.boolean("feedback_on_time", "在规定时间内向财政部门反馈应用绩效结果报告", rng.percent(90));
}

// What the department files: the engine's own score for each self-scored
// leaf, sometimes over- or under-claimed, within 0..weight; the full weight
// where nothing could be scored.
void file_scores(Record& r, Scorer& scorer, Rng& rng) {
  const Evaluation ev = scorer.evaluate(r);
  const bool careless = rng.percent(35);
  Decimal total;
  for (const auto& leaf : ev.leaves) {
    if (leaf.source == LeafSource::kNotScored || !leaf.node->weight) continue;
    const Decimal weight = *leaf.node->weight;
    Decimal filed = leaf.score ? *leaf.score : weight;
    if (careless && rng.percent(30)) {
      filed = rng.percent(80) ? weight : filed - hundredths(rng.between(0, 100));
      if (filed < Decimal()) filed = Decimal();
    }
    r.filed_scores[leaf.node->id] = filed;
    total += filed;
  }
  r.filed_total = total;
}

// The review team's reading (评价组复核): the same facts, some read otherwise.
Record review_of(const Record& filed, Rng& rng) {
  Record review = filed;
  review.kind = "review";
  review.filed_scores.clear();
  review.filed_total.reset();
  if (rng.percent(60)) {
    Fact& f = review.facts.at("budget_reallocated");
    const int64_t initial = review.facts.at("initial_budget").value.number.millionths() / 10000;
    f.value = Value::of_number(hundredths(initial * rng.between(0, 1500) / 10000));
  }
  if (rng.percent(40)) review.facts.at("violations_found").value = Value::of_number(hundredths(rng.between(0, 5) * 100));
  return review;
}

// The department-year's project self-evaluation tables (项目支出绩效自评表)
// under `set_id`: one to three projects, each with its budget row and rows of
// every 一级指标, targets and actuals written as tables write them (≥95%,
// 按时完成, ≤12.5万元, 达成 …), met, missed or in between.
Record projects_of(const Record& filed, const std::string& set_id, const Provenance& provenance, Rng& rng) {
  Record r;
  r.entity = filed.entity;
  r.year = filed.year;
  r.kind = "projects";
  r.set_id = set_id;
  r.source = filed.source;
  static const char* const kNames[] = {"公共服务运行保障", "科普宣传活动", "学术交流活动", "青少年科技创新教育",
                                       "乡村振兴培训", "信息化平台运行维护"};
  const int count = static_cast<int>(rng.between(1, 3));
  for (int k = 0; k < count; ++k) {
    Project p;
    p.id = "p" + std::to_string(k + 1);
    p.name = std::string(kNames[rng.between(0, 5)]) + "项目";
    p.table = "项目支出绩效目标自评表";
    p.owner = r.entity;
    p.provenance = provenance;
    const int64_t planned = rng.between(500, 50000);
    p.planned = hundredths(planned);
    p.executed = hundredths(planned * around(rng, 6000, 11000, 10000) / 10000);
    p.budget_unit = "万元";
    auto row = [&](const char* level1, const char* level2, const std::string& name, std::string target,
                   std::string actual) {
      ProjectRow pr;
      pr.level1 = level1;
      pr.level2 = level2;
      pr.name = name;
      pr.target = std::move(target);
      pr.actual = std::move(actual);
      pr.line = static_cast<int>(p.rows.size()) + 1;
      p.rows.push_back(std::move(pr));
    };
    const int64_t n = rng.between(2, 60);
    row("产出指标", "数量指标", "开展活动次数", "≥" + std::to_string(n) + "次",
        std::to_string(n * around(rng, 5000, 15000, 10000) / 10000) + "次");
    const int64_t q = rng.between(85, 100);
    row("产出指标", "质量指标", "验收合格率", "≥" + std::to_string(q) + "%",
        hundredths_text(std::min<int64_t>(10000, q * around(rng, 8000, 11000, 10000) / 100)) + "%");
    row("产出指标", "时效指标", "完成及时性", "按时完成", rng.percent(80) ? "已完成" : "基本完成");
    const int64_t cost = rng.between(100, 5000);
    row("产出指标", "成本指标", "项目成本控制", "≤" + hundredths_text(cost) + "万元",
        hundredths_text(cost * around(rng, 8000, 12000, 10000) / 10000) + "万元");
    row("效益指标", "社会效益指标", "服务对象覆盖面", "有效提升",
        rng.percent(75) ? "达成" : rng.percent(70) ? "部分达成" : "未达成");
    const int64_t sat = rng.between(85, 95);
    row("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥" + std::to_string(sat) + "%",
        std::to_string(std::min<int64_t>(100, sat + rng.between(-8, 6))) + "%");
    r.projects.push_back(std::move(p));
  }
  return r;
}

}  // namespace

std::vector<Record> generate_province(const GenOptions& options, Scorer& scorer) {
  if (options.departments < 1 || options.years < 1)
    throw Error(ErrorKind::kUsage, "gen: --departments and --years must be at least 1");
  std::vector<Record> out;
  for (int y = 0; y < options.years; ++y) {
    for (int d = 0; d < options.departments; ++d) {
      // One stream per department-year: a department's facts do not depend on
      // how many departments come before it.
      Rng rng(options.seed * 0x100000001B3ull ^ (uint64_t(y) << 32 | uint64_t(d)));
      Record r;
      r.entity = entity_name(d);
      r.year = 2021 + y;
      r.kind = "filed";
      r.set_id = scorer.set().id;
      r.source = "gen:seed=" + std::to_string(options.seed);
      Builder b{r, synthetic(options.seed)};
      department_facts(b, rng);
      file_scores(r, scorer, rng);
      const bool reviewed = options.review_every > 0 && rng.between(1, options.review_every) == 1;
      out.push_back(std::move(r));
      const size_t filed = out.size() - 1;
      if (reviewed) out.push_back(review_of(out.back(), rng));
      if (!options.project_set.empty()) {
        // A stream of its own: the department-year's other records do not depend on it.
        Rng projects(options.seed * 0x100000001B3ull ^ (uint64_t(y) << 32 | uint64_t(d)) ^ 0x5EED0F9A0E5ull);
        out.push_back(projects_of(out[filed], options.project_set, synthetic(options.seed), projects));
      }
    }
  }
  return out;
}

}  // namespace jixiao
