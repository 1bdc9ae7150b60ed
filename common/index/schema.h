// The index schema: every term prefix, value slot and metadata key kiji
// writes. Nothing else in kiji spells a prefix or a slot number; code that
// needs one names the constant here. Prefixes follow Xapian Omega's
// conventions where Omega has one, so xapian-delve and quest can read a kiji
// index.
// Constants and pure functions: safe from any thread.
#ifndef KIJI_COMMON_INDEX_SCHEMA_H_
#define KIJI_COMMON_INDEX_SCHEMA_H_

#include <string_view>

#include <xapian.h>

namespace kiji::schema {

// Bumped whenever the terms or values written for an article change in a way
// that makes an older index answer queries differently.
inline constexpr int kVersion = 3;

// --- Term prefixes -------------------------------------------------------
// Unprefixed terms are the case-folded, unstemmed words of title, body and
// caption, with positions (phrases match these).
inline constexpr std::string_view kUniqueId = "Q";     // article id (Omega: Q)
inline constexpr std::string_view kTitle = "S";        // title words (Omega: S)
inline constexpr std::string_view kStemmed = "Z";      // stem of a word (Omega: Z)
inline constexpr std::string_view kLanguage = "L";     // ISO 639 code (Omega: L)
inline constexpr std::string_view kTag = "K";          // tags/keywords (Omega: K)
inline constexpr std::string_view kUrl = "U";          // URL (Omega: U)
inline constexpr std::string_view kDay = "D";          // YYYYMMDD (Omega: D)
inline constexpr std::string_view kMonth = "M";        // YYYYMM (Omega: M)
inline constexpr std::string_view kYear = "Y";         // YYYY (Omega: Y)
inline constexpr std::string_view kSource = "XSOURCE"; // publisher/source words
inline constexpr std::string_view kDateline = "XDATELINE";
inline constexpr std::string_view kCaption = "XCAPTION";
// The source file of an article: "XFILE" + a stable hash of its absolute
// path (paths can be longer than a term may be).
inline constexpr std::string_view kFile = "XFILE";
// Overlapping bigrams of ideograph runs, so CJK names that the dictionary
// segments differently in article and query are still found.
inline constexpr std::string_view kCjkBigram = "XCJK";
// Near-copy band keys (near_copies.h BandKeys): articles that share one are
// candidates for being copies of each other.
inline constexpr std::string_view kCopyBand = "XB";

// Omega's rule: a multi-character prefix followed by a term that starts with
// an upper-case letter gets a ':' in between, so prefix and term stay apart.
std::string PrefixedTerm(std::string_view prefix, std::string_view term);

// The unique-id term of an article.
std::string IdTerm(std::string_view article_id);

// The longest term Xapian stores; longer ones are refused (ids) or looked
// up by hash (URLs).
inline constexpr std::size_t kMaxTermBytes = 245;

// Why an article with this id cannot be indexed ("" when it can): its id
// term must fit in kMaxTermBytes.
std::string IdProblem(std::string_view article_id);

// The term marking the articles read from `absolute_path`.
std::string FileTerm(std::string_view absolute_path);

// The stemmed form of a prefixed field term: "Z" + prefix + stem (Omega).
std::string StemmedTerm(std::string_view field_prefix, std::string_view stem);

// What a term is, by its prefix, for people: "title", "body stem", ...
std::string_view DescribeTerm(std::string_view term);
// The term without the prefix DescribeTerm went by: the word or value as
// people read it ("Zbahia" -> "bahia", "XSOURCEreuters" -> "reuters").
std::string_view TermText(std::string_view term);

// --- Value slots ---------------------------------------------------------
// Sortable date: "YYYY-MM-DDTHH:MM:SSZ" or "YYYY-MM-DD"; empty when unknown.
inline constexpr Xapian::valueno kDateSlot = 0;
// Hex content hash of the article, to skip unchanged re-indexing.
inline constexpr Xapian::valueno kContentHashSlot = 1;
// Facets: the source as written, the year "YYYY", and the tags (folded)
// joined by kTagSeparator.
inline constexpr Xapian::valueno kSourceSlot = 2;
inline constexpr Xapian::valueno kYearSlot = 3;
inline constexpr Xapian::valueno kTagsSlot = 4;
inline constexpr char kTagSeparator = '\x1f';
// The article id again, readable without decoding the document's terms or
// data (TREC runs and evaluation need only ids).
inline constexpr Xapian::valueno kIdSlot = 5;
// What a result list shows (id, title, date, source, url, language), in
// stored_article.h's summary encoding.
inline constexpr Xapian::valueno kSummarySlot = 6;
// The stored article (stored_article.h), compressed. A document without
// this value holds the article, uncompressed, as its data (the older
// layout, still read).
inline constexpr Xapian::valueno kArticleSlot = 7;
// The story key (16 hex digits) of an article that has copies in the
// index: search collapses on it, one hit per story (story_clusters.h).
// Only a value, no term: joining a story rewrites no posting list.
inline constexpr Xapian::valueno kStorySlot = 8;
// The day of an article's date, "YYYYMMDD": what recency weighs, through
// Xapian's ValueMapPostingSource (which remote servers know).
inline constexpr Xapian::valueno kDaySlot = 9;

// --- Stored article ------------------------------------------------------
// The stored article (stored_article.h) is a JSON object with these keys,
// then the body after a newline.
namespace data {
inline constexpr const char* kId = "id";
inline constexpr const char* kTitle = "title";
inline constexpr const char* kBody = "body";
inline constexpr const char* kDate = "date";
inline constexpr const char* kSource = "source";
inline constexpr const char* kUrl = "url";
inline constexpr const char* kLanguage = "lang";
inline constexpr const char* kTags = "tags";
inline constexpr const char* kCaption = "caption";
inline constexpr const char* kDateline = "dateline";
}  // namespace data

// --- Database metadata keys ---------------------------------------------
namespace meta {
inline constexpr const char* kSchemaVersion = "kiji.schema_version";
inline constexpr const char* kIcuVersion = "kiji.icu_version";
inline constexpr const char* kUnicodeVersion = "kiji.unicode_version";
inline constexpr const char* kFoldDiacritics = "kiji.fold_diacritics";
inline constexpr const char* kDefaultLanguage = "kiji.default_language";
// Space-separated ISO codes of every language an article was stemmed in.
inline constexpr const char* kLanguages = "kiji.languages";
// Newline-separated absolute paths the index was built from.
inline constexpr const char* kRoots = "kiji.roots";
// Per source file: kFilePrefix + FileTerm(path) -> "SIZE MTIME_NS PATH", what
// the file was when it was indexed (incremental runs skip it if unchanged).
inline constexpr const char* kFilePrefix = "kiji.file:";
// In every shard: the index's id and the number of its last commit
// (shard_batch.h).
inline constexpr const char* kIndexId = "kiji.index";
inline constexpr const char* kBatch = "kiji.batch";
}  // namespace meta

}  // namespace kiji::schema

#endif  // KIJI_COMMON_INDEX_SCHEMA_H_
