#pragma once
// For the tests of mcp-harness as a program: run the real binary through real pipes from a
// folder of the test's choosing, and a second MCP server, unrelated to pixverse-mcp, written
// in POSIX sh and sed, to show that the harness drives anyone's server.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "common/subprocess.h"
#include "e2e_fixture.h"

namespace e2e {

// The harness binary. tests/CMakeLists.txt may name it; else it is built next to pixverse-mcp
// (both go to the build folder's root).
inline std::string harness_path() {
#ifdef MCP_HARNESS_PATH
  return MCP_HARNESS_PATH;
#else
  return (std::filesystem::path(PIXVERSE_MCP_PATH).parent_path() / "mcp-harness").string();
#endif
}

struct HarnessRun {
  int status = -1;  // exit status; -1 if it did not end in time (it is then killed)
  std::string out;  // stdout
  std::string err;  // stderr
};

inline void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct HarnessOptions {
  std::map<std::string, std::string> env;  // added to the test's environment
  std::string binary = harness_path();     // another copy of the harness (an installed layout)
  std::chrono::seconds timeout{120};
};

// Runs `mcp-harness ARGS…` with `cwd` as its working directory and waits for it to exit.
inline HarnessRun run_harness(const std::vector<std::string>& args, const std::string& cwd,
                              const HarnessOptions& options = HarnessOptions()) {
  const std::string err_file = temp_dir("harness-err") + "/stderr";
  tools::Subprocess::Options o;
  // sh changes folder, sends stderr to a file (so a full stderr pipe can never stall the
  // harness while stdout is read) and then becomes the harness (exec).
  o.argv = {"/bin/sh", "-c", "cd \"$1\" || exit 99; err=$2; shift 2; exec \"$@\" 2>\"$err\"", "sh", cwd, err_file,
            options.binary};
  o.argv.insert(o.argv.end(), args.begin(), args.end());
  o.env = options.env;
  tools::Subprocess p(o);
  p.close_stdin();
  HarnessRun r;
  const auto deadline = std::chrono::steady_clock::now() + options.timeout;
  auto left = [&] {
    return std::max(std::chrono::milliseconds(1),
                    std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()));
  };
  while (auto line = p.read_line(left())) r.out += *line + "\n";
  if (auto status = p.wait(left())) r.status = *status;
  else p.kill(9);
  r.err = read_file(err_file);
  return r;
}

// A stdio MCP server in POSIX sh + sed, nothing else. It answers initialize (with the protocol
// version asked for when it is one of the four known, else 2025-06-18), ping, tools/list and
// tools/call, echoing each request's id; other methods get -32601. Its tools:
//   echo   structuredContent {"args": <the arguments, verbatim>}, text "echo <arguments>"
//   fail   isError: true, text "it broke <badly> & \"loudly\""
//   slow   answers after a busy loop of a few hundred thousand shell steps
//   count  structuredContent {"n": calls so far, "status": "running", or "done" from the third}
//   where  structuredContent {"cwd": its working directory, "greeting": $GREETING}
//   ask    sends the client a ping request first; structuredContent {"reply": the client's answer}
//   bye    exits with status 3 without answering
//   shy    does not answer its first call; answers the later ones (text "shy N")
//   raw    (also a method) answers with the file $RAW_FILE as it is, every @ID@ replaced by the
//          request's id: the test writes whatever the server should say, well-formed or not
// The method "huge" writes one line of 64 MiB + 1 byte, then answers {}.
// With INIT_FILE set, initialize is answered with that file the way raw is. With DEAF set (a
// path), the server answers initialize and then stops reading its input for good: it blocks
// opening a FIFO that it creates at that path and that nothing ever writes.
// With LOG set, every line it reads is appended to that file.
inline std::string write_tiny_server(const std::string& dir) {
  const std::string path = dir + "/tiny-mcp.sh";
  write_file(path, R"SH(#!/bin/sh
# The harness sends compact JSON with sorted keys: {"id":…,"jsonrpc":"2.0","method":…,"params":…}
n=0
shy=0
reply() { printf '{"jsonrpc":"2.0","id":%s,"result":%s}\n' "$id" "$1"; }
text_result() { printf '{"content":[{"type":"text","text":"%s"}],"structuredContent":%s,"isError":false}' "$1" "$2"; }
canned() { sed "s/@ID@/$id/g" "$1"; }
while IFS= read -r line; do
  if [ -n "${LOG:-}" ]; then printf '%s\n' "$line" >> "$LOG"; fi
  id=$(printf '%s\n' "$line" | sed -n -e 's/^{"id":\([0-9][0-9]*\),.*/\1/p' -e 's/^{"id":\("[^"]*"\),.*/\1/p')
  method=$(printf '%s\n' "$line" | sed -n 's/^{\("id":[^,]*,\)\{0,1\}"jsonrpc":"2.0","method":"\([^"]*\)".*/\2/p')
  [ -n "$id" ] || continue
  case "$method" in
    initialize)
      if [ -n "${INIT_FILE:-}" ]; then canned "$INIT_FILE"; else
        v=$(printf '%s\n' "$line" | sed -n 's/.*"protocolVersion":"\([^"]*\)".*/\1/p')
        case "$v" in 2024-11-05|2025-03-26|2025-06-18|2025-11-25) ;; *) v=2025-06-18 ;; esac
        reply "{\"protocolVersion\":\"$v\",\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"tiny-sh\",\"version\":\"0.1\"}}"
      fi
      if [ -n "${DEAF:-}" ]; then mkfifo "$DEAF" && : < "$DEAF"; fi ;;
    raw) canned "$RAW_FILE" ;;
    huge) head -c 67108865 /dev/zero | tr '\0' a; echo; reply '{}' ;;
    ping) reply '{}' ;;
    tools/list) reply '{"tools":[{"name":"echo","inputSchema":{"type":"object"}},{"name":"fail","inputSchema":{"type":"object"}}]}' ;;
    tools/call)
      name=$(printf '%s\n' "$line" | sed -n 's/.*,"name":"\([^"]*\)"}}$/\1/p')
      args=$(printf '%s\n' "$line" | sed -n 's/.*"params":{"arguments":\(.*\),"name":"[^"]*"}}$/\1/p')
      case "$name" in
        echo) reply "$(text_result "echo $(printf '%s' "$args" | sed 's/\\/\\\\/g; s/"/\\"/g')" "{\"args\":$args}")" ;;
        fail) reply '{"content":[{"type":"text","text":"it broke <badly> & \"loudly\""}],"isError":true}' ;;
        slow) i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done; reply "$(text_result "slow done" '{}')" ;;
        count) n=$((n+1)); s=running; [ $n -ge 3 ] && s=done
               reply "$(text_result "call $n: $s" "{\"n\":$n,\"status\":\"$s\"}")" ;;
        where) reply "$(text_result "in $(pwd)" "{\"cwd\":\"$(pwd)\",\"greeting\":\"${GREETING:-}\"}")" ;;
        ask) printf '%s\n' '{"jsonrpc":"2.0","id":1,"method":"ping"}'
             IFS= read -r answer
             if [ -n "${LOG:-}" ]; then printf '%s\n' "$answer" >> "$LOG"; fi
             reply "$(text_result "asked" "{\"reply\":$answer}")" ;;
        bye) exit 3 ;;
        shy) shy=$((shy+1)); if [ $shy -ge 2 ]; then reply "$(text_result "shy $shy" '{}')"; fi ;;
        raw) canned "$RAW_FILE" ;;
        *) printf '{"jsonrpc":"2.0","id":%s,"error":{"code":-32602,"message":"unknown tool"}}\n' "$id" ;;
      esac ;;
    *) printf '{"jsonrpc":"2.0","id":%s,"error":{"code":-32601,"message":"Method not found"}}\n' "$id" ;;
  esac
done
)SH");
  std::filesystem::permissions(path, std::filesystem::perms::owner_all, std::filesystem::perm_options::add);
  return path;
}

// A folder with the tiny server and `script` written as `name`; returns the folder.
inline std::string script_folder(const std::string& name, const std::string& script) {
  std::string dir = temp_dir("harness");
  write_tiny_server(dir);
  write_file(dir + "/" + name, script);
  return dir;
}

}  // namespace e2e
