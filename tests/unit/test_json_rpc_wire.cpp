// The JSON-RPC line as the server writes it: a result spliced into its envelope as text is the
// same line as the envelope built and serialised whole.
#include <catch2/catch.hpp>

#include "mcp/json_rpc.h"

using mcp::json;

TEST_CASE("result_to_wire writes the line to_wire(make_result(...)) writes", "[mcp][json_rpc]") {
  const json ids[] = {json(0), json(-7), json(9007199254740993LL), json("a"), json("q\"uote\\ and\nnewline é 🦊")};
  const json results[] = {json::object(),
                          json{{"tools", json::array({json{{"name", "x"}}})}, {"nextCursor", "tools:1"}},
                          json{{"text", "line\nbreak"}}};
  for (const auto& id : ids)
    for (const auto& result : results) {
      INFO(id.dump() << " " << result.dump());
      CHECK(mcp::result_to_wire(id, mcp::to_wire(result)) == mcp::to_wire(mcp::make_result(id, result)));
    }
}
