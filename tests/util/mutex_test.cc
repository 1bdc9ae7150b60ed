#include "common/util/mutex.h"

#include <condition_variable>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace kiji {
namespace {

// A bounded queue of one slot, as the build's spools use the lock: every
// value handed over arrives once and in order, with waits on both sides.
class OneSlot {
 public:
  void Put(int value) {
    MutexLock lock(mutex_);
    while (full_) lock.Wait(changed_);
    value_ = value;
    full_ = true;
    changed_.notify_all();
  }
  int Take() {
    MutexLock lock(mutex_);
    while (!full_) lock.Wait(changed_);
    full_ = false;
    changed_.notify_all();
    return value_;
  }

 private:
  Mutex mutex_;
  std::condition_variable_any changed_;
  int value_ KIJI_GUARDED_BY(mutex_) = 0;
  bool full_ KIJI_GUARDED_BY(mutex_) = false;
};

TEST(MutexTest, WaitReleasesTheLockSoAnotherThreadCanHandOverEveryValue) {
  OneSlot slot;
  std::vector<int> taken;
  std::thread consumer([&] {
    for (int i = 0; i < 1000; ++i) taken.push_back(slot.Take());
  });
  for (int i = 0; i < 1000; ++i) slot.Put(i);
  consumer.join();
  ASSERT_EQ(taken.size(), 1000u);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(taken[static_cast<std::size_t>(i)], i);
}

TEST(MutexTest, ExcludesOtherThreadsWhileHeld) {
  Mutex mutex;
  long counter = 0;  // deliberately a plain long: only the lock keeps it exact
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20000; ++i) {
        MutexLock lock(mutex);
        ++counter;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(counter, 80000);
}

}  // namespace
}  // namespace kiji
