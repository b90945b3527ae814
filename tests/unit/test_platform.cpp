// The operating system layer (src/platform/, POSIX implementation): what each function promises
// in its header, checked against the system itself (modes with stat, FIFOs, umask).
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "../support/env_guard.h"
#include "../support/temp_dir.h"
#include "platform/file.h"
#include "platform/folders.h"
#include "platform/ip_literal.h"
#include "platform/listen_socket.h"
#include "platform/process.h"

namespace fs = std::filesystem;

namespace {

using testsupport::mode_of;

// A fresh folder of its own per test (testsupport::TempDir), as a path.
struct ScratchFolder {
  testsupport::TempDir dir;
  fs::path path{dir.path};
};

// Sets the process umask for one test and puts the old one back.
struct UmaskGuard {
  mode_t old;
  explicit UmaskGuard(mode_t mask) : old(::umask(mask)) {}
  ~UmaskGuard() { ::umask(old); }
};

}  // namespace

TEST_CASE("platform::File creates files with exactly the access asked for, whatever the umask", "[platform]") {
  ScratchFolder dir;
  UmaskGuard open_umask(0);  // a umask of 0 would leave 0666 to a plain open()
  std::error_code ec;

  const std::string fresh = (dir.path / "fresh").string();
  platform::File file = platform::File::create_new(fresh, platform::FileAccess::owner_only, ec);
  REQUIRE_FALSE(ec);
  CHECK(file.is_open());
  CHECK(mode_of(fresh) == 0600);
  CHECK(file.write_all("abc", 3, ec));
  CHECK(file.sync(ec));
  file.close();
  CHECK_FALSE(file.is_open());

  platform::File again = platform::File::create_new(fresh, platform::FileAccess::owner_only, ec);
  CHECK(ec == std::errc::file_exists);
  CHECK_FALSE(again.is_open());

  const std::string registry = (dir.path / "registry").string();
  platform::File::open_or_create(registry, platform::FileAccess::owner_only, ec);
  REQUIRE_FALSE(ec);
  CHECK(mode_of(registry) == 0600);
  ::chmod(registry.c_str(), 0640);  // an existing file keeps its mode
  platform::File::open_or_create(registry, platform::FileAccess::owner_only, ec);
  REQUIRE_FALSE(ec);
  CHECK(mode_of(registry) == 0640);
}

TEST_CASE("platform::File::create_unique gives a new private name per call, made public on request", "[platform]") {
  ScratchFolder dir;
  const std::string prefix = (dir.path / ".partial.").string();
  std::string first, second;
  std::error_code ec;
  platform::File a = platform::File::create_unique(prefix, first, ec);
  REQUIRE_FALSE(ec);
  platform::File b = platform::File::create_unique(prefix, second, ec);
  REQUIRE_FALSE(ec);
  CHECK(first != second);
  CHECK(first.rfind(prefix, 0) == 0);
  CHECK(first.size() == prefix.size() + 6);
  CHECK(mode_of(first) == 0600);
  CHECK(a.write_all("video", 5, ec));
  CHECK(a.set_access(platform::FileAccess::all_may_read, ec));
  CHECK(mode_of(first) == 0644);
  a.close();
  CHECK(fs::file_size(first) == 5);

  std::string unchanged = "kept";
  platform::File none = platform::File::create_unique((dir.path / "missing" / "x.").string(), unchanged, ec);
  CHECK(ec == std::errc::no_such_file_or_directory);
  CHECK(unchanged == "kept");
}

TEST_CASE("platform::File::open_to_read reads regular files at offsets and refuses anything else at once",
          "[platform]") {
  ScratchFolder dir;
  const fs::path data = dir.path / "data.bin";
  std::ofstream(data, std::ios::binary) << "0123456789";
  std::error_code ec;

  platform::File file = platform::File::open_to_read(data.string(), ec);
  REQUIRE_FALSE(ec);
  CHECK(file.size_at_open() == 10);
  char buf[8] = {};
  CHECK(file.read_at(6, buf, sizeof buf, ec) == 4);  // what is left
  CHECK(std::string(buf, 4) == "6789");
  CHECK(file.read_at(10, buf, sizeof buf, ec) == 0);  // the end
  CHECK_FALSE(ec);

  platform::File moved = std::move(file);
  CHECK(moved.read_at(0, buf, 2, ec) == 2);
  CHECK(std::string(buf, 2) == "01");

  // A FIFO nobody writes to: opening it must not block this thread (the test would hang).
  const fs::path fifo = dir.path / "fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK_FALSE(platform::File::open_to_read(fifo.string(), ec).is_open());
  CHECK(ec == std::errc::invalid_argument);

  CHECK_FALSE(platform::File::open_to_read(dir.path.string(), ec).is_open());  // a folder
  CHECK(ec == std::errc::invalid_argument);

  CHECK_FALSE(platform::File::open_to_read((dir.path / "none").string(), ec).is_open());
  CHECK(ec == std::errc::no_such_file_or_directory);

  if (::geteuid() != 0) {  // root reads anything
    ::chmod(data.c_str(), 0);
    CHECK_FALSE(platform::File::open_to_read(data.string(), ec).is_open());
    CHECK(ec == std::errc::permission_denied);
  }
}

TEST_CASE("platform::create_private_folders makes each missing folder 0700 and names the one it could not make",
          "[platform]") {
  ScratchFolder dir;
  ::chmod(dir.path.c_str(), 0755);
  UmaskGuard open_umask(0);
  const fs::path deep = dir.path / "a" / "b" / "c";
  std::string failed_at;
  REQUIRE_FALSE(platform::create_private_folders(deep.string() + "/", failed_at));
  CHECK(mode_of(dir.path / "a") == 0700);
  CHECK(mode_of(dir.path / "a" / "b") == 0700);
  CHECK(mode_of(deep) == 0700);
  CHECK(mode_of(dir.path) == 0755);  // an existing folder is left as it is

  platform::FolderOwnership owner;
  REQUIRE_FALSE(platform::folder_ownership(deep.string(), owner));
  CHECK(owner.is_folder);
  CHECK(owner.owned_by_current_user);
  CHECK(owner.owner == platform::current_user());
  CHECK_FALSE(owner.writable_by_everyone);
  CHECK(owner.mode == "700");

  ::chmod(deep.c_str(), 0777);
  REQUIRE_FALSE(platform::folder_ownership(deep.string(), owner));
  CHECK(owner.writable_by_everyone);
  CHECK(owner.mode == "777");

  std::ofstream(dir.path / "file") << "x";
  REQUIRE_FALSE(platform::folder_ownership((dir.path / "file").string(), owner));
  CHECK_FALSE(owner.is_folder);
  const auto ec = platform::create_private_folders((dir.path / "file" / "sub").string(), failed_at);
  CHECK(ec == std::errc::not_a_directory);
  CHECK(failed_at == (dir.path / "file" / "sub").string());

  CHECK(platform::folder_ownership((dir.path / "none").string(), owner) == std::errc::no_such_file_or_directory);
}

TEST_CASE("platform's base folders follow XDG: an absolute variable wins, a relative one is ignored", "[platform]") {
  testsupport::EnvGuard env;
  env.set("XDG_STATE_HOME", "/srv/state");
  env.set("XDG_DATA_HOME", "relative/data");
  CHECK(platform::user_state_base("/home/u") == "/srv/state");
  CHECK(platform::user_data_base("/home/u") == "/home/u/.local/share");
  env.set("XDG_STATE_HOME", std::nullopt);
  CHECK(platform::user_state_base("/home/u") == "/home/u/.local/state");
}

TEST_CASE("platform names this process and its user as the system does", "[platform]") {
  CHECK(platform::process_id() == static_cast<std::uint64_t>(::getpid()));
  CHECK(platform::current_user() == "uid " + std::to_string(::geteuid()));
  CHECK(platform::fallback_home() == "/tmp/pixverse-mcp-" + std::to_string(::geteuid()));
}

TEST_CASE("platform reads IP literals strictly, in network byte order", "[platform]") {
  CHECK(platform::parse_ipv4("127.0.0.1") == std::array<std::uint8_t, 4>{127, 0, 0, 1});
  CHECK(platform::parse_ipv4("10.20.30.40") == std::array<std::uint8_t, 4>{10, 20, 30, 40});
  for (const char* loose : {"127.1", "0x7f.0.0.1", "127.0.0.01", "127.0.0.1 ", "", "::1", "256.0.0.1"}) {
    INFO(loose);
    CHECK_FALSE(platform::parse_ipv4(loose));
  }
  const auto loopback = platform::parse_ipv6("0:0:0:0:0:0:0:1");
  REQUIRE(loopback);
  CHECK(*loopback == *platform::parse_ipv6("::1"));
  CHECK((*loopback)[15] == 1);
  const auto mapped = platform::parse_ipv6("::ffff:127.0.0.1");
  REQUIRE(mapped);
  CHECK((*mapped)[10] == 0xff);
  CHECK((*mapped)[12] == 127);
  for (const char* bad : {"[::1]", "::1%lo", "127.0.0.1", ":::1", ""}) {
    INFO(bad);
    CHECK_FALSE(platform::parse_ipv6(bad));
  }
}

namespace {

// A TCP socket on 127.0.0.1:`port` (0: any), set up by `options`, then bound; -1 if bind failed.
int bound_socket(int port, const std::function<void(int)>& options) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  options(fd);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

TEST_CASE("platform::set_exclusive_listen_options: a port being listened on cannot be shared", "[platform]") {
  const auto exclusive = [](int fd) { platform::set_exclusive_listen_options(fd); };
  const auto sharing = [](int fd) {  // what cpp-httplib sets by default
    int yes = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &yes, sizeof yes);
  };
  const int first = bound_socket(0, exclusive);
  REQUIRE(first >= 0);
  REQUIRE(::listen(first, 8) == 0);
  sockaddr_in addr{};
  socklen_t length = sizeof addr;
  REQUIRE(::getsockname(first, reinterpret_cast<sockaddr*>(&addr), &length) == 0);
  const int port = ntohs(addr.sin_port);
  CHECK(bound_socket(port, exclusive) == -1);
  CHECK(bound_socket(port, sharing) == -1);
  ::close(first);
  // Two sockets that both share would both bind: the library's default, which the option replaces.
  const int a = bound_socket(0, sharing);
  REQUIRE(a >= 0);
  REQUIRE(::listen(a, 8) == 0);
  length = sizeof addr;
  REQUIRE(::getsockname(a, reinterpret_cast<sockaddr*>(&addr), &length) == 0);
  const int b = bound_socket(ntohs(addr.sin_port), sharing);
  CHECK(b >= 0);
  if (b >= 0) ::close(b);
  ::close(a);
}

TEST_CASE("platform::widen_listen_backlog finds the listening socket on a port and lets a burst of connections in",
          "[platform]") {
  const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(listener >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(::listen(listener, 1) == 0);  // room for one or two waiting connections
  socklen_t length = sizeof addr;
  REQUIRE(::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &length) == 0);
  const int port = ntohs(addr.sin_port);

  CHECK(platform::widen_listen_backlog(port, 64));
  CHECK_FALSE(platform::widen_listen_backlog(port == 65535 ? 65534 : port + 1, 64));  // nothing listens there

  // Twenty connections, none accepted: each completes its handshake into the widened queue.
  std::vector<int> clients;
  for (int i = 0; i < 20; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    REQUIRE(fd >= 0);
    const int started = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    CHECK((started == 0 || errno == EINPROGRESS));
    clients.push_back(fd);
  }
  int connected = 0;
  for (int fd : clients) {
    pollfd p{fd, POLLOUT, 0};
    int error = -1;
    socklen_t size = sizeof error;
    if (::poll(&p, 1, 3000) == 1 && ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) == 0 && error == 0)
      ++connected;
    ::close(fd);
  }
  CHECK(connected == 20);
  ::close(listener);
}
