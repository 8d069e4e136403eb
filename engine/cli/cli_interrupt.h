// What Ctrl-C (SIGINT) or SIGTERM does to a long command (score --all): a
// line on stderr saying what is kept, then the end the signal gives anyway.
#pragma once

namespace jixiao::cli {

// From now on, SIGINT and SIGTERM write `message` (which must outlive the
// process: a string literal) on stderr and then end the process by that
// signal, as it would have ended without (the shell sees 130 or 143). A
// signal ignored when this is called (nohup, a background job of a script)
// stays ignored.
void say_on_interrupt(const char* message);

}  // namespace jixiao::cli
