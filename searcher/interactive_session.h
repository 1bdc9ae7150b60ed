// The interactive terminal searcher: a GNU readline prompt with persistent
// history, paged results, and commands to open, find similar, sort, limit,
// count facets and switch formats. The command language is parsed by a
// pure function (ParseSessionCommand); InteractiveSession owns the terminal.
// ParseSessionCommand is pure; an InteractiveSession runs on the main
// thread, which owns the terminal and its signal handler.
#ifndef KIJI_SEARCHER_INTERACTIVE_SESSION_H_
#define KIJI_SEARCHER_INTERACTIVE_SESSION_H_

#include <iosfwd>
#include <string>
#include <string_view>

#include "common/search/index_searcher.h"
#include "searcher/printer.h"

namespace kiji {

struct SessionCommand {
  enum class Kind {
    kEmpty,    // Enter on an empty line: the next page, if any
    kSearch,   // anything not starting with ':'
    kNext, kPrev, kOpen, kMore, kStory, kSort, kRecency, kLimit, kFacets, kFormat, kHelp, kQuit,
    kInvalid,  // `argument` holds the message
  };
  Kind kind = Kind::kEmpty;
  std::string argument;  // the query, a result number, a sort order or a format
};

SessionCommand ParseSessionCommand(std::string_view line);

// The text of :help.
const char* SessionHelp();

struct SessionSettings {
  SearchOptions options;
  std::string format = "text";
  PrinterOptions printer;
  std::string history_path;  // empty: no persistent history
  std::string pager;         // for :open; empty: print directly
};

// Where history is kept: $XDG_STATE_HOME/kiji/history, else
// ~/.local/state/kiji/history.
std::string DefaultHistoryPath();

class InteractiveSession {
 public:
  InteractiveSession(IndexSearcher& searcher, SessionSettings settings, std::ostream& out);

  // Reads commands until :quit or Ctrl-D; returns the exit status: 1 when
  // some query failed (each was reported, and the session went on), else 0.
  int Run();

  // Executes one line; false when the session should end. Public so the
  // command handling can be tested without a terminal.
  bool Execute(const std::string& line);

  // Whether some query has failed (and was reported) so far.
  bool any_failed() const { return failed_; }

 private:
  void Search();
  void ShowPage();
  void Open(const std::string& number);
  void More(const std::string& number);
  // :story N: result N's story, oldest first, in the session's format.
  void Story(const std::string& number);
  // Moves a page forward or back; `asked`: typed as :n, not an empty line.
  void Page(bool forward, bool asked);
  void Sort(const std::string& order);
  // :recency HALF_LIFE, or :recency off.
  void Recency(const std::string& half_life);
  void Limit(const std::string& count);
  void Format(const std::string& name);
  const Hit* HitNumbered(const std::string& number);
  void Error(const std::string& message);

  IndexSearcher& searcher_;
  SessionSettings settings_;
  std::ostream& out_;
  std::unique_ptr<ResultPrinter> printer_;
  std::string query_;              // the current query
  Xapian::docid more_like_ = 0;    // or the article the results are like
  SearchResult last_;
  bool have_results_ = false;
  bool failed_ = false;  // some query failed
};

}  // namespace kiji

#endif  // KIJI_SEARCHER_INTERACTIVE_SESSION_H_
