// The article kiji stores as each document's data, for results, snippets
// and :open: a one-line JSON object of its fields (schema::data keys),
// then a newline and the body as it is. Keeping the body out of the JSON
// lets a result list read titles without unescaping whole articles. Only
// the encoding; the builder and the searcher decide when to use it.
#ifndef KIJI_COMMON_STORED_ARTICLE_H_
#define KIJI_COMMON_STORED_ARTICLE_H_

#include <string>

#include "common/article.h"

namespace kiji {

// `language` is stored in place of article.language: the language the
// article was analysed in, the index default when it named none.
std::string EncodeStoredArticle(const Article& article, const std::string& language);

// Reads what EncodeStoredArticle wrote, and the single JSON object (body
// inside) of indexes written before the body moved out of it. Missing or
// malformed fields come back empty.
Article DecodeStoredArticle(const std::string& data);

}  // namespace kiji

#endif  // KIJI_COMMON_STORED_ARTICLE_H_
