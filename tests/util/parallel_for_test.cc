#include "common/util/parallel_for.h"

#include <atomic>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

namespace kiji {
namespace {

TEST(ParallelForTest, RunsEveryIndexOnceAtMostThreadsAtATime) {
  std::vector<std::atomic<int>> runs(7);
  std::atomic<int> running{0}, most{0};
  ParallelFor(runs.size(), 3, [&](std::size_t i) {
    const int now = ++running;
    int seen = most.load();
    while (now > seen && !most.compare_exchange_weak(seen, now)) {
    }
    ++runs[i];
    --running;
  });
  for (const auto& r : runs) EXPECT_EQ(r.load(), 1);
  EXPECT_LE(most.load(), 3);
}

TEST(ParallelForTest, EveryTaskEndsBeforeTheFirstFailureIsRethrown) {
  std::atomic<int> finished{0};
  try {
    ParallelFor(5, 0, [&](std::size_t i) {
      if (i == 1 || i == 3) throw std::runtime_error("task " + std::to_string(i));
      ++finished;
    });
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "task 1") << "the lowest index's failure";
  }
  EXPECT_EQ(finished.load(), 3);
}

TEST(ParallelForTest, NothingToDoRunsNothing) {
  ParallelFor(0, 0, [](std::size_t) { FAIL(); });
}

}  // namespace
}  // namespace kiji
