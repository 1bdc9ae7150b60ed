#include "common/search/match_terms.h"

#include <algorithm>

#include "common/analysis/ascii_words.h"

namespace kiji {

std::string MatchTerms::MatchKey(const Token& token, const Xapian::Stem& stem) const {
  const bool letter = token.kind == TokenKind::kLetter;
  if (exact.count(token.term)) return letter ? "s:" + stem(token.term) : "e:" + token.term;
  for (const std::string& prefix : prefixes) {
    if (token.term.compare(0, prefix.size(), prefix) == 0) return "p:" + prefix;
  }
  if (IsCjk(token.kind)) {
    // A word of two or more characters inside a query run, or a word that
    // contains a whole run, is the same text segmented differently.
    const bool long_enough = token.end - token.begin > 3;
    for (const std::string& run : cjk_runs) {
      if ((long_enough && run.find(token.term) != std::string::npos) ||
          token.term.find(run) != std::string::npos) {
        return "c:" + run;
      }
    }
    return {};
  }
  if (letter && !stems.empty()) {
    std::string stemmed = stem(token.term);
    if (stems.count(stemmed)) return "s:" + stemmed;
  }
  return {};
}

std::vector<int> MatchTerms::MatchTokens(const std::vector<Token>& tokens, const Xapian::Stem& stem,
                                        Memo* memo) const {
  std::vector<int> ids(tokens.size());
  std::map<std::string, int> numbers;
  const auto id_of = [&numbers](const std::string& key) {
    return numbers.emplace(key, static_cast<int>(numbers.size()) + 1).first->second;
  };
  // Articles repeat their words: decide (and stem) each distinct one once.
  Memo local;
  Memo& known = memo != nullptr ? *memo : local;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    std::string memo_key = tokens[i].term;
    memo_key += static_cast<char>('0' + static_cast<int>(tokens[i].kind));
    if (IsCjk(tokens[i].kind)) memo_key += tokens[i].end - tokens[i].begin > 3 ? 'L' : 'S';
    auto [match, fresh] = known.try_emplace(std::move(memo_key));
    if (fresh) match->second = MatchKey(tokens[i], stem);
    if (!match->second.empty() && ids[i] == 0) ids[i] = id_of(match->second);
    for (std::size_t k = 0; k < phrases.size(); ++k) {
      const auto& phrase = phrases[k];
      if (i + phrase.size() > tokens.size()) continue;
      std::size_t n = 0;
      while (n < phrase.size() && tokens[i + n].term == phrase[n]) ++n;
      if (n != phrase.size()) continue;
      const int id = id_of("phrase:" + std::to_string(k));
      std::fill_n(ids.begin() + static_cast<std::ptrdiff_t>(i), n, id);
    }
  }
  return ids;
}

std::vector<std::string> MatchTerms::Probes() const {
  const auto ascii = [](const std::string& s) {
    return !s.empty() && FirstNonAscii(s) == s.size();
  };
  std::set<std::string> probes;
  if (!cjk_runs.empty()) return {};
  for (const std::string& word : exact) {
    if (!ascii(word)) return {};
    probes.insert(word);
  }
  for (const std::string& stem : stems) {
    if (!ascii(stem)) return {};
    // Stemmers rewrite the end of a word (happy -> happi), not its start.
    probes.insert(stem.size() <= 3 ? stem : stem.substr(0, std::max<std::size_t>(3, stem.size() - 1)));
  }
  for (const std::string& prefix : prefixes) {
    if (!ascii(prefix)) return {};
    probes.insert(prefix);
  }
  for (const auto& phrase : phrases) {
    for (const std::string& word : phrase) {
      if (!ascii(word)) return {};
      probes.insert(word);
    }
  }
  return {probes.begin(), probes.end()};
}

MatchTerms CollectMatchTerms(const ParsedQuery& parsed, const QueryLanguages& languages) {
  MatchTerms terms;
  ForEachPositive(parsed.root, [&](const QueryNode& n) {
    switch (n.kind) {
      case QueryNode::Kind::kPhrase: {
        std::vector<std::string> words;
        for (const Token& t : n.tokens) words.push_back(t.term);
        terms.phrases.push_back(std::move(words));
        break;
      }
      case QueryNode::Kind::kWildcard:
        terms.prefixes.push_back(n.value);
        break;
      case QueryNode::Kind::kWords:
      case QueryNode::Kind::kNear:
        for (const auto& group : AdjacencyGroups(n.tokens)) {
          if (!IsCjk(n.tokens[group.front()].kind)) continue;
          std::string run;
          for (std::size_t i : group) run += n.tokens[i].term;
          terms.cjk_runs.push_back(std::move(run));
        }
        for (const Token& t : n.tokens) {
          terms.exact.insert(t.term);
          if (t.kind == TokenKind::kLetter) {
            for (const Xapian::Stem& stem : languages.stemmers) terms.stems.insert(stem(t.term));
          }
        }
        break;
      default:
        break;
    }
  });
  return terms;
}

}  // namespace kiji
