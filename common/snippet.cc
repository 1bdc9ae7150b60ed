#include "common/snippet.h"

#include <set>

#include "common/utf8.h"

namespace kiji {

namespace {

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // …

bool IsSpaceByte(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// Copies text[begin, end) into out.text collapsing whitespace runs and
// dropping control characters, translating highlight ranges as it goes.
void AppendCollapsed(std::string_view text, std::size_t begin, std::size_t end,
                     const std::vector<std::pair<std::size_t, std::size_t>>& marks, Snippet& out) {
  std::size_t mark = 0;
  std::size_t open_at = std::string::npos;
  for (std::size_t i = begin; i < end; ++i) {
    while (mark < marks.size() && marks[mark].second <= i) ++mark;
    if (mark < marks.size() && marks[mark].first == i) open_at = out.text.size();
    const char c = text[i];
    if (IsSpaceByte(c)) {
      if (!out.text.empty() && out.text.back() != ' ') out.text += ' ';
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      // C0 control character: dropped
    } else if (static_cast<unsigned char>(c) == 0xC2 && i + 1 < end &&
               (static_cast<unsigned char>(text[i + 1]) & 0xE0) == 0x80) {
      ++i;  // C1 control character (U+0080..U+009F): dropped
    } else {
      out.text += c;
    }
    if (open_at != std::string::npos && mark < marks.size() && marks[mark].second == i + 1) {
      out.highlights.emplace_back(open_at, out.text.size());
      open_at = std::string::npos;
    }
  }
}

}  // namespace

Snippet MakeSnippet(std::string_view text, const std::vector<Token>& tokens,
                    const std::vector<bool>& is_match, std::size_t max_bytes) {
  Snippet out;
  if (tokens.empty()) {
    out.text = StripControlCharacters(TruncateUtf8(text, max_bytes), false);
    return out;
  }
  // Best window: starts at a match, holds the most distinct matched terms.
  std::size_t best_first = 0, best_last = 0;
  std::size_t best_distinct = 0, best_count = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (!is_match[i]) continue;
    std::set<std::string_view> distinct;
    std::size_t count = 0, last = i;
    for (std::size_t j = i; j < tokens.size() && tokens[j].end - tokens[i].begin <= max_bytes; ++j) {
      if (!is_match[j]) continue;
      distinct.insert(tokens[j].term);
      ++count;
      last = j;
    }
    if (distinct.size() > best_distinct || (distinct.size() == best_distinct && count > best_count)) {
      best_distinct = distinct.size();
      best_count = count;
      best_first = i;
      best_last = last;
    }
  }
  // Grow the window with context around the matches, a word at a time,
  // preferring to start at a sentence start when one is near.
  std::size_t first = best_first, last = best_last;
  if (best_count == 0) first = last = 0;
  const std::size_t lead_budget = (max_bytes - std::min(max_bytes, tokens[last].end - tokens[first].begin)) / 3;
  while (first > 0 && tokens[last].end - tokens[first - 1].begin <= max_bytes &&
         tokens[first].begin - tokens[first - 1].begin <= lead_budget + 1 &&
         tokens[best_first].begin - tokens[first - 1].begin <= lead_budget) {
    --first;
  }
  while (last + 1 < tokens.size() && tokens[last + 1].end - tokens[first].begin <= max_bytes) ++last;

  std::size_t begin = first == 0 ? 0 : tokens[first].begin;
  std::size_t end = last + 1 == tokens.size() ? text.size() : tokens[last].end;
  // Keep closing punctuation right after the last word.
  while (end < text.size() && end < tokens[last].end + 3 && !IsSpaceByte(text[end]) &&
         (last + 1 == tokens.size() || end < tokens[last + 1].begin)) {
    ++end;
  }
  end = AlignToCodePoint(text, end);
  if (end < tokens[last].end) end = tokens[last].end;
  while (begin < end && IsSpaceByte(text[begin])) ++begin;

  std::vector<std::pair<std::size_t, std::size_t>> marks;
  for (std::size_t i = first; i <= last; ++i) {
    if (is_match[i]) marks.emplace_back(tokens[i].begin, tokens[i].end);
  }
  if (begin > 0) out.text += kEllipsis;
  AppendCollapsed(text, begin, end, marks, out);
  while (!out.text.empty() && out.text.back() == ' ') out.text.pop_back();
  if (end < text.size()) out.text += kEllipsis;
  return out;
}

}  // namespace kiji
