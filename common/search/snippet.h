// Snippets: the passage of an article that best shows why it matched, with
// the byte ranges of the matched words so a printer can highlight them.
// A pure function over a text and its tokens; how highlights look (bold,
// markers, nothing) is the printer's business.
// Safe from any thread.
#ifndef KIJI_COMMON_SEARCH_SNIPPET_H_
#define KIJI_COMMON_SEARCH_SNIPPET_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/analysis/analyzer.h"

namespace kiji {

struct Snippet {
  std::string text;  // one line: whitespace collapsed, control characters removed
  std::vector<std::pair<std::size_t, std::size_t>> highlights;  // [begin, end) in text
};

// Chooses about `max_bytes` of `text` that show the most different matched
// words: one passage when one holds them all, else up to three fragments
// joined by "…", each starting at a sentence when one is near. `tokens` are
// the Analyzer's tokens of `text`; `match[i]` is 0 when tokens[i] did not
// match, otherwise a number saying what it matched (equal numbers are the
// same query word). Without any match the snippet is the start of the text.
Snippet MakeSnippet(std::string_view text, const std::vector<Token>& tokens,
                    const std::vector<int>& match, std::size_t max_bytes = 220);

// The parts of `text` a snippet needs analysed: its start, and around the
// first `per_probe` places where each probe occurs (ASCII, ignoring case),
// widened by about `radius` bytes to the nearest space; sorted, merged byte
// ranges. For long articles this is what keeps snippets cheap: a query's
// words usually sit in a few places, and the rest of the text cannot make
// a better passage. Probes are MatchTerms::Probes().
std::vector<std::pair<std::size_t, std::size_t>> SnippetRegions(std::string_view text,
                                                                const std::vector<std::string>& probes,
                                                                std::size_t radius = 200,
                                                                std::size_t per_probe = 3);

}  // namespace kiji

#endif  // KIJI_COMMON_SEARCH_SNIPPET_H_
