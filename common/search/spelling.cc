#include "common/search/spelling.h"

#include <algorithm>

namespace kiji {

namespace {

// `better` (a folded term) in the case the word was typed in: "Volcker"
// for "Volker", "BUNDESBANK" for "BUNDESBNAK", not "volcker".
std::string MatchCase(std::string_view typed, std::string better) {
  const auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  const auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  const auto to_upper = [](char c) { return static_cast<char>(c - 'a' + 'A'); };
  if (typed.size() > 1 && std::all_of(typed.begin(), typed.end(), [&](char c) { return !lower(c); }) &&
      std::any_of(typed.begin(), typed.end(), upper)) {
    for (char& c : better) c = lower(c) ? to_upper(c) : c;
  } else if (!typed.empty() && upper(typed.front()) && !better.empty() && lower(better.front())) {
    better.front() = to_upper(better.front());
  }
  return better;
}

// Words this short have too many neighbours to correct ("er" -> "per").
constexpr std::size_t kMinCorrectedBytes = 3;

}  // namespace

std::string SuggestSpelling(const Xapian::Database& db, const std::string& query, const ParsedQuery& parsed,
                            Xapian::doccount total, const std::function<Xapian::doccount(const std::string&)>& count) {
  std::string suggestion;
  std::size_t copied = 0;
  bool changed = false;
  for (const Token& word : FreeWords(parsed)) {
    // Words many articles use are not misspelt (and cost no lookup).
    if (word.term.size() < kMinCorrectedBytes) continue;
    const Xapian::doccount have = db.get_termfreq(word.term);
    if (have > kRareWordArticles) continue;
    const std::string better = db.get_spelling_suggestion(word.term, 2);
    if (better.empty() || better == word.term) continue;
    if (have > 0 && db.get_termfreq(better) < kMuchMoreFrequent * have) continue;
    suggestion.append(query, copied, word.begin - copied);
    suggestion += MatchCase(std::string_view(query).substr(word.begin, word.end - word.begin), better);
    copied = word.end;
    changed = true;
  }
  if (!changed) return {};
  suggestion.append(query, copied);
  if (suggestion.size() > kMaxQueryBytes) return {};  // longer words: it may not be searched
  // Only worth offering when it finds more than the query did.
  return count(suggestion) > total ? suggestion : std::string();
}

}  // namespace kiji
