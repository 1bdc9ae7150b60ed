// Query parsing: from the text a person typed to a query tree, and from the
// tree to a Xapian query, using the same Analyzer as indexing. Both steps are
// pure functions; neither opens an index. The language (documented in
// doc/query-language.md): free words (OR, stemmed), +required, -excluded, "exact phrases",
// AND / OR / NOT / AND NOT, parentheses, NEAR and NEAR/n, prefix*, fields
// (title: source: tag: lang: dateline: caption: id:) and dates (date:2024,
// date:2024-11, date:2024-11-01, date:A..B with open ends).
// ParseQuery uses the caller's Analyzer, which belongs to one thread at a
// time (analyzer.h); its result is a plain value.
#ifndef KIJI_COMMON_SEARCH_QUERY_PARSER_H_
#define KIJI_COMMON_SEARCH_QUERY_PARSER_H_

#include <cstddef>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "common/analysis/analyzer.h"

namespace kiji {

// A query that cannot be parsed; position() is the byte offset in the query
// text of what is wrong, for a caret under it.
class QuerySyntaxError : public std::runtime_error {
 public:
  QuerySyntaxError(const std::string& message, std::size_t position)
      : std::runtime_error(message), position_(position) {}
  std::size_t position() const { return position_; }

 private:
  std::size_t position_;
};

// A query the index cannot answer as asked (too long, too many words, a
// wildcard matching too many words); what() says what to change.
class QueryError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What one query may ask, so that no query can exhaust the stack or take
// seconds: parentheses nest at most kMaxQueryNesting deep (deeper is a
// QuerySyntaxError, as is a query tree of operators deeper than
// kMaxQueryDepth); a query holds at most kMaxQueryBytes bytes and
// kMaxQueryWords words (more is a QueryError, which plain parsing raises too).
inline constexpr std::size_t kMaxQueryNesting = 100;
inline constexpr std::size_t kMaxQueryDepth = 256;
inline constexpr std::size_t kMaxQueryBytes = 8192;
inline constexpr std::size_t kMaxQueryWords = 1000;

enum class QueryField { kAny, kTitle, kCaption, kSource, kTag, kLanguage, kDateline, kId, kDate };

struct QueryNode {
  enum class Kind {
    kWords,      // the words of one chunk of text (several = a compound)
    kPhrase,     // "quoted" words: exact and in order
    kWildcard,   // prefix*: `value` holds the folded prefix
    kNear,       // single words within `distance` words of each other
    kFilter,     // a boolean field: `value` is the term (without prefix)
    kDateRange,  // `value`..`value2`, either may be empty (open)
    kGroup,      // juxtaposed items, each with its role
    kAnd,
    kOr,
    kAndNot,     // children[0] AND NOT children[1]
    kMatchAll,
  };
  enum class Role { kOptional, kRequired, kExcluded };

  Kind kind = Kind::kGroup;
  QueryField field = QueryField::kAny;
  Role role = Role::kOptional;
  std::vector<Token> tokens;  // kWords, kPhrase, kNear; offsets into the query
  std::string value;
  std::string value2;
  unsigned distance = 0;
  std::size_t position = 0;   // byte offset in the query text
  std::vector<QueryNode> children;
};

struct ParsedQuery {
  QueryNode root;
  // How many words the top-level list had as typed, before stop words were
  // dropped: what tells a keyword query from a question.
  std::size_t typed_words = 0;
  bool empty() const { return root.kind == QueryNode::Kind::kGroup && root.children.empty(); }
};

struct ParseOptions {
  // Every word is a word: no operators, fields, quotes or modifiers.
  bool plain = false;
};

// Throws QuerySyntaxError, or QueryError past a size limit. All-capitals text of four or more words (a
// natural-language question typed in capitals) is parsed as plain words.
ParsedQuery ParseQuery(std::string_view text, Analyzer& analyzer, ParseOptions options = {});

// The query's words, with no syntax (the fallback for --plain, --batch and
// anything that failed to parse). Throws only QueryError, past a size limit.
ParsedQuery ParsePlainQuery(std::string_view text, Analyzer& analyzer);

// The stemmers of every language present in the index: a free word matches
// the stem it has in any of them.
struct QueryLanguages {
  std::vector<std::string> codes;  // ISO 639 codes, for stop lists
  std::vector<Xapian::Stem> stemmers;

  static QueryLanguages For(const std::vector<std::string>& codes);
};

// Drops stop words (stopwords.h) from the free words of every word list,
// as long as the list keeps at least one other word to search for. Phrases,
// +required and field words are kept.
void DropStopwords(ParsedQuery& parsed, const QueryLanguages& languages);

// Wildcards expanding to more terms than this are an error, not a hang.
inline constexpr Xapian::termcount kMaxWildcardExpansion = 500;

// Keyword queries of up to this many words (as typed) rank the articles
// holding every word first. Longer queries are questions in natural
// language, where putting the articles with every word first ranks worse
// (Cranfield: MAP 0.3126 with, 0.3160 without), so they are ranked by BM25
// alone.
inline constexpr std::size_t kMaxAllWordsFirst = 4;

struct BuiltQuery {
  Xapian::Query query;
  // For a plain list of 2..kMaxAllWordsFirst words: the documents holding
  // all of them, which are ranked before the rest. Empty otherwise.
  Xapian::Query all_words;
};

BuiltQuery BuildQuery(const ParsedQuery& parsed, const QueryLanguages& languages);

// A date range filter from the bounds of date:A..B, --since and --until
// ("YYYY", "YYYY-MM" or "YYYY-MM-DD"; empty = open). Throws
// std::invalid_argument for a malformed bound.
Xapian::Query DateRangeQuery(const std::string& from, const std::string& to);

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

// The free words of the query (with their byte ranges in the query text),
// for spelling suggestions.
std::vector<Token> FreeWords(const ParsedQuery& parsed);

}  // namespace kiji

#endif  // KIJI_COMMON_SEARCH_QUERY_PARSER_H_
