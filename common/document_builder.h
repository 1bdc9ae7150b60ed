// DocumentBuilder turns an Article into the Xapian document kiji stores:
// positional words, stems, field terms, values and the stored article. It
// is the analysis stage of the indexing pipeline and never writes to an
// index, so several builders can run on several threads.
#ifndef KIJI_COMMON_DOCUMENT_BUILDER_H_
#define KIJI_COMMON_DOCUMENT_BUILDER_H_

#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <xapian.h>

#include "common/analyzer.h"
#include "common/article.h"

namespace kiji {

// Title words count this many times a body word (within-document frequency),
// which is how BM25 gives a title match more weight.
inline constexpr Xapian::termcount kTitleWeight = 3;

struct BuiltDocument {
  std::string id_term;     // the unique Q term
  std::string content_hash;
  std::string language;    // the language the article was stemmed in
  Xapian::Document document;
  // Words for Xapian's spelling dictionary ("did you mean"), with counts;
  // a word may appear more than once (once per field), counts add up.
  std::vector<std::pair<std::string, Xapian::termcount>> spelling;
};

class DocumentBuilder {
 public:
  explicit DocumentBuilder(const AnalysisSettings& settings);

  // `source` is the file the article came from (absolute; empty for stdin),
  // remembered so --prune can remove what a deleted file held.
  // `content_hash` is ContentHash(article, settings, source) when the
  // caller has computed it already (empty: computed here).
  BuiltDocument Build(const Article& article, const std::string& source = "", std::string content_hash = "");

  // Exposed for the searcher, which must stem exactly as the builder did.
  const Xapian::Stem& Stemmer(const std::string& language);

 private:
  using StemCache = std::unordered_map<std::string, std::string>;
  static const std::string& StemOf(const std::string& word, const Xapian::Stem& stem, StemCache& cache);
  void IndexText(std::string_view text, std::string_view field_prefix, Xapian::termcount weight,
                 const Xapian::Stem& stem, StemCache& stems, Xapian::termpos& pos, BuiltDocument& built);

  Analyzer analyzer_;
  std::map<std::string, Xapian::Stem> stemmers_;
  std::map<std::string, StemCache> stem_cache_;  // by language
};

// The stable hash of everything that decides an article's terms (and the
// file it came from), used to skip re-indexing articles that have not
// changed.
std::string ContentHash(const Article& article, const AnalysisSettings& settings, const std::string& source = "");

}  // namespace kiji

#endif  // KIJI_COMMON_DOCUMENT_BUILDER_H_
