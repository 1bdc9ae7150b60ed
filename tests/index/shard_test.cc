// Sharded indexes and indexes with deleted articles: docids, filters,
// sorting, facets and phrases over them, and how the searcher opens them.
#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>
#include <atomic>
#include <set>
#include <thread>
#include <string>
#include <vector>

#include "common/search/index_searcher.h"
#include "common/index/index_writer.h"
#include "common/index/indexing_pipeline.h"
#include "common/index/parallel_build.h"
#include "common/index/schema.h"
#include "common/index/shard_batch.h"
#include "common/index/shard_layout.h"
#include "common/index/index_settings.h"
#include "tests/test_support.h"

namespace kiji {
namespace {

class NullReporter : public IndexingReporter {
 public:
  void Rejected(const std::string&, const std::string&) override {}
  void Warning(const std::string&, const std::string&) override {}
  void Progress(const IndexingProgress&) override {}
};

constexpr const char* kReuters = "corpora/reuters21578.jsonl.gz";

class ShardTest : public ::testing::Test {
 protected:
  void Build(const std::string& input, const std::string& name, unsigned shards, std::uint64_t part_articles = 0) {
    BuildOptions options;
    options.workers = 2;
    options.shards = shards;
    options.part_articles = part_articles;
    BuildIndexInParallel({input}, dir_ / name, NewIndexSettings(false, "en"), options, reporter_);
  }

  // Removes every `nth` article of `input` from the index at `db`, as
  // --prune does when they are gone from the file.
  void RemoveEvery(unsigned nth, const std::string& input, const std::string& db) {
    IndexWriter writer(db, NewIndexSettings(false, "en"), false);
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
  // An incremental run adds new articles after each shard's last and
  // replaces changed ones in place.
  std::string later = Articles(400).substr(Articles(280).size());
  later += "{\"id\":\"n7\",\"title\":\"t\",\"body\":\"changed\",\"date\":\"2020-01-02\"}\n";
  testing::WriteFile(dir_ / "later.jsonl", later);
  {
    IndexWriter writer(dir_ / "parts", NewIndexSettings(false, "en"), false);
    RunIndexing({dir_ / "later.jsonl"}, writer, PipelineOptions(), reporter_);
  }
  EXPECT_EQ(Xapian::Database(dir_ / "parts").get_doccount(), 400u);
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
  // Which copy stands for a story depends on docid order among equal
  // scores; stories are compared below.
  options.collapse = false;
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
    options.collapse = false;  // every article, copies too
    for (const SortOrder sort : {SortOrder::kRelevance, SortOrder::kDateDescending}) {
      options.sort = sort;
      for (const std::string query : {"lang:en", "(date:1987) OR zinc"}) {
        const SearchResult result = searcher.Search("", query, options);
        EXPECT_EQ(result.hits.size(), searcher.size()) << shards << " shards: " << query;
      }
    }
  }
}


TEST_F(ShardTest, AnIndexNamedSeveralWaysIsSearchedOnce) {
  testing::WriteFile(dir_ / "in.jsonl", Articles(300));
  Build(dir_ / "in.jsonl", "sharded", 2);
  const std::string db = dir_ / "sharded";
  std::filesystem::create_directory_symlink(db, dir_ / "link");
  IndexSearcher searcher({db, db + "/", db + "/./", dir_ / "link", db + "/shard-1", db + "/shard-0/"});
  EXPECT_EQ(searcher.size(), 300u);
  SearchOptions options;
  options.limit = 1000;
  options.snippets = false;
  const SearchResult result = searcher.Search("", "words", options);
  EXPECT_EQ(result.hits.size(), 300u) << "every article once";
  const std::multiset<std::string> ids = Ids(result);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 300u);
}

// A writer commits 40 batches of 25 articles into 3 shards while a reader
// opens and reopens the index: every total it sees is a batch boundary.
TEST_F(ShardTest, SearchersSeeOnlyWholeBatchesOfAShardedUpdate) {
  testing::WriteFile(dir_ / "first.jsonl", Articles(25));
  Build(dir_ / "first.jsonl", "sharded", 3);
  std::string more;
  for (int i = 0; i < 1000; ++i) {
    more += "{\"id\":\"m" + std::to_string(i) + "\",\"title\":\"t\",\"body\":\"more words " + std::to_string(i) + "\"}\n";
  }
  testing::WriteFile(dir_ / "more.jsonl", more);
  std::atomic<bool> done{false};
  std::thread writer_thread([&] {
    IndexWriter writer(dir_ / "sharded", NewIndexSettings(false, "en"), false);
    PipelineOptions options;
    options.commit_every = 25;
    RunIndexing({dir_ / "more.jsonl"}, writer, options, reporter_);
    done = true;
  });
  std::vector<Xapian::doccount> torn;
  int observations = 0;
  try {
    IndexSearcher kept(dir_ / "sharded");
    while (!done.load()) {
      IndexSearcher fresh(dir_ / "sharded");
      kept.Reopen();
      for (const Xapian::doccount total : {fresh.size(), kept.size()}) {
        ++observations;
        if (total % 25 != 0) torn.push_back(total);
      }
    }
  } catch (const IndexError& e) {
    ADD_FAILURE() << e.what();
  } catch (const Xapian::Error& e) {
    ADD_FAILURE() << e.get_description();
  }
  writer_thread.join();
  EXPECT_GT(observations, 2);
  EXPECT_TRUE(torn.empty()) << torn.size() << " of " << observations << " totals were inside a batch, e.g. "
                            << torn.front();
  EXPECT_EQ(IndexSearcher(dir_ / "sharded").size(), 1025u);
}

// What a crash between the shards' commits leaves: shard 1 holds a batch
// that shard 0 (the ledger, committed last) does not.
TEST_F(ShardTest, AnInterruptedShardedUpdateIsRefusedToSearchersAndCompletedByTheNextRun) {
  testing::WriteFile(dir_ / "in.jsonl", Articles(100));
  Build(dir_ / "in.jsonl", "sharded", 2);
  const std::string db = dir_ / "sharded";
  {
    Xapian::WritableDatabase shard(db + "/shard-1", Xapian::DB_OPEN);
    BatchStamp stamp = ReadBatchStamp(shard);
    ++stamp.batch;
    Xapian::Document doc;
    doc.add_boolean_term(schema::IdTerm("half"));
    shard.add_document(doc);
    WriteBatchStamp(shard, stamp);
    shard.commit();
  }
  try {
    IndexSearcher searcher(db);
    FAIL() << "a half-committed batch was searched";
  } catch (const IndexError& e) {
    EXPECT_NE(std::string(e.what()).find("an update was interrupted; run the indexer on the index again"),
              std::string::npos)
        << e.what();
  }
  {
    IndexWriter writer(db, NewIndexSettings(false, "en"), false);
    EXPECT_NE(writer.interrupted_update().find("shard-0 at batch 1, " + db + "/shard-1 at batch 2"), std::string::npos)
        << writer.interrupted_update();
    writer.Commit();
    EXPECT_TRUE(writer.interrupted_update().empty());
  }
  EXPECT_EQ(IndexSearcher(db).size(), 101u);
}

}  // namespace
}  // namespace kiji
