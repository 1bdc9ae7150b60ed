// Word segmentation of ASCII text without ICU, drawing exactly the
// boundaries and word statuses ICU's root word break iterator draws
// (UAX #29 as ICU tailors it: '@' is a letter, ':' never joins letters).
// Most news text is ASCII, and ICU's table-driven iterator costs many times
// as much per byte (doc/performance.md, "ASCII segmenter"). Segmentation only: folding and term rules stay
// in the Analyzer (analyzer.h), which decides where this may be used.
// Pure functions: safe from any thread.
#ifndef KIJI_COMMON_ANALYSIS_ASCII_WORDS_H_
#define KIJI_COMMON_ANALYSIS_ASCII_WORDS_H_

#include <cstddef>
#include <string_view>
#include <vector>

namespace kiji {

// A segment ICU gives a word status (letter or number), as byte offsets.
// ICU calls a segment a number when its last character is a digit, or an
// underscore that follows a digit ("a1", "1_"); otherwise a letter.
struct AsciiWord {
  std::size_t begin = 0;
  std::size_t end = 0;
  bool number = false;
};

// The word segments of ASCII `text`; spaces, punctuation and a lone '_'
// are not words. A byte above ASCII joins nothing (ICU's words there can
// differ: the analyzer sends such text to ICU).
std::vector<AsciiWord> AsciiWords(std::string_view text);

// The offset of the first byte above ASCII at or after `from`, or
// text.size() when there is none.
std::size_t FirstNonAscii(std::string_view text, std::size_t from = 0);

// Whether segmenting text[0, pos) and text[pos, end) apart draws the same
// boundaries as segmenting the whole: true where an ASCII character other
// than a space follows a space or a line feed, since UAX #29 always breaks
// there and no rule looks across such a break (and at 0 and the end).
bool IsSafeCut(std::string_view text, std::size_t pos);

}  // namespace kiji

#endif  // KIJI_COMMON_ANALYSIS_ASCII_WORDS_H_
