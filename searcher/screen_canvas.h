// ScreenCanvas: what the full-screen search wants on the terminal, as a
// grid of cells, each a user-perceived character and its attributes. Text
// put on it is cleaned for a terminal (no controls, no bidi overrides) and
// takes its true columns: East Asian wide characters two, combining marks
// none; a wide character that would straddle the edge is not drawn. The
// terminal (curses_terminal.h) copies a canvas to the screen; tests read
// it as text. Pure data; not thread-safe.
#ifndef KIJI_SEARCHER_SCREEN_CANVAS_H_
#define KIJI_SEARCHER_SCREEN_CANVAS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kiji {

// Attributes of a cell, combined with |.
enum CellStyle : std::uint8_t {
  kPlain = 0,
  kBold = 1,
  kSelected = 2,   // the selected result: reverse video
  kMatch = 4,      // a word the query matched
  kDim = 8,        // secondary text: dates, sources, hints
  kError = 16,     // a syntax error and its caret
  kHeading = 32,   // the status line and titles of panes
};

struct Cell {
  std::string glyph = " ";  // one grapheme cluster; empty: the right half of a wide one
  std::uint8_t style = kPlain;
};

class ScreenCanvas {
 public:
  ScreenCanvas(int rows, int columns);

  int rows() const { return rows_; }
  int columns() const { return columns_; }

  // Writes `text` (one line: newlines and controls become spaces) from
  // column `column` of row `row`, using at most `width` columns (to the
  // edge when negative); returns the columns used. Off-screen rows and
  // columns are ignored.
  int Put(int row, int column, std::string_view text, std::uint8_t style, int width = -1);
  // As Put, but text cut short ends with "…", so that the cut shows.
  int PutFitted(int row, int column, std::string_view text, std::uint8_t style, int width = -1);
  // Adds `style` to every cell of `row` from `column` for `width` columns.
  void Style(int row, int column, int width, std::uint8_t style);

  const Cell& At(int row, int column) const { return cells_[Index(row, column)]; }
  // Row `row` as text, trailing spaces trimmed.
  std::string RowText(int row) const;
  // Every row, each ending with a newline: a snapshot for tests.
  std::string Text() const;
  // Where the terminal's cursor should stand (the query line's cursor).
  void SetCursor(int row, int column) { cursor_row_ = row; cursor_column_ = column; }
  int cursor_row() const { return cursor_row_; }
  int cursor_column() const { return cursor_column_; }

 private:
  std::size_t Index(int row, int column) const {
    return static_cast<std::size_t>(row) * static_cast<std::size_t>(columns_) + static_cast<std::size_t>(column);
  }

  int rows_;
  int columns_;
  std::vector<Cell> cells_;
  int cursor_row_ = 0;
  int cursor_column_ = 0;
};

// The columns `text` takes once cleaned, as ScreenCanvas::Put counts them.
int TextColumns(std::string_view text);

// The byte offset in `text` (already clean) of the first character that
// starts `columns` or more columns in, never inside a character.
std::size_t ColumnOffset(std::string_view text, int columns);

}  // namespace kiji

#endif  // KIJI_SEARCHER_SCREEN_CANVAS_H_
