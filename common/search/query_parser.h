// Query parsing: from the text a person typed to a query tree, with the
// same Analyzer as indexing; building a Xapian query from the tree is
// query_builder.h, highlighting its matches match_terms.h. A pure function;
// it opens no index. The language (documented in doc/query-language.md): free words (OR, stemmed), +required, -excluded, "exact phrases",
// AND / OR / NOT / AND NOT, parentheses, NEAR and NEAR/n, prefix*, fields
// (title: source: tag: lang: dateline: caption: id:) and dates (date:2024,
// date:2024-11, date:2024-11-01, date:today, date:yesterday, date:7d for the
// last 7 days, date:A..B with open ends and relative bounds).
// ParseQuery uses the caller's Analyzer, which belongs to one thread at a
// time (analyzer.h); its result is a plain value.
#ifndef KIJI_COMMON_SEARCH_QUERY_PARSER_H_
#define KIJI_COMMON_SEARCH_QUERY_PARSER_H_

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "common/analysis/analyzer.h"

namespace kiji {

// A query that cannot be parsed; position() is the byte offset in the query
// text of what is wrong, for a caret under it.
class QuerySyntaxError : public std::runtime_error {
 public:
  // `hint`: how to write it instead, when the error knows better than the
  // general advice on operators.
  QuerySyntaxError(const std::string& message, std::size_t position, std::string hint = "")
      : std::runtime_error(message), position_(position), hint_(std::move(hint)) {}
  std::size_t position() const { return position_; }
  const std::string& hint() const { return hint_; }

 private:
  std::size_t position_;
  std::string hint_;
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
  // The day relative dates (date:7d, date:yesterday) count back from,
  // "YYYY-MM-DD"; empty = today in UTC, read from the clock.
  std::string today;
};

// Throws QuerySyntaxError, or QueryError past a size limit. All-capitals text of four or more words (a
// natural-language question typed in capitals) is parsed as plain words.
ParsedQuery ParseQuery(std::string_view text, Analyzer& analyzer, ParseOptions options = {});

// The field names the language knows, each with its colon ("date:"), in
// byte order: for completion.
std::vector<std::string> QueryFieldNames();

// The query's words, with no syntax (the fallback for --plain, --batch and
// anything that failed to parse). Throws only QueryError, past a size limit.
ParsedQuery ParsePlainQuery(std::string_view text, Analyzer& analyzer);

// Whether `node`, a child of the top-level list, is a word the person typed
// to be matched (an optional word, phrase, NEAR or wildcard): what counts
// towards ParsedQuery::typed_words and joins the all-words tier.
bool IsTierWord(const QueryNode& node);

// Calls `visit` on `node` and every node below it that adds to the query's
// matches: not -excluded ones, nor the right side of AND NOT.
template <typename Visit>
void ForEachPositive(const QueryNode& node, const Visit& visit) {
  if (node.role == QueryNode::Role::kExcluded) return;
  visit(node);
  for (std::size_t i = 0; i < node.children.size(); ++i) {
    if (node.kind == QueryNode::Kind::kAndNot && i == 1) continue;
    ForEachPositive(node.children[i], visit);
  }
}

// The free words of the query (with their byte ranges in the query text),
// for spelling suggestions.
std::vector<Token> FreeWords(const ParsedQuery& parsed);

}  // namespace kiji

#endif  // KIJI_COMMON_SEARCH_QUERY_PARSER_H_
