// An example of embedding jixiao through its public headers only
// (include/jixiao/): load a set, score a department-year, print the total.
//
//   score_record HOME DATABASE [ENTITY YEAR]
//
// HOME is a folder with indicator-sets/, scripts/ and data/ (the repository,
// or an install's share/jixiao); DATABASE is where the records of HOME/data/
// are mirrored (created when missing). Prints the set, then the total, e.g.
//   凉山州2021年部门整体支出绩效评价指标体系（liangshan-2021-dept）：13 个三级指标，满分 100.00
//   凉山州科学技术协会 2021：85.00 / 90.00
// Built and run by the tests (tests/CMakeLists.txt: embed_example) with no
// include folder but the public one.
#include <cstdlib>
#include <iostream>
#include <string>

#include "jixiao/jixiao.h"

int main(int argc, char** argv) {
  if (argc != 3 && argc != 5) {
    std::cerr << "usage: score_record HOME DATABASE [ENTITY YEAR]\n";
    return 2;
  }
  const std::string entity = argc == 5 ? argv[3] : "凉山州科学技术协会";
  const int year = argc == 5 ? std::atoi(argv[4]) : 2021;
  try {
    jixiao::api::Options options;
    options.home = argv[1];
    options.database = argv[2];
    jixiao::api::Engine engine(options);
    const jixiao::api::Score score = engine.score(entity, year);
    const jixiao::api::SetInfo set = engine.load_set(score.set_id);
    std::cout << set.name << "（" << set.id << "）：" << set.leaves << " 个三级指标，满分 " << set.total << "\n";
    std::cout << score.entity << " " << score.year << "：" << score.total;
    if (score.max) std::cout << " / " << *score.max;
    std::cout << (score.complete ? "" : "（未完整评分）") << "\n";
    return 0;
  } catch (const jixiao::api::Error& e) {
    std::cerr << "score_record: " << e.what() << "\n";
    return 1;
  }
}
