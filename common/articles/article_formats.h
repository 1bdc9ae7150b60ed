// Parsers for the article file formats kiji reads: plain text (with an
// optional header block, or fields derived from news conventions), Markdown
// with front matter, and one JSON Lines record. Pure functions from valid
// UTF-8 to an Article; they know nothing of files, ids or indexes (see
// article_reader.h for that).
// Safe from any thread.
#ifndef KIJI_COMMON_ARTICLES_ARTICLE_FORMATS_H_
#define KIJI_COMMON_ARTICLES_ARTICLE_FORMATS_H_

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "common/articles/article.h"

namespace kiji {

// Limits that keep any record's cost in proportion to an article, far
// above what news needs. A title is indexed with positions and printed with
// every result; a tag is a term and a facet.
inline constexpr std::size_t kMaxFieldBytes = 4096;    // title, date, source, url, lang, dateline, id, a tag
inline constexpr std::size_t kMaxCaptionBytes = 65536;
inline constexpr std::size_t kMaxTags = 1000;
inline constexpr int kMaxJsonDepth = 32;               // nested arrays and objects in a JSON record
inline constexpr std::size_t kMaxJsonValues = 100000;  // values in a JSON record, counted by commas

// Why `article` is over one of the limits above, or empty when it is not.
std::string FieldLimitViolation(const Article& article);

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

// How many bytes the wire dateline opening `body` takes, with the dash
// after it ("LONDON, March 27 - ", "TOKYO – "); 0 when the body opens
// otherwise.
std::size_t DatelineBytes(std::string_view body);

// The place the wire dateline opening `body` names ("SAN MATEO" of "SAN
// MATEO, Calif., March 2 - "; "LONDON" of "LONDON (Reuters) - "); empty
// when the body opens otherwise.
std::string_view DatelinePlace(std::string_view body);

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
// malformed JSON, fields of the wrong type, or JSON over the limits above.
ParsedArticle ParseJsonArticle(std::string_view line);

}  // namespace kiji

#endif  // KIJI_COMMON_ARTICLES_ARTICLE_FORMATS_H_
