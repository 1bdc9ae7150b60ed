#include "searcher/screen_canvas.h"

#include <algorithm>

#include "common/util/utf8.h"

namespace kiji {

namespace {

// The next grapheme cluster of `text` from byte `at`: its end and columns.
std::size_t NextCluster(std::string_view text, std::size_t at, int& columns) {
  columns = 0;
  std::size_t i = at;
  do {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    char32_t c = lead < 0x80 ? lead : lead & (0xFF >> (length + 1));
    for (std::size_t k = 1; k < length && i + k < text.size(); ++k) {
      c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    }
    columns += static_cast<int>(CodePointColumns(c));
    i = std::min(i + length, text.size());
  } while (i < text.size() && !IsGraphemeBoundary(text, i));
  // A cluster is at most two columns wide; a lone combining mark (whose
  // base was a control, say) still takes one so that it shows.
  columns = std::clamp(columns, 1, 2);
  return i;
}

}  // namespace

ScreenCanvas::ScreenCanvas(int rows, int columns)
    : rows_(std::max(rows, 0)), columns_(std::max(columns, 0)),
      cells_(static_cast<std::size_t>(rows_) * static_cast<std::size_t>(columns_)) {}

int ScreenCanvas::Put(int row, int column, std::string_view text, std::uint8_t style, int width) {
  if (row < 0 || row >= rows_ || column < 0 || column >= columns_) return 0;
  const int end = width < 0 ? columns_ : std::min(columns_, column + width);
  // Writing over the right half of a wide character leaves no left half.
  if (column > 0 && At(row, column).glyph.empty()) cells_[Index(row, column - 1)].glyph = " ";
  const std::string clean = StripControlCharacters(text, false);
  int at = column;
  for (std::size_t i = 0; i < clean.size();) {
    int columns = 0;
    const std::size_t next = NextCluster(clean, i, columns);
    if (at + columns > end) break;
    Cell& cell = cells_[Index(row, at)];
    cell.glyph.assign(clean, i, next - i);
    cell.style = style;
    if (columns == 2) cells_[Index(row, at + 1)] = Cell{"", style};
    at += columns;
    i = next;
  }
  // Nor over the left half of one a right half.
  if (at < columns_ && At(row, at).glyph.empty()) cells_[Index(row, at)].glyph = " ";
  return at - column;
}

int ScreenCanvas::PutFitted(int row, int column, std::string_view text, std::uint8_t style, int width) {
  const int room = width < 0 ? columns_ - column : std::min(width, columns_ - column);
  if (room <= 0) return 0;
  if (TextColumns(text) <= room) return Put(row, column, text, style, room);
  const int used = Put(row, column, text, style, room - 1);
  return used + Put(row, column + used, "…", style, 1);
}

void ScreenCanvas::Style(int row, int column, int width, std::uint8_t style) {
  if (row < 0 || row >= rows_) return;
  for (int c = std::max(column, 0); c < std::min(columns_, column + width); ++c) cells_[Index(row, c)].style |= style;
}

std::string ScreenCanvas::RowText(int row) const {
  std::string text;
  for (int c = 0; c < columns_; ++c) text += At(row, c).glyph;
  text.erase(text.find_last_not_of(' ') + 1);
  return text;
}

std::string ScreenCanvas::Text() const {
  std::string text;
  for (int r = 0; r < rows_; ++r) text += RowText(r) + "\n";
  return text;
}

int TextColumns(std::string_view text) {
  const std::string clean = StripControlCharacters(text, false);
  int total = 0;
  for (std::size_t i = 0; i < clean.size();) {
    int columns = 0;
    i = NextCluster(clean, i, columns);
    total += columns;
  }
  return total;
}

std::size_t ColumnOffset(std::string_view text, int columns) {
  int total = 0;
  std::size_t i = 0;
  while (i < text.size() && total < columns) {
    int width = 0;
    i = NextCluster(text, i, width);
    total += width;
  }
  return i;
}

}  // namespace kiji
