#pragma once
// Shared by the fuzz targets: each file defines LLVMFuzzerTestOneInput, built twice — with
// libFuzzer (PIXVERSE_FUZZ=ON, clang) and with corpus_main.cpp as a plain corpus runner (ctest
// "fuzz corpus: <target>"). A broken invariant aborts, so both report it as a crash.
#include <spdlog/spdlog.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace fuzz {

// Logs off: the targets make the code log on every odd input.
inline void quiet() {
  static const bool once = [] {
    spdlog::set_level(spdlog::level::off);
    return true;
  }();
  (void)once;
}

inline std::string_view text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// An invariant of the code under test: abort (a crash to libFuzzer and to the corpus runner).
inline void require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}

}  // namespace fuzz
