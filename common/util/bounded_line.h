// Reading text a user gives (topics, judgements, suites) without letting
// one endless line or file take unbounded memory: /dev/zero, a binary file
// or a hostile pipe given as a topics file must fail, not fill the memory.
// Pure functions over a stream; a stream is used by one thread at a time.
#ifndef KIJI_COMMON_UTIL_BOUNDED_LINE_H_
#define KIJI_COMMON_UTIL_BOUNDED_LINE_H_

#include <cstddef>
#include <istream>
#include <limits>
#include <string>

namespace kiji {

// Far above any line of a topics, qrels or suite file.
inline constexpr std::size_t kMaxLineBytes = 1u << 20;
// Far above any suite file.
inline constexpr std::size_t kMaxTextFileBytes = 64u << 20;

enum class LineRead {
  kLine,     // `line` holds the next line, without its '\n'
  kTooLong,  // `line` holds its first `max` bytes; the rest was skipped
  kEnd,      // nothing more
};

// Reads the next line of `in`, keeping at most `max` bytes of it.
LineRead ReadLineAtMost(std::istream& in, std::string& line, std::size_t max = kMaxLineBytes);

// Reads all of `in` into `text`; false (with `text` holding its first
// `max` bytes) when it holds more.
bool ReadAllAtMost(std::istream& in, std::string& text, std::size_t max = kMaxTextFileBytes);

}  // namespace kiji

#endif  // KIJI_COMMON_UTIL_BOUNDED_LINE_H_
