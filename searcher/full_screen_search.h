// FullScreenSearch: the state of the full-screen terminal search and what
// each key does to it: a query line searched as it is typed, the result
// list and its selection, a preview of the selected article, a reader for
// the whole article, a picker for facet filters, and a help screen. It
// draws onto a ScreenCanvas; owning the terminal, reading keys and timing
// searches is the loop's job (full_screen_run.h), so every behaviour here
// can be tested without a terminal. Searches go through the IndexSearcher
// every other mode uses: ranking, filters, snippets and copies are the
// same. Used by one thread.
#ifndef KIJI_SEARCHER_FULL_SCREEN_SEARCH_H_
#define KIJI_SEARCHER_FULL_SCREEN_SEARCH_H_

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/search/index_searcher.h"
#include "searcher/query_line.h"
#include "searcher/screen_canvas.h"
#include "searcher/terminal_key.h"

namespace kiji {

// Results fetched at a time; more as the selection moves past them.
inline constexpr Xapian::doccount kFullScreenPage = 50;
// End loads results up to this many, then stops at the last loaded.
inline constexpr Xapian::doccount kFullScreenMostLoaded = 2000;
// Articles larger than this are previewed and read without marked
// matches: marking them would delay every redraw (doc/performance.md).
inline constexpr std::size_t kMarkedArticleBytes = std::size_t{256} * 1024;

class FullScreenSearch {
 public:
  enum class Action { kContinue, kLeave, kSuspend, kRepaint };

  // `options`: the flags' search options (sort, filters, recency...).
  FullScreenSearch(IndexSearcher& searcher, const SearchOptions& options);

  // What `key` does; the caller calls Update() once no key is waiting.
  Action HandleKey(const TerminalKey& key);
  // Searches again when the query or an option changed since the last
  // search: only the newest query is ever searched. Keys that act on the
  // results call it first; Draw loads the selected article's preview.
  void Update();
  void Draw(ScreenCanvas& canvas);

  QueryLine& line() { return line_; }
  // Queries worth keeping in the history: those acted on (an article
  // opened, a filter picked) and the last one when leaving.
  std::vector<std::string> TakeQueriesToRemember();
  // The query shown when leaving, for the history.
  const std::string& query() const { return line_.text(); }

 private:
  enum class View { kList, kReader, kHelp, kPicker, kStory };
  struct Listed {  // a result line: a hit, or an article of a story
    Xapian::docid docid = 0;
    std::string id, title, date, source;
    Xapian::doccount similar = 0;  // other articles of its story
  };
  struct Reader {
    ArticleView article;
    std::vector<std::pair<std::size_t, std::size_t>> lines;  // byte ranges of body
    std::size_t top = 0;
    std::optional<std::size_t> match;  // the highlight n/N jumped to last
  };
  struct Choice {
    std::string field, value;
    Xapian::doccount count = 0;
  };

  Action ListKey(const TerminalKey& key);
  bool SelectionKey(const TerminalKey& key);
  bool OptionKey(const TerminalKey& key);
  Action ReaderKey(const TerminalKey& key);
  void JumpToMatch(bool forward);
  void PickerKey(const TerminalKey& key);
  void Complete();
  void Search();
  void SearchPrefix();
  std::string HalfTypedWord() const;
  void Show(const SearchResult& result);
  void HelpKey(const TerminalKey& key);
  void LoadMore(Xapian::doccount wanted);
  void Select(std::ptrdiff_t index);
  void OpenReader();
  void ShowStory();
  void OpenPicker();
  void Remember();
  SearchOptions Options(Xapian::doccount offset) const;
  const ArticleView* Preview();

  void DrawQuery(ScreenCanvas& canvas) const;
  void DrawError(ScreenCanvas& canvas, int caret) const;
  void DrawList(ScreenCanvas& canvas, int top, int height, int width);
  void DrawListed(ScreenCanvas& canvas, int row, int width, const Listed& item, std::size_t number) const;
  void DrawPreview(ScreenCanvas& canvas, int top, int left, int height, int width);
  void DrawReader(ScreenCanvas& canvas);
  void DrawHelp(ScreenCanvas& canvas);
  void DrawPicker(ScreenCanvas& canvas) const;
  void DrawStatus(ScreenCanvas& canvas) const;
  int ListHeight(const ScreenCanvas& canvas) const;

  IndexSearcher& searcher_;
  SearchOptions options_;
  QueryLine line_;
  View view_ = View::kList;
  bool stale_ = true;               // the query or options changed since the last search
  std::string searched_;            // the query typed that was searched last
  std::string shown_query_;         // the query the results are for (searched_, or it with "*")
  std::optional<std::size_t> restore_selection_;  // selected again after the next search
  std::size_t selected_before_like_ = 0;
  int help_top_ = 0;                // the first help line shown
  std::optional<Xapian::docid> like_;  // results are articles like this one
  std::string like_title_;
  bool have_results_ = false;       // items_ hold some query's results
  std::vector<Listed> items_;
  Xapian::doccount total_ = 0;
  bool total_exact_ = false;
  bool more_ = false;               // more results than loaded
  double seconds_ = 0;
  std::string prefix_note_;         // "words starting with ..." when the whole word matched nothing
  std::string error_;               // what is wrong with the query typed
  std::size_t error_column_ = 0;    // where, in columns of the query
  std::string note_;                // a one-off message for the status line
  std::size_t selected_ = 0;
  std::size_t list_top_ = 0;
  int list_height_ = 10;            // as last drawn, for PgUp/PgDn
  std::string story_of_;            // the story view's article
  std::vector<Listed> story_;
  std::size_t story_selected_ = 0;
  std::size_t story_top_ = 0;
  Xapian::doccount story_total_ = 0;
  std::optional<ArticleView> preview_;
  Xapian::docid preview_docid_ = 0;
  std::optional<Reader> reader_;
  bool back_to_story_ = false;      // the reader was opened from a story
  View help_return_ = View::kList;  // where the help screen goes back to
  int reader_height_ = 10;
  int reader_width_ = 0;
  std::vector<Choice> choices_;
  std::size_t choice_ = 0;
  std::vector<std::string> completions_;  // field names Tab cycles through
  std::size_t completion_ = 0;
  std::size_t completion_at_ = 0;         // where the completed word starts
  std::vector<std::string> to_remember_;
};

}  // namespace kiji

#endif  // KIJI_SEARCHER_FULL_SCREEN_SEARCH_H_
