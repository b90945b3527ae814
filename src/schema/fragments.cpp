#include "schema/fragments.h"

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "schema/embedded_schemas.h"

namespace app {
namespace {

class Expander {
 public:
  explicit Expander(const SchemaFileLoader& load) : load_(load) {}

  void expand(nlohmann::json& j) {
    if (j.is_array()) {
      for (auto& x : j) expand(x);
      return;
    }
    if (!j.is_object()) return;
    if (auto use = j.find("x-use"); use != j.end()) {
      nlohmann::json fragment = resolve(*use);
      if (j.size() > 1 && !fragment.is_object())
        throw std::runtime_error("x-use " + use->dump() + " is not an object, so it cannot take extra keys");
      j.erase("x-use");
      for (auto& [key, value] : j.items()) fragment[key] = std::move(value);
      j = std::move(fragment);  // already expanded; the loop below expands the overrides
      if (!j.is_object()) return;
    }
    for (auto& [key, value] : j.items()) expand(value);
  }

 private:
  // The fragment a reference names, itself fully expanded.
  nlohmann::json resolve(const nlohmann::json& use) {
    if (!use.is_string()) throw std::runtime_error("x-use must be a string \"<file>#<pointer>\", got " + use.dump());
    const std::string ref = use.get<std::string>();
    for (const auto& seen : chain_)
      if (seen == ref) {
        std::string path;
        for (const auto& c : chain_) path += c + " -> ";
        throw std::runtime_error("schema fragments form a cycle: " + path + ref);
      }
    const auto hash = ref.find('#');
    if (hash == std::string::npos || hash == 0)
      throw std::runtime_error("x-use needs \"<file>#<pointer>\", got \"" + ref + "\"");
    const std::string stem = ref.substr(0, hash);
    auto file = files_.find(stem);
    if (file == files_.end()) file = files_.emplace(stem, load_(stem)).first;
    nlohmann::json fragment;
    try {
      fragment = file->second.at(nlohmann::json::json_pointer(ref.substr(hash + 1)));
    } catch (const nlohmann::json::exception& e) {
      throw std::runtime_error("x-use \"" + ref + "\" points at nothing in schemas/" + stem + ".json: " + e.what());
    }
    chain_.push_back(ref);
    expand(fragment);
    chain_.pop_back();
    return fragment;
  }

  const SchemaFileLoader& load_;
  std::map<std::string, nlohmann::json, std::less<>> files_;  // parsed once per expansion
  std::vector<std::string> chain_;                            // the references being expanded
};

}  // namespace

nlohmann::json expand_fragments(nlohmann::json document, const SchemaFileLoader& load) {
  Expander(load).expand(document);
  return document;
}

nlohmann::json embedded_schema_file(std::string_view stem) {
  for (const auto& s : embedded_schemas())
    if (s.name == stem) return nlohmann::json::parse(s.text);
  throw std::runtime_error("no embedded schema file schemas/" + std::string(stem) + ".json");
}

nlohmann::json expanded_schema_file(std::string_view stem) {
  return expand_fragments(embedded_schema_file(stem), &embedded_schema_file);
}

}  // namespace app
