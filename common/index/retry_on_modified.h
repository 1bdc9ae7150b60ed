// Reading an index while an indexer commits to it: a reader whose revision
// the writer's commits have overtaken gets Xapian::DatabaseModifiedError,
// and the remedy is always to reopen and try again. This is the one place
// that rule is written for single reads; a wait for whole sharded batches
// (shard_batch.h) waits on it up to a deadline instead. Stateless; each
// caller reopens its own handles.
// Safe from any thread that owns the handles it reopens.
#ifndef KIJI_COMMON_INDEX_RETRY_ON_MODIFIED_H_
#define KIJI_COMMON_INDEX_RETRY_ON_MODIFIED_H_

#include <xapian.h>

namespace kiji {

// How often a read is tried again after its revision was overtaken: a
// writer commits at most every few hundred milliseconds, so one retry
// nearly always suffices; more means something else is wrong.
inline constexpr int kModifiedRetries = 5;

// Returns fn(), calling reopen() and trying again when fn throws
// DatabaseModifiedError, at most kModifiedRetries times (then rethrows).
template <typename Reopen, typename Fn>
auto RetryOnModified(const Reopen& reopen, const Fn& fn) -> decltype(fn()) {
  for (int attempt = 0;; ++attempt) {
    try {
      return fn();
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt >= kModifiedRetries) throw;
      reopen();
    }
  }
}

}  // namespace kiji

#endif  // KIJI_COMMON_INDEX_RETRY_ON_MODIFIED_H_
