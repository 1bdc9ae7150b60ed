// The errors of the index layer: an index that cannot be used as asked, and
// one that Xapian found damaged. what() says why and how to fix it; the
// programs turn them into exit status 2. Plain values, safe on any thread.
#ifndef KIJI_COMMON_INDEX_INDEX_ERROR_H_
#define KIJI_COMMON_INDEX_INDEX_ERROR_H_

#include <stdexcept>

namespace kiji {

// An index that cannot be used as asked; what() says why and how to fix it.
class IndexError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The index is damaged (Xapian found a table inconsistent); what() says
// where and how to repair it.
class IndexDamaged : public IndexError {
 public:
  using IndexError::IndexError;
};

}  // namespace kiji

#endif  // KIJI_COMMON_INDEX_INDEX_ERROR_H_
