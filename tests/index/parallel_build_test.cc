// The bulk builder (parallel_build.h), and the incremental runs it must
// agree with.
#include "common/index/parallel_build.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <sstream>
#include <thread>

#include "common/index/index_writer.h"
#include "common/index/indexing_pipeline.h"
#include "common/index/schema.h"
#include "common/index/shard_layout.h"
#include "common/index/index_settings.h"
#include "tests/test_support.h"

namespace kiji {
namespace {

class QuietReporter : public IndexingReporter {
 public:
  void Rejected(const std::string& location, const std::string& reason) override {
    rejected.push_back(location + ": " + reason);
  }
  void Warning(const std::string&, const std::string&) override {}
  void Progress(const IndexingProgress& progress) override {
    if (stop_after && progress.read >= stop_after) stop->store(true);
  }
  std::vector<std::string> rejected;
  std::uint64_t stop_after = 0;
  std::atomic<bool>* stop = nullptr;
};

std::string Line(const std::string& id, const std::string& body) {
  return "{\"id\":\"" + id + "\",\"title\":\"title " + id + "\",\"body\":\"" + body + "\"}\n";
}

// 60 articles a00..a59; a10 comes again later with new text, a20 again
// unchanged.
std::string Corpus() {
  std::string lines;
  for (int i = 0; i < 60; ++i) {
    char id[8];
    std::snprintf(id, sizeof id, "a%02d", i);
    lines += Line(id, std::string("common words and number ") + id);
    if (i == 30) lines += Line("a10", "rewritten zeppelin text");
    if (i == 40) lines += Line("a20", "common words and number a20");
  }
  return lines;
}

std::vector<std::string> IdsInDocidOrder(const Xapian::Database& db) {
  std::vector<std::string> ids;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    ids.push_back(db.get_document(*it).get_value(schema::kIdSlot));
  }
  return ids;
}

class ParallelBuildTest : public ::testing::Test {
 protected:
  ParallelBuildTest() { testing::WriteFile(dir_ / "in.jsonl", Corpus()); }

  IndexingStats Build(const std::string& name, unsigned workers, unsigned shards, std::uint64_t batch_articles,
                      const std::atomic<bool>* stop = nullptr, std::uint64_t part_articles = 0) {
    BuildOptions options;
    options.workers = workers;
    options.shards = shards;
    options.batch_articles = batch_articles;
    options.part_articles = part_articles;
    return BuildIndexInParallel({dir_ / "in.jsonl"}, dir_ / name, NewIndexSettings(false, "en"), options,
                                reporter_, stop);
  }

  testing::TempDir dir_;
  QuietReporter reporter_;
};

TEST_F(ParallelBuildTest, ArticlesKeepTheirInputOrderWhateverTheWorkersAndParts) {
  const IndexingStats one = Build("one", 1, 1, 1000);
  const IndexingStats many = Build("many", 3, 1, 7, nullptr, 10);
  const IndexingStats batches = Build("batches", 2, 1, 3, nullptr, 17);
  for (const IndexingStats& stats : {one, many, batches}) {
    EXPECT_EQ(stats.added, 60u);
    EXPECT_EQ(stats.updated, 1u);
    EXPECT_EQ(stats.unchanged, 1u);
  }
  const Xapian::Database a(dir_ / "one"), b(dir_ / "many"), c(dir_ / "batches");
  EXPECT_EQ(a.get_doccount(), 60u);
  const std::vector<std::string> order = IdsInDocidOrder(b);
  EXPECT_EQ(IdsInDocidOrder(a), order);
  EXPECT_EQ(IdsInDocidOrder(c), order);
  EXPECT_EQ(c.get_termfreq("number"), 59u);
  ASSERT_EQ(order.size(), 60u);
  EXPECT_EQ(order.front(), "a00");
  EXPECT_EQ(order[29], "a30");
  EXPECT_EQ(order[30], "a10") << "the later copy of a10 replaced the first, in its place in the input";
  EXPECT_EQ(b.get_termfreq("zeppelin"), 1u);
  EXPECT_EQ(b.get_termfreq("Qa10"), 1u);
  EXPECT_EQ(b.get_termfreq("number"), 59u) << "the first copy of a10 is gone";
}

// Every field an article can carry, in several scripts, some empty.
std::string RichCorpus(int articles = 40) {
  std::string lines;
  for (int i = 0; i < articles; ++i) {
    const std::string n = std::to_string(i);
    lines += "{\"id\":\"r" + n + "\",\"title\":\"Zeppelin " + n + " über Köln\",\"body\":\"Body " + n +
             " with \\\"quotes\\\", a tab\\there and 東京の記事 and العربية.\",\"date\":\"2024-0" +
             std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10) + "\",\"source\":\"" +
             (i % 3 ? "Reuters" : "") + "\",\"url\":\"https://example.com/" + n + "\",\"language\":\"" +
             (i % 4 ? "en" : "de") + "\",\"caption\":\"caption " + n + "\",\"dateline\":\"" +
             (i % 2 ? "TOKYO" : "") + "\",\"tags\":[" + (i % 5 ? "\"Markets\",\"日本\"" : "") + "]}\n";
  }
  return lines;
}

std::vector<std::string> TermsWithPositions(const Xapian::Document& doc) {
  std::vector<std::string> terms;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    std::string term = *t + " wdf " + std::to_string(t.get_wdf());
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) term += " " + std::to_string(*p);
    terms.push_back(std::move(term));
  }
  return terms;
}

// Docid by docid, the same data, values, terms, wdf and positions.
void ExpectSameDocuments(const Xapian::Database& bulk, const Xapian::Database& incremental,
                         Xapian::doccount articles) {
  ASSERT_EQ(bulk.get_doccount(), articles);
  ASSERT_EQ(incremental.get_doccount(), articles);
  for (Xapian::docid did = 1; did <= articles; ++did) {
    const Xapian::Document a = bulk.get_document(did), b = incremental.get_document(did);
    EXPECT_EQ(a.get_data(), b.get_data()) << "docid " << did;
    ASSERT_EQ(a.values_count(), b.values_count()) << "docid " << did;
    for (auto va = a.values_begin(), vb = b.values_begin(); va != a.values_end(); ++va, ++vb) {
      EXPECT_EQ(va.get_valueno(), vb.get_valueno());
      EXPECT_EQ(*va, *vb) << "docid " << did << " slot " << va.get_valueno();
    }
    EXPECT_EQ(TermsWithPositions(a), TermsWithPositions(b)) << "docid " << did;
  }
}


TEST_F(ParallelBuildTest, ABulkBuildWritesTheDocumentsAnIncrementalRunWrites) {
  testing::WriteFile(dir_ / "rich.jsonl", RichCorpus());
  BuildOptions options;
  options.workers = 2;
  options.batch_articles = 3;  // many blocks and parts through the workers' spools
  options.part_articles = 7;
  BuildIndexInParallel({dir_ / "rich.jsonl"}, dir_ / "bulk", NewIndexSettings(false, "en"), options,
                       reporter_);
  {
    IndexWriter writer(dir_ / "incremental", NewIndexSettings(false, "en"), false);
    RunIndexing({dir_ / "rich.jsonl"}, writer, PipelineOptions(), reporter_);
  }
  ExpectSameDocuments(Xapian::Database(dir_ / "bulk"), Xapian::Database(dir_ / "incremental"), 40);
  // The workers' counts of the same word are summed into one part, and
  // words are spread over the workers' parts: the same dictionary.
  const std::vector<std::string> words = testing::SpellingDictionary(Xapian::Database(dir_ / "incremental"));
  EXPECT_EQ(testing::SpellingDictionary(Xapian::Database(dir_ / "bulk")), words);
  EXPECT_NE(std::find(words.begin(), words.end(), "zeppelin 40"), words.end());
  EXPECT_EQ(Xapian::Database(dir_ / "bulk").get_spelling_suggestion("zepelin"), "zeppelin");
  EXPECT_TRUE(reporter_.rejected.empty());
  EXPECT_FALSE(std::filesystem::exists(dir_ / "bulk.parts")) << "spools and parts are removed";
}

TEST_F(ParallelBuildTest, SupersededCopiesLeaveNoSpellingCounts) {
  // r3 and r7 come again later with other words; r5 again unchanged.
  std::string corpus = RichCorpus();
  std::istringstream lines(corpus);
  std::vector<std::string> records;
  for (std::string line; std::getline(lines, line);) records.push_back(line + "\n");
  const std::string later_r3 = "{\"id\":\"r3\",\"title\":\"Airship hangar\",\"body\":\"An airship hangar.\"}\n";
  const std::string later_r7 = "{\"id\":\"r7\",\"title\":\"Zeppelin Zeppelin\",\"body\":\"Blimps.\"}\n";
  testing::WriteFile(dir_ / "dups.jsonl", corpus + later_r3 + records[5] + later_r7);
  std::string kept;  // what the index ends up holding
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (i != 3 && i != 7) kept += records[i];
  }
  testing::WriteFile(dir_ / "kept.jsonl", kept + later_r3 + later_r7);
  const auto settings = NewIndexSettings(false, "en");
  BuildOptions options;
  options.workers = 2;
  options.batch_articles = 3;
  options.part_articles = 7;
  BuildIndexInParallel({dir_ / "dups.jsonl"}, dir_ / "bulk", settings, options, reporter_);
  options.shards = 3;
  BuildIndexInParallel({dir_ / "dups.jsonl"}, dir_ / "sharded", settings, options, reporter_);
  {
    IndexWriter writer(dir_ / "incremental", settings, false);
    RunIndexing({dir_ / "dups.jsonl"}, writer, PipelineOptions(), reporter_);
    IndexWriter fresh(dir_ / "fresh", settings, false);
    RunIndexing({dir_ / "kept.jsonl"}, fresh, PipelineOptions(), reporter_);
  }
  const std::vector<std::string> words = testing::SpellingDictionary(Xapian::Database(dir_ / "fresh"));
  EXPECT_EQ(testing::SpellingDictionary(Xapian::Database(dir_ / "bulk")), words);
  EXPECT_EQ(testing::SpellingDictionary(Xapian::Database(dir_ / "sharded")), words);
  EXPECT_EQ(testing::SpellingDictionary(Xapian::Database(dir_ / "incremental")), words);
  // 38 titles of the corpus, and r7's two; r3's and r7's first copies had one each.
  EXPECT_NE(std::find(words.begin(), words.end(), "zeppelin 40"), words.end());
  EXPECT_NE(std::find(words.begin(), words.end(), "airship 2"), words.end());
  EXPECT_EQ(Xapian::Database(dir_ / "bulk").get_doccount(), 40u);
}

TEST_F(ParallelBuildTest, AnUpdateCommitsAfterABatchOfArticlesOrOfText) {
  // 30 articles of ~1 KB of text each.
  std::string lines;
  std::string body;
  for (int j = 0; j < 200; ++j) body += "word ";
  for (int i = 0; i < 30; ++i) {
    lines += "{\"id\":\"c" + std::to_string(i) + "\",\"title\":\"Title\",\"body\":\"" + body + "\"}\n";
  }
  testing::WriteFile(dir_ / "kb.jsonl", lines);
  const auto revisions = [&](const std::string& name, std::uint64_t articles, std::uint64_t bytes) {
    IndexWriter writer(dir_ / name, NewIndexSettings(false, "en"), false);
    const Xapian::rev before = Xapian::Database(dir_ / name).get_revision();
    PipelineOptions options;
    options.commit_every = articles;
    options.commit_bytes = bytes;
    EXPECT_EQ(RunIndexing({dir_ / "kb.jsonl"}, writer, options, reporter_).added, 30u);
    EXPECT_EQ(Xapian::Database(dir_ / name).get_doccount(), 30u);
    return Xapian::Database(dir_ / name).get_revision() - before;
  };
  const Xapian::rev one = revisions("one", 1000, 4u << 20);
  EXPECT_EQ(revisions("by_articles", 10, 4u << 20), one + 3) << "a commit after every 10 articles";
  EXPECT_EQ(revisions("by_text", 1000, 3000), one + 10) << "a commit after every 3 KB of text (3 articles)";
}

TEST_F(ParallelBuildTest, AnUpdateAnalysesWhatTheRunItselfChangedAgain) {
  // The index holds b1 = "final"; the run replaces it and then writes the
  // committed text back, which the read-ahead, seeing only committed
  // state, takes for unchanged.
  const std::string feed = dir_ / "feed.jsonl";
  testing::WriteFile(feed, Line("b1", "final zeppelin text") + Line("b2", "other words"));
  IndexWriter writer(dir_ / "ix", NewIndexSettings(false, "en"), false);
  EXPECT_EQ(RunIndexing({feed}, writer, PipelineOptions(), reporter_).added, 2u);
  testing::WriteFile(feed, Line("b1", "interim balloon text") + Line("b2", "other words") +
                               Line("b1", "final zeppelin text"));
  const IndexingStats stats = RunIndexing({feed}, writer, PipelineOptions(), reporter_);
  EXPECT_EQ(stats.updated, 2u);
  EXPECT_EQ(stats.unchanged, 1u);
  const Xapian::Database db(dir_ / "ix");
  EXPECT_EQ(db.get_doccount(), 2u);
  EXPECT_EQ(db.get_termfreq("zeppelin"), 1u) << "the last version of b1 is the one indexed";
  EXPECT_EQ(db.get_termfreq("balloon"), 0u);
  const std::vector<std::string> words = testing::SpellingDictionary(db);
  EXPECT_NE(std::find(words.begin(), words.end(), "zeppelin 1"), words.end());
  EXPECT_EQ(std::find(words.begin(), words.end(), "balloon 1"), words.end());
}

TEST_F(ParallelBuildTest, AnUpdateStoppedEarlyRecordsNoFileItDidNotFinish) {
  std::string lines;
  for (int i = 0; i < 500; ++i) lines += Line("s" + std::to_string(i), "words of article " + std::to_string(i));
  testing::WriteFile(dir_ / "many.jsonl", lines);
  std::atomic<bool> stop{false};
  reporter_.stop_after = 5;
  reporter_.stop = &stop;
  {
    IndexWriter writer(dir_ / "ix", NewIndexSettings(false, "en"), false);
    const IndexingStats stats = RunIndexing({dir_ / "many.jsonl"}, writer, PipelineOptions(), reporter_, &stop);
    EXPECT_EQ(stats.added, 5u) << "the read-ahead does not write what it read beyond the stop";
  }
  EXPECT_EQ(Xapian::Database(dir_ / "ix").get_doccount(), 5u);
  reporter_.stop_after = 0;
  IndexWriter writer(dir_ / "ix", NewIndexSettings(false, "en"), false);
  const IndexingStats rest = RunIndexing({dir_ / "many.jsonl"}, writer, PipelineOptions(), reporter_);
  EXPECT_EQ(rest.added, 495u) << "the unfinished file is read again";
  EXPECT_EQ(rest.unchanged, 5u);
}

TEST_F(ParallelBuildTest, AWorkerThatRunsOutTakesTheLaterHalfOfAnothersSpool) {
  testing::WriteFile(dir_ / "rich.jsonl", RichCorpus(200));
  BuildOptions options;
  options.workers = 2;
  options.batch_articles = 2;
  options.part_bytes = UINT64_MAX;  // one part: every block goes to the first worker's spool
  const BuildStats stats = BuildIndexInParallel({dir_ / "rich.jsonl"}, dir_ / "bulk",
                                                NewIndexSettings(false, "en"), options, reporter_);
  // The reader spools 100 blocks long before the first worker has written
  // them; the idle one then takes the later half, and so on as either runs
  // out, each taking a new part.
  ASSERT_EQ(stats.written_by_worker.size(), 2u);
  EXPECT_GT(stats.written_by_worker[1], 0u) << "the second worker took blocks from the first's spool";
  EXPECT_EQ(stats.written_by_worker[0] + stats.written_by_worker[1], 200u);
  EXPECT_GE(stats.parts, 2u);
  EXPECT_EQ(stats.added, 200u);
  {
    IndexWriter writer(dir_ / "incremental", NewIndexSettings(false, "en"), false);
    RunIndexing({dir_ / "rich.jsonl"}, writer, PipelineOptions(), reporter_);
  }
  ExpectSameDocuments(Xapian::Database(dir_ / "bulk"), Xapian::Database(dir_ / "incremental"), 200);
  EXPECT_EQ(testing::SpellingDictionary(Xapian::Database(dir_ / "bulk")),
            testing::SpellingDictionary(Xapian::Database(dir_ / "incremental")));
}

TEST_F(ParallelBuildTest, TheResultIsACompleteKijiIndexWithItsLedger) {
  Build("index", 2, 1, 5);
  IndexWriter writer(dir_ / "index", NewIndexSettings(false, "en"), true);
  const std::optional<SourceFile> file = writer.RecordedFile(std::filesystem::absolute(dir_ / "in.jsonl").string());
  ASSERT_TRUE(file.has_value()) << "the file is recorded, so the next run skips it";
  EXPECT_EQ(writer.ArticlesFrom(file->path), 60u);
  EXPECT_FALSE(Xapian::Database(dir_ / "index").get_spelling_suggestion("zepelin").empty());
  EXPECT_FALSE(std::filesystem::exists(dir_ / "index.parts")) << "the intermediate databases are removed";
}

TEST_F(ParallelBuildTest, ShardsHoldTheArticlesTheirIdsRouteThere) {
  Build("sharded", 2, 3, 4, nullptr, 6);  // each shard written in several parts
  Build("single", 1, 1, 1000);
  const std::vector<std::string> input_order = IdsInDocidOrder(Xapian::Database(dir_ / "single"));
  const std::vector<std::string> shards = ShardPaths(dir_ / "sharded");
  ASSERT_EQ(shards.size(), 3u);
  Xapian::doccount total = 0;
  for (unsigned i = 0; i < shards.size(); ++i) {
    const Xapian::Database shard(shards[i]);
    total += shard.get_doccount();
    std::vector<std::string> expected;
    for (const std::string& id : input_order) {
      if (ShardOf(schema::IdTerm(id), 3) == i) expected.push_back(id);
    }
    EXPECT_EQ(IdsInDocidOrder(shard), expected) << "shard " << i << " keeps the input order";
    EXPECT_TRUE(ReadIndexSettings(shard).has_value()) << "every shard carries the settings";
  }
  EXPECT_EQ(total, 60u);
  EXPECT_EQ(Xapian::Database(dir_ / "sharded").get_doccount(), 60u) << "the stub opens the shards as one";
}

TEST_F(ParallelBuildTest, AStopKeepsWhatWasWrittenAndTheNextRunReadsTheRest) {
  std::atomic<bool> stop{false};
  reporter_.stop = &stop;
  reporter_.stop_after = 25;
  const IndexingStats stats = Build("stopped", 2, 1, 4, &stop);
  // Workers finish the block they have and drop what the reader ran ahead:
  // at most what was read is indexed, and the summary says what was.
  // The 25th article is still in the reader's open block (batches of 4).
  EXPECT_LT(stats.articles(), 25u) << "what the workers had not been given is dropped";
  const std::string stopped = dir_ / "stopped";
  EXPECT_EQ(Xapian::Database(stopped).get_doccount(), stats.added + stats.updated);
  {
    IndexWriter writer(stopped, NewIndexSettings(false, "en"), true);
    EXPECT_FALSE(writer.RecordedFile(std::filesystem::absolute(dir_ / "in.jsonl").string()).has_value())
        << "the file was not wholly indexed, so the next run reads it again";
  }
  reporter_.stop = nullptr;
  reporter_.stop_after = 0;
  {
    IndexWriter writer(stopped, NewIndexSettings(false, "en"), false);
    RunIndexing({dir_ / "in.jsonl"}, writer, PipelineOptions(), reporter_);
  }
  const Xapian::Database db(stopped);
  EXPECT_EQ(db.get_doccount(), 60u) << "the next run converges to the corpus, nothing doubled";
  EXPECT_EQ(db.get_termfreq("Qa10"), 1u);
  EXPECT_EQ(db.get_termfreq("zeppelin"), 1u) << "the later copy of a10 won";
}

// Notes when the reader has read every article.
class ReadAllReporter : public QuietReporter {
 public:
  explicit ReadAllReporter(std::uint64_t articles) : articles_(articles) {}
  void Progress(const IndexingProgress& progress) override {
    if (progress.read >= articles_) all_read = true;
  }
  std::atomic<bool> all_read{false};

 private:
  const std::uint64_t articles_;
};

TEST_F(ParallelBuildTest, AStopAfterEverythingWasReadStillStopsTheWorkers) {
  testing::WriteFile(dir_ / "rich.jsonl", RichCorpus(4000));
  ReadAllReporter reporter(4000);
  std::atomic<bool> stop{false};
  BuildOptions options;
  options.workers = 2;
  options.batch_articles = 2;
  BuildStats stats;
  std::thread build([&] {
    stats = BuildIndexInParallel({dir_ / "rich.jsonl"}, dir_ / "stopped", NewIndexSettings(false, "en"),
                                 options, reporter, &stop);
  });
  // The whole corpus fits in the spools: the reader is done long before
  // the workers, which commit every 2 articles.
  while (!reporter.all_read) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  stop = true;
  build.join();
  EXPECT_LT(stats.added, 4000u) << "what the workers had not taken is dropped";
  EXPECT_EQ(stats.read, 4000u);
  EXPECT_DOUBLE_EQ(stats.ArticlesPerSecond(), static_cast<double>(stats.added) / stats.seconds)
      << "the summary's rate counts what was written, not what was read ahead";
  const std::string stopped = dir_ / "stopped";
  EXPECT_EQ(Xapian::Database(stopped).get_doccount(), stats.added);
  {
    IndexWriter writer(stopped, NewIndexSettings(false, "en"), false);
    EXPECT_FALSE(writer.RecordedFile(std::filesystem::absolute(dir_ / "rich.jsonl").string()).has_value())
        << "the file was not wholly indexed, so the next run reads it again";
    RunIndexing({dir_ / "rich.jsonl"}, writer, PipelineOptions(), reporter_);
  }
  EXPECT_EQ(Xapian::Database(stopped).get_doccount(), 4000u) << "the next run converges to the corpus";
}

}  // namespace
}  // namespace kiji
