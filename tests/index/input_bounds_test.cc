// Inputs that would make kiji do work or hold memory far out of proportion
// to their size are bounded and reported with their location; file names
// of any bytes give distinct ids; long texts are indexed a piece at a time
// exactly as whole.
#include <gtest/gtest.h>
#include <zlib.h>

#include <map>
#include <string>
#include <vector>

#include "common/analysis/analyzer.h"
#include "common/articles/article_formats.h"
#include "common/articles/article_reader.h"
#include "common/index/document_builder.h"
#include "common/index/schema.h"
#include "common/util/utf8.h"
#include "common/index/index_settings.h"
#include "tests/test_support.h"

namespace kiji {
namespace {

struct ReadResult {
  std::map<std::string, Article> articles;        // by id
  std::map<std::string, std::string> rejections;  // location -> reason
  std::uint64_t bytes = 0;                        // every item's and event's bytes
};

ReadResult ReadAll(std::vector<std::string> inputs, ReaderOptions options = {}) {
  ReadResult out;
  ArticleReader reader(std::move(inputs), options);
  while (auto item = reader.Next()) {
    out.bytes += item->bytes;
    if (item->event != ReadItem::Event::kItem) continue;
    if (item->article) {
      out.articles[item->article->id] = *item->article;
    } else {
      out.rejections[item->location] = item->rejection;
    }
  }
  return out;
}

TEST(InputBoundsTest, GzipExpandingOverAHundredTimesIsStoppedWithTheOffsetAndCountedAsRead) {
  testing::TempDir dir;
  const std::string path = dir / "bomb.jsonl.gz";
  gzFile f = gzopen(path.c_str(), "wb9");
  ASSERT_NE(f, nullptr);
  const std::string first = "{\"id\":\"kept\",\"body\":\"harbour\"}\n";
  gzwrite(f, first.data(), static_cast<unsigned>(first.size()));
  const std::string newlines(1 << 20, '\n');
  for (int i = 0; i < 96; ++i) gzwrite(f, newlines.data(), static_cast<unsigned>(newlines.size()));
  const std::string last = "{\"id\":\"never\",\"body\":\"x\"}\n";
  gzwrite(f, last.data(), static_cast<unsigned>(last.size()));
  gzclose(f);

  const ReadResult r = ReadAll({path});
  EXPECT_EQ(r.articles.count("kept"), 1u);
  EXPECT_EQ(r.articles.count("never"), 0u);
  ASSERT_EQ(r.rejections.size(), 1u);
  const auto& [where, why] = *r.rejections.begin();
  EXPECT_EQ(where.rfind(path + ":", 0), 0u) << where;
  EXPECT_NE(why.find("decompresses to over 100 times its size"), std::string::npos) << why;
  EXPECT_NE(why.find("reading stopped at byte "), std::string::npos) << why;
  EXPECT_GT(r.bytes, 64u << 20) << "what was decompressed counts as read";
}

TEST(InputBoundsTest, EmptyLinesCountAsReadAndTheRecordsAroundThemKeepTheirLines) {
  testing::TempDir dir;
  const std::string content = std::string(5000, '\n') + "{\"id\":\"a\",\"body\":\"x\"}\n" + std::string(3000, '\n') +
                              "{\"body\":\"no id\"}\n" + std::string(700, '\n');
  testing::WriteFile(dir / "gaps.jsonl", content);
  const ReadResult r = ReadAll({dir / "gaps.jsonl"});
  EXPECT_EQ(r.articles.count("a"), 1u);
  EXPECT_EQ(r.articles.count("gaps.jsonl:8002"), 1u);
  EXPECT_TRUE(r.rejections.empty());
  EXPECT_EQ(r.bytes, content.size());
}

TEST(InputBoundsTest, NulBytesRejectAJsonLinesRecordWithItsLineAndColumn) {
  testing::TempDir dir;
  testing::WriteFile(dir / "nul.jsonl", "{\"id\":\"a\",\"body\":\"x\"}\n{\"id\":\"b\"," + std::string(3, '\0') + "\n" +
                                            std::string(100000, '\0') + "\n{\"id\":\"c\",\"body\":\"y\"}\n");
  const ReadResult r = ReadAll({dir / "nul.jsonl"});
  EXPECT_EQ(r.articles.size(), 2u);
  EXPECT_EQ(r.rejections.at(dir / "nul.jsonl:2"), "binary data (a NUL byte at column 11), not JSON");
  EXPECT_EQ(r.rejections.at(dir / "nul.jsonl:3"), "binary data (a NUL byte at column 1), not JSON");
}

TEST(InputBoundsTest, DeepAndLongJsonIsRefusedBeforeItIsParsed) {
  EXPECT_THROW(
      {
        try {
          ParseJsonArticle("{\"id\":\"x\",\"body\":" + std::string(1000000, '[') + std::string(1000000, ']') + "}");
        } catch (const ArticleFormatError& e) {
          EXPECT_STREQ(e.what(), "JSON nested deeper than 32 levels (at column 49)");
          throw;
        }
      },
      ArticleFormatError);
  std::string many = "{\"id\":\"x\",\"body\":\"y\",\"other\":[0";
  for (int i = 0; i < 200000; ++i) many += ",0";
  EXPECT_THROW(ParseJsonArticle(many + "]}"), ArticleFormatError);
  // Brackets and commas inside strings are text.
  const ParsedArticle ok = ParseJsonArticle("{\"id\":\"x\",\"body\":\"" + std::string(1000, '[') + std::string(200000, ',') + "\"}");
  EXPECT_EQ(ok.article.body.size(), 201000u);
}

TEST(InputBoundsTest, FieldsOverTheirLimitsRejectTheArticleWithTheReason) {
  testing::TempDir dir;
  std::string tags = "[\"t0\"";
  for (std::size_t i = 1; i <= kMaxTags; ++i) tags += ",\"t" + std::to_string(i) + "\"";
  testing::WriteFile(dir / "fields.jsonl",
                     "{\"id\":\"tags\",\"body\":\"x\",\"tags\":" + tags + "]}\n"
                     "{\"id\":\"title\",\"title\":\"" + std::string(kMaxFieldBytes + 1, 't') + "\",\"body\":\"x\"}\n"
                     "{\"id\":\"fine\",\"title\":\"" + std::string(kMaxFieldBytes, 't') + "\",\"body\":\"x\"}\n");
  testing::WriteFile(dir / "title.txt", "Title: " + std::string(100000, 'T') + "\n\nBody.\n");
  std::string markdown_tags = "---\ntags:\n";
  for (std::size_t i = 0; i <= kMaxTags; ++i) markdown_tags += "- t" + std::to_string(i) + "\n";
  testing::WriteFile(dir / "tags.md", markdown_tags + "---\nBody.\n");
  const ReadResult r = ReadAll({dir / "fields.jsonl", dir / "title.txt", dir / "tags.md"});
  EXPECT_EQ(r.rejections.at(dir / "fields.jsonl:1"), "1001 tags, over the limit of 1000");
  EXPECT_EQ(r.rejections.at(dir / "fields.jsonl:2"), "field 'title' is 4097 bytes, over the limit of 4096");
  EXPECT_EQ(r.articles.count("fine"), 1u);
  EXPECT_EQ(r.rejections.at(dir / "title.txt"), "field 'title' is 100000 bytes, over the limit of 4096");
  EXPECT_EQ(r.rejections.at(dir / "tags.md"), "1001 tags, over the limit of 1000");
}

TEST(InputBoundsTest, ATextOfMillionsOfLinesParsesAsBefore) {
  // Lines are visited one at a time; the result is the same paragraphs.
  std::string text = "PHOTO: A caption\n\nTOKYO - The lead sentence is here and goes on.\n";
  for (int i = 0; i < 200000; ++i) text += "a\n\n";
  text += "\nAsia News Network\n";
  const ParsedArticle parsed = ParseTextArticle(text);
  EXPECT_EQ(parsed.article.caption, "PHOTO: A caption");
  EXPECT_EQ(parsed.article.dateline, "TOKYO");
  EXPECT_EQ(parsed.article.source, "Asia News Network");
  EXPECT_EQ(parsed.article.title, "The lead sentence is here and goes on.");
  EXPECT_EQ(parsed.article.body.size(), std::string("TOKYO - The lead sentence is here and goes on.").size() + 200000 * 3);
  const ParsedArticle md = ParseMarkdownArticle("Intro\n\n# Heading\n\nText\nmore\n");
  EXPECT_EQ(md.article.title, "Heading");
  EXPECT_EQ(md.article.body, "Intro\n\nText\n\nmore");
}

TEST(InputBoundsTest, FileNamesThatAreNotUtf8KeepDistinctDisplayableIds) {
  EXPECT_EQ(EscapeFileName("world/asia/story.txt"), "world/asia/story.txt");
  EXPECT_EQ(EscapeFileName("caf\xC3\xA9.txt"), "caf\xC3\xA9.txt");
  EXPECT_EQ(EscapeFileName("a\xFF.txt"), "a\\xFF.txt");
  EXPECT_EQ(EscapeFileName("a\\xFF.txt"), "a\\\\xFF.txt");
  EXPECT_EQ(EscapeFileName("odd\nname\x1b.txt"), "odd\\x0Aname\\x1B.txt");
  EXPECT_EQ(EscapeFileName("\xC3\x28"), "\\xC3(");
  testing::TempDir dir;
  for (const char* name : {"a\xFF.txt", "a\xFE.txt", "a\xEF\xBF\xBD.txt", "a\\xFF.txt"}) {
    testing::WriteFile(dir / name, std::string("Title: ") + "T\n\nBody.\n");
  }
  const ReadResult r = ReadAll({dir.path().string()});
  EXPECT_TRUE(r.rejections.empty());
  EXPECT_EQ(r.articles.size(), 4u);
  for (const char* id : {"a\\xFF.txt", "a\\xFE.txt", "a\xEF\xBF\xBD.txt", "a\\\\xFF.txt"}) {
    EXPECT_EQ(r.articles.count(id), 1u) << id;
    EXPECT_TRUE(IsValidUtf8(id));
  }
}

// The terms of `doc` with their wdf and positions.
std::map<std::string, std::pair<Xapian::termcount, std::vector<Xapian::termpos>>> Terms(const Xapian::Document& doc) {
  std::map<std::string, std::pair<Xapian::termcount, std::vector<Xapian::termpos>>> terms;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    terms[*t] = {t.get_wdf(), std::vector<Xapian::termpos>(t.positionlist_begin(), t.positionlist_end())};
  }
  return terms;
}

TEST(InputBoundsTest, LongTextsAreIndexedAPieceAtATimeAsTheyWouldBeWhole) {
  const AnalysisSettings settings = NewIndexSettings(false, "en");
  Analyzer analyzer(settings);
  std::string body;
  for (int i = 0; i < 3000; ++i) {
    body += "Harbour cranes moved " + std::to_string(i) + " ships.\n\xE6\x9D\xB1\xE4\xBA\xAC\xE9\x83\xBD\xE5\xBA\x81"
            "\xE3\x81\xAF\xE6\x96\xB0\xE3\x81\x97\xE3\x81\x84 caf\xC3\xA9 \xE6\x9D\xB1\xE4\xBA\xAC\n";
  }
  ASSERT_GT(body.size(), 3u * (64u << 10));
  // Every token of the whole, at its position, with nothing else.
  const std::vector<Token> whole = analyzer.Tokenize(body);
  Article a;
  a.id = "long";
  a.body = body;
  DocumentBuilder builder(settings);
  const auto terms = Terms(builder.Build(a).document);
  std::map<std::string, std::vector<Xapian::termpos>> expected;
  Xapian::termpos pos = 2 * 100;  // after the empty title's and caption's field gaps
  for (const Token& token : whole) expected[token.term].push_back(++pos);
  std::size_t positions = 0;
  for (const auto& [term, wdf_positions] : terms) positions += wdf_positions.second.size();
  EXPECT_EQ(positions, whole.size());
  for (const auto& [term, at] : expected) EXPECT_EQ(terms.at(term).second, at) << term;
  std::map<std::string, Xapian::termcount> bigrams;
  for (const std::string& b : IdeographBigrams(whole)) ++bigrams[schema::PrefixedTerm(schema::kCjkBigram, b)];
  for (const auto& [term, count] : bigrams) EXPECT_EQ(terms.at(term).first, count) << term;

  // One line of ideographs with nowhere to cut: every adjacent pair still
  // gives its bigram once.
  Article han;
  han.id = "han";
  for (int i = 0; i < 100000; ++i) han.body += (i % 2 ? "\xE6\x9D\xB1" : "\xE4\xBA\xAC");  // 東京東京…
  const auto han_terms = Terms(builder.Build(han).document);
  EXPECT_EQ(han_terms.at(schema::PrefixedTerm(schema::kCjkBigram, "\xE4\xBA\xAC\xE6\x9D\xB1")).first, 50000u);
  EXPECT_EQ(han_terms.at(schema::PrefixedTerm(schema::kCjkBigram, "\xE6\x9D\xB1\xE4\xBA\xAC")).first, 49999u);
}

TEST(InputBoundsTest, AnArticleOfTooManyDistinctTermsIsRefusedAndCountsNoSpelling) {
  const AnalysisSettings settings = NewIndexSettings(false, "en");
  Article a;
  a.id = "words";
  // Distinct words, as a dictionary or random data has them: each gives a
  // word and a stem term.
  for (int i = 0; i < 130000; ++i) {
    std::string word;
    for (int n = i + 1; n > 0; n /= 26) word += static_cast<char>('a' + n % 26);
    a.body += "q" + word + " ";
  }
  DocumentBuilder builder(settings, SpellingCollection::kSummed);
  try {
    builder.Build(a);
    FAIL() << "built";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()).find("article has over 250000 distinct terms"), 0u) << e.what();
  }
  EXPECT_EQ(builder.SpellingWords(), 0u);
  Article fine;
  fine.id = "fine";
  fine.body = "harbour cranes";
  builder.Build(fine);
  EXPECT_EQ(builder.TakeSpelling().size(), 2u);
}

TEST(InputBoundsTest, TheDefaultArticleLimitIsEnforcedAndReportedWithFileAndSize) {
  testing::TempDir dir;
  const std::size_t limit = ReaderOptions().max_article_bytes;
  EXPECT_EQ(limit, kDefaultMaxArticleBytes);
  testing::WriteFile(dir / "big.txt", std::string(limit + 1, 'a'));
  const ReadResult r = ReadAll({dir / "big.txt"});
  EXPECT_EQ(r.rejections.at(dir / "big.txt"), "article is " + std::to_string(limit + 1) +
                                                   " bytes, over --max-article-bytes (" + std::to_string(limit) + ")");
}

}  // namespace
}  // namespace kiji
