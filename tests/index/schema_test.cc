// The index schema's rules for spelling terms (schema.h): Omega's prefix
// convention, the id term and its length limit, file terms.
#include "common/index/schema.h"

#include <gtest/gtest.h>

#include <string>

namespace kiji {
namespace {

TEST(SchemaTest, ALongPrefixIsKeptApartFromATermThatStartsUpperCase) {
  EXPECT_EQ(schema::PrefixedTerm(schema::kSource, "reuters"), "XSOURCEreuters");
  EXPECT_EQ(schema::PrefixedTerm(schema::kSource, "Reuters"), "XSOURCE:Reuters");
  EXPECT_EQ(schema::PrefixedTerm(schema::kTitle, "Troops"), "STroops") << "a one-letter prefix needs no ':'";
  EXPECT_EQ(schema::PrefixedTerm(schema::kSource, "東京"), "XSOURCE東京");
  EXPECT_EQ(schema::PrefixedTerm("", "word"), "word");
}

TEST(SchemaTest, StemmedTermsAreZThenTheFieldPrefixThenTheStem) {
  EXPECT_EQ(schema::StemmedTerm("", "troop"), "Ztroop");
  EXPECT_EQ(schema::StemmedTerm(schema::kTitle, "troop"), "ZStroop");
  EXPECT_EQ(schema::StemmedTerm(schema::kCaption, "rhine"), "ZXCAPTIONrhine");
  EXPECT_EQ(schema::StemmedTerm(schema::kCaption, "Rhine"), "ZXCAPTION:Rhine");
}

TEST(SchemaTest, IdTermsAreQThenTheIdAsItIs) {
  EXPECT_EQ(schema::IdTerm("a1"), "Qa1");
  EXPECT_EQ(schema::IdTerm("Reuters-1"), "QReuters-1") << "Q is one letter: no ':'";
  EXPECT_EQ(schema::IdTerm("news/2024/x.txt"), "Qnews/2024/x.txt");
}

TEST(SchemaTest, AnIdWhoseTermWouldPassTheTermLimitIsAProblem) {
  const std::size_t longest = schema::kMaxTermBytes - schema::kUniqueId.size();
  EXPECT_EQ(schema::kMaxTermBytes, 245u) << "Xapian's limit";
  EXPECT_EQ(schema::IdProblem("a1"), "");
  EXPECT_EQ(schema::IdProblem(std::string(longest, 'x')), "") << "exactly at the limit";
  EXPECT_EQ(schema::IdTerm(std::string(longest, 'x')).size(), schema::kMaxTermBytes);
  const std::string problem = schema::IdProblem(std::string(longest + 1, 'x'));
  EXPECT_EQ(problem, "article id is longer than 244 bytes");
  EXPECT_NE(schema::IdProblem(std::string(1000, 'x')), "");
  // Bytes, not characters: 82 characters of three bytes make a term of 247.
  std::string cjk;
  for (int i = 0; i < 82; ++i) cjk += "東";
  EXPECT_NE(schema::IdProblem(cjk), "");
}

TEST(SchemaTest, FileTermsAreShortStableAndDifferPerPath) {
  const std::string path = "/var/feeds/2024/reuters.jsonl";
  const std::string term = schema::FileTerm(path);
  EXPECT_EQ(term.rfind(schema::kFile, 0), 0u) << term;
  EXPECT_EQ(term.size(), schema::kFile.size() + 16) << "a 64-bit hash in hex";
  EXPECT_EQ(schema::FileTerm(path), term);
  EXPECT_NE(schema::FileTerm("/var/feeds/2024/afp.jsonl"), term);
  const std::string deep = "/" + std::string(4000, 'd') + "/feed.jsonl";
  EXPECT_LE(schema::FileTerm(deep).size(), schema::kMaxTermBytes) << "however long the path";
}

TEST(SchemaTest, TermsAreDescribedByTheirLongestKnownPrefix) {
  EXPECT_EQ(schema::DescribeTerm("troop"), "word");
  EXPECT_EQ(schema::DescribeTerm("Ztroop"), "stem");
  EXPECT_EQ(schema::DescribeTerm("Stroop"), "title");
  EXPECT_EQ(schema::DescribeTerm("ZStroop"), "title stem");
  EXPECT_EQ(schema::DescribeTerm("XCAPTIONrhine"), "caption");
  EXPECT_EQ(schema::DescribeTerm("ZXCAPTIONrhine"), "caption stem");
  EXPECT_EQ(schema::DescribeTerm("XSOURCEreuters"), "source");
  EXPECT_EQ(schema::DescribeTerm("XDATELINEtokyo"), "dateline");
  EXPECT_EQ(schema::DescribeTerm("XCJK東京"), "CJK bigram");
  EXPECT_EQ(schema::DescribeTerm("Qa1"), "id");
  EXPECT_EQ(schema::DescribeTerm("D20240102"), "date");
  EXPECT_EQ(schema::DescribeTerm(schema::PrefixedTerm(schema::kTag, "markets")), "tag");
}

TEST(SchemaTest, TermTextIsTheTermWithoutThePrefixItIsDescribedBy) {
  EXPECT_EQ(schema::TermText("Zbahia"), "bahia");
  EXPECT_EQ(schema::TermText("ZScocoa"), "cocoa");
  EXPECT_EQ(schema::TermText("XSOURCEreuters"), "reuters");
  EXPECT_EQ(schema::TermText("ZXCAPTIONbeach"), "beach");
  EXPECT_EQ(schema::TermText("kursk"), "kursk") << "a plain word has no prefix";
}

}  // namespace
}  // namespace kiji
