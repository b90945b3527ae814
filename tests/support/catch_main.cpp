// Catch's main, compiled from its header for the builds that link no compiled C++ library of
// Debian's (PIXVERSE_HEADER_ONLY_DEPS, tests/CMakeLists.txt): the same main Catch2WithMain holds.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
