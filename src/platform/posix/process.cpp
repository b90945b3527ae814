// platform/process.h on POSIX: getpid(2), the signal mask with sigwait(3), and glibc's
// malloc_trim(3) where the C library is glibc.
#include "platform/process.h"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace platform {
namespace {

sigset_t stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

}  // namespace

std::uint64_t process_id() { return static_cast<std::uint64_t>(::getpid()); }

void prepare_process() {
  ::signal(SIGPIPE, SIG_IGN);  // a vanished host shows up as a write error, not a crash
  // Taken by sigwait() on a thread, not by a handler: blocked before any thread exists, so
  // every thread inherits the mask and none is interrupted by them.
  const sigset_t set = stop_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

std::string wait_for_stop_request() {
  const sigset_t set = stop_signals();
  int signal = 0;
  if (sigwait(&set, &signal) != 0) return "";
  return signal == SIGTERM ? "SIGTERM" : "SIGINT";
}

void release_free_memory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

}  // namespace platform
