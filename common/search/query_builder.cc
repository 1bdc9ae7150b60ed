#include "common/search/query_builder.h"

#include <algorithm>

#include "common/analysis/analysis_settings.h"
#include "common/analysis/stopwords.h"
#include "common/index/schema.h"
#include "common/util/date.h"

namespace kiji {

namespace {

std::string_view FieldPrefix(QueryField field) {
  switch (field) {
    case QueryField::kTitle: return schema::kTitle;
    case QueryField::kCaption: return schema::kCaption;
    case QueryField::kSource: return schema::kSource;
    case QueryField::kTag: return schema::kTag;
    case QueryField::kLanguage: return schema::kLanguage;
    case QueryField::kDateline: return schema::kDateline;
    case QueryField::kId: return schema::kUniqueId;
    case QueryField::kDate:
    case QueryField::kAny: break;
  }
  return "";
}

Xapian::Query Combine(Xapian::Query::op op, const std::vector<Xapian::Query>& parts) {
  if (parts.empty()) return Xapian::Query();
  if (parts.size() == 1) return parts.front();
  return Xapian::Query(op, parts.begin(), parts.end());
}

class Builder {
 public:
  explicit Builder(const QueryLanguages& languages) : languages_(languages) {}

  Xapian::Query Build(const QueryNode& n) const {
    using K = QueryNode::Kind;
    switch (n.kind) {
      case K::kWords: return Words(n.tokens, FieldPrefix(n.field));
      case K::kPhrase: return Phrase(n.tokens, FieldPrefix(n.field));
      case K::kWildcard:
        return Xapian::Query(Xapian::Query::OP_WILDCARD, schema::PrefixedTerm(FieldPrefix(n.field), n.value),
                             kMaxWildcardExpansion, Xapian::Query::WILDCARD_LIMIT_ERROR);
      case K::kNear: {
        std::vector<Xapian::Query> terms;
        for (const Token& t : n.tokens) terms.emplace_back(t.term);
        return Xapian::Query(Xapian::Query::OP_NEAR, terms.begin(), terms.end(),
                             static_cast<Xapian::termcount>(n.distance + n.tokens.size() - 1));
      }
      case K::kFilter: return Filter(n);
      case K::kDateRange: return DateRangeQuery(n.value, n.value2);
      case K::kAnd: return Combine(Xapian::Query::OP_AND, Children(n));
      case K::kOr: return Combine(Xapian::Query::OP_OR, Children(n));
      case K::kAndNot: return Xapian::Query(Xapian::Query::OP_AND_NOT, Build(n.children[0]), Build(n.children[1]));
      case K::kMatchAll: return Xapian::Query::MatchAll;
      case K::kGroup: return Group(n);
    }
    return Xapian::Query();
  }

  // The query of one free word (stemmed in every index language).
  Xapian::Query Word(const Token& token, std::string_view prefix) const {
    if (token.kind == TokenKind::kLetter) {
      std::vector<std::string> stems;
      for (const Xapian::Stem& stem : languages_.stemmers) {
        std::string term = schema::StemmedTerm(prefix, stem(token.term));
        if (std::find(stems.begin(), stems.end(), term) == stems.end()) stems.push_back(std::move(term));
      }
      if (stems.empty()) stems.push_back(schema::StemmedTerm(prefix, token.term));
      if (stems.size() == 1) return Xapian::Query(stems.front());
      return Xapian::Query(Xapian::Query::OP_SYNONYM, stems.begin(), stems.end());
    }
    Xapian::Query exact(schema::PrefixedTerm(prefix, token.term));
    if (!IsCjk(token.kind) || !prefix.empty()) return exact;
    // A CJK word is also found inside longer words the article's
    // segmentation made, through its ideograph bigrams.
    std::vector<Xapian::Query> bigrams;
    for (const std::string& b : IdeographBigrams({token})) {
      bigrams.emplace_back(schema::PrefixedTerm(schema::kCjkBigram, b));
    }
    if (bigrams.empty()) return exact;
    return Xapian::Query(Xapian::Query::OP_OR, exact, Combine(Xapian::Query::OP_AND, bigrams));
  }

 private:
  std::vector<Xapian::Query> Children(const QueryNode& n) const {
    std::vector<Xapian::Query> out;
    for (const QueryNode& c : n.children) out.push_back(Build(c));
    return out;
  }

  // One chunk: a single word, or several written without spaces. Each word
  // counts as a free word, as the indexer indexed it ("real-gas" is "real"
  // and "gas": on Cranfield a phrase bonus for hyphenated words cost MAP).
  // CJK text has no spaces at all, so there the exact sequence counts once
  // more and articles with it rank first.
  Xapian::Query Words(const std::vector<Token>& tokens, std::string_view prefix) const {
    if (tokens.size() == 1) return Word(tokens[0], prefix);
    std::vector<Xapian::Query> parts;
    if (std::any_of(tokens.begin(), tokens.end(), [](const Token& t) { return IsCjk(t.kind); })) {
      parts.push_back(Phrase(tokens, prefix));
    }
    for (const Token& t : tokens) parts.push_back(Word(t, prefix));
    return Combine(Xapian::Query::OP_OR, parts);
  }

  static Xapian::Query Phrase(const std::vector<Token>& tokens, std::string_view prefix) {
    std::vector<Xapian::Query> terms;
    for (const Token& t : tokens) terms.emplace_back(schema::PrefixedTerm(prefix, t.term));
    if (terms.size() == 1) return terms.front();
    return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                         static_cast<Xapian::termcount>(terms.size()));
  }

  static Xapian::Query Filter(const QueryNode& n) {
    if (n.field == QueryField::kDate) {
      const std::string_view prefix = n.value.size() == 4 ? schema::kYear
                                      : n.value.size() == 6 ? schema::kMonth
                                                            : schema::kDay;
      return Xapian::Query(schema::PrefixedTerm(prefix, n.value));
    }
    if (!n.tokens.empty()) {  // source:, dateline: every word
      std::vector<Xapian::Query> terms;
      for (const Token& t : n.tokens) terms.emplace_back(schema::PrefixedTerm(FieldPrefix(n.field), t.term));
      return Combine(Xapian::Query::OP_AND, terms);
    }
    return Xapian::Query(schema::PrefixedTerm(FieldPrefix(n.field), n.value));
  }

  Xapian::Query Group(const QueryNode& group) const {
    using K = QueryNode::Kind;
    using R = QueryNode::Role;
    std::vector<Xapian::Query> optional, required, excluded;
    std::map<QueryField, std::vector<Xapian::Query>> filters;
    for (const QueryNode& c : group.children) {
      const bool is_filter = c.kind == K::kFilter || c.kind == K::kDateRange;
      if (c.role == R::kExcluded) {
        excluded.push_back(Build(c));
      } else if (is_filter) {
        filters[c.field].push_back(Build(c));
      } else if (c.role == R::kRequired) {
        required.push_back(Build(c));
      } else {
        optional.push_back(Build(c));
      }
    }
    Xapian::Query q;
    if (!required.empty()) {
      q = Combine(Xapian::Query::OP_AND, required);
      if (!optional.empty()) q = Xapian::Query(Xapian::Query::OP_AND_MAYBE, q, Combine(Xapian::Query::OP_OR, optional));
    } else {
      q = Combine(Xapian::Query::OP_OR, optional);
    }
    // Filters: alternatives within a field, all fields at once; no weight.
    std::vector<Xapian::Query> per_field;
    for (const auto& [field, queries] : filters) per_field.push_back(Combine(Xapian::Query::OP_OR, queries));
    if (!per_field.empty()) {
      const Xapian::Query filter = Combine(Xapian::Query::OP_AND, per_field);
      // Filters alone are led by MatchAll: Xapian 1.4 reads a term found in
      // every document of a database with gaps in its docids (deletions)
      // through a shortcut that fails past its first chunk when iterated
      // (DatabaseCorruptError "Unexpected end of posting list"); skipped to
      // from another posting list, it is read right.
      q = q.empty() ? Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                    Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query::MatchAll, filter), 0)
                    : Xapian::Query(Xapian::Query::OP_FILTER, q, filter);
    }
    if (!excluded.empty()) {
      q = Xapian::Query(Xapian::Query::OP_AND_NOT, q.empty() ? Xapian::Query::MatchAll : q,
                        Combine(Xapian::Query::OP_OR, excluded));
    }
    return q;
  }

  const QueryLanguages& languages_;
};

}  // namespace

BuiltQuery BuildQuery(const ParsedQuery& parsed, const QueryLanguages& languages) {
  BuiltQuery out;
  if (parsed.empty()) return out;
  Builder builder(languages);
  out.query = builder.Build(parsed.root);
  if (parsed.root.kind == QueryNode::Kind::kGroup && parsed.typed_words <= kMaxAllWordsFirst) {
    std::vector<Xapian::Query> words;
    for (const QueryNode& c : parsed.root.children) {
      if (IsTierWord(c)) words.push_back(builder.Build(c));
    }
    if (words.size() >= 2) {
      out.all_words = Combine(Xapian::Query::OP_AND, words);
    }
  }
  return out;
}

QueryLanguages QueryLanguages::For(const std::vector<std::string>& codes) {
  QueryLanguages out;
  for (const std::string& code : codes) {
    out.codes.push_back(code);
    out.stemmers.push_back(StemmerFor(code));
  }
  return out;
}

namespace {

bool IsStopword(const QueryNode& n, const QueryLanguages& languages) {
  if (n.kind != QueryNode::Kind::kWords || n.role != QueryNode::Role::kOptional ||
      n.field != QueryField::kAny || n.tokens.size() != 1) {
    return false;
  }
  for (const std::string& code : languages.codes) {
    if (StopwordsFor(code).count(n.tokens[0].term)) return true;
  }
  return false;
}

bool Scores(const QueryNode& n) {
  return n.role != QueryNode::Role::kExcluded && n.kind != QueryNode::Kind::kFilter &&
         n.kind != QueryNode::Kind::kDateRange;
}

}  // namespace

void DropStopwords(ParsedQuery& parsed, const QueryLanguages& languages) {
  const auto drop = [&languages](QueryNode& n, const auto& self) -> void {
    for (QueryNode& c : n.children) self(c, self);
    if (n.kind != QueryNode::Kind::kGroup) return;
    const bool has_other = std::any_of(n.children.begin(), n.children.end(), [&](const QueryNode& c) {
      return Scores(c) && !IsStopword(c, languages);
    });
    if (!has_other) return;
    n.children.erase(std::remove_if(n.children.begin(), n.children.end(),
                                    [&](const QueryNode& c) { return IsStopword(c, languages); }),
                     n.children.end());
  };
  drop(parsed.root, drop);
}

Xapian::Query DateRangeQuery(const std::string& from, const std::string& to) {
  if (!from.empty() && !IsDateBound(from)) throw std::invalid_argument("bad date '" + from + "' (use YYYY, YYYY-MM, YYYY-MM-DD, today, yesterday or a span back: 7d, 2w, 6m, 1y)");
  if (!to.empty() && !IsDateBound(to)) throw std::invalid_argument("bad date '" + to + "' (use YYYY, YYYY-MM, YYYY-MM-DD, today, yesterday or a span back: 7d, 2w, 6m, 1y)");
  if (RangeEndsBeforeStart(from, to)) {
    throw std::invalid_argument("the range ends before it starts (" + from + " is after " + to + ")");
  }
  // Dates are stored as "YYYY-MM-DD[THH:MM:SSZ]"; '~' sorts after every
  // character that can follow a bound, so "2024-06~" ends all of June.
  const std::string upper = to + "~";
  if (from.empty() && to.empty()) return Xapian::Query::MatchAll;
  if (from.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kDateSlot, upper);
  if (to.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kDateSlot, from);
  return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kDateSlot, from, upper);
}

}  // namespace kiji
