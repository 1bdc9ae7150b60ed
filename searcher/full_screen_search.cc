#include "searcher/full_screen_search.h"

#include <algorithm>
#include <array>
#include <stdexcept>

#include "common/search/query_parser.h"
#include "common/util/utf8.h"

namespace kiji {

namespace {


// A field value as the query language reads it back: quoted when it
// holds more than one word.
std::string FilterTerm(const std::string& field, const std::string& value) {
  const bool plain = value.find_first_of(" \t\"()") == std::string::npos;
  return field + ":" + (plain ? value : "\"" + value + "\"");
}

// Keys that edit the query line (and so do not act on the results).
bool IsLineKey(const TerminalKey& key) {
  using N = TerminalKey::Name;
  switch (key.name) {
    case N::kText: case N::kBackspace: case N::kDelete: case N::kLeft: case N::kRight:
      return true;
    case N::kControl:
      return std::string_view("abefhkruw").find(key.letter) != std::string_view::npos;
    case N::kAlt:
      return key.letter == 'b' || key.letter == 'f' || key.letter == 'd';
    default:
      return false;
  }
}

}  // namespace

FullScreenSearch::FullScreenSearch(IndexSearcher& searcher, const SearchOptions& options)
    : searcher_(searcher), options_(options) {
  options_.snippets = false;  // the preview reads the selected article instead
  options_.facets = false;
  options_.explain = false;
  options_.details = true;
  options_.fallback_to_plain = false;
}

SearchOptions FullScreenSearch::Options(Xapian::doccount offset) const {
  SearchOptions options = options_;
  options.offset = offset;
  options.limit = kFullScreenPage;
  return options;
}

void FullScreenSearch::Search() {
  stale_ = false;
  // Whole commits, and an index rebuilt and swapped in, as other modes do.
  if (searcher_.Reopen()) {
    preview_.reset();
    like_.reset();
  }
  searched_ = line_.text();
  error_.clear();
  SearchResult result;
  try {
    if (like_) {
      result = searcher_.MoreLike(*like_, Options(0));
    } else if (TrimSpace(searched_).empty()) {
      result = SearchResult{};
    } else {
      result = searcher_.Search("1", searched_, Options(0));
    }
  } catch (const QuerySyntaxError& e) {
    // A half-typed query: say what is wrong where, and keep the results.
    error_ = e.what();
    error_column_ = DisplayWidth(TruncateUtf8(searched_, std::min(e.position(), searched_.size())));
    return;
  } catch (const std::exception& e) {
    error_ = StripControlCharacters(e.what(), false);
    error_column_ = DisplayWidth(searched_);
    return;
  }
  // The results shown are now this query's (a syntax error kept the last).
  have_results_ = !TrimSpace(searched_).empty() || like_.has_value();
  prefix_note_.clear();
  Show(result);
  shown_query_ = searched_;
  note_ = result.warning;
  if (!like_) SearchPrefix();
  if (restore_selection_) {
    Select(static_cast<std::ptrdiff_t>(*restore_selection_));
    restore_selection_.reset();
  }
}

// The last word of the query while it is being typed: letters or digits
// (three or more), not in a phrase, no space after it; "" otherwise.
std::string FullScreenSearch::HalfTypedWord() const {
  const std::string& q = searched_;
  const std::size_t cut = q.find_last_of(" (\"");
  const std::size_t start = cut == std::string::npos ? 0 : cut + 1;
  std::string word = q.substr(start);
  const bool letters = std::all_of(word.begin(), word.end(), [](char c) {
    return static_cast<unsigned char>(c) >= 0x80 || std::isalnum(static_cast<unsigned char>(c)) != 0;
  });
  if (word.size() < 3 || !letters || (start > 0 && q[start - 1] == '"')) return "";
  return word;
}

// The last word may be half typed ("cocoa pric"): when it matches no
// article as a whole word, the results are those for words starting with
// it, so that results follow typing.
void FullScreenSearch::SearchPrefix() {
  const std::string word = HalfTypedWord();
  if (word.empty()) return;
  try {
    if (!items_.empty()) {
      SearchOptions count = Options(0);
      count.limit = 0;
      count.exact_up_to = 0;
      count.suggest = false;
      if (searcher_.Search("1", word, count).total > 0) return;
    }
    const SearchResult result = searcher_.Search("1", searched_ + "*", Options(0));
    if (result.hits.empty()) return;
    const double exact = seconds_;
    Show(result);
    shown_query_ = searched_ + "*";
    seconds_ += exact;
    prefix_note_ = "words starting with '" + word + "'";
  } catch (const std::exception&) {
    // A prefix matching too many words: the results as typed stand.
  }
}

void FullScreenSearch::Show(const SearchResult& result) {
  items_.clear();
  for (const Hit& hit : result.hits) {
    items_.push_back({hit.docid, hit.id, hit.title, hit.date, hit.source, hit.similar_total});
  }
  total_ = result.total;
  total_exact_ = result.total_exact;
  seconds_ = result.seconds;
  more_ = items_.size() < total_ && result.hits.size() == kFullScreenPage;
  selected_ = 0;
  list_top_ = 0;
}

void FullScreenSearch::LoadMore(Xapian::doccount wanted) {
  while (more_ && items_.size() < std::min(wanted, kFullScreenMostLoaded)) {
    const auto offset = static_cast<Xapian::doccount>(items_.size());
    SearchResult result;
    try {
      result = like_ ? searcher_.MoreLike(*like_, Options(offset)) : searcher_.Search("1", shown_query_, Options(offset));
    } catch (const std::exception&) {
      more_ = false;
      return;
    }
    for (const Hit& hit : result.hits) {
      items_.push_back({hit.docid, hit.id, hit.title, hit.date, hit.source, hit.similar_total});
    }
    more_ = result.hits.size() == kFullScreenPage && items_.size() < result.total;
  }
}

void FullScreenSearch::Update() {
  if (stale_ && view_ == View::kList) Search();
}

void FullScreenSearch::Select(std::ptrdiff_t index) {
  std::vector<Listed>& items = view_ == View::kStory ? story_ : items_;
  std::size_t& selected = view_ == View::kStory ? story_selected_ : selected_;
  if (index >= static_cast<std::ptrdiff_t>(items.size()) && view_ == View::kList) {
    LoadMore(static_cast<Xapian::doccount>(index) + 1);
  }
  if (items.empty()) return;
  selected = static_cast<std::size_t>(std::clamp<std::ptrdiff_t>(index, 0, static_cast<std::ptrdiff_t>(items.size()) - 1));
}

FullScreenSearch::Action FullScreenSearch::HandleKey(const TerminalKey& key) {
  using N = TerminalKey::Name;
  if (key.name == N::kNone) return Action::kContinue;
  if (key.name == N::kResize || key.IsControl('l')) return Action::kRepaint;
  if (key.IsControl('z')) return Action::kSuspend;
  note_.clear();
  switch (view_) {
    case View::kReader:
      return ReaderKey(key);
    case View::kHelp:
      HelpKey(key);
      return Action::kContinue;
    case View::kPicker:
      PickerKey(key);
      return Action::kContinue;
    case View::kList:
    case View::kStory:
      return ListKey(key);
  }
  return Action::kContinue;
}

FullScreenSearch::Action FullScreenSearch::ListKey(const TerminalKey& key) {
  using N = TerminalKey::Name;
  if (key.name == N::kF1 || (key.name == N::kText && key.text == "?" && line_.text().empty())) {
    help_return_ = view_;
    view_ = View::kHelp;
    return Action::kContinue;
  }
  if (key.name == N::kEscape || key.IsControl('c') || key.IsControl('g')) {
    // Esc and Ctrl-G back out of a story, similar articles or a history
    // search; Esc and Ctrl-C on the results leave.
    if (view_ == View::kStory) {
      view_ = View::kList;
    } else if (like_ && !key.IsControl('c')) {
      like_.reset();
      restore_selection_ = selected_before_like_;
      stale_ = true;
    } else if (line_.searching_history() && key.IsControl('g')) {
      line_.CancelHistorySearch();  // back to what was typed, as readline does
      stale_ = true;
    } else if (line_.searching_history() || key.IsControl('g')) {
      line_.StopSearchingHistory();
    } else {
      return Action::kLeave;
    }
    return Action::kContinue;
  }
  if (key.IsControl('d') && line_.text().empty()) return Action::kLeave;
  // A key that acts on the results acts on those of the query as typed,
  // however fast it followed the typing.
  if (!IsLineKey(key)) Update();
  if (key.name == N::kEnter) {
    OpenReader();
    return Action::kContinue;
  }
  if (SelectionKey(key) || OptionKey(key)) return Action::kContinue;
  if (key.name == N::kTab) {
    Complete();
    return Action::kContinue;
  }
  const std::string before = line_.text();
  if (line_.Apply(key)) {
    if (key.IsControl('r') && line_.text() == before) note_ = "no earlier query contains '" + line_.history_pattern() + "'";
    completions_.clear();
    if (line_.text() != before) {
      stale_ = true;
      like_.reset();
      view_ = View::kList;
    }
  }
  return Action::kContinue;
}

bool FullScreenSearch::SelectionKey(const TerminalKey& key) {
  using N = TerminalKey::Name;
  const auto at = static_cast<std::ptrdiff_t>(view_ == View::kStory ? story_selected_ : selected_);
  const std::ptrdiff_t page = std::max(list_height_ - 1, 1);
  if (key.name == N::kDown || key.IsControl('n')) {
    Select(at + 1);
  } else if ((key.name == N::kUp && (at > 0 || !line_.CanRecallOlder())) || key.IsControl('p')) {
    Select(at - 1);
  } else if (key.name == N::kPageDown) {
    Select(at + page);
  } else if (key.name == N::kPageUp) {
    Select(at - page);
  } else if (key.name == N::kHome) {
    Select(0);
  } else if (key.name == N::kEnd) {
    Select(static_cast<std::ptrdiff_t>(kFullScreenMostLoaded));
    if (more_ && view_ == View::kList) {
      note_ = "the first " + std::to_string(kFullScreenMostLoaded) + " results are listed; narrow the query for the rest";
    }
  } else {
    return false;
  }
  return true;
}

// Sort, recency, filters, similar articles and stories.
bool FullScreenSearch::OptionKey(const TerminalKey& key) {
  if (view_ == View::kStory) return false;  // a story is always oldest first
  if (key.IsControl('s')) {
    options_.sort = options_.sort == SortOrder::kRelevance      ? SortOrder::kDateDescending
                    : options_.sort == SortOrder::kDateDescending ? SortOrder::kDateAscending
                                                                  : SortOrder::kRelevance;
  } else if (key.IsControl('t')) {
    constexpr std::array<double, 4> kHalfLives = {0, 7, 30, 365};
    const auto* now = std::find(kHalfLives.begin(), kHalfLives.end(), options_.recency_half_life);
    options_.recency_half_life = now == kHalfLives.end() || now + 1 == kHalfLives.end() ? 0 : *(now + 1);
  } else if (key.IsControl('f')) {
    OpenPicker();
    return true;
  } else if (key.IsAlt('l')) {
    if (items_.empty() || view_ != View::kList) return true;
    Remember();
    if (!like_) selected_before_like_ = selected_;
    like_ = items_[selected_].docid;
    like_title_ = items_[selected_].title.empty() ? items_[selected_].id : items_[selected_].title;
  } else if (key.IsAlt('s')) {
    ShowStory();
    return true;
  } else {
    return false;
  }
  stale_ = true;
  return true;
}

// Down, Up, PgDn, PgUp, Home and End scroll the help; any other key leaves it.
void FullScreenSearch::HelpKey(const TerminalKey& key) {
  using N = TerminalKey::Name;
  if (key.name == N::kDown || key.IsControl('n')) {
    ++help_top_;
  } else if (key.name == N::kUp || key.IsControl('p')) {
    --help_top_;
  } else if (key.name == N::kPageDown || (key.name == N::kText && key.text == " ")) {
    help_top_ += 10;
  } else if (key.name == N::kPageUp) {
    help_top_ -= 10;
  } else if (key.name == N::kHome) {
    help_top_ = 0;
  } else if (key.name == N::kEnd) {
    help_top_ = 1000;
  } else {
    view_ = help_return_;
    help_top_ = 0;
  }
  help_top_ = std::max(help_top_, 0);  // the far end is clamped when drawn
}

void FullScreenSearch::Complete() {
  const std::string& text = line_.text();
  if (completions_.empty()) {
    completion_at_ = text.find_last_of(" (") == std::string::npos ? 0 : text.find_last_of(" (") + 1;
    const std::string word = AsciiLowercase(text.substr(completion_at_));
    if (word.empty() || word.find(':') != std::string::npos) return;
    for (const std::string& field : QueryFieldNames()) {
      if (field.starts_with(word)) completions_.push_back(field);
    }
    completion_ = 0;
    if (completions_.empty()) {
      note_ = "no field starts with '" + word + "'";
      return;
    }
  } else {
    completion_ = (completion_ + 1) % completions_.size();
  }
  line_.Set(text.substr(0, completion_at_) + completions_[completion_]);
  if (completions_.size() > 1) {
    std::string all;
    for (const std::string& c : completions_) all += (all.empty() ? "" : " ") + c;
    note_ = "Tab: " + all;
  }
  // Not searched yet: a field name without its value does not parse.
}

void FullScreenSearch::Remember() {
  if (!TrimSpace(line_.text()).empty() && error_.empty()) to_remember_.push_back(line_.text());
}

std::vector<std::string> FullScreenSearch::TakeQueriesToRemember() {
  std::vector<std::string> taken;
  taken.swap(to_remember_);
  return taken;
}

void FullScreenSearch::ShowStory() {
  if (items_.empty() || view_ != View::kList) return;
  const Listed& hit = items_[selected_];
  const std::optional<StoryView> story = searcher_.Story(hit.id);
  if (!story) return;
  story_.clear();
  for (const StoryArticle& a : story->articles) story_.push_back({a.docid, a.id, a.title, a.date, a.source, 0});
  story_of_ = hit.title.empty() ? hit.id : hit.title;
  story_total_ = story->total;
  story_selected_ = 0;
  story_top_ = 0;
  view_ = View::kStory;
}

void FullScreenSearch::OpenPicker() {
  if (like_ || TrimSpace(searched_).empty()) {
    note_ = "filters narrow a typed query's results: type one first";
    return;
  }
  if (!error_.empty()) {
    note_ = "the query does not parse yet: finish it, then pick a filter";
    return;
  }
  SearchOptions options = Options(0);
  options.facets = true;
  options.limit = 0;
  SearchResult result;
  try {
    result = searcher_.Search("1", shown_query_, options);
  } catch (const std::exception&) {
    return;
  }
  choices_.clear();
  for (const Facet& facet : result.facets) {
    for (const FacetCount& count : facet.counts) {
      choices_.push_back({facet.name == "year" ? "date" : facet.name, count.value, count.count});
    }
  }
  if (choices_.empty()) {
    note_ = "no source, year or tag to filter on";
    return;
  }
  choice_ = 0;
  view_ = View::kPicker;
}

void FullScreenSearch::PickerKey(const TerminalKey& key) {
  using N = TerminalKey::Name;
  if (key.name == N::kDown || key.IsControl('n')) {
    choice_ = std::min(choice_ + 1, choices_.size() - 1);
  } else if (key.name == N::kUp || key.IsControl('p')) {
    choice_ = choice_ > 0 ? choice_ - 1 : 0;
  } else if (key.name == N::kEnter) {
    Remember();
    std::string text = line_.text();
    text.erase(text.find_last_not_of(' ') + 1);
    line_.Set(text + " " + FilterTerm(choices_[choice_].field, choices_[choice_].value));
    stale_ = true;
    view_ = View::kList;
  } else if (key.name == N::kEscape || key.IsControl('c') || key.IsControl('g') || (key.name == N::kText && key.text == "q")) {
    view_ = View::kList;
  } else if (key.name == N::kF1 || (key.name == N::kText && key.text == "?")) {
    help_return_ = View::kPicker;
    view_ = View::kHelp;
  }
}

}  // namespace kiji
