// The handler writes and re-raises, nothing more: only async-signal-safe
// calls (write, raise) in it, whichever thread the signal lands on. What a
// killed score --all leaves is sound (every committed batch kept, the log
// recovered by the next opener: tests/batch_kill_test.cc), so the process
// need not unwind.
#include "cli_interrupt.h"

#include <signal.h>
#include <unistd.h>

#include <cstring>
#include <initializer_list>

namespace jixiao::cli {

namespace {

const char* g_message = "";
size_t g_length = 0;

extern "C" void on_interrupt(int signal) {
  const ssize_t written = ::write(STDERR_FILENO, g_message, g_length);
  (void)written;   // nothing to do about a stderr that cannot be written
  ::raise(signal);  // SA_RESETHAND made it the default again: delivered as this handler returns
}

}  // namespace

void say_on_interrupt(const char* message) {
  g_message = message;
  g_length = std::strlen(message);
  for (const int signal : {SIGINT, SIGTERM}) {
    struct sigaction old {};
    if (::sigaction(signal, nullptr, &old) != 0 || old.sa_handler == SIG_IGN) continue;
    struct sigaction action {};
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND;
    ::sigaction(signal, &action, nullptr);
  }
}

}  // namespace jixiao::cli
