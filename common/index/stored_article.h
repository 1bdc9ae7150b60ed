// The article kiji stores with each document, for results, snippets and
// :open: a one-line JSON object of its fields (schema::data keys), then a
// newline and the body as it is, compressed. Keeping the body out of the
// JSON lets a result list read titles without unescaping whole articles.
// Only the encoding; the builder and the searcher decide when to use it.
// Pure functions: safe from any thread.
#ifndef KIJI_COMMON_INDEX_STORED_ARTICLE_H_
#define KIJI_COMMON_INDEX_STORED_ARTICLE_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <xapian.h>

#include "common/articles/article.h"

struct ZSTD_CCtx_s;  // zstd.h

namespace kiji {

// `language` is stored in place of article.language: the language the
// article was analysed in, the index default when it named none.
std::string EncodeStoredArticle(const Article& article, const std::string& language);
// What EncodeStoredArticle writes before the body.
std::string EncodeStoredArticleHeader(const Article& article, const std::string& language);

// Reads what EncodeStoredArticle wrote, and the older layout of a single
// JSON object with the body inside, still read. Missing or malformed
// fields come back empty.
Article DecodeStoredArticle(const std::string& data);

// The body of a stored article (either format) without decoding its header.
std::string StoredBody(const std::string& data);

// The stored article of an indexed document: its compressed value
// (schema::kArticleSlot), or the document data of an index written before
// the article moved there. Throws IndexError when the value is damaged.
std::string StoredArticleData(const Xapian::Document& doc);

// Compresses EncodeStoredArticle's bytes (zstd, level 1) for the index,
// which keeps them in a value slot (schema::kArticleSlot), not as document
// data: Xapian deflates document data on every write, while a value is
// stored as it is given (doc/performance.md, "Stored article"). zstd's
// level 1 compresses as well and several times faster; each frame
// carries a checksum of the article. Keeps zstd's context from one
// article to the next: one per thread.
class StoredArticleCompressor {
 public:
  StoredArticleCompressor();
  std::string Compress(std::string_view encoded);
  // Compresses `head` followed by `tail` as one frame, without joining them.
  std::string Compress(std::string_view head, std::string_view tail);

 private:
  struct FreeContext {
    void operator()(::ZSTD_CCtx_s* context) const;
  };
  std::unique_ptr<::ZSTD_CCtx_s, FreeContext> context_;
};

// What StoredArticleCompressor wrote, decompressed; nothing when `packed`
// is not such a frame (damaged, its checksum wrong, or of unknown size).
std::optional<std::string> DecompressStoredArticle(std::string_view packed);

// What a result list shows of an article. It is stored a second time, as a
// small value (schema::kSummarySlot), so a page of results reads neither
// the compressed body nor JSON: the stored article is for snippets and
// :open.
struct ArticleSummary {
  std::string id, title, date, source, url, language;
};

// A version byte, then each field as a varint length and its bytes.
std::string EncodeArticleSummary(const Article& article, const std::string& language);

// False when `value` is not a summary this version wrote (empty: the
// article was indexed before summaries were stored); `out` is then
// unspecified.
bool DecodeArticleSummary(std::string_view value, ArticleSummary& out);

}  // namespace kiji

#endif  // KIJI_COMMON_INDEX_STORED_ARTICLE_H_
