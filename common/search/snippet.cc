#include "common/search/snippet.h"

#include <algorithm>
#include <set>

#include "common/util/utf8.h"

namespace kiji {

namespace {

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // …
constexpr std::size_t kMaxFragments = 3;

bool IsSpaceByte(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

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
  std::size_t mark = 0;
  std::size_t open_at = std::string::npos;
  for (std::size_t i = begin; i < end; ++i) {
    while (mark < marks.size() && marks[mark].second <= i) ++mark;
    if (mark < marks.size() && marks[mark].first == i) open_at = out.text.size();
    const char c = text[i];
    const TerminalControl control = TerminalControlAt(text.substr(0, end), i);
    if (IsSpaceByte(c) || control.kind == TerminalControl::Kind::kSeparator) {
      if (!out.text.empty() && out.text.back() != ' ') out.text += ' ';
      i += control.bytes > 0 ? control.bytes - 1 : 0;
    } else if (control.kind != TerminalControl::Kind::kNone) {
      i += control.bytes - 1;  // a control or bidi formatting character: dropped
    } else {
      out.text += c;
    }
    if (open_at != std::string::npos && mark < marks.size() && marks[mark].second == i + 1) {
      out.highlights.emplace_back(open_at, out.text.size());
      open_at = std::string::npos;
    }
  }
}

std::size_t Span(const std::vector<Token>& tokens, std::size_t first, std::size_t last) {
  return tokens[last].end - tokens[first].begin;
}

// The passage picker's view of a text: its tokens and which matched.
struct Matches {
  const std::vector<Token>& tokens;
  const std::vector<int>& match;  // per token: 0, or the matched word's number
  bool at(std::size_t i) const { return match[i] != 0; }
};

// Up to `max_fragments` windows of at most `window` bytes, each adding the
// most matched words the others lack (then the most matches); `distinct`
// is how many different matched words they show.
std::vector<Fragment> ChooseWindows(const Matches& m, std::size_t window, std::size_t max_fragments,
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
      for (std::size_t j = i; j < tokens.size() && Span(tokens, i, j) <= window; ++j) {
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
std::vector<Fragment> ChooseFragments(const Matches& m, std::size_t max_bytes) {
  std::set<int> present;
  for (std::size_t i = 0; i < m.tokens.size(); ++i) {
    if (m.at(i)) present.insert(m.match[i]);
  }
  std::size_t single_distinct = 0, several_distinct = 0;
  std::vector<Fragment> fragments = ChooseWindows(m, max_bytes, 1, single_distinct);
  if (single_distinct < present.size()) {
    std::vector<Fragment> several =
        ChooseWindows(m, std::max<std::size_t>(max_bytes / kMaxFragments, 60), kMaxFragments, several_distinct);
    if (several_distinct > single_distinct) fragments = std::move(several);
  }
  if (fragments.empty()) fragments.push_back({0, 0});
  std::sort(fragments.begin(), fragments.end(), [](const Fragment& a, const Fragment& b) { return a.first < b.first; });
  return fragments;
}

// Shares what is left of the budget as context: a little before each
// fragment (back to a sentence start when one is near), the rest after.
void AddContext(std::string_view text, const std::vector<Token>& tokens, std::size_t max_bytes,
                std::vector<Fragment>& fragments) {
  std::size_t used = 0;
  for (const Fragment& f : fragments) used += Span(tokens, f.first, f.last);
  const std::size_t share = (max_bytes > used ? max_bytes - used : 0) / fragments.size();
  for (std::size_t k = 0; k < fragments.size(); ++k) {
    Fragment& f = fragments[k];
    const std::size_t floor_token = k == 0 ? 0 : fragments[k - 1].last + 1;
    const std::size_t lead = share / 3;
    const std::size_t match_begin = tokens[f.first].begin;
    std::size_t first = f.first;
    while (first > floor_token && match_begin - tokens[first - 1].begin <= lead) --first;
    for (std::size_t s = first; s <= f.first; ++s) {  // prefer a sentence start
      if (SentenceEndsBefore(text, tokens[s].begin)) {
        first = s;
        break;
      }
    }
    if (f.first > floor_token && SentenceEndsBefore(text, tokens[f.first].begin)) first = f.first;
    f.first = first;
    const std::size_t ceiling = k + 1 < fragments.size() ? fragments[k + 1].first : tokens.size();
    const std::size_t budget = Span(tokens, f.first, f.last) + share - (match_begin - tokens[f.first].begin);
    while (f.last + 1 < ceiling && Span(tokens, f.first, f.last + 1) <= budget) ++f.last;
  }
}

// Fragments separated by a few words read better as one.
void JoinNearFragments(const std::vector<Token>& tokens, std::vector<Fragment>& fragments) {
  constexpr std::size_t kJoinGap = 40;
  for (std::size_t k = 1; k < fragments.size();) {
    if (tokens[fragments[k].first].begin - tokens[fragments[k - 1].last].end <= kJoinGap) {
      fragments[k - 1].last = fragments[k].last;
      fragments.erase(fragments.begin() + static_cast<std::ptrdiff_t>(k));
    } else {
      ++k;
    }
  }
}

// The fragments as text, joined by "…", matches marked.
void Render(std::string_view text, const Matches& m, const std::vector<Fragment>& fragments, Snippet& out) {
  const std::vector<Token>& tokens = m.tokens;
  std::vector<std::pair<std::size_t, std::size_t>> marks;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (m.at(i)) marks.emplace_back(tokens[i].begin, tokens[i].end);
  }
  for (std::size_t k = 0; k < fragments.size(); ++k) {
    const Fragment& f = fragments[k];
    const std::size_t begin = f.first == 0 ? 0 : tokens[f.first].begin;
    std::size_t end = f.last + 1 == tokens.size() ? text.size() : tokens[f.last].end;
    // Keep closing punctuation right after the last word.
    while (end < text.size() && end < tokens[f.last].end + 3 && !IsSpaceByte(text[end]) &&
           (f.last + 1 == tokens.size() || end < tokens[f.last + 1].begin)) {
      ++end;
    }
    end = std::max(AlignToCodePoint(text, end), tokens[f.last].end);
    const bool joined = k > 0 && fragments[k - 1].last + 1 == f.first;
    if (begin > 0 && !joined) {
      if (!out.text.empty() && out.text.back() != ' ') out.text += ' ';
      out.text += kEllipsis;
    } else if (joined) {
      out.text += ' ';
    }
    AppendCollapsed(text, begin, end, marks, out);
    while (!out.text.empty() && out.text.back() == ' ') out.text.pop_back();
  }
  if (tokens[fragments.back().last].end < text.size() && fragments.back().last + 1 < tokens.size()) {
    out.text += kEllipsis;
  }
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

}  // namespace

Snippet MakeSnippet(std::string_view text, const std::vector<Token>& tokens,
                    const std::vector<int>& match, std::size_t max_bytes) {
  Snippet out;
  if (tokens.empty()) {
    out.text = StripControlCharacters(TruncateUtf8(text, max_bytes), false);
    return out;
  }
  const Matches m{tokens, match};
  std::vector<Fragment> fragments = ChooseFragments(m, max_bytes);
  AddContext(text, tokens, max_bytes, fragments);
  JoinNearFragments(tokens, fragments);
  Render(text, m, fragments, out);
  TrimLeadingSpace(out);
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
