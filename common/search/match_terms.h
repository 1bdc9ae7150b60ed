// Highlighting: which words of an article's text match a query, for
// snippets and the article view, by the same rules as the search (stems,
// phrases, wildcards, CJK runs). Plain values and pure functions; a
// MatchTerms::Memo belongs to one thread at a time.
#ifndef KIJI_COMMON_SEARCH_MATCH_TERMS_H_
#define KIJI_COMMON_SEARCH_MATCH_TERMS_H_

#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "common/analysis/analyzer.h"
#include "common/search/query_builder.h"
#include "common/search/query_parser.h"

namespace kiji {

// What counts as a match of the query inside an article's text, for
// highlighting: free words (exactly or by stem), phrases only where the
// whole phrase occurs, wildcard prefixes, and runs of CJK text (whose words
// the article may have segmented differently). Excluded words never count.
struct MatchTerms {
  std::set<std::string> exact;
  std::set<std::string> stems;
  std::vector<std::string> prefixes;
  std::vector<std::string> cjk_runs;
  std::vector<std::vector<std::string>> phrases;

  // Which of an article's tokens to highlight (`stem` is the article's):
  // 0 for none, otherwise a number naming what matched, the same for
  // "drones" and "drone" (one stem) or for the words of one phrase.
  // `memo`, when given, remembers what each distinct word matched across
  // calls for articles of one language: the articles of a result page share
  // most of their words, and stemming each again was a sixth of the cost
  // of highlighting a page.
  using Memo = std::unordered_map<std::string, std::string>;
  std::vector<int> MatchTokens(const std::vector<Token>& tokens, const Xapian::Stem& stem,
                               Memo* memo = nullptr) const;
  // ASCII strings that occur (ignoring case) wherever a word of the query
  // is likely to match, so a snippet need only analyse the text around
  // them: the words as typed, the stems less their last letter, wildcard
  // prefixes. Empty when some query word is not ASCII (CJK, accents), and
  // the whole text must be analysed.
  std::vector<std::string> Probes() const;

 private:
  // What a token matches ("s:stem", "phrase:2", ...); empty for nothing.
  std::string MatchKey(const Token& token, const Xapian::Stem& stem) const;
};

MatchTerms CollectMatchTerms(const ParsedQuery& parsed, const QueryLanguages& languages);

}  // namespace kiji

#endif  // KIJI_COMMON_SEARCH_MATCH_TERMS_H_
