#include "common/articles/article_formats.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include <nlohmann/json.hpp>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "common/analysis/analysis_settings.h"
#include "common/util/date.h"
#include "common/util/utf8.h"

namespace kiji {

namespace {

// The lines of a text one at a time, without '\n' and a trailing '\r': an
// article may have millions, so they are never all held at once.
class Lines {
 public:
  explicit Lines(std::string_view text, std::size_t from = 0) : text_(text), pos_(from) {}
  bool Next(std::string_view& line) {
    if (pos_ > text_.size()) return false;
    std::size_t end = text_.find('\n', pos_);
    if (end == std::string_view::npos) end = text_.size();
    line = text_.substr(pos_, end - pos_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos_ = end + 1;
    return true;
  }
  // Where the next line starts.
  std::size_t offset() const { return std::min(pos_, text_.size()); }

 private:
  std::string_view text_;
  std::size_t pos_;
};

// A paragraph (a line that is not blank, trimmed) and where its line starts
// and the next one begins.
struct Paragraph {
  std::string_view text;
  std::size_t start = 0;
  std::size_t next = 0;
};

// The first paragraph of text[from, to); `from` and `to` start lines.
std::optional<Paragraph> FirstParagraph(std::string_view text, std::size_t from, std::size_t to) {
  Lines lines(text.substr(0, to), from);
  std::string_view line;
  for (std::size_t start = from; start < to && lines.Next(line); start = lines.offset()) {
    if (!TrimSpace(line).empty()) return Paragraph{TrimSpace(line), start, lines.offset()};
  }
  return std::nullopt;
}

// The last paragraph of text[from, to).
std::optional<Paragraph> LastParagraph(std::string_view text, std::size_t from, std::size_t to) {
  while (to > from) {
    const std::size_t newline = text.rfind('\n', to - 1);
    const std::size_t start = newline == std::string_view::npos || newline < from ? from : newline + 1;
    const std::string_view line = TrimSpace(text.substr(start, to - start));
    if (!line.empty()) return Paragraph{line, start, to};
    to = start > from ? start - 1 : from;
  }
  return std::nullopt;
}

// Calls `visit` on each paragraph of text[from, to); `from` and `to` start
// lines.
template <typename Visit>
void ForEachParagraph(std::string_view text, std::size_t from, std::size_t to, Visit visit) {
  Lines lines(text.substr(0, to), from);
  std::string_view line;
  while (lines.Next(line)) {
    if (line = TrimSpace(line); !line.empty()) visit(line);
  }
}

// The paragraphs of text[from, to) joined by blank lines, sized once.
std::string JoinParagraphs(std::string_view text, std::size_t from, std::size_t to) {
  std::size_t size = 0;
  ForEachParagraph(text, from, to, [&](std::string_view p) { size += (size > 0 ? 2 : 0) + p.size(); });
  std::string out;
  out.reserve(size);
  ForEachParagraph(text, from, to, [&](std::string_view p) {
    if (!out.empty()) out += "\n\n";
    out += p;
  });
  return out;
}

std::string_view StripBom(std::string_view s) {
  if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  return s;
}

std::string Unquote(std::string_view value) {
  value = TrimSpace(value);
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
      value.back() == value.front()) {
    value = value.substr(1, value.size() - 2);
  }
  return std::string(value);
}

std::vector<std::string> SplitTags(std::string_view value) {
  value = TrimSpace(value);
  if (value.size() >= 2 && value.front() == '[' && value.back() == ']') {
    value = value.substr(1, value.size() - 2);
  }
  std::vector<std::string> tags;
  std::size_t start = 0;
  while (start <= value.size()) {
    std::size_t end = value.find(',', start);
    if (end == std::string_view::npos) end = value.size();
    std::string tag = Unquote(value.substr(start, end - start));
    if (!tag.empty()) tags.push_back(std::move(tag));
    start = end + 1;
  }
  return tags;
}

// Applies one "key: value" metadata pair; returns false for an unknown key.
bool ApplyField(std::string_view key, std::string_view raw_value, ParsedArticle& parsed) {
  const std::string k = AsciiLowercase(TrimSpace(key));
  Article& a = parsed.article;
  if (k == "tags" || k == "keywords") {
    a.tags = SplitTags(raw_value);
    return true;
  }
  std::string value = Unquote(raw_value);
  if (k == "title") {
    a.title = std::move(value);
  } else if (k == "date") {
    if (auto date = NormalizeDate(value)) {
      a.date = *date;
    } else if (!value.empty()) {
      parsed.warnings.push_back("unrecognised date '" + value + "' ignored");
    }
  } else if (k == "source") {
    a.source = std::move(value);
  } else if (k == "url") {
    a.url = std::move(value);
  } else if (k == "language" || k == "lang") {
    a.language = NormalizeLanguage(value);
  } else if (k == "caption") {
    a.caption = std::move(value);
  } else if (k == "dateline") {
    a.dateline = std::move(value);
  } else {
    return false;
  }
  return true;
}

// Decodes the code point at `i` (advancing it); -1 for ill-formed input.
UChar32 NextCodePoint(std::string_view s, int32_t& i) {
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, static_cast<int32_t>(s.size()), c);
  return c;
}

bool IsUpperWord(std::string_view word) {
  int letters = 0;
  for (int32_t i = 0; i < static_cast<int32_t>(word.size());) {
    const UChar32 c = NextCodePoint(word, i);
    if (u_isalpha(c)) {
      if (!u_isupper(c)) return false;
      ++letters;
    }
  }
  return letters >= 2;
}

bool StartsUpper(std::string_view word) {
  int32_t i = 0;
  const UChar32 c = NextCodePoint(word, i);
  return u_isupper(c) || u_istitle(c);
}

bool IsCaption(std::string_view paragraph) {
  return paragraph.find("PHOTO:") != std::string_view::npos ||
         paragraph.find("Photo:") != std::string_view::npos ||
         paragraph.find("(Photo") != std::string_view::npos;
}

// Whether `text` holds one to `max_words` words (between spaces), each
// passing `is_word`.
template <typename Predicate>
bool AreWords(std::string_view text, int max_words, Predicate is_word) {
  int words = 0;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view word = text.substr(start, end - start);
    if (!word.empty() && (!is_word(word) || ++words > max_words)) return false;
    start = end + 1;
  }
  return words >= 1;
}

// Whether `place` names where a story was filed: one to `max_words` words
// in capitals ("LONDON", "NEW YORK", "RIO DE JANEIRO"), not a wire
// service's label ("CORRECTION - ...").
bool IsPlace(std::string_view place, int max_words) {
  static constexpr std::string_view kLabels[] = {"CORRECTION", "UPDATE", "URGENT", "FLASH", "BULLETIN",
                                                 "ADVISORY",   "REPEAT", "RPT",    "REFILE"};
  if (std::find(std::begin(kLabels), std::end(kLabels), place) != std::end(kLabels)) return false;
  return AreWords(place, max_words, IsUpperWord);
}

// The dateline opening a lead, in the wire styles "TOKYO – ...",
// "LONDON, March 27 - ..." and "WASHINGTON (Reuters) - ...": a place in
// capitals (of up to four words before a short date or an agency in
// parentheses, of up to two alone), then a dash and the story. Empty when
// the paragraph opens otherwise: a headline in capitals such as "FEDERAL
// RESERVE WEEKLY REPORT 1 - FEB 26" or "WEST GERMAN METALS - ..." is none.
std::string_view FindDateline(std::string_view paragraph) {
  static constexpr std::string_view kSeparators[] = {" \xE2\x80\x93 ", " \xE2\x80\x94 ", " -- ", " - "};
  constexpr std::size_t kMaxDateline = 60, kMaxDate = 20;
  std::size_t best = std::string_view::npos, separator = 0;
  for (std::string_view sep : kSeparators) {
    const std::size_t pos = paragraph.find(sep);
    if (pos != std::string_view::npos && pos < best) {
      best = pos;
      separator = sep.size();
    }
  }
  if (best == std::string_view::npos || best == 0 || best > kMaxDateline) return {};
  if (TrimSpace(paragraph.substr(best + separator)).empty()) return {};
  const std::string_view prefix = TrimSpace(paragraph.substr(0, best));
  const std::size_t place_end = prefix.find_first_of(",(");
  if (!IsPlace(TrimSpace(prefix.substr(0, place_end)), place_end == std::string_view::npos ? 2 : 4)) return {};
  if (place_end != std::string_view::npos) {
    const std::string_view rest = TrimSpace(prefix.substr(place_end + 1));
    const bool agency = prefix[place_end] == '(' && rest.ends_with(")");
    if (!agency && (rest.size() > kMaxDate || rest.find(". ") != std::string_view::npos)) return {};
  }
  return prefix;
}

// A headline: one short line that does not end as a sentence does.
bool IsHeadline(std::string_view line) {
  constexpr std::size_t kMaxHeadline = 150;
  line = TrimSpace(line);
  if (line.empty() || CodePointCount(line) > kMaxHeadline) return false;
  for (std::string_view quote : {"\"", "'", "\xE2\x80\x9D", "\xE2\x80\x99", "\xC2\xBB"}) {
    while (line.ends_with(quote)) line.remove_suffix(quote.size());
  }
  for (std::string_view closer : {".", "!", "?", ":", ";", ",", "\xE3\x80\x82", "\xEF\xBC\x81", "\xEF\xBC\x9F",
                                  "\xEF\xBC\x9A", "\xE3\x80\x81", "\xE2\x80\xA6"}) {
    if (line.ends_with(closer)) return false;
  }
  return !line.empty();
}

// A closing credit such as "Asia News Network/The Japan News": short, not a
// sentence, every word capitalised (or a short connecting word).
bool IsCreditLine(std::string_view paragraph) {
  paragraph = TrimSpace(paragraph);
  if (paragraph.empty() || paragraph.size() > 80) return false;
  const char last = paragraph.back();
  if (last == '.' || last == '!' || last == '?' || last == ':' || last == ',' || last == '"' ||
      paragraph.front() == '(' || paragraph.substr(paragraph.size() >= 3 ? paragraph.size() - 3 : 0) == "\xE2\x80\x9D") {
    return false;
  }
  int words = 0;
  std::size_t start = 0;
  while (start < paragraph.size()) {
    std::size_t end = paragraph.find_first_of(" /", start);
    if (end == std::string_view::npos) end = paragraph.size();
    const std::string_view word = paragraph.substr(start, end - start);
    if (!word.empty()) {
      ++words;
      static constexpr std::string_view kConnectors[] = {"of", "the", "and", "for", "&", "-", "de"};
      const bool connector = std::find(std::begin(kConnectors), std::end(kConnectors), word) !=
                             std::end(kConnectors);
      if (!connector && !StartsUpper(word)) return false;
    }
    start = end + 1;
  }
  return words >= 1 && words <= 12;
}

// The lead's first sentence, shortened at a word boundary when long.
std::string TitleFromLead(std::string_view lead) {
  constexpr std::size_t kMaxTitle = 100;
  std::size_t end = lead.size();
  for (std::string_view stop : {". ", "? ", "! ", "\xE3\x80\x82"}) {
    const std::size_t pos = lead.find(stop, 20);
    if (pos != std::string_view::npos && pos + 1 < end) end = pos + (stop.size() == 3 ? 3 : 1);
  }
  std::string_view sentence = TrimSpace(lead.substr(0, end));
  if (sentence.size() <= kMaxTitle) return std::string(sentence);
  std::size_t cut = sentence.rfind(' ', kMaxTitle);
  if (cut == std::string_view::npos || cut < kMaxTitle / 2) {
    // No space to cut at (e.g. CJK): cut on a code point boundary.
    cut = kMaxTitle;
    while (cut > 0 && (static_cast<unsigned char>(sentence[cut]) & 0xC0) == 0x80) --cut;
  }
  std::string title(TrimSpace(sentence.substr(0, cut)));
  while (!title.empty() && (title.back() == ',' || title.back() == ';')) title.pop_back();
  return title + "\xE2\x80\xA6";  // …
}

// Whether the line after text[.., line_end) is blank.
bool FollowedByBlankLine(std::string_view text, std::size_t line_end, std::size_t to) {
  Lines lines(text.substr(0, to), line_end);
  std::string_view line;
  return lines.Next(line) && TrimSpace(line).empty();
}

// "Headline, blank line, body": an article without a title takes the
// headline as its title, and its body starts after it (`from` moves).
void TakeHeadline(std::string_view text, std::size_t& from, std::size_t to, Article& a) {
  const auto first = FirstParagraph(text, from, to);
  if (first && a.title.empty() && IsHeadline(first->text) && FollowedByBlankLine(text, first->next, to) &&
      FirstParagraph(text, first->next, to)) {
    a.title = std::string(first->text);
    from = first->next;
  }
}

// What an article without a dateline or title takes from its lead
// paragraph: the dateline it opens with, and its first sentence after it.
void TakeFromLead(std::string_view lead, Article& a) {
  // A title of nothing but spaces or invisible controls is none.
  if (TrimSpace(StripControlCharacters(a.title, false)).empty()) a.title.clear();
  if (const std::string_view dateline = FindDateline(lead); !dateline.empty()) {
    if (a.dateline.empty()) a.dateline = std::string(dateline);
    lead = TrimSpace(lead.substr(lead.find(' ', dateline.size()) + 1));
    lead = TrimSpace(lead.substr(lead.find(' ') + 1));  // past the separator
  }
  if (a.title.empty() && !lead.empty()) a.title = TitleFromLead(lead);
}

// Derives caption, dateline, source and title from the paragraphs of a body
// (text[from, end)) that came without them, and leaves the remaining
// paragraphs as the body.
void DeriveFields(std::string_view text, std::size_t from, Article& a) {
  std::size_t to = text.size();
  if (const auto first = FirstParagraph(text, from, to);
      first && a.caption.empty() && IsCaption(first->text) && FirstParagraph(text, first->next, to)) {
    a.caption = std::string(first->text);
    from = first->next;
  }
  const auto first = FirstParagraph(text, from, to);
  if (const auto last = LastParagraph(text, from, to);
      first && last && last->start >= first->next && IsCreditLine(last->text)) {
    if (a.source.empty()) a.source = std::string(last->text);
    to = last->start;
  }
  TakeHeadline(text, from, to, a);
  if (const auto lead = FirstParagraph(text, from, to)) TakeFromLead(lead->text, a);
  a.body = JoinParagraphs(text, from, to);
}

}  // namespace

std::size_t DatelineBytes(std::string_view body) {
  const std::string_view lead = body.substr(0, body.find('\n'));
  const std::string_view dateline = FindDateline(lead);
  if (dateline.empty()) return 0;
  std::size_t end = static_cast<std::size_t>(dateline.data() - body.data()) + dateline.size();
  const std::size_t story = body.find(' ', body.find_first_not_of(' ', end));
  return story == std::string_view::npos ? body.size() : story + 1;
}

namespace {

// Up to `max_words` words, each opening with a capital ("St Joseph").
bool IsCapitalisedWords(std::string_view text, int max_words) {
  return AreWords(text, max_words, [](std::string_view word) {
    int32_t at = 0;
    return u_isupper(NextCodePoint(word, at)) != 0;
  });
}

// "April 7", "Sept. 30": an English month, or its abbreviation, and a day.
bool IsMonthDay(std::string_view text) {
  static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::size_t space = text.rfind(' ');
  if (space == std::string_view::npos || space + 3 < text.size() || space + 1 == text.size()) return false;
  if (!std::all_of(text.begin() + static_cast<std::ptrdiff_t>(space + 1), text.end(),
                   [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  return std::any_of(std::begin(kMonths), std::end(kMonths),
                     [&](std::string_view month) { return text.substr(0, 3) == month && space <= 9; });
}

}  // namespace

std::string_view DatelinePlace(std::string_view body) {
  const std::string_view lead = body.substr(0, body.find('\n'));
  if (const std::string_view dateline = FindDateline(lead); !dateline.empty()) {
    return TrimSpace(dateline.substr(0, dateline.find_first_of(",(")));
  }
  // A dateline in mixed case before a date, "Joliet, April 7 - ", which is
  // too like an opening sentence to strip but names a place all the same.
  constexpr std::size_t kMaxDateline = 60;
  const std::size_t dash = lead.find(" - ");
  if (dash == std::string_view::npos || dash > kMaxDateline) return {};
  const std::string_view prefix = lead.substr(0, dash);
  const std::size_t comma = prefix.find(',');
  if (comma == std::string_view::npos) return {};
  const std::string_view place = TrimSpace(prefix.substr(0, comma));
  return IsCapitalisedWords(place, 4) && IsMonthDay(TrimSpace(prefix.substr(comma + 1))) ? place : std::string_view();
}

ParsedArticle ParseTextArticle(std::string_view content) {
  // More lines than keys are not a header: bounds the work of a text
  // whose every line looks like one.
  constexpr std::size_t kMaxHeaderLines = 32;
  content = StripBom(content);
  ParsedArticle parsed;
  Lines lines(content);
  std::size_t body_start = 0;
  std::string_view line;
  // A header block: "Key: value" lines with known keys up to a blank line.
  for (std::size_t i = 0; lines.Next(line); ++i) {
    if (TrimSpace(line).empty()) {
      body_start = i > 0 ? lines.offset() : 0;
      break;
    }
    const std::size_t colon = line.find(':');
    ParsedArticle attempt = parsed;
    if (i >= kMaxHeaderLines || colon == std::string_view::npos ||
        !ApplyField(line.substr(0, colon), line.substr(colon + 1), attempt)) {
      body_start = 0;
      break;
    }
    parsed = std::move(attempt);
  }
  if (body_start == 0) parsed = ParsedArticle();
  DeriveFields(content, body_start, parsed.article);
  return parsed;
}

namespace {

// Markdown front matter between "---" lines at the start of `content`, into
// `parsed`; where the body starts (0: no front matter, or unterminated).
std::size_t ParseFrontMatter(std::string_view content, ParsedArticle& parsed) {
  Lines lines(content);
  std::size_t body_start = 0;
  std::string_view line;
  if (lines.Next(line) && TrimSpace(line) == "---") {
    std::string list_key;
    while (lines.Next(line)) {
      if (TrimSpace(line) == "---" || TrimSpace(line) == "...") {
        body_start = lines.offset();
        break;
      }
      const std::string_view trimmed = TrimSpace(line);
      if (trimmed.substr(0, 2) == "- " && !list_key.empty()) {
        if (list_key == "tags" || list_key == "keywords") {
          std::string tag = Unquote(trimmed.substr(2));
          if (!tag.empty()) parsed.article.tags.push_back(std::move(tag));
        }
        continue;
      }
      const std::size_t colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      list_key = AsciiLowercase(TrimSpace(line.substr(0, colon)));
      if (!TrimSpace(line.substr(colon + 1)).empty()) {
        ApplyField(line.substr(0, colon), line.substr(colon + 1), parsed);
      }
    }
    if (body_start == 0) parsed = ParsedArticle();  // unterminated: all body
  }
  return body_start;
}

}  // namespace

ParsedArticle ParseMarkdownArticle(std::string_view content) {
  content = StripBom(content);
  ParsedArticle parsed;
  std::size_t from = ParseFrontMatter(content, parsed);
  if (parsed.article.title.empty()) {
    // The first "# heading" is the title and leaves the body.
    for (auto p = FirstParagraph(content, from, content.size()); p; p = FirstParagraph(content, p->next, content.size())) {
      if (p->text.substr(0, 2) != "# ") continue;
      parsed.article.title = std::string(TrimSpace(p->text.substr(2)));
      parsed.article.body = JoinParagraphs(content, from, p->start);
      from = p->next;
      break;
    }
  }
  if (parsed.article.title.empty() && parsed.article.body.empty()) TakeHeadline(content, from, content.size(), parsed.article);
  std::string rest = JoinParagraphs(content, from, content.size());
  if (parsed.article.body.empty()) {
    parsed.article.body = std::move(rest);
  } else if (!rest.empty()) {
    parsed.article.body += "\n\n";
    parsed.article.body += rest;
  }
  // Without a title in front matter or a heading: from the lead.
  if (const auto lead = FirstParagraph(parsed.article.body, 0, parsed.article.body.size())) {
    TakeFromLead(lead->text, parsed.article);
  }
  return parsed;
}

namespace {

// Takes the string `key` of `record`, moving it out rather than copying.
std::string StringField(nlohmann::json& record, const char* key) {
  const auto it = record.find(key);
  if (it == record.end() || it->is_null()) return {};
  if (!it->is_string()) {
    throw ArticleFormatError(std::string("field '") + key + "' must be a string, not " +
                             it->type_name());
  }
  return std::move(it->get_ref<std::string&>());
}

// Throws unless `line` nests arrays and objects at most kMaxJsonDepth deep
// and holds at most kMaxJsonValues values: a record needs a few dozen in two
// levels, and the parser's tree costs tens of bytes for each bracket or
// value, far more than the text of a deep or long list.
void CheckJsonShape(std::string_view line) {
  int depth = 0;
  std::size_t values = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) {
        throw ArticleFormatError("JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels (at column " +
                                 std::to_string(i + 1) + ")");
      }
    } else if (c == ']' || c == '}') {
      --depth;
    } else if (c == ',' && ++values > kMaxJsonValues) {
      throw ArticleFormatError("JSON record with over " + std::to_string(kMaxJsonValues) + " values (at column " +
                               std::to_string(i + 1) + ")");
    }
  }
}

}  // namespace

std::string FieldLimitViolation(const Article& a) {
  const std::pair<const char*, const std::string*> fields[] = {
      {"title", &a.title},   {"date", &a.date},         {"source", &a.source}, {"url", &a.url},
      {"lang", &a.language}, {"dateline", &a.dateline}, {"id", &a.id}};
  for (const auto& [name, value] : fields) {
    if (value->size() > kMaxFieldBytes) {
      return std::string("field '") + name + "' is " + std::to_string(value->size()) + " bytes, over the limit of " +
             std::to_string(kMaxFieldBytes);
    }
  }
  if (a.caption.size() > kMaxCaptionBytes) {
    return "caption is " + std::to_string(a.caption.size()) + " bytes, over the limit of " +
           std::to_string(kMaxCaptionBytes);
  }
  if (a.tags.size() > kMaxTags) {
    return std::to_string(a.tags.size()) + " tags, over the limit of " + std::to_string(kMaxTags);
  }
  for (const std::string& tag : a.tags) {
    if (tag.size() > kMaxFieldBytes) {
      return "a tag is " + std::to_string(tag.size()) + " bytes, over the limit of " + std::to_string(kMaxFieldBytes);
    }
  }
  return {};
}

ParsedArticle ParseJsonArticle(std::string_view line) {
  CheckJsonShape(line);
  nlohmann::json record;
  try {
    record = nlohmann::json::parse(line);
  } catch (const nlohmann::json::parse_error& e) {
    std::string what = e.what();
    // nlohmann prefixes "[json.exception.parse_error.101] "; keep the reason.
    if (const auto pos = what.find("] "); pos != std::string::npos) what = what.substr(pos + 2);
    throw ArticleFormatError("invalid JSON: " + what);
  }
  if (!record.is_object()) {
    throw ArticleFormatError(std::string("expected a JSON object, found ") + record.type_name());
  }
  ParsedArticle parsed;
  Article& a = parsed.article;
  if (const auto it = record.find("id"); it != record.end() && !it->is_null()) {
    if (it->is_string()) {
      a.id = std::move(it->get_ref<std::string&>());
    } else if (it->is_number_integer()) {
      a.id = it->dump();
    } else {
      throw ArticleFormatError(std::string("field 'id' must be a string or an integer, not ") +
                               it->type_name());
    }
  }
  a.title = StringField(record, "title");
  a.body = StringField(record, "body");
  if (a.body.empty()) a.body = StringField(record, "contents");  // Anserini
  if (a.body.empty()) a.body = StringField(record, "text");
  if (const std::string date = StringField(record, "date"); !date.empty()) {
    if (auto normalized = NormalizeDate(date)) {
      a.date = *normalized;
    } else {
      parsed.warnings.push_back("unrecognised date '" + date + "' ignored");
    }
  }
  a.source = StringField(record, "source");
  a.url = StringField(record, "url");
  a.language = NormalizeLanguage(StringField(record, "lang"));
  if (const auto it = record.find("tags"); it != record.end() && !it->is_null()) {
    if (it->is_string()) {
      a.tags.push_back(std::move(it->get_ref<std::string&>()));
    } else if (it->is_array()) {
      if (it->size() > kMaxTags) {
        throw ArticleFormatError(std::to_string(it->size()) + " tags, over the limit of " + std::to_string(kMaxTags));
      }
      for (auto& tag : *it) {
        if (!tag.is_string()) {
          throw ArticleFormatError(std::string("field 'tags' must hold strings, not ") +
                                   tag.type_name());
        }
        a.tags.push_back(std::move(tag.get_ref<std::string&>()));
      }
    } else {
      throw ArticleFormatError(std::string("field 'tags' must be an array of strings, not ") +
                               it->type_name());
    }
  }
  // Records without a title or dateline take them from the body's lead.
  if (const auto lead = FirstParagraph(a.body, 0, a.body.size())) TakeFromLead(lead->text, a);
  return parsed;
}

}  // namespace kiji
