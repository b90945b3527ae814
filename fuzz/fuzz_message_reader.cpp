// mcp::read_message on its own: one client line, any bytes. It never throws; a line it reads is
// JSON that can be written back; an error carries a usable id (or none).
#include "fuzz_support.h"
#include "mcp/message_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::quiet();
  const mcp::ReadLine read = mcp::read_message(fuzz::text(data, size));
  if (read.error) {
    fuzz::require(read.error->id.is_null() || mcp::is_valid_request_id(read.error->id), "a recovered id is not an id");
    fuzz::require(!read.error->message.empty(), "an error without a message");
    return 0;
  }
  fuzz::require(!read.message.is_discarded(), "a discarded message without an error");
  // Repaired or not, what was read can be written back as one line of JSON and read again.
  const std::string wire = mcp::to_wire(read.message);
  const mcp::ReadLine again = mcp::read_message(wire);
  fuzz::require(!again.error && again.replacements == 0, "a message read once does not read again");
  fuzz::require(again.message == read.message, "a message changed on its way back");
  return 0;
}
