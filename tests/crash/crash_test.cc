// Crash safety: the indexer is killed with SIGKILL at random moments, many
// times; after every kill the index must open and hold only whole,
// unduplicated articles, and rerunning the same command must converge to
// exactly what a clean build produces (same ids, same terms per article).
// Rounds: KIJI_CRASH_ROUNDS (default 8; `make crash-test` runs 200).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <xapian.h>

#include "common/search/index_searcher.h"
#include "common/index/schema.h"
#include "tests/process.h"
#include "tests/test_support.h"

namespace kiji {
namespace {

// Runs the indexer with `args` to its end; its exit status.
int RunIndexer(const std::vector<std::string>& args, const testing::ProcessOptions& options = {}) {
  std::vector<std::string> argv = {KIJI_INDEXER};
  argv.insert(argv.end(), args.begin(), args.end());
  return testing::Process(argv, options).Wait();
}

// id -> every term of the article (positions aside).
std::map<std::string, std::set<std::string>> Contents(const std::string& path) {
  std::map<std::string, std::set<std::string>> out;
  Xapian::Database db(path);
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    const Xapian::Document doc = db.get_document(*it);
    const std::string id = doc.get_value(schema::kIdSlot);
    auto& terms = out[id];
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) terms.insert(*t);
  }
  return out;
}

// What must hold after any crash: the index opens, every article is whole
// (has its id, data and terms) and no id is there twice.
void ExpectConsistent(const std::string& path, int round) {
  Xapian::Database db(path);
  std::set<std::string> ids;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    const Xapian::Document doc = db.get_document(*it);
    const std::string id = doc.get_value(schema::kIdSlot);
    ASSERT_FALSE(id.empty()) << "round " << round;
    ASSERT_TRUE(ids.insert(id).second) << "round " << round << ": duplicate " << id;
    ASSERT_EQ(db.get_termfreq(schema::IdTerm(id)), 1u) << "round " << round << ": " << id;
    ASSERT_FALSE(doc.get_value(schema::kArticleSlot).empty()) << "round " << round;
    ASSERT_GT(doc.termlist_count(), 3u) << "round " << round;
  }
}

TEST(CrashTest, KilledIndexerLeavesAUsableIndexAndRerunsConverge) {
  KIJI_REQUIRE_SHARED("corpora/reuters21578.jsonl.gz");
  testing::TempDir dir;
  const std::string corpus = dir / "corpus";
  std::filesystem::create_directories(corpus + "/text");
  const std::string wire = testing::ReadLines(testing::SharedDir() + "/corpora/reuters21578.jsonl.gz", 3000);
  // Every round changes every article (the revised copy, then the original
  // again), so each run has a whole update to do and a kill lands inside it
  // however fast the machine; an unchanged corpus would be skipped in
  // milliseconds.
  std::string revised = wire;
  for (std::size_t at = 0; (at = revised.find("\"body\": \"", at)) != std::string::npos; at += 9) {
    revised.insert(at + 9, "Revised. ");
  }
  testing::WriteFile(corpus + "/wire.jsonl", wire);
  for (int i = 0; i < 60; ++i) {
    testing::WriteFile(corpus + "/text/story" + std::to_string(i) + ".txt",
                       "Title: Story " + std::to_string(i) + "\n\nHarbour report number " + std::to_string(i) +
                           " with cranes and ships.\n");
  }
  const std::string clean = dir / "clean";
  ASSERT_EQ(RunIndexer({"--db", clean, corpus}), 0);
  const auto expected = Contents(clean);
  ASSERT_EQ(expected.size(), 3060u);

  const char* env = std::getenv("KIJI_CRASH_ROUNDS");
  const int rounds = env != nullptr ? std::atoi(env) : 8;
  std::mt19937 random(12345);
  const std::string crashed = dir / "crashed";
  int killed = 0;
  for (int round = 0; round < rounds; ++round) {
    testing::WriteFile(corpus + "/wire.jsonl", round % 2 == 0 ? revised : wire);
    testing::Process indexer({KIJI_INDEXER, "--db", crashed, "--commit-every", "200", corpus});
    usleep(static_cast<useconds_t>(20000 + random() % 1500000));
    if (!indexer.WaitFor(std::chrono::milliseconds(0))) ++killed;
    indexer.Signal(SIGKILL);
    indexer.Wait();
    if (!std::filesystem::exists(crashed + "/iamglass")) continue;  // killed before the index existed
    ExpectConsistent(crashed, round);
    if (HasFatalFailure()) return;
  }
  EXPECT_GT(killed, 0);
  testing::WriteFile(corpus + "/wire.jsonl", wire);
  ASSERT_EQ(RunIndexer({"--db", crashed, corpus}), 0);
  const auto converged = Contents(crashed);
  ASSERT_EQ(converged.size(), expected.size());
  for (const auto& [id, terms] : expected) {
    const auto it = converged.find(id);
    ASSERT_NE(it, converged.end()) << id;
    EXPECT_EQ(it->second, terms) << id;
  }
}

TEST(CrashTest, AWriteErrorIsReportedAndTheLastCommitSurvives) {
  KIJI_REQUIRE_SHARED("corpora/reuters21578.jsonl.gz");
  testing::TempDir dir;
  const std::string db = dir / "index";
  const std::string seed = dir / "seed.txt";
  testing::WriteFile(seed, "Title: Kept\n\nThis article was committed before the disk filled.\n");
  ASSERT_EQ(RunIndexer({"--db", db, seed}), 0);
  testing::WriteFile(dir / "wire.jsonl",
                     testing::ReadLines(testing::SharedDir() + "/corpora/reuters21578.jsonl.gz", 3000));
  // A 1 MiB file-size limit: the index's tables cannot grow past it.
  testing::ProcessOptions limited;
  limited.file_size_limit = 1 << 20;
  limited.stderr_path = dir / "stderr.txt";
  const int status = RunIndexer({"--db", db, "--commit-every", "500", dir / "wire.jsonl"}, limited);
  const std::string err = testing::ReadFile(dir / "stderr.txt");
  EXPECT_EQ(status, 2) << err;
  EXPECT_NE(err.find("File too large"), std::string::npos) << err;
  EXPECT_NE(err.find("ulimit -f"), std::string::npos) << err;
  ExpectConsistent(db, 0);
  Xapian::Database after(db);
  EXPECT_EQ(after.get_termfreq(schema::IdTerm("seed.txt")), 1u);
  // With room again, the same command completes the index.
  ASSERT_EQ(RunIndexer({"--db", db, dir / "wire.jsonl"}), 0);
  EXPECT_EQ(Xapian::Database(db).get_doccount(), 3001u);
}

TEST(CrashTest, SearchesNeverFailWhileTheIndexerCommits) {
  KIJI_REQUIRE_SHARED("corpora/reuters21578.jsonl.gz");
  testing::TempDir dir;
  const std::string db = dir / "index";
  testing::WriteFile(dir / "seed.txt", "Title: Seed\n\nOil prices and cocoa crops.\n");
  ASSERT_EQ(RunIndexer({"--db", db, dir / "seed.txt"}), 0);
  testing::WriteFile(dir / "wire.jsonl",
                     testing::ReadLines(testing::SharedDir() + "/corpora/reuters21578.jsonl.gz", 3000));
  // Small batches: many commits while we search.
  testing::Process indexer({KIJI_INDEXER, "--db", db, "--commit-every", "25", dir / "wire.jsonl"});
  IndexSearcher searcher(db);
  SearchOptions options;
  options.limit = 20;
  int searches = 0, failures = 0;
  Xapian::doccount last_size = 0, grew = 0;
  std::optional<int> status;
  while (!(status = indexer.WaitFor(std::chrono::milliseconds(0)))) {
    for (const char* query : {"oil prices", "cocoa", "\"money supply\"", "bank -rate", "wheat OR corn"}) {
      try {
        searcher.Reopen();
        searcher.Search("q", query, options);
        ++searches;
      } catch (const std::exception& e) {
        ++failures;
        ADD_FAILURE() << "search failed during indexing: " << e.what();
      }
    }
    if (searcher.size() > last_size) ++grew;
    last_size = searcher.size();
  }
  EXPECT_EQ(status, 0);
  EXPECT_EQ(failures, 0);
  EXPECT_GT(searches, 50);
  EXPECT_GT(grew, 3) << "the searcher saw the index grow commit by commit";
}

}  // namespace
}  // namespace kiji
