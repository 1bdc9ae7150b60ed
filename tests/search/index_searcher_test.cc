// An open IndexSearcher (index_searcher.h) picking up what changed under it.
#include "common/search/index_searcher.h"

#include <gtest/gtest.h>

#include <string>

#include "common/index/document_builder.h"
#include "common/index/index_settings.h"
#include "common/index/index_writer.h"
#include "tests/test_support.h"

namespace kiji {
namespace {

Xapian::doccount Total(IndexSearcher& searcher, const std::string& query) {
  SearchOptions options;
  options.exact_total = true;
  options.suggest = false;
  return searcher.Search("q", query, options).total;
}

TEST(IndexSwapTest, OpenSearcherSeesAnIndexSwappedInByARebuild) {
  testing::TempDir dir;
  testing::WriteHarbourIndex(dir / "index", 5);
  IndexSearcher searcher(dir / "index");
  EXPECT_EQ(Total(searcher, "harbour"), 5u);
  testing::WriteHarbourIndex(dir / "index.rebuild", 8);
  SwapInRebuiltIndex(dir / "index.rebuild", dir / "index");
  EXPECT_TRUE(searcher.Reopen());
  EXPECT_EQ(Total(searcher, "harbour"), 8u);
  EXPECT_EQ(searcher.size(), 8u);
  // A second rebuild is noticed as well.
  testing::WriteHarbourIndex(dir / "index.rebuild", 3);
  SwapInRebuiltIndex(dir / "index.rebuild", dir / "index");
  searcher.Reopen();
  EXPECT_EQ(Total(searcher, "harbour"), 3u);
}

TEST(IndexSwapTest, OpenSearcherSeesOrdinaryCommits) {
  testing::TempDir dir;
  testing::WriteHarbourIndex(dir / "index", 2);
  IndexSearcher searcher(dir / "index");
  {
    IndexWriter writer(dir / "index", NewIndexSettings(false, "en"), false);
    DocumentBuilder builder(writer.settings());
    Article a;
    a.id = "late";
    a.title = "Harbour late";
    a.body = "harbour";
    writer.Write(builder.Build(a));
    writer.Commit();
  }
  searcher.Reopen();
  EXPECT_EQ(Total(searcher, "harbour"), 3u);
}

TEST(ExplainTest, TheWeightsOfATermTypedTwiceAddUpToTheScore) {
  testing::TempDir dir;
  testing::WriteHarbourIndex(dir / "index", 5);
  IndexSearcher searcher(dir / "index");
  SearchOptions options;
  options.explain = true;
  options.suggest = false;
  for (const char* query : {"harbour harbour", "harbour cranes harbour"}) {
    const SearchResult r = searcher.Search("q", query, options);
    ASSERT_FALSE(r.hits.empty()) << query;
    for (const Hit& hit : r.hits) {
      double sum = 0;
      for (const TermWeight& w : hit.explanation) sum += w.weight;
      EXPECT_NEAR(sum, hit.score, 1e-9) << query;
    }
  }
}

}  // namespace
}  // namespace kiji
