// The one way search results reach the user: a ResultPrinter per output
// format (text for people, JSON Lines, TSV and TREC run files for scripts,
// counts),
// modelled on notmuch's sprinter. Printers only format; they never search.
// A printer writes to one stream from one thread at a time.
#ifndef KIJI_SEARCHER_PRINTER_H_
#define KIJI_SEARCHER_PRINTER_H_

#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/eval/evaluation.h"
#include "common/search/index_searcher.h"

namespace kiji {

// The colours of a hit's parts in text output, as ANSI SGR parameters
// ("1;31": bold red; "": as the terminal writes).
struct ColorScheme {
  std::string title = "1";     // bold
  std::string match = "1;31";  // bold red, as grep and ripgrep mark matches
  std::string date = "32";     // green
  std::string source = "36";   // cyan
};

// Sets one part of `scheme` from "PART=STYLE[,STYLE...]" (--colors): PART
// is title, match, date or source; STYLE none, bold, dim, underline,
// reverse or a colour (black, red, green, yellow, blue, magenta, cyan,
// white). std::invalid_argument says what is wrong.
void SetColor(ColorScheme& scheme, const std::string& spec);

struct PrinterOptions {
  // Colour the parts of hits (text format only), as `colors` says. The
  // caller decides from isatty, NO_COLOR, TERM and --color.
  bool color = false;
  ColorScheme colors;
  // Wrap titles and snippets to this many columns, East Asian wide
  // characters counting two (text format only); 0: one line each. The
  // caller takes it from the terminal (TerminalColumns).
  std::size_t width = 0;
  // TREC run tag (last column of a TREC run).
  std::string run_tag = "kiji";
};

class ResultPrinter {
 public:
  virtual ~ResultPrinter() = default;
  // Prints the result of one query; called once per query, in order.
  virtual void Print(const SearchResult& result) = 0;
  // Prints retrieval metrics (--qrels): the means, and each topic when
  // `per_query`.
  virtual void PrintEvaluation(const Evaluation& evaluation, bool per_query) = 0;
  // Prints one whole stored article (--show, the session's :open). Text
  // and JSON only: the others throw std::invalid_argument
  // (ShowsArticles says which can).
  virtual void PrintArticle(const ArticleView& view);
  // Prints the articles of one story, oldest first (--story, the
  // session's :story). Text and JSON only, like PrintArticle.
  virtual void PrintStory(const StoryView& story);
};

// Whether `format` can print whole articles and stories
// (ResultPrinter::PrintArticle, PrintStory).
bool ShowsArticles(const std::string& format);

// The formats MakePrinter accepts.
const std::vector<std::string>& PrinterFormats();

// Throws std::invalid_argument for an unknown format.
std::unique_ptr<ResultPrinter> MakePrinter(const std::string& format, std::ostream& out,
                                           const PrinterOptions& options);

// The printer of --count: each query's number of matches (which the
// search must count exactly: SearchOptions::exact_total), after its topic
// id and a tab when `with_topic_ids`.
std::unique_ptr<ResultPrinter> MakeCountPrinter(std::ostream& out, bool with_topic_ids);

// The width of the terminal `fd` writes to, for PrinterOptions::width: 0
// when `fd` is not a terminal (output for programs is never wrapped), else
// what the terminal reports, or $COLUMNS, or 80.
std::size_t TerminalColumns(int fd);

}  // namespace kiji

#endif  // KIJI_SEARCHER_PRINTER_H_
