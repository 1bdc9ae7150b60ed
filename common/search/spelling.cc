#include "common/search/spelling.h"

namespace kiji {

std::string SuggestSpelling(const Xapian::Database& db, const std::string& query, const ParsedQuery& parsed,
                            Xapian::doccount total, const std::function<Xapian::doccount(const std::string&)>& count) {
  if (total > kMaxMatchesForSuggestion) return {};
  std::string suggestion;
  std::size_t copied = 0;
  bool changed = false;
  for (const Token& word : FreeWords(parsed)) {
    // Words the articles use are not misspelt, however rare.
    if (db.term_exists(word.term)) continue;
    const std::string better = db.get_spelling_suggestion(word.term, 2);
    if (better.empty() || better == word.term) continue;
    suggestion.append(query, copied, word.begin - copied);
    suggestion += better;
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
