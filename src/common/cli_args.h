#pragma once
// Command-line arguments as CLI11 2.1 (Debian 12) should read them. It reads "--flag=" (an empty
// value) as "--flag" and takes the next argument as the value; hosts write "--output-dir=" when
// they substitute a setting the user left unset, so the empty value must stay empty. Shared by
// the programs that parse with CLI11 (pixverse-mcp, pixverse-sim).
#include <string>
#include <vector>

namespace common {

// argv[1..argc) in the order CLI::App::parse(std::vector<std::string>&) takes them (last
// first), each "--name=" given as "--name" followed by "".
inline std::vector<std::string> cli11_arguments(int argc, const char* const* argv) {
  std::vector<std::string> args;
  for (int i = argc - 1; i >= 1; --i) {
    const std::string arg = argv[i];
    const bool empty_value = arg.size() > 3 && arg.rfind("--", 0) == 0 && arg.find('=') == arg.size() - 1;
    if (empty_value) args.emplace_back();
    args.push_back(empty_value ? arg.substr(0, arg.size() - 1) : arg);
  }
  return args;
}

}  // namespace common
