// Parsers for the article file formats kiji reads: plain text (with an
// optional header block, or fields derived from news conventions), Markdown
// with front matter, and one JSON Lines record. Pure functions from valid
// UTF-8 to an Article; they know nothing of files, ids or indexes (see
// article_reader.h for that).
#ifndef KIJI_COMMON_ARTICLE_FORMATS_H_
#define KIJI_COMMON_ARTICLE_FORMATS_H_

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "common/article.h"

namespace kiji {

// A record that cannot become an article; what() is the reason, without the
// location (the reader adds "path:line").
class ArticleFormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ParsedArticle {
  Article article;
  std::vector<std::string> warnings;  // e.g. an unparseable date was dropped
};

// A plain-text article. An optional header block of "Key: value" lines
// (Title, Date, Source, URL, Language, Tags, Caption, Dateline) ends at the
// first blank line. Fields the header does not give are derived: a leading
// photo caption ("... PHOTO: THE YOMIURI SHIMBUN"), a dateline ("TOKYO – "),
// a closing credit line as the source, and a title from the lead sentence.
ParsedArticle ParseTextArticle(std::string_view content);

// A Markdown file with optional front matter between "---" lines (title,
// date, source, url, tags, lang); without a front-matter title the first
// "# heading" is the title.
ParsedArticle ParseMarkdownArticle(std::string_view content);

// One JSON Lines record: {"id","title","body","date","source","url","lang",
// "tags"}, or Anserini's {"id","contents"}. Throws ArticleFormatError for
// malformed JSON or fields of the wrong type.
ParsedArticle ParseJsonArticle(std::string_view line);

}  // namespace kiji

#endif  // KIJI_COMMON_ARTICLE_FORMATS_H_
