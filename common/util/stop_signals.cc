#include "common/util/stop_signals.h"

#include <pthread.h>

#include <csignal>
#include <system_error>
#include <thread>

namespace kiji {

void StopOnSignals(std::atomic<bool>* flag) {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  if (const int error = pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr); error != 0) {
    throw std::system_error(error, std::generic_category(), "cannot block the stop signals");
  }
  std::thread([flag, stop_signals] {
    for (;;) {
      int signal = 0;
      if (sigwait(&stop_signals, &signal) == 0) flag->store(true);
    }
  }).detach();
}

}  // namespace kiji
