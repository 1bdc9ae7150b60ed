#include "common/search/spelling.h"

namespace kiji {

namespace {

// `better` (a folded term) capitalised when the word typed was: "Volcker"
// for "Volker", not "volcker".
std::string MatchCase(std::string_view typed, std::string better) {
  const auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  const auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  if (!typed.empty() && upper(typed.front()) && !better.empty() && lower(better.front())) {
    better.front() = static_cast<char>(better.front() - 'a' + 'A');
  }
  return better;
}

}  // namespace

std::string SuggestSpelling(const Xapian::Database& db, const std::string& query, const ParsedQuery& parsed,
                            Xapian::doccount total, const std::function<Xapian::doccount(const std::string&)>& count) {
  std::string suggestion;
  std::size_t copied = 0;
  bool changed = false;
  for (const Token& word : FreeWords(parsed)) {
    // Words many articles use are not misspelt (and cost no lookup).
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
