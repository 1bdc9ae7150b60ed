// TerminalSafeStream puts a filter in front of an ostream (std::cerr, say)
// so that every line written through it reaches the terminal as valid UTF-8
// without control characters or bidi controls (utf8.h's
// StripControlCharacters): one boundary for a program's messages, however
// many places compose them from file names, paths and library errors.
// Not for text that must carry control sequences on purpose (a progress
// line), which goes around it. Not thread-safe: one thread writes a stream.
#ifndef KIJI_COMMON_UTIL_TERMINAL_STREAM_H_
#define KIJI_COMMON_UTIL_TERMINAL_STREAM_H_

#include <ostream>
#include <streambuf>
#include <string>

namespace kiji {

class TerminalSafeStream {
 public:
  // Filters what `stream` is given from now on, until destruction.
  explicit TerminalSafeStream(std::ostream& stream);
  ~TerminalSafeStream();
  TerminalSafeStream(const TerminalSafeStream&) = delete;
  TerminalSafeStream& operator=(const TerminalSafeStream&) = delete;

 private:
  // Collects a line, then writes it cleaned to the stream's own buffer.
  class LineFilter : public std::streambuf {
   public:
    explicit LineFilter(std::streambuf* out) : out_(out) {}
    void Flush();

   protected:
    int_type overflow(int_type c) override;
    int sync() override;

   private:
    std::streambuf* out_;
    std::string line_;
  };

  std::ostream& stream_;
  std::streambuf* original_;
  LineFilter filter_;
};

}  // namespace kiji

#endif  // KIJI_COMMON_UTIL_TERMINAL_STREAM_H_
