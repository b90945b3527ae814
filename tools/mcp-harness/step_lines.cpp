#include "mcp-harness/step_lines.h"

#include <cctype>

namespace harness {

std::vector<int> step_lines(const std::string& text) {
  std::vector<int> lines;
  int line = 1;
  int depth = 0;
  std::string last_string, key;  // the last string read; the last key of the top-level object
  bool in_steps = false;         // inside the top-level "steps" array
  bool want_element = false;     // the next token there starts an element
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') ++line;
    if (c == '/' && i + 1 < text.size() && (text[i + 1] == '/' || text[i + 1] == '*')) {
      const bool block = text[i + 1] == '*';
      const std::size_t end = block ? text.find("*/", i + 2) : text.find('\n', i);
      const std::size_t stop = end == std::string::npos ? text.size() : (block ? end + 1 : end - 1);
      for (std::size_t j = i + 1; j <= stop && j < text.size(); ++j) line += text[j] == '\n';
      i = stop;
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(c))) continue;
    if (in_steps && depth == 2 && want_element && c != ']') {
      lines.push_back(line);
      want_element = false;
    }
    switch (c) {
      case '"': {
        std::string s;
        for (++i; i < text.size() && text[i] != '"'; ++i) {
          if (text[i] == '\\' && i + 1 < text.size()) ++i;  // an escaped quote does not end it
          s += text[i];
        }
        last_string = s;
        break;
      }
      case ':':
        if (depth == 1) key = last_string;
        break;
      case ',':
        if (in_steps && depth == 2) want_element = true;
        break;
      case '{':
      case '[':
        ++depth;
        if (depth == 2 && c == '[' && key == "steps") in_steps = want_element = true;
        break;
      case '}':
      case ']':
        if (depth == 2) in_steps = false;
        --depth;
        break;
      default:
        break;
    }
  }
  return lines;
}

}  // namespace harness
