// ParallelFor runs one task per index on threads of its own and waits for
// them all, so that a failing task never leaves the others running; then it
// rethrows the first failure. For a few long tasks (a shard's merge or
// commit); not a work queue for many small ones. Safe to call from any
// thread; `task` must be safe to run on several threads at once for
// different indexes.
#ifndef KIJI_COMMON_UTIL_PARALLEL_FOR_H_
#define KIJI_COMMON_UTIL_PARALLEL_FOR_H_

#include <cstddef>
#include <functional>

namespace kiji {

// Runs task(0) .. task(count - 1), at most `threads` at once (0: all at
// once), and returns when every one has ended; if any threw, the exception
// of the lowest index is rethrown.
void ParallelFor(std::size_t count, std::size_t threads, const std::function<void(std::size_t)>& task);

}  // namespace kiji

#endif  // KIJI_COMMON_UTIL_PARALLEL_FOR_H_
