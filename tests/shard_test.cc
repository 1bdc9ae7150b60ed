// Sharded indexes and indexes with deleted articles: docids, filters,
// sorting, facets and phrases over them, and how the searcher opens them.
#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "common/index_searcher.h"
#include "common/index_writer.h"
#include "common/indexing_pipeline.h"
#include "common/parallel_build.h"
#include "common/schema.h"
#include "common/shard_layout.h"
#include "tests/test_support.h"

namespace kiji {
namespace {

class NullReporter : public IndexingReporter {
 public:
  void Rejected(const std::string&, const std::string&) override {}
  void Warning(const std::string&, const std::string&) override {}
  void Progress(const IndexingStats&) override {}
};

constexpr const char* kReuters = "corpora/reuters21578.jsonl.gz";

class ShardTest : public ::testing::Test {
 protected:
  void Build(const std::string& input, const std::string& name, unsigned shards, std::uint64_t part_articles = 0) {
    BuildOptions options;
    options.workers = 2;
    options.shards = shards;
    options.part_articles = part_articles;
    BuildIndexInParallel({input}, dir_ / name, AnalysisSettings::ForNewIndex(false, "en"), options, reporter_);
  }

  // Removes every `nth` article of `input` from the index at `db`, as
  // --prune does when they are gone from the file.
  void RemoveEvery(unsigned nth, const std::string& input, const std::string& db) {
    IndexWriter writer(db, AnalysisSettings::ForNewIndex(false, "en"), false);
    const std::string path = std::filesystem::absolute(input).string();
    std::set<std::string> keep;
    const Xapian::Database all = writer.OpenCommitted();
    for (auto it = all.postlist_begin(""); it != all.postlist_end(""); ++it) {
      if (*it % nth != 0) keep.insert(all.get_document(*it).get_value(schema::kIdSlot));
    }
    ASSERT_GT(writer.RemoveArticlesFrom(path, keep), 0u);
    writer.Commit();
  }

  // The ids found, in no particular order (ties rank by docid, which
  // differs between a single index and shards).
  static std::multiset<std::string> Ids(const SearchResult& result) {
    std::multiset<std::string> ids;
    for (const Hit& hit : result.hits) ids.insert(hit.id);
    return ids;
  }

  testing::TempDir dir_;
  NullReporter reporter_;
};

std::string Articles(int n) {
  std::string lines;
  for (int i = 0; i < n; ++i) {
    lines += "{\"id\":\"n" + std::to_string(i) + "\",\"title\":\"t\",\"body\":\"words of article " +
             std::to_string(i) + "\",\"date\":\"2020-01-02\"}\n";
  }
  return lines;
}

TEST_F(ShardTest, ShardsOfABulkBuildNumberTheirArticlesDensely) {
  testing::WriteFile(dir_ / "in.jsonl", Articles(300));
  Build(dir_ / "in.jsonl", "one-part", 3);
  Build(dir_ / "in.jsonl", "parts", 3, 7);  // each shard written in several parts
  for (const std::string name : {"one-part", "parts"}) {
    for (const std::string& shard : ShardPaths(dir_ / name)) {
      const Xapian::Database db(shard);
      EXPECT_GT(db.get_doccount(), 50u);
      EXPECT_EQ(db.get_lastdocid(), db.get_doccount()) << shard << ": docids 1..N, no gaps";
    }
  }
}

// Every shard of a Reuters build holds only English articles of 1987, so
// lang:en and date:1987 index every document of each shard: the case that
// Xapian 1.4 reads through its all-documents shortcut.
TEST_F(ShardTest, FiltersSortingFacetsAndPhrasesWorkOnShardedBuildsOfThousandsOfArticles) {
  KIJI_REQUIRE_SHARED(kReuters);
  testing::WriteFile(dir_ / "r.jsonl", testing::ReadLines(testing::SharedDir() + "/" + kReuters, 3000));
  Build(dir_ / "r.jsonl", "single", 1);
  Build(dir_ / "r.jsonl", "sharded", 2);
  IndexSearcher single(dir_ / "single"), sharded(dir_ / "sharded");
  SearchOptions options;
  options.limit = 3000;
  options.exact_total = true;
  options.snippets = false;
  options.details = false;
  for (const SortOrder sort : {SortOrder::kRelevance, SortOrder::kDateAscending}) {
    options.sort = sort;
    for (const std::string query : {"lang:en", "date:1987", "(lang:en) OR zinc",
                                    "\"crude oil\"", "-cocoa"}) {
      const SearchResult expected = single.Search("", query, options);
      const SearchResult got = sharded.Search("", query, options);
      EXPECT_GT(expected.hits.size(), 10u) << query;
      EXPECT_EQ(got.total, expected.total) << query;
      EXPECT_EQ(Ids(got), Ids(expected)) << query;
    }
  }
  options.facets = true;
  options.limit = 10;
  const SearchResult faceted = sharded.Search("", "lang:en", options);
  ASSERT_FALSE(faceted.facets.empty());
  EXPECT_EQ(faceted.facets.front().counts.empty(), false);
  // Any Xapian client opening the shards' stub, as python-xapian would.
  Xapian::Enquire plain{Xapian::Database(dir_ / "sharded")};
  plain.set_query(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query("Len"), 0));
  EXPECT_EQ(plain.get_mset(0, 10, 3000).get_matches_estimated(), 3000u);
}

TEST_F(ShardTest, FiltersWorkWhenDeletedArticlesLeaveGapsInDocids) {
  KIJI_REQUIRE_SHARED(kReuters);
  testing::WriteFile(dir_ / "r.jsonl", testing::ReadLines(testing::SharedDir() + "/" + kReuters, 3000));
  for (const unsigned shards : {1u, 2u}) {
    const std::string db = dir_ / ("index-" + std::to_string(shards));
    Build(dir_ / "r.jsonl", "index-" + std::to_string(shards), shards);
    RemoveEvery(10, dir_ / "r.jsonl", db);
    IndexSearcher searcher(db);
    SearchOptions options;
    options.limit = 3000;
    options.snippets = false;
    options.details = false;
    options.facets = true;
    for (const SortOrder sort : {SortOrder::kRelevance, SortOrder::kDateDescending}) {
      options.sort = sort;
      for (const std::string query : {"lang:en", "(date:1987) OR zinc"}) {
        const SearchResult result = searcher.Search("", query, options);
        EXPECT_EQ(result.hits.size(), searcher.size()) << shards << " shards: " << query;
      }
    }
  }
}

}  // namespace
}  // namespace kiji
