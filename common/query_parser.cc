#include "common/query_parser.h"

#include <algorithm>

#include "common/schema.h"

namespace kiji {

namespace {

void AddWords(std::string_view text, std::size_t offset, QueryClause::Kind kind, Analyzer& analyzer,
              ParsedQuery& out) {
  std::vector<Token> tokens = analyzer.Tokenize(text);
  if (tokens.empty()) return;
  for (Token& t : tokens) {
    t.begin += offset;
    t.end += offset;
  }
  out.clauses.push_back({kind, std::move(tokens)});
}

Xapian::Query FreeWord(const Token& token, const QueryLanguages& languages) {
  if (token.kind != TokenKind::kLetter) return Xapian::Query(token.term);
  std::vector<std::string> stems;
  for (const Xapian::Stem& stem : languages.stemmers) {
    std::string term = schema::StemmedTerm("", stem(token.term));
    if (std::find(stems.begin(), stems.end(), term) == stems.end()) stems.push_back(std::move(term));
  }
  if (stems.empty()) stems.push_back(schema::StemmedTerm("", token.term));
  if (stems.size() == 1) return Xapian::Query(stems.front());
  return Xapian::Query(Xapian::Query::OP_SYNONYM, stems.begin(), stems.end());
}

Xapian::Query Phrase(const std::vector<Token>& tokens, std::size_t from, std::size_t to) {
  if (to - from == 1) return Xapian::Query(tokens[from].term);
  std::vector<Xapian::Query> terms;
  for (std::size_t i = from; i < to; ++i) terms.emplace_back(tokens[i].term);
  return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                       static_cast<Xapian::termcount>(to - from));
}

// A run of CJK words written without spaces: the words in sequence, or
// every ideograph bigram of the run (found even where the article's
// segmentation differs from the query's).
Xapian::Query CjkRun(const std::vector<Token>& tokens, const std::vector<std::size_t>& group) {
  const Xapian::Query words = Phrase(tokens, group.front(), group.back() + 1);
  std::vector<Token> run(tokens.begin() + static_cast<std::ptrdiff_t>(group.front()),
                         tokens.begin() + static_cast<std::ptrdiff_t>(group.back() + 1));
  std::vector<Xapian::Query> bigrams;
  for (const std::string& bigram : IdeographBigrams(run)) {
    bigrams.emplace_back(schema::PrefixedTerm(schema::kCjkBigram, bigram));
  }
  if (bigrams.empty()) return words;
  return Xapian::Query(Xapian::Query::OP_OR, words,
                       Xapian::Query(Xapian::Query::OP_AND, bigrams.begin(), bigrams.end()));
}

}  // namespace

ParsedQuery ParseQuery(std::string_view text, Analyzer& analyzer) {
  ParsedQuery out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t quote = text.find('"', pos);
    if (quote == std::string_view::npos) {
      AddWords(text.substr(pos), pos, QueryClause::Kind::kWords, analyzer, out);
      break;
    }
    AddWords(text.substr(pos, quote - pos), pos, QueryClause::Kind::kWords, analyzer, out);
    // An unclosed quote runs to the end of the query.
    std::size_t close = text.find('"', quote + 1);
    if (close == std::string_view::npos) close = text.size();
    AddWords(text.substr(quote + 1, close - quote - 1), quote + 1, QueryClause::Kind::kPhrase,
             analyzer, out);
    pos = close + 1;
  }
  return out;
}

Xapian::Query BuildQuery(const ParsedQuery& parsed, const QueryLanguages& languages) {
  std::vector<Xapian::Query> parts;
  for (const QueryClause& clause : parsed.clauses) {
    if (clause.kind == QueryClause::Kind::kPhrase) {
      parts.push_back(Phrase(clause.tokens, 0, clause.tokens.size()));
      continue;
    }
    for (const auto& group : AdjacencyGroups(clause.tokens)) {
      if (IsCjk(clause.tokens[group.front()].kind)) {
        parts.push_back(CjkRun(clause.tokens, group));
      } else {
        parts.push_back(FreeWord(clause.tokens[group.front()], languages));
      }
    }
  }
  if (parts.empty()) return Xapian::Query();
  if (parts.size() == 1) return parts.front();
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

bool MatchTerms::Matches(const Token& token, const Xapian::Stem& stem) const {
  if (exact.count(token.term)) return true;
  if (IsCjk(token.kind)) {
    // A word of two or more characters inside a query run, or a word that
    // contains a whole run, is the same text segmented differently.
    const bool long_enough = token.end - token.begin > 3;
    for (const std::string& run : cjk_runs) {
      if ((long_enough && run.find(token.term) != std::string::npos) ||
          token.term.find(run) != std::string::npos) {
        return true;
      }
    }
    return false;
  }
  return token.kind == TokenKind::kLetter && !stems.empty() && stems.count(stem(token.term));
}

std::vector<bool> MatchTerms::MatchTokens(const std::vector<Token>& tokens,
                                          const Xapian::Stem& stem) const {
  std::vector<bool> is_match(tokens.size());
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (Matches(tokens[i], stem)) is_match[i] = true;
    for (const auto& phrase : phrases) {
      if (i + phrase.size() > tokens.size()) continue;
      std::size_t n = 0;
      while (n < phrase.size() && tokens[i + n].term == phrase[n]) ++n;
      if (n == phrase.size()) std::fill_n(is_match.begin() + static_cast<std::ptrdiff_t>(i), n, true);
    }
  }
  return is_match;
}

MatchTerms CollectMatchTerms(const ParsedQuery& parsed, const QueryLanguages& languages) {
  MatchTerms terms;
  for (const QueryClause& clause : parsed.clauses) {
    if (clause.kind == QueryClause::Kind::kPhrase) {
      std::vector<std::string> words;
      for (const Token& token : clause.tokens) words.push_back(token.term);
      terms.phrases.push_back(std::move(words));
      continue;
    }
    for (const auto& group : AdjacencyGroups(clause.tokens)) {
      if (!IsCjk(clause.tokens[group.front()].kind)) continue;
      std::string run;
      for (std::size_t i : group) run += clause.tokens[i].term;
      terms.cjk_runs.push_back(std::move(run));
    }
    for (const Token& token : clause.tokens) {
      terms.exact.insert(token.term);
      if (token.kind == TokenKind::kLetter) {
        for (const Xapian::Stem& stem : languages.stemmers) terms.stems.insert(stem(token.term));
      }
    }
  }
  return terms;
}

}  // namespace kiji
