#include "searcher/query_line.h"

#include <algorithm>

#include "common/util/utf8.h"

namespace kiji {

namespace {

// A byte of a word for Alt-B/F and Ctrl-W: letters and digits, and any
// byte of a non-ASCII character (CJK text has no spaces to stop at).
bool IsWordByte(unsigned char c) {
  return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

std::size_t NextBoundary(const std::string& text, std::size_t at) {
  std::size_t i = at;
  do {
    ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
  } while (i < text.size() && !IsGraphemeBoundary(text, i));
  return std::min(i, text.size());
}

std::size_t PreviousBoundary(const std::string& text, std::size_t at) {
  std::size_t i = at;
  do {
    --i;
    i = AlignToCodePoint(text, i);
  } while (i > 0 && !IsGraphemeBoundary(text, i));
  return i;
}

}  // namespace

void QueryLine::Insert(const std::string& text) {
  const std::string clean = StripControlCharacters(text, false);
  text_.insert(cursor_, clean);
  cursor_ += clean.size();
  shown_ = history_.size();
  searching_ = false;
}

void QueryLine::Set(const std::string& text) {
  text_ = StripControlCharacters(text, false);
  cursor_ = text_.size();
}

void QueryLine::Left() {
  if (cursor_ > 0) cursor_ = PreviousBoundary(text_, cursor_);
}

void QueryLine::Right() {
  if (cursor_ < text_.size()) cursor_ = NextBoundary(text_, cursor_);
}

void QueryLine::WordLeft() {
  while (cursor_ > 0 && !IsWordByte(static_cast<unsigned char>(text_[cursor_ - 1]))) Left();
  while (cursor_ > 0 && IsWordByte(static_cast<unsigned char>(text_[cursor_ - 1]))) Left();
}

void QueryLine::WordRight() {
  while (cursor_ < text_.size() && !IsWordByte(static_cast<unsigned char>(text_[cursor_]))) Right();
  while (cursor_ < text_.size() && IsWordByte(static_cast<unsigned char>(text_[cursor_]))) Right();
}

void QueryLine::Erase(std::size_t from, std::size_t to) {
  text_.erase(from, to - from);
  cursor_ = from;
  shown_ = history_.size();
  searching_ = false;
}

bool QueryLine::Edit(const TerminalKey& key) {
  using N = TerminalKey::Name;
  const std::size_t at = cursor_;
  if (key.name == N::kText) {
    Insert(key.text);
  } else if (key.name == N::kBackspace || key.IsControl('h')) {
    if (at > 0) Erase(PreviousBoundary(text_, at), at);
  } else if (key.name == N::kDelete || (key.IsControl('d') && !text_.empty())) {
    if (at < text_.size()) Erase(at, NextBoundary(text_, at));
  } else if (key.IsControl('w')) {
    // Like readline's unix-word-rubout: back to the previous space.
    std::size_t from = at;
    while (from > 0 && text_[from - 1] == ' ') --from;
    while (from > 0 && text_[from - 1] != ' ') --from;
    Erase(from, at);
  } else if (key.IsAlt('d')) {
    WordRight();
    const std::size_t to = cursor_;
    Erase(at, to);
  } else if (key.IsControl('u')) {
    Erase(0, at);
  } else if (key.IsControl('k')) {
    Erase(at, text_.size());
  } else {
    return false;
  }
  return true;
}

bool QueryLine::Move(const TerminalKey& key) {
  using N = TerminalKey::Name;
  if (key.name == N::kLeft || key.IsControl('b')) {
    Left();
  } else if (key.name == N::kRight || key.IsControl('f')) {
    Right();
  } else if (key.IsControl('a')) {
    cursor_ = 0;
  } else if (key.IsControl('e')) {
    cursor_ = text_.size();
  } else if (key.IsAlt('b')) {
    WordLeft();
  } else if (key.IsAlt('f')) {
    WordRight();
  } else {
    return false;
  }
  return true;
}

bool QueryLine::Apply(const TerminalKey& key) {
  using N = TerminalKey::Name;
  const bool browsing = text_.empty() || shown_ < history_.size();
  if (key.name == N::kUp && browsing && shown_ > 0) {
    Recall(shown_ - 1);
    return true;
  }
  if (key.name == N::kDown && browsing && shown_ < history_.size()) {
    Recall(shown_ + 1);
    return true;
  }
  if (key.IsControl('r')) {
    SearchHistoryBack();
    return true;
  }
  if (Edit(key)) return true;
  if (Move(key)) {
    searching_ = false;
    return true;
  }
  return false;
}

void QueryLine::SetHistory(std::vector<std::string> history) {
  history_ = std::move(history);
  shown_ = history_.size();
}

void QueryLine::Remember(const std::string& query) {
  const std::string_view trimmed = TrimSpace(query);
  if (trimmed.empty()) return;
  if (history_.empty() || history_.back() != trimmed) history_.emplace_back(trimmed);
  shown_ = history_.size();
}

void QueryLine::Recall(std::size_t index) {
  if (shown_ == history_.size()) draft_ = text_;
  shown_ = index;
  Set(index < history_.size() ? history_[index] : draft_);
}

void QueryLine::CancelHistorySearch() {
  if (!searching_) return;
  searching_ = false;
  shown_ = history_.size();
  Set(draft_);
}

bool QueryLine::SearchHistoryBack() {
  if (!searching_) {
    searching_ = true;
    pattern_ = text_;
    draft_ = text_;
  }
  for (std::size_t i = std::min(shown_, history_.size()); i-- > 0;) {
    if (history_[i].find(pattern_) != std::string::npos && history_[i] != text_) {
      shown_ = i;
      Set(history_[i]);
      return true;
    }
  }
  return false;
}

}  // namespace kiji
