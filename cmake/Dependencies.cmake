# The libraries every program links, found once here so that the product, the simulator, the
# harness and the tests all make the same choice. Two ways to get cpp-httplib, spdlog and fmt:
#
#  PIXVERSE_HEADER_ONLY_DEPS=OFF (default): Debian's compiled shared libraries
#      (libcpp-httplib0.11, libspdlog1.10, libfmt9).
#  PIXVERSE_HEADER_ONLY_DEPS=ON: compiled into each program from headers. Debian's libraries are
#      built with libstdc++ and only shared, so a static or a libc++ build cannot link them.
#      spdlog and fmt come from their -dev packages, which ship the implementation headers
#      (spdlog's *-inl.h, fmt's format-inl.h). Debian's httplib.h holds declarations only; the
#      whole header comes from Debian's source package of the installed version, unpacked with
#      Debian's patches by tools/debian-source (configure runs it; PIXVERSE_HTTPLIB_SOURCE_DIR
#      names another folder holding httplib.h).
#
# Both give the targets deps::httplib and deps::spdlog.
option(PIXVERSE_HEADER_ONLY_DEPS "cpp-httplib, spdlog and fmt compiled from headers, not linked as Debian's shared libraries" OFF)
set(PIXVERSE_HTTPLIB_SOURCE_DIR "" CACHE PATH
    "With PIXVERSE_HEADER_ONLY_DEPS: a folder with cpp-httplib's single httplib.h (default: Debian's source, from tools/debian-source)")

if(NOT PIXVERSE_HEADER_ONLY_DEPS)
  find_package(spdlog 1.10 CONFIG REQUIRED)
  add_library(deps::spdlog INTERFACE IMPORTED GLOBAL)
  target_link_libraries(deps::spdlog INTERFACE spdlog::spdlog)

  # Debian ships cpp-httplib compiled, with pkg-config only. The pkg-config target carries
  # -DCPPHTTPLIB_OPENSSL_SUPPORT etc.; without them class layouts differ from the .so.
  # Any version's CMake package is taken and its version checked here: cpp-httplib's own config
  # accepts only its minor version (0.x minors break APIs), which would hide a newer install
  # (Homebrew's) behind the pkg-config fallback.
  find_package(httplib CONFIG QUIET)
  if(TARGET httplib::httplib AND httplib_VERSION VERSION_LESS 0.11)
    message(FATAL_ERROR "cpp-httplib ${httplib_VERSION} found; 0.11 or newer is needed")
  endif()
  if(NOT TARGET httplib::httplib)
    find_package(PkgConfig REQUIRED)
    pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET GLOBAL cpp-httplib>=0.11)
    add_library(httplib::httplib ALIAS PkgConfig::HTTPLIB)
  endif()
  add_library(deps::httplib INTERFACE IMPORTED GLOBAL)
  target_link_libraries(deps::httplib INTERFACE httplib::httplib)
  return()
endif()

# spdlog with fmt as Debian builds it (SPDLOG_FMT_EXTERNAL, also set in Debian's tweakme.h);
# without SPDLOG_COMPILED_LIB spdlog is header-only by itself, and FMT_HEADER_ONLY (from
# fmt::fmt-header-only) makes fmt so.
find_package(spdlog 1.10 CONFIG REQUIRED)
find_package(fmt CONFIG REQUIRED)
add_library(deps::spdlog INTERFACE IMPORTED GLOBAL)
target_include_directories(deps::spdlog INTERFACE
                           $<TARGET_PROPERTY:spdlog::spdlog_header_only,INTERFACE_INCLUDE_DIRECTORIES>)
target_compile_definitions(deps::spdlog INTERFACE SPDLOG_FMT_EXTERNAL)
target_link_libraries(deps::spdlog INTERFACE fmt::fmt-header-only Threads::Threads)

if(NOT PIXVERSE_HTTPLIB_SOURCE_DIR)
  execute_process(COMMAND ${CMAKE_SOURCE_DIR}/tools/debian-source libcpp-httplib-dev
                  OUTPUT_VARIABLE httplib_source OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "tools/debian-source libcpp-httplib-dev failed: PIXVERSE_HEADER_ONLY_DEPS needs "
                        "cpp-httplib's Debian source (or PIXVERSE_HTTPLIB_SOURCE_DIR)")
  endif()
  set(PIXVERSE_HTTPLIB_SOURCE_DIR "${httplib_source}" CACHE PATH "" FORCE)
endif()
if(NOT EXISTS "${PIXVERSE_HTTPLIB_SOURCE_DIR}/httplib.h")
  message(FATAL_ERROR "PIXVERSE_HTTPLIB_SOURCE_DIR: no httplib.h in ${PIXVERSE_HTTPLIB_SOURCE_DIR}")
endif()
# The header must be the whole library, not a split declarations-only one: its implementation
# starts in namespace detail, which the split header leaves to the compiled library.
file(STRINGS "${PIXVERSE_HTTPLIB_SOURCE_DIR}/httplib.h" httplib_version REGEX "^#define CPPHTTPLIB_VERSION ")
file(STRINGS "${PIXVERSE_HTTPLIB_SOURCE_DIR}/httplib.h" httplib_impl REGEX "^inline bool is_hex\\(")
if(NOT httplib_version MATCHES "\"0\\.(1[1-9]|[2-9][0-9])\\." OR NOT httplib_impl)
  message(FATAL_ERROR "${PIXVERSE_HTTPLIB_SOURCE_DIR}/httplib.h is not cpp-httplib >= 0.11 as one whole header")
endif()
string(REGEX REPLACE ".*\"(.*)\".*" "\\1" httplib_version "${httplib_version}")
message(STATUS "cpp-httplib ${httplib_version}, header-only, from ${PIXVERSE_HTTPLIB_SOURCE_DIR}")

# The features Debian's build turns on (its cpp-httplib.pc: OpenSSL, zlib and brotli), so that
# a header-only build speaks HTTP as the shared library does.
# Found as libraries, not through pkg-config, so that PIXVERSE_PORTABLE gets the .a files
# (brotlicommon named too: the static decoder and encoder need it).
find_package(ZLIB REQUIRED)
find_library(BROTLIDEC_LIBRARY brotlidec REQUIRED)
find_library(BROTLIENC_LIBRARY brotlienc REQUIRED)
find_library(BROTLICOMMON_LIBRARY brotlicommon REQUIRED)
add_library(deps::httplib INTERFACE IMPORTED GLOBAL)
# An imported target's folder is a system include folder: the library's own warnings are not ours.
target_include_directories(deps::httplib INTERFACE ${PIXVERSE_HTTPLIB_SOURCE_DIR})
target_compile_definitions(deps::httplib INTERFACE CPPHTTPLIB_OPENSSL_SUPPORT CPPHTTPLIB_ZLIB_SUPPORT
                                                   CPPHTTPLIB_BROTLI_SUPPORT)
target_link_libraries(deps::httplib INTERFACE OpenSSL::SSL OpenSSL::Crypto ZLIB::ZLIB ${BROTLIDEC_LIBRARY}
                                              ${BROTLIENC_LIBRARY} ${BROTLICOMMON_LIBRARY} Threads::Threads)
