# Installing, the .deb (CPack) and the Claude Desktop extension (.mcpb).
#
#   cmake --install build --prefix ~/.local        bin/pixverse-mcp, bin/mcp-harness, the demo
#   cmake --build build --target package           build/pixverse-mcp_<version>_<arch>.deb
#   cmake --build build --target mcpb              build/pixverse-mcp-<version>-linux.mcpb
# (tools/build --portable builds both in build-portable/ with the binary to ship: needs glibc only)
include(GNUInstallDirs)

install(TARGETS pixverse-mcp mcp-harness RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# The demo (mcp-harness demo) needs the simulator and its script: not on PATH, beside the data.
install(TARGETS pixverse-sim RUNTIME DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/pixverse-mcp)
install(DIRECTORY examples/ DESTINATION ${CMAKE_INSTALL_DATADIR}/pixverse-mcp/examples
        PATTERN "*.sh" EXCLUDE)  # the scripts run from a clone
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_PACKAGE_NAME pixverse-mcp)
set(CPACK_PACKAGE_VENDOR "pixverse-mcp developers")
set(CPACK_PACKAGE_CONTACT "pixverse-mcp developers <pixverse-mcp@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "MCP server for the PixVerse video generation API")
set(CPACK_PACKAGE_DESCRIPTION
    "A native Model Context Protocol server (stdio) that gives MCP hosts the PixVerse Platform\n video API as tools, with a job registry so that no paid job is lost.")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # pixverse-mcp_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
# The shared libraries' packages come from dpkg-shlibdeps: from a portable build (build-portable/,
# the one to ship) libc6 alone, at the version its newest glibc symbol needs; from any other build
# also libssl3, libsqlite3-0, libspdlog1.10, libfmt9, libcpp-httplib0.11, libstdc++6, … The CA
# store is read at run time, not linked.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "ca-certificates")
set(CPACK_STRIP_FILES ON)
include(CPack)

# The bundle's platform is the system this build is for, in MCPB's names.
if(CMAKE_SYSTEM_NAME STREQUAL "Darwin")
  set(MCPB_PLATFORM darwin)
elseif(WIN32)
  set(MCPB_PLATFORM win32)
else()
  set(MCPB_PLATFORM linux)
endif()
set(PIXVERSE_MCPB_EXTRA_BINARIES "" CACHE STRING
    "Binaries of other platforms for the .mcpb, as platform=path pairs (darwin=…;win32=…)")
if(PIXVERSE_MCPB_EXTRA_BINARIES)
  set(MCPB_FILE ${CMAKE_BINARY_DIR}/pixverse-mcp-${PROJECT_VERSION}.mcpb)
else()
  set(MCPB_FILE ${CMAKE_BINARY_DIR}/pixverse-mcp-${PROJECT_VERSION}-${MCPB_PLATFORM}.mcpb)  # says what it runs on
endif()
add_custom_command(
  OUTPUT ${MCPB_FILE}
  COMMAND ${CMAKE_COMMAND} -DSERVER=$<TARGET_FILE:pixverse-mcp> -DPLATFORM=${MCPB_PLATFORM}
          "-DEXTRA_BINARIES=${PIXVERSE_MCPB_EXTRA_BINARIES}"
          -DTEMPLATE=${CMAKE_SOURCE_DIR}/packaging/mcpb/manifest.json.in -DVERSION=${PROJECT_VERSION}
          -DSTRIP=${CMAKE_STRIP} "-DOBJDUMP=$<$<BOOL:${PIXVERSE_PORTABLE}>:${CMAKE_OBJDUMP}>" -DSTAGE=${CMAKE_BINARY_DIR}/mcpb -DOUT=${MCPB_FILE} -P ${CMAKE_SOURCE_DIR}/cmake/McpbBundle.cmake
  DEPENDS pixverse-mcp ${CMAKE_SOURCE_DIR}/packaging/mcpb/manifest.json.in ${CMAKE_SOURCE_DIR}/cmake/McpbBundle.cmake
  COMMENT "Building the Claude Desktop extension (MCPB)")
add_custom_target(mcpb ALL DEPENDS ${MCPB_FILE})  # small; built with everything so ctest can check it
