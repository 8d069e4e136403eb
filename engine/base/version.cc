#include "version.h"

#ifndef JIXIAO_VERSION
#error "JIXIAO_VERSION comes from CMake's project(VERSION ...)"
#endif

namespace jixiao {

const char* engine_version() { return JIXIAO_VERSION; }

}  // namespace jixiao
