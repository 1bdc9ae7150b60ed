// The article model: what kiji knows about one news article, whatever file
// format it came from. Readers (article_reader.h) produce it and the
// document builder (document_builder.h) turns it into index terms; it holds
// no index state of its own.
// Plain values: a copy per thread, no sharing needed.
#ifndef KIJI_COMMON_ARTICLES_ARTICLE_H_
#define KIJI_COMMON_ARTICLES_ARTICLE_H_

#include <cstddef>
#include <string>
#include <vector>

namespace kiji {

struct Article {
  std::string id;        // stable unique id: JSONL "id" or the relative path
  std::string title;
  std::string body;
  std::string date;      // normalised by NormalizeDate(), or empty
  std::string source;    // publisher, agency or credit line
  std::string url;
  std::string language;  // ISO 639 code, or empty for the index default
  std::string caption;   // photo caption
  std::string dateline;  // e.g. "TOKYO" or "NEW YORK (Reuters)"
  std::vector<std::string> tags;
};

// The article text that batch and commit limits count: title and body.
inline std::size_t TextBytes(const Article& a) { return a.title.size() + a.body.size(); }

}  // namespace kiji

#endif  // KIJI_COMMON_ARTICLES_ARTICLE_H_
