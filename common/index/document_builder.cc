#include "common/index/document_builder.h"

#include "common/index/story_clusters.h"

#include <cstdio>
#include <optional>
#include <stdexcept>
#include <unordered_map>
#include <utility>

#include "common/util/date.h"
#include "common/index/schema.h"
#include "common/util/stable_hash.h"
#include "common/index/stored_article.h"
#include "common/util/utf8.h"

namespace kiji {

namespace {

// Positions between fields, so a phrase never matches across a field end.
constexpr Xapian::termpos kFieldGap = 100;

// Texts are tokenized in pieces of about this size.
constexpr std::size_t kPieceBytes = 64u << 10;

// Long URLs are looked up by hash, well within schema::kMaxTermBytes.
constexpr std::size_t kMaxUrlTermBytes = 200;

void AddBooleanTerm(Xapian::Document& doc, std::string_view prefix, std::string_view value) {
  if (value.empty()) return;
  const std::string term = schema::PrefixedTerm(prefix, value);
  if (term.size() <= schema::kMaxTermBytes) doc.add_boolean_term(term);
}

}  // namespace

std::string ContentHash(const Article& a, const AnalysisSettings& settings, const std::string& source) {
  std::uint64_t h = StableHash(std::to_string(settings.schema_version));
  h = StableHash(source, h);
  for (const std::string* field : {&a.id, &a.title, &a.body, &a.date, &a.source, &a.url,
                                   &a.language, &a.caption, &a.dateline}) {
    h = StableHash(*field, h);
    h = StableHash(std::string_view("\x1f", 1), h);
  }
  for (const std::string& tag : a.tags) {
    h = StableHash(tag, h);
    h = StableHash(std::string_view("\x1e", 1), h);
  }
  return Hex64(h);
}

SpellingCounts SpellingCountsOf(const Xapian::Document& doc) {
  // IndexText adds a word with positions at kTitleWeight in the title and 1
  // elsewhere, and counts it once per occurrence; its title term has wdf 1
  // per occurrence.
  std::unordered_map<std::string, Xapian::termcount> title_wdf;
  std::vector<std::pair<std::string, Xapian::termcount>> words;
  for (Xapian::TermIterator t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    std::string term = *t;
    if (term.empty()) continue;
    if (term[0] >= 'A' && term[0] <= 'Z') {  // a prefixed term (words are folded)
      if (term.compare(0, schema::kTitle.size(), schema::kTitle) == 0) title_wdf.emplace(std::move(term), t.get_wdf());
    } else if (term.size() > 1) {
      words.emplace_back(std::move(term), t.get_wdf());
    }
  }
  SpellingCounts counts;
  for (auto& [word, wdf] : words) {
    const auto title = title_wdf.find(schema::PrefixedTerm(schema::kTitle, word));
    const Xapian::termcount extra = title == title_wdf.end() ? 0 : (kTitleWeight - 1) * title->second;
    if (wdf > extra) counts.emplace(std::move(word), wdf - extra);
  }
  return counts;
}

DocumentBuilder::DocumentBuilder(const AnalysisSettings& settings, SpellingCollection spelling)
    : analyzer_(settings), spelling_(spelling) {}

const Xapian::Stem& DocumentBuilder::Stemmer(const std::string& language) {
  auto it = stemmers_.find(language);
  if (it == stemmers_.end()) it = stemmers_.emplace(language, StemmerFor(language)).first;
  return it->second;
}

DocumentBuilder::CachedWord& DocumentBuilder::Lookup(std::string_view word, const Xapian::Stem& stem,
                                                     StemCache& cache) {
  // A corpus has far fewer distinct words than words: stem each once. The
  // bound keeps a builder's memory flat over any corpus.
  constexpr std::size_t kMaxCachedStems = 50000;
  // Debian's Abseil has its own string_view type.
  if (auto it = cache.find(absl::string_view(word.data(), word.size())); it != cache.end()) return it->second;
  if (cache.size() >= kMaxCachedStems) {
    for (const auto& [cached, entry] : cache) {
      if (entry.spelling != 0) {
        summed_spelling_[cached] += entry.spelling;
        --cached_spelling_words_;
      }
    }
    cache.clear();
  }
  std::string stem_term = schema::StemmedTerm("", stem(std::string(word)));
  return cache.emplace(word, CachedWord{std::move(stem_term)}).first->second;
}

void DocumentBuilder::AddSummedSpelling(CachedWord& cached, Xapian::termcount count) {
  if (cached.spelling == 0) ++cached_spelling_words_;
  cached.spelling += count;
}

SpellingCounts DocumentBuilder::TakeSpelling() {
  SpellingCounts words = std::exchange(summed_spelling_, {});
  if (cached_spelling_words_ == 0) return words;
  for (auto& [language, cache] : stem_cache_) {
    for (auto& [word, entry] : cache) {
      if (entry.spelling != 0) words[word] += std::exchange(entry.spelling, 0);
    }
  }
  cached_spelling_words_ = 0;
  return words;
}

void DocumentBuilder::IndexText(std::string_view text, std::string_view field_prefix,
                                Xapian::termcount weight, const Xapian::Stem& stem, StemCache& stems,
                                Xapian::termpos& pos, BuiltDocument& built) {
  // Tokenized a piece at a time: a text's tokens take about twenty times
  // the memory of the text.
  std::optional<Token> last;  // the previous piece's last token, for bigrams across a cut
  for (std::size_t begin = 0; begin < text.size();) {
    const std::size_t end = TokenizePieceEnd(text, begin, kPieceBytes);
    std::vector<Token> tokens = analyzer_.Tokenize(text.substr(begin, end - begin));
    for (Token& token : tokens) {
      token.begin += begin;
      token.end += begin;
    }
    IndexTokens(tokens, field_prefix, weight, stem, stems, pos, built);
    // A cut inside a run of ideographs: the bigram that spans it.
    if (last && !tokens.empty() && IsCjk(last->kind) && IsCjk(tokens.front().kind) &&
        last->end == tokens.front().begin) {
      std::vector<Token> pair = {std::move(*last), tokens.front()};
      Token& left = pair.front();
      left.term.erase(0, AlignToCodePoint(left.term, left.term.size() - 1));  // its last character
      std::string& right = pair.back().term;
      std::size_t first = 1;  // the right one's first character
      while (first < right.size() && (static_cast<unsigned char>(right[first]) & 0xC0) == 0x80) ++first;
      right.resize(first);
      for (const std::string& bigram : IdeographBigrams(pair)) {
        built.document.add_term(schema::PrefixedTerm(schema::kCjkBigram, bigram), weight);
      }
    }
    if (!tokens.empty()) last = std::move(tokens.back());
    begin = end;
    if (built.document.termlist_count() > kMaxDocumentTerms) {
      throw std::invalid_argument("article has over " + std::to_string(kMaxDocumentTerms) +
                                  " distinct terms (words, stems and character pairs), more than any text");
    }
  }
  pos += kFieldGap;
}

void DocumentBuilder::IndexTokens(const std::vector<Token>& tokens, std::string_view field_prefix,
                                  Xapian::termcount weight, const Xapian::Stem& stem, StemCache& stems,
                                  Xapian::termpos& pos, BuiltDocument& built) {
  Xapian::Document& doc = built.document;
  // Words with positions as they come; stems (no positions) and spelling
  // counts once per distinct word, with its count, which gives the same
  // document with far fewer stemmer and Document calls.
  auto& letters = field_words_;
  letters.clear();
  for (const Token& token : tokens) {
    ++pos;
    doc.add_posting(token.term, pos, weight);
    if (!field_prefix.empty()) doc.add_posting(schema::PrefixedTerm(field_prefix, token.term), pos);
    if (token.kind == TokenKind::kLetter) ++letters[token.term];
  }
  for (const auto& [word, count] : letters) {
    CachedWord& cached = Lookup(word, stem, stems);
    if (word.size() > 1) {
      if (spelling_ == SpellingCollection::kPerDocument || defer_spelling_) {
        document_spelling_[absl::string_view(word.data(), word.size())] += count;
      } else {
        AddSummedSpelling(cached, count);
      }
    }
    doc.add_term(cached.stem_term, weight * count);
    if (!field_prefix.empty()) doc.add_term(schema::StemmedTerm(field_prefix, cached.stem()), count);
  }
  for (const std::string& bigram : IdeographBigrams(tokens)) {
    doc.add_term(schema::PrefixedTerm(schema::kCjkBigram, bigram), weight);
  }
}

BuiltDocument DocumentBuilder::Build(const Article& a, const std::string& source, std::string content_hash) {
  BuiltDocument built;
  // Checked first: an article that is refused counts no spelling words.
  built.id_term = schema::IdTerm(a.id);
  if (const std::string problem = schema::IdProblem(a.id); !problem.empty()) throw std::invalid_argument(problem);
  document_spelling_.clear();
  // Spelling counts wait for the end of a text of several pieces, which
  // may yet be refused.
  defer_spelling_ = TextBytes(a) + a.caption.size() > kPieceBytes;
  built.language = a.language.empty() ? analyzer_.settings().default_language : a.language;
  const Xapian::Stem& stem = Stemmer(built.language);
  StemCache& stems = stem_cache_[built.language];
  Xapian::Document& doc = built.document;

  Xapian::termpos pos = 0;
  IndexText(a.title, schema::kTitle, kTitleWeight, stem, stems, pos, built);
  IndexText(a.caption, schema::kCaption, 1, stem, stems, pos, built);
  IndexText(a.body, "", 1, stem, stems, pos, built);
  for (const Token& token : analyzer_.Tokenize(a.dateline)) {
    AddBooleanTerm(doc, schema::kDateline, token.term);
  }
  for (const Token& token : analyzer_.Tokenize(a.source)) {
    AddBooleanTerm(doc, schema::kSource, token.term);
  }
  std::string tags;
  for (const std::string& tag : a.tags) {
    const std::string folded = analyzer_.Fold(tag);
    AddBooleanTerm(doc, schema::kTag, folded);
    if (!tags.empty()) tags += schema::kTagSeparator;
    tags += folded;
  }
  if (!tags.empty()) doc.add_value(schema::kTagsSlot, tags);
  if (!a.source.empty()) doc.add_value(schema::kSourceSlot, a.source);
  AddBooleanTerm(doc, schema::kLanguage, built.language);
  if (a.url.size() <= kMaxUrlTermBytes) AddBooleanTerm(doc, schema::kUrl, a.url);
  if (!a.date.empty()) {
    const std::string day = CompactDay(a.date);
    AddBooleanTerm(doc, schema::kDay, day);
    AddBooleanTerm(doc, schema::kMonth, day.substr(0, 6));
    AddBooleanTerm(doc, schema::kYear, day.substr(0, 4));
    doc.add_value(schema::kDateSlot, a.date);
    doc.add_value(schema::kYearSlot, day.substr(0, 4));
    doc.add_value(schema::kDaySlot, day);
  }

  doc.add_boolean_term(built.id_term);
  doc.add_value(schema::kIdSlot, a.id);
  for (const std::string& band : CopyBandTerms(a)) doc.add_boolean_term(band);
  if (!source.empty()) doc.add_boolean_term(schema::FileTerm(source));
  built.content_hash =
      content_hash.empty() ? ContentHash(a, analyzer_.settings(), source) : std::move(content_hash);
  doc.add_value(schema::kContentHashSlot, built.content_hash);

  doc.add_value(schema::kSummarySlot, EncodeArticleSummary(a, built.language));
  if (spelling_ == SpellingCollection::kPerDocument) {
    built.spelling.assign(document_spelling_.begin(), document_spelling_.end());
  } else {
    for (const auto& [word, count] : document_spelling_) AddSummedSpelling(Lookup(word, stem, stems), count);
  }
  document_spelling_.clear();
  doc.add_value(schema::kArticleSlot, compressor_.Compress(EncodeStoredArticleHeader(a, built.language), a.body));
  return built;
}

}  // namespace kiji
