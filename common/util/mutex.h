// A mutex and its scoped lock that clang's -Wthread-safety checks: data
// declared KIJI_GUARDED_BY(mutex) may only be touched while `mutex` is held,
// and the build (clang, make fuzz and make tidy) fails where it is not. A
// thin wrapper over std::mutex, so ThreadSanitizer still sees every lock;
// waits go through std::condition_variable_any (MutexLock::Wait). Mutex and
// MutexLock are themselves what make other classes thread-safe; a MutexLock
// belongs to the thread that made it.
#ifndef KIJI_COMMON_UTIL_MUTEX_H_
#define KIJI_COMMON_UTIL_MUTEX_H_

#include <chrono>
#include <condition_variable>
#include <mutex>

#include <absl/base/thread_annotations.h>

#define KIJI_GUARDED_BY(mutex) ABSL_GUARDED_BY(mutex)
#define KIJI_PT_GUARDED_BY(mutex) ABSL_PT_GUARDED_BY(mutex)
#define KIJI_REQUIRES(mutex) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex)

namespace kiji {

class ABSL_LOCKABLE Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  // BasicLockable, for std::condition_variable_any; code takes a MutexLock.
  void lock() ABSL_EXCLUSIVE_LOCK_FUNCTION() { mutex_.lock(); }
  void unlock() ABSL_UNLOCK_FUNCTION() { mutex_.unlock(); }

 private:
  std::mutex mutex_;
};

// Holds a Mutex from construction to the end of its scope.
class ABSL_SCOPED_LOCKABLE MutexLock {
 public:
  explicit MutexLock(Mutex& mutex) ABSL_EXCLUSIVE_LOCK_FUNCTION(mutex) : mutex_(mutex) { mutex_.lock(); }
  ~MutexLock() ABSL_UNLOCK_FUNCTION() { mutex_.unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

  // Lets go of the mutex until `changed` is notified (or wakes spuriously)
  // and holds it again on return: callers wait in a loop on their condition.
  void Wait(std::condition_variable_any& changed) { changed.wait(mutex_); }
  // Wait, for at most `timeout`.
  void WaitFor(std::condition_variable_any& changed, std::chrono::milliseconds timeout) {
    changed.wait_for(mutex_, timeout);
  }

 private:
  Mutex& mutex_;
};

}  // namespace kiji

#endif  // KIJI_COMMON_UTIL_MUTEX_H_
