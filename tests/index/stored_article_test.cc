// The article as the index stores it (stored_article.h): the stored text,
// its compression, and the summary a result list shows.
#include "common/index/stored_article.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace kiji {
namespace {

TEST(StoredArticleTest, FieldsAndBodySurviveAndOldIndexesStillRead) {
  Article a;
  a.id = "x1";
  a.title = "Title with \"quotes\"\nand a newline";
  a.body = "First line.\n\nSecond {\"json\": looking} line\twith tab. 東京";
  a.tags = {"topic:oil", "place:japan"};
  a.date = "2024-01-02";
  const std::string data = EncodeStoredArticle(a, "en");
  EXPECT_EQ(data.substr(data.find('\n') + 1), a.body) << "the body is stored as it is, after the header";
  const Article back = DecodeStoredArticle(data);
  EXPECT_EQ(back.title, a.title);
  EXPECT_EQ(back.body, a.body);
  EXPECT_EQ(back.tags, a.tags);
  EXPECT_EQ(back.language, "en");
  const Article old = DecodeStoredArticle(R"({"id":"o","title":"Old","body":"old body\nline","lang":"de"})");
  EXPECT_EQ(old.title, "Old");
  EXPECT_EQ(old.body, "old body\nline");
  EXPECT_EQ(old.language, "de");
  EXPECT_TRUE(DecodeStoredArticle("not json").title.empty());
  EXPECT_EQ(StoredBody(data), a.body);
  EXPECT_EQ(StoredBody(R"({"id":"o","body":"old body\nline"})"), "old body\nline");
}

TEST(StoredArticleTest, CompressedArticlesComeBackByteForByteAndDamageIsRefused) {
  StoredArticleCompressor compressor;
  std::string large;
  for (int i = 0; i < 20000; ++i) large += "Oil prices rose " + std::to_string(i) + " cents. 東京 ";
  std::vector<std::string> packed;
  // One compressor for all, as a worker uses it: its context carries
  // nothing from one article into the next.
  for (const std::string& text : {std::string(), std::string("x"), std::string("header\nbody\0 with NUL", 22), large}) {
    packed.push_back(compressor.Compress(text));
    const std::optional<std::string> back = DecompressStoredArticle(packed.back());
    ASSERT_TRUE(back.has_value()) << text.size() << " bytes";
    EXPECT_EQ(*back, text);
  }
  EXPECT_LT(packed.back().size(), large.size() / 4) << "repetitive text compresses";
  const std::string& frame = packed.back();
  EXPECT_FALSE(DecompressStoredArticle(frame.substr(0, frame.size() / 2))) << "truncated";
  EXPECT_FALSE(DecompressStoredArticle("")) << "empty";
  EXPECT_FALSE(DecompressStoredArticle("{\"id\":\"o\"}\nplain body")) << "not a zstd frame";
  std::string flipped = frame;
  flipped[flipped.size() / 2] ^= 0x5a;
  EXPECT_FALSE(DecompressStoredArticle(flipped)) << "a changed byte fails the frame's checksum";
}

TEST(StoredArticleTest, SummariesRoundTripAndAnythingElseIsRefused) {
  Article a;
  a.id = "id-1";
  a.title = std::string(300, 't') + " 東京 \x01\n";  // long enough for a two-byte length
  a.date = "2024-01-02";
  a.source = "";
  a.url = "https://example.com/a?b=c";
  const std::string value = EncodeArticleSummary(a, "ja");
  ArticleSummary s;
  ASSERT_TRUE(DecodeArticleSummary(value, s));
  EXPECT_EQ(s.id, a.id);
  EXPECT_EQ(s.title, a.title);
  EXPECT_EQ(s.date, a.date);
  EXPECT_EQ(s.source, "");
  EXPECT_EQ(s.url, a.url);
  EXPECT_EQ(s.language, "ja");
  EXPECT_FALSE(DecodeArticleSummary("", s)) << "no summary: indexed before they were stored";
  EXPECT_FALSE(DecodeArticleSummary(value.substr(0, value.size() - 1), s)) << "truncated";
  EXPECT_FALSE(DecodeArticleSummary(value + "x", s)) << "trailing bytes";
  EXPECT_FALSE(DecodeArticleSummary("\x02" + value.substr(1), s)) << "another version";
  EXPECT_FALSE(DecodeArticleSummary(std::string("\x01\xff\xff\xff\xff\xff\x01", 7), s)) << "absurd length";
}

}  // namespace
}  // namespace kiji
