// The query line of the full-screen search: the text being typed and its
// cursor, edited as readline edits a line (Ctrl-A/E/W/U/K, Alt-B/F,
// Backspace, Delete, arrows), moving over whole characters (grapheme
// clusters), and the history of earlier queries with Up, Down and Ctrl-R.
// Pure editing over strings; no terminal, no search. Not thread-safe.
#ifndef KIJI_SEARCHER_QUERY_LINE_H_
#define KIJI_SEARCHER_QUERY_LINE_H_

#include <cstddef>
#include <string>
#include <vector>

#include "searcher/terminal_key.h"

namespace kiji {

class QueryLine {
 public:
  // Applies an editing key; false when the key is not one of the line's
  // (the caller gives it another meaning). Up and Down walk the history
  // only while the line is empty or shows a history entry.
  bool Apply(const TerminalKey& key);

  void Insert(const std::string& text);  // at the cursor; controls become spaces
  void Set(const std::string& text);     // the whole line, cursor at its end
  const std::string& text() const { return text_; }
  std::size_t cursor() const { return cursor_; }  // a byte offset into text()

  // Earlier queries, oldest first; Up recalls from the newest.
  void SetHistory(std::vector<std::string> history);
  // Adds `query` as the newest entry (not twice in a row, not empty).
  void Remember(const std::string& query);
  const std::vector<std::string>& history() const { return history_; }

  // Ctrl-R: the newest entry older than the one shown that contains what
  // was typed when the search began; false (line unchanged) when none does.
  bool SearchHistoryBack();
  // Whether a Ctrl-R search is going on, and what it looks for.
  bool searching_history() const { return searching_; }
  void StopSearchingHistory() { searching_ = false; }
  // Ends a Ctrl-R search with the line as it was typed before it.
  void CancelHistorySearch();
  // Whether Up would recall an older query: the line is empty or shows
  // one recalled, and an older one exists.
  bool CanRecallOlder() const { return (text_.empty() || shown_ < history_.size()) && shown_ > 0; }
  const std::string& history_pattern() const { return pattern_; }

 private:
  void Left();
  void Right();
  void WordLeft();
  void WordRight();
  void Erase(std::size_t from, std::size_t to);
  void Recall(std::size_t index);  // shows history entry `index`, or the draft at size()
  bool Edit(const TerminalKey& key);
  bool Move(const TerminalKey& key);

  std::string text_;
  std::size_t cursor_ = 0;
  std::vector<std::string> history_;
  std::size_t shown_ = 0;  // the history entry shown; history_.size(): the draft
  std::string draft_;      // what was typed before walking the history
  bool searching_ = false;
  std::string pattern_;
};

}  // namespace kiji

#endif  // KIJI_SEARCHER_QUERY_LINE_H_
