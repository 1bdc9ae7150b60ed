// The stop signals (util/stop_signals.h): a signal sets the flag while
// every thread is blocked in a read, and never makes that read fail,
// which would lose what a library had read.
#include "common/util/stop_signals.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <thread>

#include "tests/process.h"

namespace kiji {
namespace {

enum Outcome { kOk = 0, kFlagNeverSet = 10, kReadEndedEarly, kReadFailed, kWrongByte, kSecondSignalLost };

// In a child process: the signals stay blocked in whatever installs them.
Outcome SignalDuringABlockedRead() {
  std::atomic<bool> stop{false};
  StopOnSignals(&stop);
  int ends[2];
  if (pipe(ends) != 0) return kReadFailed;
  std::atomic<bool> returned{false};
  ssize_t got = 0;
  char byte = 0;
  std::thread reader([&] {
    got = read(ends[0], &byte, 1);
    returned.store(true);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the read blocks by now
  kill(getpid(), SIGTERM);
  for (int i = 0; i < 2000 && !stop.load(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  if (!stop.load()) return kFlagNeverSet;
  if (returned.load()) return kReadEndedEarly;
  if (write(ends[1], "x", 1) != 1) return kReadFailed;
  reader.join();
  if (got != 1) return kReadFailed;
  if (byte != 'x') return kWrongByte;
  stop.store(false);
  kill(getpid(), SIGINT);
  for (int i = 0; i < 2000 && !stop.load(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  return stop.load() ? kOk : kSecondSignalLost;
}

TEST(StopSignalsTest, ASignalSetsTheFlagWhileAReadBlocksAndTheReadGoesOn) {
  const int status = testing::RunInChild([] { return static_cast<int>(SignalDuringABlockedRead()); });
  switch (status) {
    case kOk: break;
    case kFlagNeverSet: ADD_FAILURE() << "SIGTERM did not set the flag while a read blocked"; break;
    case kReadEndedEarly: ADD_FAILURE() << "SIGTERM ended the read"; break;
    case kReadFailed: ADD_FAILURE() << "the read failed instead of reading what came after the signal"; break;
    case kWrongByte: ADD_FAILURE() << "the read gave the wrong data"; break;
    case kSecondSignalLost: ADD_FAILURE() << "SIGINT after SIGTERM did not set the flag"; break;
    default: ADD_FAILURE() << "the child ended with status " << status;
  }
}

}  // namespace
}  // namespace kiji
