// A sharded update killed with SIGKILL at random moments: searchers never
// read part of a batch (they read whole batches, or refuse the index until
// an indexer run completes the interrupted one), and the next run converges.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <random>
#include <string>
#include <vector>

#include "common/search/index_searcher.h"
#include "common/index/index_writer.h"
#include "tests/process.h"
#include "tests/test_support.h"

namespace kiji {
namespace {

// Runs the indexer quietly with `args` to its end; its exit status.
int RunIndexer(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {KIJI_INDEXER};
  argv.insert(argv.end(), args.begin(), args.end());
  return testing::Process(argv).Wait();
}

TEST(ShardCrashTest, AKilledShardedUpdateIsNeverSearchedInPart) {
  KIJI_REQUIRE_SHARED("corpora/reuters21578.jsonl.gz");
  testing::TempDir dir;
  const std::string lines = testing::ReadLines(testing::SharedDir() + "/corpora/reuters21578.jsonl.gz", 1100);
  const std::size_t cut = [&] {
    std::size_t at = 0;
    for (int i = 0; i < 100; ++i) at = lines.find('\n', at) + 1;
    return at;
  }();
  testing::WriteFile(dir / "base.jsonl", lines.substr(0, cut));
  testing::WriteFile(dir / "update.jsonl", lines.substr(cut));
  std::mt19937 random(2207);
  int refused = 0, whole = 0;
  for (int round = 0; round < 3; ++round) {
    const std::string db = dir / ("index-" + std::to_string(round));
    ASSERT_EQ(RunIndexer({"--shards", "3", "--db", db, dir / "base.jsonl"}), 0);
    testing::Process indexer({KIJI_INDEXER, "--commit-every", "100", "--db", db, dir / "update.jsonl"});
    usleep(static_cast<useconds_t>(100000 + random() % 600000));
    indexer.Signal(SIGKILL);
    indexer.Wait();
    try {
      IndexSearcher searcher(db);
      EXPECT_EQ(searcher.size() % 100, 0u) << "round " << round << ": part of a batch is searchable";
      ++whole;
    } catch (const IndexError& e) {
      EXPECT_NE(std::string(e.what()).find("an update was interrupted"), std::string::npos) << e.what();
      ++refused;
    }
    ASSERT_EQ(RunIndexer({"--db", db, dir / "update.jsonl"}), 0);
    EXPECT_EQ(IndexSearcher(db).size(), 1100u) << "round " << round << ": the rerun converges";
  }
  std::cout << "after " << whole + refused << " kills: " << whole << " whole, " << refused << " refused\n";
}

}  // namespace
}  // namespace kiji
