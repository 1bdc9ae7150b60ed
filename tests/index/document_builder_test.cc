// Turning an article into a Xapian document (document_builder.h): the
// spelling counts it gives, per document or summed over many.
#include "common/index/document_builder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "common/index/index_settings.h"
#include "tests/test_support.h"

namespace kiji {
namespace {

using testing::MakeArticle;

TEST(DocumentBuilderTest, SpellingCountsReadBackFromADocumentAreTheOnesBuildGave) {
  DocumentBuilder builder(NewIndexSettings(false, "en"));
  Article a = MakeArticle("x", "Zeppelin zeppelin über Köln, 1909", "The zeppelin Z-4 flew in 1909 over Köln.");
  a.caption = "A zeppelin over the Rhine";
  a.dateline = "COLOGNE";
  a.source = "Reuters";
  a.tags = {"Airships"};
  const BuiltDocument built = builder.Build(a);
  SpellingCounts expected;
  for (const auto& [word, count] : built.spelling) expected[word] += count;
  ASSERT_EQ(expected.at("zeppelin"), 4u);
  SpellingCounts got = SpellingCountsOf(built.document);
  for (const std::string number : {"1909", "4"}) got.erase(number);  // numbers come back, never added
  EXPECT_EQ(got, expected);
}

// Letters only ("aab", "aac", ...): a distinct spelling word for each n.
std::string LetterWord(int n) {
  std::string word = "w";
  for (; n > 0; n /= 26) word += static_cast<char>('a' + n % 26);
  return word;
}

TEST(DocumentBuilderTest, SummedSpellingCountsAreThoseOfEveryDocument) {
  const AnalysisSettings settings = NewIndexSettings(false, "en");
  DocumentBuilder per_document(settings), summed(settings, SpellingCollection::kSummed);
  SpellingCounts expected;
  // 700 articles of 100 words, 60,000 distinct: the stem cache (50,000
  // words) is cleared on the way, and its counts must survive that.
  for (int i = 0; i < 700; ++i) {
    std::string body;
    for (int j = 0; j < 100; ++j) body += LetterWord((i * 100 + j) % 60000) + " ";
    const Article a = MakeArticle("a" + std::to_string(i), "Common title words", body + "the end");
    for (const auto& [word, count] : per_document.Build(a).spelling) expected[word] += count;
    EXPECT_TRUE(summed.Build(a).spelling.empty());
  }
  EXPECT_GE(summed.SpellingWords(), 60000u);
  Article refused = MakeArticle(std::string(300, 'x'), "Refused title", "refused words");
  EXPECT_THROW(summed.Build(refused), std::invalid_argument);
  const SpellingCounts taken = summed.TakeSpelling();
  EXPECT_EQ(taken.size(), expected.size());
  EXPECT_EQ(taken, expected);
  EXPECT_EQ(taken.count("refused"), 0u) << "a refused article counts no words";
  EXPECT_EQ(taken.at("common"), 700u);
  EXPECT_EQ(summed.SpellingWords(), 0u);
  EXPECT_TRUE(summed.TakeSpelling().empty()) << "taken counts are not taken again";
  summed.Build(MakeArticle("b", "Common", "common"));
  EXPECT_EQ(summed.TakeSpelling(), (SpellingCounts{{"common", 2}}));
  // Stems come from the cache: after it was cleared, a builder still
  // writes what a fresh one writes.
  const Article c = MakeArticle("c", "Flying airships", LetterWord(59999) + " walking walked " + LetterWord(7));
  const auto terms = [](const Xapian::Document& doc) {
    std::vector<std::pair<std::string, Xapian::termcount>> out;
    for (Xapian::TermIterator t = doc.termlist_begin(); t != doc.termlist_end(); ++t) out.emplace_back(*t, t.get_wdf());
    return out;
  };
  const auto expected_terms = terms(DocumentBuilder(settings).Build(c).document);
  EXPECT_NE(std::find(expected_terms.begin(), expected_terms.end(), std::make_pair(std::string("Zwalk"), 2u)),
            expected_terms.end());
  EXPECT_NE(std::find(expected_terms.begin(), expected_terms.end(), std::make_pair(std::string("ZSairship"), 1u)),
            expected_terms.end());
  EXPECT_EQ(terms(summed.Build(c).document), expected_terms);
  EXPECT_EQ(terms(per_document.Build(c).document), expected_terms);
}

}  // namespace
}  // namespace kiji
