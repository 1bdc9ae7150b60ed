// Line breaking for terminals: where to break one line of text so that each
// piece fits a number of columns, counting East Asian wide characters as
// two and combining marks as none. Breaks at spaces, before and after wide
// characters (CJK text has no spaces), and inside a word only when it is
// wider than a whole line, never inside a grapheme cluster. Not the place
// for what is shown (printers) or for control characters (utf8.h: text is
// cleaned first). Pure functions; safe from any thread.
#ifndef KIJI_COMMON_UTIL_TEXT_WRAP_H_
#define KIJI_COMMON_UTIL_TEXT_WRAP_H_

#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

namespace kiji {

// The [begin, end) byte ranges of `text`'s lines: the first at most
// `first_width` columns wide, the others at most `width` (what is left
// beside an indent). The spaces at a break belong to no line. A line is
// wider only where a single grapheme cluster is. An empty text has no line.
std::vector<std::pair<std::size_t, std::size_t>> WrapLines(std::string_view text, std::size_t first_width,
                                                           std::size_t width);

}  // namespace kiji

#endif  // KIJI_COMMON_UTIL_TEXT_WRAP_H_
