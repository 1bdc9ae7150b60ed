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

// A snippet's length in characters (code points) unless asked otherwise
// (--snippet-chars), and the least it may be asked for.
inline constexpr std::size_t kDefaultSnippetChars = 300;
inline constexpr std::size_t kMinSnippetChars = 40;

// Chooses at most `max_chars` code points of `text` (never more, "…" marks
// included; below kMinSnippetChars, that many) that show the most
// different matched words: one passage when one holds them all, else up to
// three fragments joined by "…", each starting at a sentence when one is
// near and cut between words (between grapheme clusters where a script
// has no spaces). `tokens` are the Analyzer's tokens of `text`, or of the
// parts of it SnippetRegions chose; `match[i]` is 0 when tokens[i] did not
// match, otherwise a number saying what it matched (equal numbers are the
// same query word). Without any match the snippet is the start of the
// text. Work grows with the tokens given and the snippet's length, not
// with the text's.
Snippet MakeSnippet(std::string_view text, const std::vector<Token>& tokens,
                    const std::vector<int>& match, std::size_t max_chars = kDefaultSnippetChars);

// The parts of `text` a snippet needs analysed: its start, and around the
// first `per_probe` places where each probe occurs (ASCII, ignoring case),
// widened by about `radius` bytes to the nearest space; sorted, merged byte
// ranges. For long articles this is what keeps snippets cheap: a query's
// words usually sit in a few places, and the rest of the text cannot make
// a better passage. Probes are MatchTerms::Probes(). A radius of twice a
// snippet's characters gives the snippet MakeSnippet makes of the whole
// text wherever the words around a match take at most two bytes each.
std::vector<std::pair<std::size_t, std::size_t>> SnippetRegions(std::string_view text,
                                                                const std::vector<std::string>& probes,
                                                                std::size_t radius = 2 * kDefaultSnippetChars,
                                                                std::size_t per_probe = 3);

}  // namespace kiji

#endif  // KIJI_COMMON_SEARCH_SNIPPET_H_
