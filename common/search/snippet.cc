#include "common/search/snippet.h"

#include <algorithm>
#include <set>

#include "common/util/utf8.h"

namespace kiji {

namespace {

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // …
constexpr std::size_t kMaxFragments = 3;

bool IsSpaceByte(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// Room the "…" marks and their spaces take beyond the chosen text: one
// before each of three fragments and one after the last, each with a space.
constexpr std::size_t kMarksChars = 2 * (kMaxFragments + 1);
// A gap between tokens longer than this counts its bytes, not its code
// points: an upper bound that spares a scan of long stretches without
// words (only the stretches a snippet shows are ever copied).
constexpr std::size_t kMaxCountedGap = 4096;

struct Fragment {
  std::size_t first = 0;  // token indexes, inclusive
  std::size_t last = 0;
};

// Whether a sentence ends just before byte `pos` (after skipping spaces).
bool SentenceEndsBefore(std::string_view text, std::size_t pos) {
  while (pos > 0 && IsSpaceByte(text[pos - 1])) {
    if (text[pos - 1] == '\n') return true;  // a paragraph break
    --pos;
  }
  if (pos == 0) return true;
  const char c = text[pos - 1];
  if (c == '.' || c == '!' || c == '?') return true;
  return pos >= 3 && (text.compare(pos - 3, 3, "\xE3\x80\x82") == 0 ||   // 。
                      text.compare(pos - 3, 3, "\xEF\xBC\x81") == 0 ||   // ！
                      text.compare(pos - 3, 3, "\xEF\xBC\x9F") == 0);    // ？
}

// Copies text[begin, end) into out.text collapsing whitespace runs and
// dropping control characters, translating highlight ranges as it goes.
void AppendCollapsed(std::string_view text, std::size_t begin, std::size_t end,
                     const std::vector<std::pair<std::size_t, std::size_t>>& marks, Snippet& out) {
  auto mark = std::lower_bound(marks.begin(), marks.end(), std::make_pair(begin, std::size_t{0})) - marks.begin();
  const auto marks_size = static_cast<std::ptrdiff_t>(marks.size());
  const std::string_view shown = text.substr(0, end);
  std::size_t open_at = std::string::npos;
  for (std::size_t i = begin; i < end; ++i) {
    while (mark < marks_size && marks[static_cast<std::size_t>(mark)].second <= i) ++mark;
    const auto* current = mark < marks_size ? &marks[static_cast<std::size_t>(mark)] : nullptr;
    if (current != nullptr && current->first == i) open_at = out.text.size();
    const char c = text[i];
    const TerminalControl control = TerminalControlAt(shown, i);
    if (IsSpaceByte(c) || control.kind == TerminalControl::Kind::kSeparator) {
      if (!out.text.empty() && out.text.back() != ' ') out.text += ' ';
      i += control.bytes > 0 ? control.bytes - 1 : 0;
    } else if (control.kind != TerminalControl::Kind::kNone) {
      i += control.bytes - 1;  // a control or bidi formatting character: dropped
    } else {
      out.text += c;
    }
    if (open_at != std::string::npos && current != nullptr && current->second == i + 1) {
      out.highlights.emplace_back(open_at, out.text.size());
      open_at = std::string::npos;
    }
  }
}

// The passage picker's view of a text: its tokens, which matched, and
// where each starts and ends counted in code points, so that budgets are
// characters in every script.
class Passage {
 public:
  Passage(std::string_view full_text, const std::vector<Token>& text_tokens, const std::vector<int>& token_match)
      : text(full_text), tokens(text_tokens), match(token_match) {
    begin_.reserve(tokens.size());
    end_.reserve(tokens.size());
    std::size_t pos = 0, count = 0;
    for (const Token& t : tokens) {
      count += Counted(pos, t.begin);
      begin_.push_back(count);
      count += Counted(t.begin, t.end);
      end_.push_back(count);
      pos = t.end;
    }
  }
  bool at(std::size_t i) const { return match[i] != 0; }
  // Characters from the start of token `first` to the end of `last`.
  std::size_t Span(std::size_t first, std::size_t last) const { return end_[last] - begin_[first]; }
  // Characters from the start of token `from` to the start of `to`.
  std::size_t Distance(std::size_t from, std::size_t to) const { return begin_[to] - begin_[from]; }
  // Characters between the end of token `left` and the start of `right`.
  std::size_t Gap(std::size_t left, std::size_t right) const { return begin_[right] - end_[left]; }

  const std::string_view text;
  const std::vector<Token>& tokens;
  const std::vector<int>& match;  // per token: 0, or the matched word's number

 private:
  std::size_t Counted(std::size_t from, std::size_t to) const {
    if (to <= from) return 0;
    return to - from > kMaxCountedGap ? to - from : CodePointCount(text.substr(from, to - from));
  }
  std::vector<std::size_t> begin_, end_;
};

// Up to `max_fragments` windows of at most `window` characters, each
// adding the most matched words the others lack (then the most matches);
// `distinct` is how many different matched words they show.
std::vector<Fragment> ChooseWindows(const Passage& m, std::size_t window, std::size_t max_fragments,
                                   std::size_t& distinct) {
  const std::vector<Token>& tokens = m.tokens;
  std::vector<Fragment> chosen;
  std::set<int> covered;
  for (std::size_t round = 0; round < max_fragments; ++round) {
    std::size_t best_new = 0, best_count = 0;
    Fragment best;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      if (!m.at(i)) continue;
      const bool overlaps = std::any_of(chosen.begin(), chosen.end(),
                                        [&](const Fragment& f) { return i + 1 >= f.first && i <= f.last + 1; });
      if (overlaps) continue;
      std::set<int> fresh;
      std::size_t count = 0, last = i;
      for (std::size_t j = i; j < tokens.size() && m.Span(i, j) <= window; ++j) {
        if (!m.at(j)) continue;
        if (!covered.count(m.match[j])) fresh.insert(m.match[j]);
        ++count;
        last = j;
      }
      if (fresh.size() > best_new || (fresh.size() == best_new && count > best_count)) {
        best_new = fresh.size();
        best_count = count;
        best = {i, last};
      }
    }
    if (best_new == 0) break;
    chosen.push_back(best);
    for (std::size_t j = best.first; j <= best.last; ++j) {
      if (m.at(j)) covered.insert(m.match[j]);
    }
  }
  distinct = covered.size();
  return chosen;
}

// One window when a single stretch of the text shows every matched word;
// otherwise up to three, each adding matched words the others lack (the
// densest first), so the snippet shows every word it can. In text order.
std::vector<Fragment> ChooseFragments(const Passage& m, std::size_t max_chars) {
  std::set<int> present;
  for (std::size_t i = 0; i < m.tokens.size(); ++i) {
    if (m.at(i)) present.insert(m.match[i]);
  }
  std::size_t single_distinct = 0, several_distinct = 0;
  std::vector<Fragment> fragments = ChooseWindows(m, max_chars, 1, single_distinct);
  if (single_distinct < present.size()) {
    std::vector<Fragment> several =
        ChooseWindows(m, std::max<std::size_t>(max_chars / kMaxFragments, 40), kMaxFragments, several_distinct);
    if (several_distinct > single_distinct) fragments = std::move(several);
  }
  if (fragments.empty()) fragments.push_back({0, 0});
  std::sort(fragments.begin(), fragments.end(), [](const Fragment& a, const Fragment& b) { return a.first < b.first; });
  return fragments;
}

// Shares what is left of the budget as context: a little before each
// fragment (back to a sentence start when one is near), the rest after.
void AddContext(const Passage& m, std::size_t max_chars, std::vector<Fragment>& fragments) {
  std::size_t used = 0;
  for (const Fragment& f : fragments) used += m.Span(f.first, f.last);
  const std::size_t share = (max_chars > used ? max_chars - used : 0) / fragments.size();
  for (std::size_t k = 0; k < fragments.size(); ++k) {
    Fragment& f = fragments[k];
    const std::size_t floor_token = k == 0 ? 0 : fragments[k - 1].last + 1;
    const std::size_t lead = share / 3;
    const std::size_t match_first = f.first;
    std::size_t first = f.first;
    while (first > floor_token && m.Distance(first - 1, match_first) <= lead) --first;
    for (std::size_t s = first; s <= f.first; ++s) {  // prefer a sentence start
      if (SentenceEndsBefore(m.text, m.tokens[s].begin)) {
        first = s;
        break;
      }
    }
    if (f.first > floor_token && SentenceEndsBefore(m.text, m.tokens[f.first].begin)) first = f.first;
    f.first = first;
    const std::size_t ceiling = k + 1 < fragments.size() ? fragments[k + 1].first : m.tokens.size();
    const std::size_t budget = m.Span(f.first, f.last) + share - m.Distance(f.first, match_first);
    while (f.last + 1 < ceiling && m.Span(f.first, f.last + 1) <= budget) ++f.last;
  }
}

// Fragments separated by a few words read better as one.
void JoinNearFragments(const Passage& m, std::vector<Fragment>& fragments) {
  constexpr std::size_t kJoinGap = 40;
  for (std::size_t k = 1; k < fragments.size();) {
    if (m.Gap(fragments[k - 1].last, fragments[k].first) <= kJoinGap) {
      fragments[k - 1].last = fragments[k].last;
      fragments.erase(fragments.begin() + static_cast<std::ptrdiff_t>(k));
    } else {
      ++k;
    }
  }
}

// Where a fragment's text starts: at its first word, or at the very start
// of the text when only a little (an opening quote) comes before it.
std::size_t FragmentBegin(const Passage& m, const Fragment& f) {
  constexpr std::size_t kLeadingBytes = 8;
  const std::size_t begin = m.tokens[f.first].begin;
  return f.first == 0 && begin <= kLeadingBytes ? 0 : begin;
}

// Where a fragment's text ends: after its last word and the closing
// punctuation right after it.
std::size_t FragmentEnd(const Passage& m, const Fragment& f) {
  const std::string_view text = m.text;
  const std::size_t word_end = m.tokens[f.last].end;
  const std::size_t limit = f.last + 1 < m.tokens.size() ? m.tokens[f.last + 1].begin : text.size();
  std::size_t end = word_end;
  while (end < text.size() && end < word_end + 3 && end < limit && !IsSpaceByte(text[end])) ++end;
  return std::max(AlignToCodePoint(text, end), word_end);
}

// The fragments as text, joined by "…", matches marked.
void Render(const Passage& m, const std::vector<Fragment>& fragments, Snippet& out) {
  std::vector<std::pair<std::size_t, std::size_t>> marks;
  for (std::size_t i = 0; i < m.tokens.size(); ++i) {
    if (m.at(i)) marks.emplace_back(m.tokens[i].begin, m.tokens[i].end);
  }
  std::size_t end = 0;
  for (std::size_t k = 0; k < fragments.size(); ++k) {
    const Fragment& f = fragments[k];
    const std::size_t begin = FragmentBegin(m, f);
    end = FragmentEnd(m, f);
    const bool joined = k > 0 && fragments[k - 1].last + 1 == f.first;
    if (begin > 0 && !joined) {
      if (!out.text.empty() && out.text.back() != ' ') out.text += ' ';
      out.text += kEllipsis;
    } else if (joined) {
      out.text += ' ';
    }
    AppendCollapsed(m.text, begin, end, marks, out);
    while (!out.text.empty() && out.text.back() == ' ') out.text.pop_back();
  }
  if (m.text.find_first_not_of(" \n\r\t", end) != std::string_view::npos) out.text += kEllipsis;
}

// Leading whitespace of the text is not content.
void TrimLeadingSpace(Snippet& out) {
  const std::size_t lead = out.text.find_first_not_of(' ');
  if (lead == 0 || lead == std::string::npos) return;
  out.text.erase(0, lead);
  for (auto& [b, e] : out.highlights) {
    b -= lead;
    e -= lead;
  }
}

// The hard bound: a snippet over `max_chars` code points is cut at the
// last space that leaves it at most that long with a closing "…" (at a
// grapheme boundary where no space is near, as in CJK text), and so is one
// whose text goes on when `more_follows`.
void FitTo(std::size_t max_chars, bool more_follows, Snippet& out) {
  if (CodePointCount(out.text) <= max_chars && !more_follows) return;
  std::size_t cut = out.text.size();
  if (CodePointCount(out.text) + (more_follows ? 1 : 0) > max_chars) {
    const std::string_view text = out.text;
    cut = GraphemePrefix(text, max_chars > 0 ? max_chars - 1 : 0);
    const std::size_t space = text.rfind(' ', cut);
    if (cut < text.size() && text[cut] != ' ' && space != std::string_view::npos && space > 0 &&
        CodePointCount(text.substr(space, cut - space)) < max_chars / 3) {
      cut = space;
    }
  }
  out.text.resize(cut);
  while (!out.text.empty() && out.text.back() == ' ') out.text.pop_back();
  if (std::string_view(out.text).ends_with(kEllipsis)) out.text.resize(out.text.size() - kEllipsis.size());
  while (!out.text.empty() && out.text.back() == ' ') out.text.pop_back();
  std::vector<std::pair<std::size_t, std::size_t>> kept;
  for (const auto& [b, e] : out.highlights) {
    if (e <= out.text.size()) kept.emplace_back(b, e);
  }
  out.highlights = std::move(kept);
  if (max_chars > 0) out.text += kEllipsis;
}

// A text without words: its start, collapsed and bounded.
Snippet StartOf(std::string_view text, std::size_t max_chars) {
  Snippet out;
  const std::size_t prefix = GraphemePrefix(text, 4 * max_chars + 4);
  AppendCollapsed(text, 0, prefix, {}, out);
  TrimLeadingSpace(out);
  while (!out.text.empty() && out.text.back() == ' ') out.text.pop_back();
  const bool more = text.find_first_not_of(" \n\r\t", prefix) != std::string_view::npos;
  FitTo(max_chars, more, out);
  return out;
}

}  // namespace

Snippet MakeSnippet(std::string_view text, const std::vector<Token>& tokens,
                    const std::vector<int>& match, std::size_t max_chars) {
  max_chars = std::max(max_chars, kMinSnippetChars);
  if (tokens.empty()) return StartOf(text, max_chars);
  Snippet out;
  const Passage m(text, tokens, match);
  const std::size_t budget = max_chars - kMarksChars;
  std::vector<Fragment> fragments = ChooseFragments(m, budget);
  AddContext(m, budget, fragments);
  JoinNearFragments(m, fragments);
  Render(m, fragments, out);
  TrimLeadingSpace(out);
  FitTo(max_chars, false, out);
  return out;
}

namespace {

using Regions = std::vector<std::pair<std::size_t, std::size_t>>;

// Moves `pos` away from the middle of a word (and of a UTF-8 sequence),
// towards `step`, by at most 64 bytes.
std::size_t ToSpace(std::string_view text, std::size_t pos, std::ptrdiff_t step) {
  const auto move = [&pos, step] { pos = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(pos) + step); };
  for (int n = 0; n < 64 && pos > 0 && pos < text.size() && !IsSpaceByte(text[pos]); ++n) move();
  while (pos > 0 && pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) move();
  return std::min(pos, text.size());
}

// Adds a region around each of the first `per_probe` places `probe` (ASCII
// lowercase) occurs, in either case. Candidates come from memchr on both
// cases of the probe's first letter, so the bulk of a long article is
// passed over at memory speed.
void AddProbeRegions(std::string_view text, const std::string& probe, std::size_t radius, std::size_t per_probe,
                     Regions& regions) {
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  const char first = probe[0];
  const char first_upper = first >= 'a' && first <= 'z' ? static_cast<char>(first - 'a' + 'A') : first;
  const auto next = [&text](char c, std::size_t from) { return std::min(text.find(c, from), text.size()); };
  std::size_t next_lower = next(first, 0);
  std::size_t next_upper = first_upper == first ? text.size() : next(first_upper, 0);
  std::size_t found = 0;
  for (std::size_t at = 0; found < per_probe && at + probe.size() <= text.size();) {
    if (next_lower < at) next_lower = next(first, at);
    if (next_upper < at) next_upper = next(first_upper, at);
    const std::size_t candidate = std::min(next_lower, next_upper);
    if (candidate + probe.size() > text.size()) break;
    std::size_t n = 1;
    while (n < probe.size() && lower(text[candidate + n]) == probe[n]) ++n;
    if (n != probe.size()) {
      at = candidate + 1;
      continue;
    }
    ++found;
    regions.emplace_back(ToSpace(text, candidate > radius ? candidate - radius : 0, -1),
                         ToSpace(text, std::min(text.size(), candidate + radius), 1));
    at = candidate + probe.size();
  }
}

}  // namespace

Regions SnippetRegions(std::string_view text, const std::vector<std::string>& probes, std::size_t radius,
                       std::size_t per_probe) {
  Regions regions{{0, ToSpace(text, std::min(radius, text.size()), 1)}};
  for (const std::string& probe : probes) {
    if (!probe.empty()) AddProbeRegions(text, probe, radius, per_probe, regions);
  }
  std::sort(regions.begin(), regions.end());
  Regions merged;
  for (const auto& r : regions) {
    if (!merged.empty() && r.first <= merged.back().second) {
      merged.back().second = std::max(merged.back().second, r.second);
    } else {
      merged.push_back(r);
    }
  }
  return merged;
}

}  // namespace kiji
