#include "mapped_reads.h"

#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <mutex>

namespace jixiao {

namespace {

thread_local bool mapped_here = false;  // this thread reads through a map (a MappedReads lives)
struct sigaction before {};             // the SIGBUS action replaced
uintptr_t page_size = 4096;

// A read past the end of a shrunk file (BUS_ADRERR) while this thread reads
// through a map: a page of zeros is mapped over the one faulting, and the read
// goes on. SQLite's map of the file is taken down whole, that page with it.
// Any other SIGBUS goes to the action before: it is put back, and the fault
// comes again.
void on_sigbus(int, siginfo_t* info, void*) {
  if (mapped_here && info->si_code == BUS_ADRERR) {
    void* page = reinterpret_cast<void*>(reinterpret_cast<uintptr_t>(info->si_addr) & ~(page_size - 1));
    if (::mmap(page, page_size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED) return;
  }
  ::sigaction(SIGBUS, &before, nullptr);
}

void install_handler() {
  static std::once_flag once;
  std::call_once(once, [] {
    page_size = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
    struct sigaction action {};
    action.sa_sigaction = on_sigbus;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGBUS, &action, &before);
  });
}

}  // namespace

MappedReads::MappedReads(SQLite::Database& db, bool on) : db_(on ? &db : nullptr) {
  if (!db_) return;
  install_handler();
  mapped_here = true;
  try {
    db_->exec("PRAGMA mmap_size = 2147418112");  // SQLite's most; a larger file is read past it
  } catch (...) {
    mapped_here = false;
    throw;
  }
}

MappedReads::~MappedReads() {
  if (!db_) return;
  try {
    db_->exec("PRAGMA mmap_size = 0");
  } catch (const SQLite::Exception&) {  // then the map stays until the connection closes
  }
  mapped_here = false;
}

}  // namespace jixiao
