// FullScreenSearch's article views: the preview beside the list and the
// reader, both over the stored article with the query's matches marked.
#include <algorithm>
#include <cstdint>

#include "common/util/text_wrap.h"
#include "common/util/utf8.h"
#include "searcher/full_screen_search.h"

namespace kiji {

namespace {

// The preview wraps at most this much of the body: more than a pane shows.
constexpr std::size_t kPreviewBytes = std::size_t{16} * 1024;

ArticleView OpenMarked(IndexSearcher& searcher, Xapian::docid docid, const std::string& query) {
  ArticleView view = searcher.Open(docid, "");
  // Marking a huge article's matches would hold up every keystroke.
  if (view.article.body.size() <= kMarkedArticleBytes && !query.empty()) view = searcher.Open(docid, query);
  return view;
}

// The body's lines at `width` columns: paragraphs wrapped, an empty line
// for an empty paragraph; the first `most` lines or a few more.
std::vector<std::pair<std::size_t, std::size_t>> BodyLines(std::string_view body, int width,
                                                           std::size_t most = SIZE_MAX) {
  std::vector<std::pair<std::size_t, std::size_t>> lines;
  std::size_t start = 0;
  while (start <= body.size() && lines.size() < most) {
    std::size_t end = body.find('\n', start);
    if (end == std::string::npos) end = body.size();
    const auto wrapped = WrapLines(body.substr(start, end - start), static_cast<std::size_t>(width),
                                   static_cast<std::size_t>(width));
    if (wrapped.empty()) lines.emplace_back(start, start);
    for (const auto& [b, e] : wrapped) lines.emplace_back(start + b, start + e);
    start = end + 1;
  }
  return lines;
}

// Draws body bytes [begin, end) at `row`, marking the highlighted ranges.
void DrawMarked(ScreenCanvas& canvas, int row, int left, int width, const ArticleView& view, std::size_t begin,
                std::size_t end) {
  int column = left;
  std::size_t at = begin;
  const auto& marks = view.highlights;
  auto mark = std::lower_bound(marks.begin(), marks.end(), std::make_pair(begin, std::size_t{0}),
                               [](const auto& a, const auto& b) { return a.second <= b.first; });
  while (at < end && column < left + width) {
    const bool inside = mark != marks.end() && mark->first <= at;
    const std::size_t stop = inside ? std::min(mark->second, end) : mark != marks.end() ? std::min(mark->first, end) : end;
    const std::string_view piece = std::string_view(view.article.body).substr(at, stop - at);
    column += canvas.Put(row, column, piece, inside ? kMatch : kPlain, left + width - column);
    at = stop;
    if (inside && at >= mark->second) ++mark;
  }
}

std::string Meta(const Article& a) {
  std::string meta = a.source;
  for (const std::string* part : {&a.date, &a.dateline, &a.id}) {
    if (!part->empty()) meta += (meta.empty() ? "" : " · ") + *part;
  }
  return meta;
}

// "tags: a b", or "" for an article without tags.
std::string Tags(const Article& a) {
  if (a.tags.empty()) return "";
  std::string tags = "tags:";
  for (const std::string& t : a.tags) tags += " " + t;
  return tags;
}

}  // namespace

const ArticleView* FullScreenSearch::Preview() {
  const std::vector<Listed>& items = view_ == View::kStory ? story_ : items_;
  const std::size_t selected = view_ == View::kStory ? story_selected_ : selected_;
  if (items.empty()) return nullptr;
  if (!preview_ || preview_docid_ != items[selected].docid) {
    preview_docid_ = items[selected].docid;
    preview_ = OpenMarked(searcher_, preview_docid_, like_ ? "" : searched_);
  }
  return &*preview_;
}

void FullScreenSearch::DrawPreview(ScreenCanvas& canvas, int top, int left, int height, int width) {
  const ArticleView* view = Preview();
  if (view == nullptr || height < 1 || width < 10) return;
  const Article& a = view->article;
  int row = top;
  for (const auto& [b, e] : WrapLines(a.title.empty() ? a.id : a.title, static_cast<std::size_t>(width),
                                      static_cast<std::size_t>(width))) {
    if (row >= top + height - 1) break;
    canvas.Put(row++, left, std::string_view(a.title.empty() ? a.id : a.title).substr(b, e - b), kBold, width);
  }
  canvas.PutFitted(row++, left, Meta(a), kDim, width);
  if (!a.tags.empty() && row < top + height) canvas.PutFitted(row++, left, Tags(a), kDim, width);
  ++row;
  // Start at the paragraph of the first match when the lead would not
  // show it; wrap no more than the pane shows (an article may be huge).
  const std::size_t room = static_cast<std::size_t>(std::max(top + height - row, 0));
  std::size_t from = 0;
  if (!view->highlights.empty()) {
    const std::size_t match = view->highlights.front().first;
    const auto lead = BodyLines(TruncateUtf8(a.body, kPreviewBytes), width, room);
    if (lead.empty() || lead.back().second <= match) {
      from = a.body.rfind('\n', match);
      from = from == std::string::npos ? 0 : from + 1;
    }
  }
  const auto lines = BodyLines(TruncateUtf8(std::string_view(a.body).substr(from), kPreviewBytes), width, room);
  std::size_t first = 0;
  for (std::size_t i = first; i < lines.size() && row < top + height; ++i, ++row) {
    DrawMarked(canvas, row, left, width, *view, from + lines[i].first, from + lines[i].second);
  }
}

void FullScreenSearch::OpenReader() {
  const std::vector<Listed>& items = view_ == View::kStory ? story_ : items_;
  const std::size_t selected = view_ == View::kStory ? story_selected_ : selected_;
  if (items.empty()) return;
  Remember();
  reader_ = Reader{OpenMarked(searcher_, items[selected].docid, like_ ? "" : searched_), {}, 0, std::nullopt};
  reader_width_ = 0;
  back_to_story_ = view_ == View::kStory;
  view_ = View::kReader;
}

FullScreenSearch::Action FullScreenSearch::ReaderKey(const TerminalKey& key) {
  using N = TerminalKey::Name;
  Reader& r = *reader_;
  const std::size_t page = static_cast<std::size_t>(std::max(reader_height_ - 1, 1));
  const std::size_t last = r.lines.size() > static_cast<std::size_t>(reader_height_) ? r.lines.size() - static_cast<std::size_t>(reader_height_) : 0;
  const bool text = key.name == N::kText;
  // After scrolling, n and N search from the screen, as less does.
  if (!(text && (key.text == "n" || key.text == "N"))) r.match.reset();
  if (key.name == N::kEscape || (text && key.text == "q") || key.IsControl('c') || key.IsControl('g')) {
    view_ = back_to_story_ ? View::kStory : View::kList;
  } else if (key.name == N::kDown || (text && key.text == "j") || key.IsControl('n') || key.name == N::kEnter) {
    r.top = std::min(r.top + 1, last);
  } else if (key.name == N::kUp || (text && key.text == "k") || key.IsControl('p')) {
    r.top = r.top > 0 ? r.top - 1 : 0;
  } else if (key.name == N::kPageDown || (text && key.text == " ") || key.IsControl('v') || key.IsControl('f')) {
    r.top = std::min(r.top + page, last);
  } else if (key.name == N::kPageUp || (text && key.text == "b") || key.IsAlt('v')) {
    r.top = r.top > page ? r.top - page : 0;
  } else if (key.name == N::kHome || (text && key.text == "g")) {
    r.top = 0;
  } else if (key.name == N::kEnd || (text && key.text == "G")) {
    r.top = last;
  } else if (text && (key.text == "n" || key.text == "N")) {
    JumpToMatch(key.text == "n");
  } else if (key.name == N::kF1 || (text && key.text == "?")) {
    view_ = View::kHelp;
    help_return_ = View::kReader;
  }
  return Action::kContinue;
}

// n and N: the match after (before) the one jumped to last, or the first
// at or below the reader's top line when none was yet.
void FullScreenSearch::JumpToMatch(bool forward) {
  Reader& r = *reader_;
  const auto& marks = r.article.highlights;
  if (marks.empty()) {
    note_ = "no matches marked in this article";
    return;
  }
  std::size_t next = 0;
  if (r.match) {
    if (forward ? *r.match + 1 >= marks.size() : *r.match == 0) {
      note_ = forward ? "no more matches below (N goes back)" : "no more matches above (n goes on)";
      return;
    }
    next = forward ? *r.match + 1 : *r.match - 1;
  } else {
    // From the screen: the first match on or below its top line, or the
    // last above it.
    const std::size_t top = r.top < r.lines.size() ? r.lines[r.top].first : 0;
    const auto below = std::lower_bound(marks.begin(), marks.end(), std::make_pair(top, std::size_t{0}));
    if (forward ? below == marks.end() : below == marks.begin()) {
      note_ = forward ? "no more matches below" : "no more matches above";
      return;
    }
    next = static_cast<std::size_t>((forward ? below : below - 1) - marks.begin());
  }
  r.match = next;
  std::size_t line = 0;
  while (line + 1 < r.lines.size() && r.lines[line].second <= marks[next].first) ++line;
  // The match's line a little below the top, with what leads to it.
  r.top = line > 2 ? line - 2 : 0;
}

void FullScreenSearch::DrawReader(ScreenCanvas& canvas) {
  Reader& r = *reader_;
  const int width = std::max(canvas.columns() - 2, 10);
  if (reader_width_ != width) {
    // Keep the same text at the top after a resize.
    const std::size_t at = r.top < r.lines.size() ? r.lines[r.top].first : 0;
    r.lines = BodyLines(r.article.article.body, width);
    reader_width_ = width;
    r.top = 0;
    while (r.top + 1 < r.lines.size() && r.lines[r.top + 1].first <= at && at > 0) ++r.top;
  }
  const Article& a = r.article.article;
  canvas.PutFitted(0, 0, a.title.empty() ? a.id : a.title, kBold);
  canvas.PutFitted(1, 0, a.tags.empty() ? Meta(a) : Meta(a) + " · " + Tags(a), kDim);
  reader_height_ = canvas.rows() - 4;
  for (int row = 0; row < reader_height_ && r.top + static_cast<std::size_t>(row) < r.lines.size(); ++row) {
    const auto& [b, e] = r.lines[r.top + static_cast<std::size_t>(row)];
    DrawMarked(canvas, row + 3, 1, width, r.article, b, e);
  }
}

}  // namespace kiji
