# Script mode (cmake -P): builds the Claude Desktop extension (MCPB bundle, a zip with
# manifest.json at its root) from a built pixverse-mcp.
#
#   -DSERVER=<pixverse-mcp binary of this build>   listed, and carried for PLATFORM
#   -DPLATFORM=linux                               the build's platform (MCPB names: linux, darwin, win32)
#   -DEXTRA_BINARIES="darwin=/path/pixverse-mcp;win32=/path/pixverse-mcp.exe"   optional: binaries of
#        other platforms, built elsewhere; each is carried under server/<platform>/ and gets a
#        platform_overrides entry, and its platform joins compatibility.platforms
#   -DTEMPLATE=packaging/mcpb/manifest.json.in  -DVERSION=x.y.z  -DSTAGE=<folder>  -DOUT=<file.mcpb>
#   -DSTRIP=<strip program>                     optional: the carried binaries are stripped
#   -DOBJDUMP=<objdump program>                 optional, for a portable binary (PIXVERSE_PORTABLE):
#                                               the description names the glibc it needs
#
# The tools array is the server's own catalog (pixverse-mcp --list-tools): names and titles.
execute_process(COMMAND ${SERVER} --list-tools OUTPUT_VARIABLE listing RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${SERVER} --list-tools failed (${rc})")
endif()
string(JSON count LENGTH "${listing}" tools)
math(EXPR last "${count} - 1")
set(tools "[]")
foreach(i RANGE ${last})
  string(JSON name GET "${listing}" tools ${i} name)
  # The description's first sentence: what the tool does, as the app's tool list shows it.
  string(JSON description GET "${listing}" tools ${i} description)
  string(FIND "${description}" ". " stop)
  if(stop GREATER 0)
    math(EXPR stop "${stop} + 1")
    string(SUBSTRING "${description}" 0 ${stop} description)
  endif()
  string(REPLACE "\\" "\\\\" description "${description}")
  string(REPLACE "\"" "\\\"" description "${description}")
  string(JSON tools SET "${tools}" ${i} "{\"name\": \"${name}\", \"description\": \"${description}\"}")
endforeach()

file(REMOVE_RECURSE ${STAGE})
file(MAKE_DIRECTORY ${STAGE}/server)
file(COPY ${SERVER} DESTINATION ${STAGE}/server
     FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
get_filename_component(server_name ${SERVER} NAME)
if(STRIP)
  execute_process(COMMAND ${STRIP} ${STAGE}/server/${server_name} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${STRIP} ${STAGE}/server/${server_name} failed")
  endif()
endif()
set(entries manifest.json server/${server_name})  # files only: mcpb unpack refuses directory entries
set(platforms "[\"${PLATFORM}\"]")
# What the bundle carries, said in its description. A portable build (PIXVERSE_PORTABLE) needs
# only glibc, of the newest symbol version it imports; any other binary built here links
# the build machine's shared libraries (on Debian 12: libssl3, libsqlite3-0, libspdlog1.10,
# libfmt9, libcpp-httplib0.11), so it runs where those are installed.
if(OBJDUMP)
  # The newest GLIBC_x.y symbol version the binary's imports name.
  execute_process(COMMAND ${OBJDUMP} -T ${SERVER} OUTPUT_VARIABLE symbols RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${OBJDUMP} -T ${SERVER} failed")
  endif()
  string(REGEX MATCHALL "GLIBC_[0-9]+\\.[0-9]+(\\.[0-9]+)?" versions "${symbols}")
  set(GLIBC 0)
  foreach(v ${versions})
    string(REPLACE "GLIBC_" "" v "${v}")
    if(v VERSION_GREATER GLIBC)
      set(GLIBC ${v})
    endif()
  endforeach()
  set(MCPB_PLATFORM_NOTE "${PLATFORM} (any distribution with glibc ${GLIBC} or later; no other library needed)")
else()
  set(MCPB_PLATFORM_NOTE "${PLATFORM} (built here, needs the shared libraries of the system it was built on)")
endif()
set(overrides "{}")
set(n 1)
foreach(pair ${EXTRA_BINARIES})
  string(REPLACE "=" ";" pair "${pair}")
  list(GET pair 0 platform)
  list(GET pair 1 binary)
  if(NOT platform MATCHES "^(darwin|win32|linux)$")
    message(FATAL_ERROR "PIXVERSE_MCPB_EXTRA_BINARIES: \"${platform}\" is not an MCPB platform (darwin, win32, linux)")
  endif()
  get_filename_component(binary_name ${binary} NAME)
  file(COPY ${binary} DESTINATION ${STAGE}/server/${platform}
       FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
  string(JSON overrides SET "${overrides}" ${platform}
         "{\"command\": \"\${__dirname}/server/${platform}/${binary_name}\"}")
  string(JSON platforms SET "${platforms}" ${n} "\"${platform}\"")
  list(APPEND entries server/${platform}/${binary_name})
  string(APPEND MCPB_PLATFORM_NOTE ", ${platform}")
  math(EXPR n "${n} + 1")
endforeach()

set(PROJECT_VERSION ${VERSION})
set(MCPB_TOOLS "${tools}")
set(MCPB_PLATFORMS "${platforms}")
set(MCPB_PLATFORM_OVERRIDES "${overrides}")
configure_file(${TEMPLATE} ${STAGE}/manifest.json @ONLY)
# A zip as the MCPB format asks; libarchive keeps the binary's executable mode in the entry.
file(REMOVE ${OUT})
execute_process(COMMAND ${CMAKE_COMMAND} -E tar cf ${OUT} --format=zip ${entries}
                WORKING_DIRECTORY ${STAGE} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "zipping ${OUT} failed")
endif()
message(STATUS "MCPB bundle: ${OUT}")
