// Snippets: the passage of an article that best shows why it matched, with
// the byte ranges of the matched words so a printer can highlight them.
// A pure function over a text and its tokens; how highlights look (bold,
// markers, nothing) is the printer's business.
#ifndef KIJI_COMMON_SNIPPET_H_
#define KIJI_COMMON_SNIPPET_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/analyzer.h"

namespace kiji {

struct Snippet {
  std::string text;  // one line: whitespace collapsed, control characters removed
  std::vector<std::pair<std::size_t, std::size_t>> highlights;  // [begin, end) in text
};

// Chooses the window of about `max_bytes` of `text` holding the most
// distinct matched words (then the most matches), extends it to word
// boundaries, and marks cut ends with "…". `tokens` are the Analyzer's
// tokens of `text`; `is_match[i]` says whether tokens[i] matched. Without
// any match the snippet is the start of the text.
Snippet MakeSnippet(std::string_view text, const std::vector<Token>& tokens,
                    const std::vector<bool>& is_match, std::size_t max_bytes = 220);

}  // namespace kiji

#endif  // KIJI_COMMON_SNIPPET_H_
