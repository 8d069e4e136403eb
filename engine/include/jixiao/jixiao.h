// jixiao's public interface, all of it: include this one header to embed the
// engine (link with libjixiao; pkg-config --cflags --libs jixiao).
#pragma once

#include "jixiao/engine.h"
#include "jixiao/error.h"
#include "jixiao/results.h"
#include "jixiao/version.h"
