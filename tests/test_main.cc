// Catch2 v2 (Debian's package): the test runner's main.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
