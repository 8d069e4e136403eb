#include "cli_interrupt.h"

#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

namespace {

struct Ended {
  int status = 0;
  std::string err;  // what the child wrote on stderr
};

// Runs `child` in a child process whose stderr is a pipe; what it wrote, and how it ended.
template <typename Child>
Ended in_child(Child&& child) {
  int pipe_ends[2];
  REQUIRE(::pipe(pipe_ends) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::dup2(pipe_ends[1], STDERR_FILENO);
    ::close(pipe_ends[0]);
    child();
    ::_exit(7);
  }
  ::close(pipe_ends[1]);
  Ended out;
  char buffer[512];
  for (ssize_t n; (n = ::read(pipe_ends[0], buffer, sizeof buffer)) > 0;) out.err.append(buffer, static_cast<size_t>(n));
  ::close(pipe_ends[0]);
  REQUIRE(::waitpid(pid, &out.status, 0) == pid);
  return out;
}

}  // namespace

TEST_CASE("cli interrupt: Ctrl-C and SIGTERM say what was kept, then end the process by the signal", "[cli-interrupt]") {
  for (const int signal : {SIGINT, SIGTERM}) {
    INFO("signal " << signal);
    const Ended ended = in_child([signal] {
      jixiao::cli::say_on_interrupt("jixiao: stopped; what was committed is kept\n");
      ::raise(signal);
    });
    CHECK(ended.err == "jixiao: stopped; what was committed is kept\n");
    REQUIRE(WIFSIGNALED(ended.status));
    CHECK(WTERMSIG(ended.status) == signal);  // the shell sees 130 (143), as without the message
  }
}

TEST_CASE("cli interrupt: a signal ignored when the command started (nohup, a background job) stays ignored",
          "[cli-interrupt]") {
  const Ended ended = in_child([] {
    ::signal(SIGINT, SIG_IGN);
    jixiao::cli::say_on_interrupt("jixiao: stopped\n");
    ::raise(SIGINT);
  });
  CHECK(ended.err.empty());
  REQUIRE(WIFEXITED(ended.status));
  CHECK(WEXITSTATUS(ended.status) == 7);
}
