#include "common/util/text_wrap.h"

#include <cstdint>

#include <unicode/utf8.h>

#include "common/util/utf8.h"

namespace kiji {

namespace {

// The line being filled, and the last place it may end.
struct LineState {
  std::size_t start = 0;   // first byte of the line
  std::size_t columns = 0;  // columns from start to the current position
  bool can_break = false;
  std::size_t break_end = 0;      // the line would end here...
  std::size_t break_next = 0;     // ...and the next start here
  std::size_t columns_at_next = 0;  // columns from start to break_next
};

void MarkBreak(LineState& line, std::size_t end, std::size_t next) {
  if (end <= line.start) return;
  line.can_break = true;
  line.break_end = end;
  line.break_next = next;
  line.columns_at_next = line.columns;
}

// Ends the line before the code point at `pos` makes it too wide.
void Break(std::string_view text, std::size_t pos, LineState& line,
           std::vector<std::pair<std::size_t, std::size_t>>& lines) {
  if (line.can_break) {
    lines.emplace_back(line.start, line.break_end);
    line.start = line.break_next;
    line.columns -= line.columns_at_next;
  } else {
    std::size_t cut = pos;
    while (cut > line.start && !IsGraphemeBoundary(text, cut)) --cut;
    if (cut == line.start) cut = pos;  // one cluster wider than the line
    lines.emplace_back(line.start, cut);
    line.start = cut;
    line.columns = DisplayWidth(text.substr(cut, pos - cut));
  }
  line.can_break = false;
}

}  // namespace

std::vector<std::pair<std::size_t, std::size_t>> WrapLines(std::string_view text, std::size_t first_width,
                                                           std::size_t width) {
  std::vector<std::pair<std::size_t, std::size_t>> lines;
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto length = static_cast<std::int32_t>(text.size());
  LineState line;
  std::int32_t pos = 0;
  while (pos < length) {
    const auto here = static_cast<std::size_t>(pos);
    if (text[here] == ' ') {
      std::size_t after = here;
      while (after < text.size() && text[after] == ' ') ++after;
      line.columns += after - here;
      MarkBreak(line, here, after);
      line.columns_at_next = line.columns;
      if (after == text.size()) break;  // trailing spaces are no line's
      pos = static_cast<std::int32_t>(after);
      continue;
    }
    UChar32 c;
    std::int32_t next = pos;
    U8_NEXT(s, next, length, c);
    const std::size_t columns = c < 0 ? 1 : CodePointColumns(static_cast<char32_t>(c));
    if (columns == 2) MarkBreak(line, here, here);  // before a wide character
    const std::size_t limit = lines.empty() ? first_width : width;
    if (line.columns + columns > limit && line.columns > 0 && here > line.start) Break(text, here, line, lines);
    line.columns += columns;
    pos = next;
    if (columns == 2) MarkBreak(line, static_cast<std::size_t>(pos), static_cast<std::size_t>(pos));  // and after
  }
  std::size_t end = text.size();
  while (end > line.start && text[end - 1] == ' ') --end;
  if (end > line.start) lines.emplace_back(line.start, end);
  return lines;
}

}  // namespace kiji
