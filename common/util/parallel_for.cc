#include "common/util/parallel_for.h"

#include <exception>
#include <thread>
#include <vector>

namespace kiji {

void ParallelFor(std::size_t count, std::size_t threads, const std::function<void(std::size_t)>& task) {
  if (threads == 0) threads = count;
  std::vector<std::exception_ptr> errors(count);
  std::vector<std::thread> running;
  for (std::size_t i = 0; i < count; ++i) {
    running.emplace_back([&task, &errors, i] {
      try {
        task(i);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    });
    if (running.size() == threads || i + 1 == count) {
      for (std::thread& t : running) t.join();
      running.clear();
    }
  }
  for (const std::exception_ptr& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

}  // namespace kiji
