// How FullScreenSearch draws the list, its query line, status line, help
// and picker (the article views are in full_screen_reader.cc).
#include <algorithm>
#include <cstdio>
#include <iterator>

#include "common/util/utf8.h"
#include "searcher/full_screen_search.h"

namespace kiji {

namespace {

// The smallest screen drawn; below it a line asks for more room.
constexpr int kMinRows = 8;
constexpr int kMinColumns = 40;
// From this width the preview stands beside the list, else below it.
constexpr int kSideBySideColumns = 120;

constexpr const char* kHelpLines[] = {
    "kiji full-screen search: results follow what you type",
    "",
    "Query line        Left/Right Ctrl-B/F, Alt-B/F words, Ctrl-A/E start/end,",
    "                  Backspace, Delete, Ctrl-W/Alt-D word, Ctrl-U/K to start/end",
    "                  Up on an empty line, Ctrl-R: earlier queries",
    "                  Tab: complete a field name (again: the next one)",
    "Results           Down/Up Ctrl-N/P, PgDn/PgUp, Home/End (End: up to the 2000th)",
    "                  Enter: read the article   Esc, Ctrl-C: leave (status 0)",
    "                  Ctrl-D on an empty line: leave   Ctrl-Z: suspend",
    "Order and filter  Ctrl-S: sort (relevance, newest, oldest first)",
    "                  Ctrl-T: recency (off, 7, 30, 365 days half-life; reorders)",
    "                  Ctrl-F: pick a source, year or tag to filter on",
    "Related           Alt-L: articles like the selected one",
    "                  Alt-S: the selected article's story, oldest first",
    "Reader            Down/Up j/k, PgDn/PgUp Space/b, Home/End g/G,",
    "                  n/N: next/previous match, q or Esc: back to the list",
    "Screen            Ctrl-L: redraw   ?/F1: this help",
    "",
    "Query language: doc/query-language.md. --line gives the line session.",
    "Down/Up/PgDn/PgUp scroll this help; any other key goes back.",
};

std::string Count(Xapian::doccount n, bool exact) {
  return (exact ? "" : "about ") + std::to_string(n) + (n == 1 ? " result" : " results");
}

}  // namespace

int FullScreenSearch::ListHeight(const ScreenCanvas& canvas) const {
  const int body = canvas.rows() - 3;  // query, heading, status
  return canvas.columns() >= kSideBySideColumns ? body : std::max(body / 2, 3);
}

void FullScreenSearch::Draw(ScreenCanvas& canvas) {
  if (canvas.rows() < kMinRows || canvas.columns() < kMinColumns) {
    // Short lines: the message itself must fit a tiny terminal.
    canvas.Put(0, 0, "kiji: too small", kBold);
    canvas.Put(1, 0, "needs " + std::to_string(kMinColumns) + "x" + std::to_string(kMinRows), kPlain);
    canvas.Put(2, 0, "Esc leaves", kPlain);
    return;
  }
  if (view_ == View::kReader) {
    DrawReader(canvas);
  } else if (view_ == View::kHelp) {
    DrawHelp(canvas);
  } else if (view_ == View::kPicker) {
    DrawPicker(canvas);
  } else {
    DrawQuery(canvas);
    list_height_ = ListHeight(canvas);
    const bool side = canvas.columns() >= kSideBySideColumns;
    const int list_width = side ? canvas.columns() * 3 / 5 : canvas.columns();
    DrawList(canvas, 2, list_height_, list_width);
    if (side) {
      for (int row = 2; row < 2 + list_height_; ++row) canvas.Put(row, list_width, "│", kDim);
      DrawPreview(canvas, 2, list_width + 2, list_height_, canvas.columns() - list_width - 3);
    } else {
      canvas.Style(2 + list_height_, 0, canvas.columns(), kDim);
      DrawPreview(canvas, 3 + list_height_, 1, canvas.rows() - 4 - list_height_, canvas.columns() - 2);
    }
  }
  DrawStatus(canvas);
}

void FullScreenSearch::DrawQuery(ScreenCanvas& canvas) const {
  const std::string& text = line_.text();
  // Scrolled sideways so that the cursor shows, with "…" for what is hidden.
  const int room = canvas.columns() - 3;
  const int before = TextColumns(std::string_view(text).substr(0, line_.cursor()));
  const std::size_t from = before > room - 1 ? ColumnOffset(text, before - (room - 1)) : 0;
  const int hidden = TextColumns(std::string_view(text).substr(0, from));
  canvas.Put(0, 0, ">", kBold);
  if (from > 0) canvas.Put(0, 1, "…", kDim);
  canvas.PutFitted(0, 2, std::string_view(text).substr(from), kPlain, room);
  canvas.SetCursor(0, 2 + before - hidden);
  if (!error_.empty()) {
    DrawError(canvas, 2 + static_cast<int>(error_column_) - hidden);
  } else if (view_ == View::kStory) {
    const std::string of = story_total_ > story_.size() ? " (the first " + std::to_string(story_.size()) + ")" : "";
    canvas.PutFitted(1, 0, std::to_string(story_total_) + (story_total_ == 1 ? " article" : " articles") + of +
                               " in the story of \"" + story_of_ + "\", oldest first; Esc goes back", kHeading);
  } else if (like_) {
    canvas.PutFitted(1, 0, "Articles like \"" + like_title_ + "\"; Esc goes back, typing searches again", kHeading);
  }
}

// The message under the query with a caret at `caret`, the column of the
// mistake: after the caret when it fits there, else before it.
void FullScreenSearch::DrawError(ScreenCanvas& canvas, int caret) const {
  const int width = TextColumns(error_);
  const int columns = canvas.columns();
  if (caret < 2 || caret >= columns) {
    canvas.PutFitted(1, 2, error_ + " (at column " + std::to_string(error_column_ + 1) + ")", kError);
  } else if (caret + 2 + width <= columns || caret < columns / 2) {
    canvas.PutFitted(1, caret, "^ " + error_, kError);
  } else {
    const int start = std::max(caret - width - 1, 0);
    canvas.PutFitted(1, start, error_, kError, caret - 1 - start);
    canvas.Put(1, caret, "^", kError);
  }
}

void FullScreenSearch::DrawList(ScreenCanvas& canvas, int top, int height, int width) {
  const std::vector<Listed>& items = view_ == View::kStory ? story_ : items_;
  const std::size_t selected = view_ == View::kStory ? story_selected_ : selected_;
  std::size_t& first = view_ == View::kStory ? story_top_ : list_top_;
  const auto rows = static_cast<std::size_t>(height);
  if (selected < first) first = selected;
  if (selected >= first + rows) first = selected + 1 - rows;
  for (std::size_t i = first; i < items.size() && i < first + rows; ++i) {
    const int row = top + static_cast<int>(i - first);
    DrawListed(canvas, row, width, items[i], i + 1);
    if (i == selected) canvas.Style(row, 0, width, kSelected);
  }
  if (items.empty() && !TrimSpace(searched_).empty() && error_.empty() && view_ == View::kList) {
    canvas.Put(top, 2, "No articles match.", kDim, width - 2);
  } else if (items.empty() && TrimSpace(searched_).empty() && !like_) {
    canvas.PutFitted(top, 2, "Type to search " + std::to_string(searcher_.size()) + " articles; ? or F1 for keys.",
                     kDim, width - 2);
  }
}

// One result line in fixed columns: number, title, date, source, copies.
void FullScreenSearch::DrawListed(ScreenCanvas& canvas, int row, int width, const Listed& item,
                                  std::size_t number) const {
  char rank[16];
  std::snprintf(rank, sizeof rank, "%4zu ", number);
  const int source_width = width >= 100 ? 16 : 10;
  const int tail = 11 + source_width + 5;  // date, source, "+N"
  const int title_width = std::max(width - 5 - tail - 1, 10);
  canvas.Put(row, 0, rank, kDim, 5);
  canvas.PutFitted(row, 5, item.title.empty() ? "(" + item.id + ")" : item.title, kPlain, title_width);
  int column = 5 + title_width + 1;
  canvas.Put(row, column, item.date.substr(0, 10), kDim, 10);
  column += 11;
  canvas.PutFitted(row, column, item.source, kDim, source_width);
  column += source_width + 1;
  if (item.similar > 0) canvas.Put(row, column, "+" + std::to_string(item.similar), kDim, std::min(4, width - column));
}

void FullScreenSearch::DrawStatus(ScreenCanvas& canvas) const {
  const int row = canvas.rows() - 1;
  std::string status;
  if (view_ == View::kReader) {
    const Reader& r = *reader_;
    status = std::to_string(std::min(r.top + 1, r.lines.size())) + "/" + std::to_string(r.lines.size()) + " lines";
    if (r.match) status += " · match " + std::to_string(*r.match + 1) + "/" + std::to_string(r.article.highlights.size());
    else if (!r.article.highlights.empty()) {
      const std::size_t n = r.article.highlights.size();
      status += " · " + std::to_string(n) + (n == 1 ? " match" : " matches") + " (n/N)";
    }
    if (r.article.article.body.size() > kMarkedArticleBytes) status += " · too long to mark matches";
    status += " · q back";
  } else if (view_ == View::kPicker) {
    status = "Enter adds the filter to the query · Esc goes back";
  } else if (view_ == View::kHelp) {
    const bool more = static_cast<int>(std::size(kHelpLines)) > canvas.rows() - 1;
    status = more ? "Down/PgDn: more keys · any other key goes back" : "any key goes back";
  } else if (view_ == View::kStory) {
    status = "the story, oldest first · Enter reads · Esc goes back";
  } else if (line_.searching_history()) {
    status = "history search (Ctrl-R older, Esc keeps the line): '" + line_.history_pattern() + "'";
  } else if (!error_.empty() && !have_results_) {
    status = "no results yet: the query does not parse";
  } else if (have_results_) {
    status = Count(total_, total_exact_);
    if (!prefix_note_.empty()) status += " for " + prefix_note_;
    char took[32];
    std::snprintf(took, sizeof took, " · %.1f ms", seconds_ * 1000);
    status += took;
    status += options_.sort == SortOrder::kRelevance ? "" : options_.sort == SortOrder::kDateDescending ? " · newest first" : " · oldest first";
    if (options_.recency_half_life > 0) {
      status += " · recency " + std::to_string(static_cast<int>(options_.recency_half_life)) + "d" +
                (options_.sort == SortOrder::kRelevance ? " (reorders)" : " (not under a date order)");
    }
    if (!options_.collapse) status += " · copies shown";
  }
  if (!note_.empty()) status = note_;
  canvas.PutFitted(row, 0, status, kHeading, canvas.columns() - 9);
  canvas.Put(row, canvas.columns() - 8, "F1 help", kDim, 8);
  canvas.Style(row, 0, canvas.columns(), kHeading);
}

void FullScreenSearch::DrawHelp(ScreenCanvas& canvas) {
  // Above the status line, scrolled by help_top_ when the screen is short.
  const int rows = canvas.rows() - 1;
  const int lines = static_cast<int>(std::size(kHelpLines));
  help_top_ = std::clamp(help_top_, 0, std::max(lines - rows, 0));
  for (int row = 0; row < rows && help_top_ + row < lines; ++row) {
    const int line = help_top_ + row;
    canvas.PutFitted(row, 1, kHelpLines[line], line == 0 ? kBold : kPlain);
  }
}

void FullScreenSearch::DrawPicker(ScreenCanvas& canvas) const {
  canvas.PutFitted(0, 0, "Filter \"" + searched_ + "\" by (articles counted, copies included):", kBold);
  const int height = canvas.rows() - 3;
  const std::size_t first = choice_ >= static_cast<std::size_t>(height) ? choice_ + 1 - static_cast<std::size_t>(height) : 0;
  for (std::size_t i = first; i < choices_.size() && i < first + static_cast<std::size_t>(height); ++i) {
    const int row = 2 + static_cast<int>(i - first);
    char count[16];
    std::snprintf(count, sizeof count, "%8u  ", choices_[i].count);
    canvas.Put(row, 1, choices_[i].field, kDim, 8);
    canvas.Put(row, 10, count, kDim);
    canvas.Put(row, 20, choices_[i].value, kPlain);
    if (i == choice_) canvas.Style(row, 0, canvas.columns(), kSelected);
  }
}

}  // namespace kiji
