// Query parsing: from the text a person typed to a Xapian query, using the
// same Analyzer as indexing. Parsing (text -> ParsedQuery) and building
// (ParsedQuery -> Xapian::Query) are pure functions; neither opens an index.
// Supported here: free words (ranked, OR) and "quoted phrases" (exact,
// unstemmed words in order). Any other punctuation is ignored, so
// natural-language queries never fail to parse.
#ifndef KIJI_COMMON_QUERY_PARSER_H_
#define KIJI_COMMON_QUERY_PARSER_H_

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "common/analyzer.h"

namespace kiji {

struct QueryClause {
  enum class Kind { kWords, kPhrase };
  Kind kind = Kind::kWords;
  std::vector<Token> tokens;  // offsets are into the query text
};

struct ParsedQuery {
  std::vector<QueryClause> clauses;
  bool empty() const { return clauses.empty(); }
};

ParsedQuery ParseQuery(std::string_view text, Analyzer& analyzer);

// The stemmers of every language present in the index: a free word matches
// the stem it has in any of them.
struct QueryLanguages {
  std::vector<Xapian::Stem> stemmers;
};

Xapian::Query BuildQuery(const ParsedQuery& parsed, const QueryLanguages& languages);

// What counts as a match of the query inside an article's text, for
// highlighting: free words (exactly or by stem), phrases only where the
// whole phrase occurs, and runs of CJK text (whose words the article may
// have segmented differently).
struct MatchTerms {
  std::set<std::string> exact;
  std::set<std::string> stems;
  std::vector<std::string> cjk_runs;
  std::vector<std::vector<std::string>> phrases;

  // Whether one token matches a free word of the query.
  bool Matches(const Token& token, const Xapian::Stem& stem) const;
  // Which of an article's tokens to highlight; `stem` is the article's.
  std::vector<bool> MatchTokens(const std::vector<Token>& tokens, const Xapian::Stem& stem) const;
};

MatchTerms CollectMatchTerms(const ParsedQuery& parsed, const QueryLanguages& languages);

}  // namespace kiji

#endif  // KIJI_COMMON_QUERY_PARSER_H_
