/* The floor of a stdio JSON-RPC server, for tools/bench/run: the least a process can do to answer
 * the bench's requests. It reads lines from stdin and answers each request with canned bytes —
 * the results our server gave at the start of the run (initialize, tools/list, a get_balance
 * tools/call), read from the folder named by argv[1] — and {} to ping. No JSON parser: the
 * bench writes "id" first and "method" before "params", so the first "id": and "method": of a
 * line are its own. Notifications (no id) get no answer. Output is gathered per read() and
 * written with one write(), the way a server that batches its answers would.
 *
 * tools/bench/run compiles it twice with cc -O2: plain, and linked (with --no-as-needed) against
 * the shared libraries pixverse-mcp loads, which shows what loading them costs at start-up.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct canned {
  const char* method;
  const char* file;
  char* bytes;
  size_t len;
};

static struct canned answers[] = {
    {"initialize", "initialize.json", NULL, 0},
    {"tools/list", "tools_list.json", NULL, 0},
    {"tools/call", "tools_call.json", NULL, 0},
    {"ping", NULL, "{}", 2},
};
enum { n_answers = sizeof answers / sizeof answers[0] };

static char* read_file(const char* dir, const char* name, size_t* len) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE* f = fopen(path, "rb");
  if (!f) {
    perror(path);
    exit(1);
  }
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  char* bytes = malloc((size_t)size + 1);
  if (!bytes || fread(bytes, 1, (size_t)size, f) != (size_t)size) {
    perror(path);
    exit(1);
  }
  fclose(f);
  *len = (size_t)size;
  return bytes;
}

static char* out;
static size_t out_len, out_cap;

static void put(const char* bytes, size_t len) {
  if (out_len + len > out_cap) {
    while (out_len + len > out_cap) out_cap = out_cap ? out_cap * 2 : 1 << 16;
    out = realloc(out, out_cap);
    if (!out) exit(1);
  }
  memcpy(out + out_len, bytes, len);
  out_len += len;
}

#define PUT_TEXT(s) put(s, sizeof(s) - 1)

static void flush_out(void) {
  for (size_t at = 0; at < out_len;) {
    ssize_t n = write(1, out + at, out_len - at);
    if (n <= 0) exit(1);
    at += (size_t)n;
  }
  out_len = 0;
}

/* One line: answer it if it is a request of a known method (unknown ones get an error). */
static void answer(const char* line, size_t len) {
  char text[256];
  size_t head = len < sizeof text - 1 ? len : sizeof text - 1; /* id and method come first */
  memcpy(text, line, head);
  text[head] = 0;
  const char* id = strstr(text, "\"id\":");
  const char* method = strstr(text, "\"method\":\"");
  if (!id || !method) return;
  id += 5;
  size_t id_len = strcspn(id, ",}");
  method += 10;
  size_t method_len = strcspn(method, "\"");
  PUT_TEXT("{\"jsonrpc\":\"2.0\",\"id\":");
  put(id, id_len);
  for (int i = 0; i < n_answers; i++) {
    if (strlen(answers[i].method) == method_len && memcmp(answers[i].method, method, method_len) == 0) {
      PUT_TEXT(",\"result\":");
      put(answers[i].bytes, answers[i].len);
      PUT_TEXT("}\n");
      return;
    }
  }
  PUT_TEXT(",\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}\n");
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: floor DIR (initialize.json, tools_list.json, tools_call.json)\n");
    return 2;
  }
  for (int i = 0; i < n_answers; i++)
    if (answers[i].file) answers[i].bytes = read_file(argv[1], answers[i].file, &answers[i].len);

  size_t cap = 1 << 20, len = 0;
  char* in = malloc(cap);
  for (;;) {
    if (len == cap) {
      cap *= 2;
      in = realloc(in, cap);
    }
    if (!in) return 1;
    ssize_t n = read(0, in + len, cap - len);
    if (n <= 0) break;
    len += (size_t)n;
    size_t start = 0;
    for (char* nl; (nl = memchr(in + start, '\n', len - start)) != NULL; start = (size_t)(nl - in) + 1)
      answer(in + start, (size_t)(nl - in) - start);
    memmove(in, in + start, len - start);
    len -= start;
    flush_out();
  }
  return 0;
}
