// DocumentBuilder turns an Article into the Xapian document kiji stores:
// positional words, stems, field terms, values and the stored article. It
// is the analysis stage of the indexing pipeline and never writes to an
// index, so several builders can run on several threads.
#ifndef KIJI_COMMON_INDEX_DOCUMENT_BUILDER_H_
#define KIJI_COMMON_INDEX_DOCUMENT_BUILDER_H_

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <xapian.h>

#include <absl/container/flat_hash_map.h>

#include "common/analysis/analyzer.h"
#include "common/articles/article.h"
#include "common/index/schema.h"
#include "common/index/stored_article.h"

namespace kiji {

// Title words count this many times a body word (within-document frequency),
// which is how BM25 gives a title match more weight.
inline constexpr Xapian::termcount kTitleWeight = 3;

// Build refuses an article with more distinct terms: each costs about a
// kilobyte while it is written (the Document's map, Xapian's pending
// postings and spelling fragments), and real text of any length has far
// fewer.
inline constexpr Xapian::termcount kMaxDocumentTerms = 250000;

// Words for Xapian's spelling dictionary ("did you mean"), with counts.
using SpellingCounts = std::unordered_map<std::string, Xapian::termcount>;

// Where Build leaves the words for the spelling dictionary.
enum class SpellingCollection {
  kPerDocument,  // in each BuiltDocument, for a writer that adds them with it
  kSummed,       // summed in the builder until TakeSpelling, for a bulk build
                 // that adds each word once: the count rides on the lookup
                 // that finds the word's stem, which saves a lookup per word
                 // of every article
};

struct BuiltDocument {
  std::string id_term;     // the unique Q term
  std::string content_hash;
  std::string language;    // the language the article was stemmed in
  Xapian::Document document;
  // Words for Xapian's spelling dictionary, with counts; a word may appear
  // more than once (once per field), counts add up. Empty when the builder
  // sums them (SpellingCollection::kSummed).
  std::vector<std::pair<std::string, Xapian::termcount>> spelling;
};

class DocumentBuilder {
 public:
  explicit DocumentBuilder(const AnalysisSettings& settings,
                           SpellingCollection spelling = SpellingCollection::kPerDocument);

  // `source` is the file the article came from (absolute; empty for stdin),
  // remembered so --prune can remove what a deleted file held.
  // `content_hash` is ContentHash(article, settings, source) when the
  // caller has computed it already (empty: computed here). Throws
  // std::invalid_argument for an article it refuses (an id too long, over
  // kMaxDocumentTerms).
  BuiltDocument Build(const Article& article, const std::string& source = "", std::string content_hash = "");

  // Exposed for the searcher, which must stem exactly as the builder did.
  const Xapian::Stem& Stemmer(const std::string& language);

  // With SpellingCollection::kSummed, the spelling counts of the articles
  // built since the last call (of those whose Build returned).
  SpellingCounts TakeSpelling();
  // How many distinct words TakeSpelling would return, at most.
  std::size_t SpellingWords() const { return summed_spelling_.size() + cached_spelling_words_; }

 private:
  // A word's stem as its term ("Z" + stem), and its spelling count not yet
  // taken (kSummed).
  struct CachedWord {
    std::string stem_term;
    Xapian::termcount spelling = 0;
    std::string_view stem() const { return std::string_view(stem_term).substr(schema::kStemmed.size()); }
  };
  // Open addressing: a lookup per distinct word of every article, in a
  // table larger than the cache, where std::unordered_map's chained nodes
  // cost a miss each (doc/performance.md, "Stem cache").
  using StemCache = absl::flat_hash_map<std::string, CachedWord>;
  CachedWord& Lookup(std::string_view word, const Xapian::Stem& stem, StemCache& cache);
  void IndexText(std::string_view text, std::string_view field_prefix, Xapian::termcount weight,
                 const Xapian::Stem& stem, StemCache& stems, Xapian::termpos& pos, BuiltDocument& built);
  // IndexText for the tokens of one piece of a text.
  void IndexTokens(const std::vector<Token>& tokens, std::string_view field_prefix, Xapian::termcount weight,
                   const Xapian::Stem& stem, StemCache& stems, Xapian::termpos& pos, BuiltDocument& built);

  Analyzer analyzer_;
  const SpellingCollection spelling_;
  std::map<std::string, Xapian::Stem> stemmers_;
  std::map<std::string, StemCache> stem_cache_;  // by language
  StoredArticleCompressor compressor_;
  // IndexText's distinct words of one field, with counts; kept to reuse its
  // table.
  absl::flat_hash_map<std::string_view, Xapian::termcount> field_words_;
  void AddSummedSpelling(CachedWord& cached, Xapian::termcount count);
  // The spelling counts of the document being built, one entry a word
  // however many pieces of text it is in: with kPerDocument, and for a
  // long article with kSummed (defer_spelling_).
  absl::flat_hash_map<std::string, Xapian::termcount> document_spelling_;
  bool defer_spelling_ = false;
  // kSummed: counts of words dropped from a full stem cache, and how many
  // cached words have a count.
  SpellingCounts summed_spelling_;
  std::size_t cached_spelling_words_ = 0;
};

// The spelling counts Build gave `doc` (one it built, read back from an
// index), recovered from its terms, so that a writer can take them back
// when the article is replaced or removed: a word's count is its wdf less
// the extra weight of its title occurrences. Numbers come back too, though
// the dictionary never took them; taking back a word it lacks does nothing.
SpellingCounts SpellingCountsOf(const Xapian::Document& doc);

// Adds `sign` times each count of `changes` (a map from word to count) to
// the spelling dictionary of `db`, or takes it away where that is negative,
// in word order: Xapian then walks its maps of new words' fragments and its
// dictionary's blocks in order rather than at random (doc/performance.md,
// "Spelling in word order").
template <typename Counts>
void WriteSpellingInWordOrder(Xapian::WritableDatabase& db, const Counts& changes, std::int64_t sign = 1) {
  std::vector<std::pair<std::string_view, std::int64_t>> sorted;
  sorted.reserve(changes.size());
  for (const auto& [word, count] : changes) sorted.emplace_back(word, sign * static_cast<std::int64_t>(count));
  std::sort(sorted.begin(), sorted.end());
  for (const auto& [word, delta] : sorted) {
    if (delta > 0) db.add_spelling(std::string(word), static_cast<Xapian::termcount>(delta));
    if (delta < 0) db.remove_spelling(std::string(word), static_cast<Xapian::termcount>(-delta));
  }
}

// The stable hash of everything that decides an article's terms (and the
// file it came from), used to skip re-indexing articles that have not
// changed.
std::string ContentHash(const Article& article, const AnalysisSettings& settings, const std::string& source = "");

}  // namespace kiji

#endif  // KIJI_COMMON_INDEX_DOCUMENT_BUILDER_H_
