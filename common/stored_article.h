// The article kiji stores as each document's data, for results, snippets
// and :open: a one-line JSON object of its fields (schema::data keys),
// then a newline and the body as it is. Keeping the body out of the JSON
// lets a result list read titles without unescaping whole articles. Only
// the encoding; the builder and the searcher decide when to use it.
#ifndef KIJI_COMMON_STORED_ARTICLE_H_
#define KIJI_COMMON_STORED_ARTICLE_H_

#include <string>
#include <string_view>

#include "common/article.h"

namespace kiji {

// `language` is stored in place of article.language: the language the
// article was analysed in, the index default when it named none.
std::string EncodeStoredArticle(const Article& article, const std::string& language);

// Reads what EncodeStoredArticle wrote, and the single JSON object (body
// inside) of indexes written before the body moved out of it. Missing or
// malformed fields come back empty.
Article DecodeStoredArticle(const std::string& data);

// The body of a stored article (either format) without decoding its header.
std::string StoredBody(const std::string& data);

// What a result list shows of an article. It is stored a second time, as a
// small value (schema::kSummarySlot), so a page of results reads neither
// the compressed body nor JSON: the document data is for snippets and
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

#endif  // KIJI_COMMON_STORED_ARTICLE_H_
