// The real indexer over feed directories as cron and --watch run it: exit
// statuses and what stays indexed when a PATH is missing or empty, and a
// watched feed under a steady stream, half-written files and deletions.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <string>
#include <thread>
#include <vector>

#include <xapian.h>

#include "tests/process.h"
#include "tests/test_support.h"

namespace kiji {
namespace {

namespace fs = std::filesystem;

struct Outcome {
  int status = -1;
  std::string err;
};

// Runs a program to its end with stderr to `err_file`.
Outcome Execute(const std::vector<std::string>& argv, const std::string& err_file) {
  testing::ProcessOptions options;
  options.stderr_path = err_file;
  const int status = testing::Process(argv, options).Wait();
  return {status, testing::ReadFile(err_file)};
}

// A program in the background with stderr to a file, for --watch.
class Background {
 public:
  Background(const std::vector<std::string>& argv, std::string err_file)
      : err_file_(std::move(err_file)), process_(argv, WithStderr(err_file_)) {}
  std::string err() const { return testing::ReadFile(err_file_); }
  // Asks it to stop and returns its exit status.
  int Stop() {
    process_.Signal(SIGTERM);
    return process_.Wait();
  }

 private:
  static testing::ProcessOptions WithStderr(const std::string& path) {
    testing::ProcessOptions options;
    options.stderr_path = path;
    return options;
  }
  std::string err_file_;
  testing::Process process_;
};

// Polls `condition` every 100 ms for up to 30 s (a bound for a loaded machine, not a speed).
template <typename Condition>
bool Eventually(Condition condition) {
  for (int i = 0; i < 300; ++i) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

class FeedDirectoryCliTest : public ::testing::Test {
 protected:
  Outcome Indexer(std::vector<std::string> args) {
    args.insert(args.begin(), {KIJI_INDEXER, "--db", db_, "-q"});
    return Execute(args, dir_ / "indexer.err");
  }
  // How many articles match `query` (0 when none, or no index).
  int Hits(const std::string& query) {
    testing::ProcessOptions options;
    options.stdout_path = dir_ / "searcher.out";
    // Articles, not stories: the tests' records are copies of one another.
    if (testing::Process({KIJI_SEARCHER, "--db", db_, "--format", "tsv", "-n", "1000", "--no-collapse", query}, options)
            .Wait() != 0) {
      return 0;
    }
    const std::string out = testing::ReadFile(options.stdout_path);
    return static_cast<int>(std::count(out.begin(), out.end(), '\n')) - 1;  // less the header line
  }
  void Feed(int first, int count) {
    fs::create_directories(feeds_);
    for (int i = first; i < first + count; ++i) {
      testing::WriteFile(feeds_ + "/" + std::to_string(i) + ".txt",
                         "Title: Harbour report " + std::to_string(i) + "\n\nCranes moved ships.\n");
    }
  }

  testing::TempDir dir_;
  std::string db_ = dir_ / "index";
  std::string feeds_ = dir_ / "feeds";
};

TEST_F(FeedDirectoryCliTest, IndexingOnlyMissingPathsExitsTwoAndCreatesNothing) {
  const Outcome r = Indexer({dir_ / "nope", dir_ / "nope.jsonl"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("nope.jsonl: no such file or directory"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(db_));
  Feed(0, 3);
  const Outcome some = Indexer({feeds_, dir_ / "nope"});
  EXPECT_EQ(some.status, 2) << "a missing PATH is an error even beside one that is indexed";
  EXPECT_EQ(Hits("harbour"), 3);
}

TEST_F(FeedDirectoryCliTest, AFifoGivenAsAPathNeverHangsAndIsReadWhenWritten) {
  // No writer: read as empty at once, not a wait in open() that no signal ends.
  const std::string lonely = dir_ / "lonely.txt";
  ASSERT_EQ(mkfifo(lonely.c_str(), 0600), 0);
  const Outcome r = Execute({"timeout", "-s", "KILL", "60", KIJI_INDEXER, "--db", db_, "-q", lonely},
                            dir_ / "fifo.err");
  EXPECT_NE(r.status, 137) << "the indexer hung on a FIFO without a writer";
  EXPECT_EQ(r.status, 1) << r.err;  // read as an empty file: an empty article
  EXPECT_NE(r.err.find("lonely.txt: empty article"), std::string::npos) << r.err;
  // With a writer, as <(zcat feed.jsonl.gz) gives: read as it is written.
  const std::string piped = dir_ / "piped.jsonl";
  ASSERT_EQ(mkfifo(piped.c_str(), 0600), 0);
  std::thread writer([&] {
    std::ofstream out(piped);
    for (int i = 0; i < 3; ++i) out << R"({"id":"p)" << i << R"(","title":"Piped","body":"harbour cranes"})" << "\n";
  });
  const Outcome fed = Indexer({piped});
  writer.join();
  EXPECT_EQ(fed.status, 0) << fed.err;
  EXPECT_EQ(Hits("harbour"), 3);
}

// `indexer -` fed by a writer that keeps the pipe open (a tail -f, a
// stalled producer): SIGTERM ends the run at once, commits what was read
// and exits 1, in a new index and in one that already holds articles.
TEST_F(FeedDirectoryCliTest, ASignalStopsStdinThatStaysOpenAndKeepsWhatWasRead) {
  for (const bool existing : {false, true}) {
    SCOPED_TRACE(existing ? "existing index" : "new index");
    fs::remove_all(db_);
    fs::remove_all(feeds_);
    if (existing) {
      Feed(0, 3);
      ASSERT_EQ(Indexer({feeds_}).status, 0);
    }
    const std::string err_file = dir_ / "stdin.err";
    testing::ProcessOptions options;
    options.stdin_pipe = true;
    options.stderr_path = err_file;
    testing::Process indexer({KIJI_INDEXER, "--db", db_, "-"}, options);
    std::string records;  // more than one read's worth: all of it is read, so all of it is kept
    for (int i = 0; i < 200; ++i) {
      records += R"({"id":"held)" + std::to_string(i) + R"(","title":"Held open","body":"lighthouse keepers"})" "\n";
    }
    ASSERT_TRUE(indexer.WriteStdin(records));
    // The signal comes once the indexer has read them all; the writer stays.
    const bool read = Eventually([&] {
      int unread = 0;
      return ioctl(indexer.stdin_fd(), FIONREAD, &unread) == 0 && unread == 0;
    });
    EXPECT_TRUE(read) << "the indexer never read its stdin";
    indexer.Signal(SIGTERM);
    const std::optional<int> status = indexer.WaitFor(std::chrono::seconds(30));
    indexer.CloseStdin();
    const bool ended = status.has_value();
    ASSERT_TRUE(ended) << "SIGTERM did not end a read that the writer holds open";
    EXPECT_EQ(status, 1) << testing::ReadFile(err_file);
    EXPECT_NE(testing::ReadFile(err_file).find("interrupted"), std::string::npos) << testing::ReadFile(err_file);
    EXPECT_EQ(Hits("lighthouse"), 200) << "every record read before the signal is committed";
    EXPECT_EQ(Hits("harbour"), existing ? 3 : 0);
  }
}

// --db naming a directory of other files (a typo, the feed itself): the
// indexer refuses it, and writes, replaces and removes nothing in it.
TEST_F(FeedDirectoryCliTest, ADbDirectoryHoldingOtherFilesIsNeverWrittenIntoOrReplaced) {
  Feed(0, 3);
  const std::string victim = dir_ / "victim";
  testing::WriteFile(victim + "/important.doc", "precious");
  testing::WriteFile(victim + "/sub/y", "x");
  for (const std::vector<std::string>& extra : {std::vector<std::string>{}, {"--rebuild"}, {"--shards", "2"}}) {
    std::vector<std::string> args{KIJI_INDEXER, "--db", victim, "-q"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(feeds_);
    const Outcome r = Execute(args, dir_ / "victim.err");
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_NE(r.err.find("is not an index and not empty"), std::string::npos) << r.err;
    EXPECT_EQ(testing::ReadFile(victim + "/important.doc"), "precious");
    EXPECT_EQ(testing::ReadFile(victim + "/sub/y"), "x");
    EXPECT_FALSE(fs::exists(victim + "/iamglass"));
    EXPECT_FALSE(fs::exists(victim + ".rebuild"));
  }
  const Outcome itself = Execute({KIJI_INDEXER, "--db", feeds_, "-q", feeds_}, dir_ / "itself.err");
  EXPECT_EQ(itself.status, 2) << itself.err;
  EXPECT_TRUE(fs::exists(feeds_ + "/0.txt")) << "the feed indexed into itself lost its articles";
}

// An index directory that also holds a file of the user's, and a Xapian
// database or stub kiji did not make: never replaced by a rebuild (which
// swaps the whole directory), nor by the first build of an empty index.
TEST_F(FeedDirectoryCliTest, AnIndexDirectoryHoldingAnotherFileOrAForeignDatabaseIsNeverReplaced) {
  Feed(0, 3);
  ASSERT_EQ(Indexer({feeds_}).status, 0);
  testing::WriteFile(db_ + "/README.local", "mine");
  const Outcome extra = Indexer({"--rebuild", feeds_});
  EXPECT_EQ(extra.status, 2) << extra.err;
  EXPECT_NE(extra.err.find("README.local, which is no part of an index"), std::string::npos) << extra.err;
  EXPECT_EQ(testing::ReadFile(db_ + "/README.local"), "mine");
  EXPECT_EQ(Hits("harbour"), 3);

  const std::string foreign = dir_ / "foreign";
  {
    Xapian::WritableDatabase db(foreign, Xapian::DB_CREATE);
    Xapian::Document doc;
    doc.add_term("omega");
    db.add_document(doc);
    db.commit();
  }
  const Outcome replaced = Execute({KIJI_INDEXER, "--db", foreign, "-q", "--rebuild", feeds_}, dir_ / "f.err");
  EXPECT_EQ(replaced.status, 2) << replaced.err;
  EXPECT_NE(replaced.err.find("kiji did not create"), std::string::npos) << replaced.err;
  EXPECT_EQ(Xapian::Database(foreign).get_doccount(), 1u);

  const std::string lone = dir_ / "lone";  // an empty-looking index beside a user's file
  testing::WriteFile(lone + "/iamglass", "");
  testing::WriteFile(lone + "/notes.txt", "precious");
  EXPECT_EQ(Execute({KIJI_INDEXER, "--db", lone, "-q", feeds_}, dir_ / "l.err").status, 2);
  EXPECT_EQ(testing::ReadFile(lone + "/notes.txt"), "precious");
}

// --rebuild keeps what the index records unless the command line changes
// it: the language, diacritic folding and the number of shards.
TEST_F(FeedDirectoryCliTest, ARebuildKeepsTheRecordedSettingsAndShardsUnlessGiven) {
  Feed(0, 3);
  ASSERT_EQ(Indexer({"--language", "de", "--fold-diacritics", "--shards", "2", feeds_}).status, 0);
  ASSERT_EQ(Indexer({"--rebuild", feeds_}).status, 0);
  const auto recorded = [&](const std::string& key) { return Xapian::Database(db_).get_metadata(key); };
  EXPECT_EQ(recorded("kiji.default_language"), "de");
  EXPECT_EQ(recorded("kiji.fold_diacritics"), "1");
  EXPECT_TRUE(fs::exists(db_ + "/shard-1"));
  ASSERT_EQ(Indexer({"--rebuild", "--no-fold-diacritics", "--shards", "1", feeds_}).status, 0);
  EXPECT_EQ(recorded("kiji.fold_diacritics"), "0");
  EXPECT_EQ(recorded("kiji.default_language"), "de");
  EXPECT_FALSE(fs::exists(db_ + "/shard-1"));
}

// --db naming a symbolic link: the index is built and rebuilt where it
// points; the link stays a link.
TEST_F(FeedDirectoryCliTest, ADbThatIsASymbolicLinkIsFollowedNotReplaced) {
  Feed(0, 3);
  const std::string real = dir_ / "real", link = dir_ / "link";
  fs::create_directories(real);
  fs::create_directory_symlink(real, link);
  for (const bool rebuild : {false, true}) {
    std::vector<std::string> args{KIJI_INDEXER, "--db", link, "-q"};
    if (rebuild) args.push_back("--rebuild");
    args.push_back(feeds_);
    EXPECT_EQ(Execute(args, dir_ / "link.err").status, 0) << testing::ReadFile(dir_ / "link.err");
    EXPECT_TRUE(fs::is_symlink(link));
    EXPECT_TRUE(fs::exists(real + "/iamglass"));
  }
}

TEST_F(FeedDirectoryCliTest, CronPruneWithAMissingOrEmptyFeedKeepsEveryArticle) {
  Feed(0, 30);
  ASSERT_EQ(Indexer({feeds_}).status, 0);
  fs::rename(feeds_, dir_ / "unmounted");
  Outcome r = Indexer({"--prune", feeds_});
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_EQ(Hits("harbour"), 30);
  fs::create_directories(feeds_);
  r = Indexer({"--prune", feeds_});
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("--prune-empty"), std::string::npos) << r.err;
  EXPECT_EQ(Hits("harbour"), 30);
  r = Indexer({"--prune", "--prune-empty", feeds_});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(Hits("harbour"), 0);
}

TEST_F(FeedDirectoryCliTest, RebuildWithAMissingPathIsDiscarded) {
  Feed(0, 5);
  testing::WriteFile(dir_ / "wire.jsonl", "{\"id\":\"w\",\"title\":\"Harbour wire\"}\n");
  ASSERT_EQ(Indexer({feeds_, dir_ / "wire.jsonl"}).status, 0);
  fs::remove(dir_ / "wire.jsonl");
  const Outcome r = Indexer({"--rebuild", feeds_, dir_ / "wire.jsonl"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("rebuild was discarded"), std::string::npos) << r.err;
  EXPECT_EQ(Hits("harbour"), 6);
}

TEST_F(FeedDirectoryCliTest, RebuildOfAnEmptyPathIsRefusedUnlessPruneEmpty) {
  Feed(0, 5);
  ASSERT_EQ(Indexer({feeds_}).status, 0);
  fs::remove_all(feeds_);
  fs::create_directories(feeds_);
  const Outcome r = Indexer({"--rebuild", feeds_});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--prune-empty"), std::string::npos) << r.err;
  EXPECT_EQ(Hits("harbour"), 5);
  EXPECT_EQ(Indexer({"--rebuild", "--prune-empty", feeds_}).status, 0);
  EXPECT_EQ(Hits("harbour"), 0);
}

// The same for inputs that are not directories: an empty file, an empty
// gzip stream, an empty stdin. A rebuild that would leave no articles of an
// index that holds some is discarded.
TEST_F(FeedDirectoryCliTest, RebuildFromAnEmptyFileGzipOrStdinKeepsTheIndex) {
  const std::string feed = dir_ / "feed.jsonl";
  std::string records;
  for (int i = 0; i < 5; ++i) records += R"({"id":"r)" + std::to_string(i) + R"(","title":"Harbour","body":"cranes"})" "\n";
  testing::WriteFile(feed, records);
  ASSERT_EQ(Indexer({feed}).status, 0);
  testing::WriteFile(feed, "");
  const std::string gz = dir_ / "empty.jsonl.gz";
  testing::WriteGzipFile(gz, "");
  for (const std::string& input : {feed, gz, std::string("-")}) {
    const Outcome r = Indexer({"--rebuild", input});
    EXPECT_EQ(r.status, 2) << input << ": " << r.err;
    EXPECT_NE(r.err.find("--prune-empty"), std::string::npos) << r.err;
    EXPECT_EQ(Hits("harbour"), 5) << input;
  }
  EXPECT_EQ(Indexer({"--rebuild", "--prune-empty", gz}).status, 0);
  EXPECT_EQ(Hits("harbour"), 0);
}

// A file that can no longer be read to its end (a truncated gzip stream):
// a rebuild would hold only its first part, so it is discarded, as --prune
// keeps the articles of a file it cannot read.
TEST_F(FeedDirectoryCliTest, ARebuildWithAFileThatCannotBeReadToItsEndIsDiscarded) {
  fs::create_directories(feeds_);
  const std::string plain = dir_ / "feed.jsonl", gz = feeds_ + "/feed.jsonl.gz";
  std::string records;
  for (int i = 0; i < 2000; ++i) {
    records += R"({"id":"r)" + std::to_string(i) + R"(","title":"Harbour )" + std::to_string(i * 7919) +
               R"(","body":"cranes )" + std::to_string(i * 104729) + R"("})" "\n";
  }
  testing::WriteFile(plain, records);
  testing::WriteGzipFile(gz, records);
  ASSERT_EQ(Indexer({feeds_}).status, 0);
  ASSERT_EQ(Hits("harbour"), 1000);  // Hits counts at most -n 1000
  fs::resize_file(gz, fs::file_size(gz) / 2);
  const Outcome r = Indexer({"--rebuild", feeds_});
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("could not be read to its end"), std::string::npos) << r.err;
  EXPECT_EQ(Hits("cranes"), 1000);
  EXPECT_EQ(Xapian::Database(db_).get_doccount(), 2000u);
}

// Text files in two PATHs with the same relative name have one id: the
// second must not silently replace the first (whose article a later
// --prune of the second's PATH would then lose for good).
TEST_F(FeedDirectoryCliTest, TwoFilesWithOneIdKeepTheFirstAndRejectTheOther) {
  for (const std::string shards : {"1", "2"}) {
    SCOPED_TRACE("shards " + shards);
    fs::remove_all(db_);
    testing::WriteFile(dir_ / "a/story.txt", "Alpha harbour\n\nCranes.\n");
    testing::WriteFile(dir_ / "b/story.txt", "Beta harbour\n\nShips.\n");
    const Outcome r = Indexer({"--shards", shards, dir_ / "a", dir_ / "b"});
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_NE(r.err.find("b/story.txt: article id \"story.txt\" is already the id of an article read from " +
                         dir_ / "a/story.txt"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(Hits("alpha"), 1);
    EXPECT_EQ(Hits("beta"), 0);
  }
}

TEST_F(FeedDirectoryCliTest, AnIdHeldByAnotherFileIsRejectedInEveryLaterRunUntilThatFileIsGone) {
  testing::WriteFile(dir_ / "a/story.txt", "Alpha harbour\n\nCranes.\n");
  testing::WriteFile(dir_ / "b/story.txt", "Beta harbour\n\nShips.\n");
  ASSERT_EQ(Indexer({dir_ / "a"}).status, 0);
  for (int run = 0; run < 2; ++run) {
    const Outcome r = Indexer({"--prune", dir_ / "b"});
    EXPECT_EQ(r.status, 1) << "run " << run << ": the unchanged file is read and reported again\n" << r.err;
    EXPECT_NE(r.err.find("already the id of an article read from " + dir_ / "a/story.txt"), std::string::npos)
        << r.err;
    EXPECT_EQ(Hits("alpha"), 1);
    EXPECT_EQ(Hits("beta"), 0);
  }
  // Pruning b keeps a's article: it never became b's.
  fs::remove_all(dir_ / "b");
  fs::create_directories(dir_ / "b");
  EXPECT_EQ(Indexer({"--prune", "--prune-empty", dir_ / "b"}).status, 0);
  EXPECT_EQ(Hits("alpha"), 1);
  // Once a's file is gone (moved away), the id is free for another file.
  testing::WriteFile(dir_ / "b/story.txt", "Beta harbour\n\nShips.\n");
  fs::rename(dir_ / "a", dir_ / "moved");
  const Outcome r = Indexer({dir_ / "b"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(Hits("beta"), 1);
  EXPECT_EQ(Hits("alpha"), 0);
}

TEST_F(FeedDirectoryCliTest, AnIdRepeatedInOneFileIsReplacedByItsLaterRecord) {
  testing::WriteFile(dir_ / "wire.jsonl", "{\"id\":\"x\",\"title\":\"Harbour first\"}\n"
                                          "{\"id\":\"x\",\"title\":\"Harbour corrected\"}\n");
  EXPECT_EQ(Indexer({dir_ / "wire.jsonl"}).status, 0);
  EXPECT_EQ(Hits("harbour"), 1);
  EXPECT_EQ(Hits("corrected"), 1);
}

TEST_F(FeedDirectoryCliTest, WatchCommitsASteadyFeedWhileItFlows) {
  fs::create_directories(feeds_);
  Background watch({KIJI_INDEXER, "--db", db_, "-q", "--watch", feeds_}, dir_ / "watch.err");
  ASSERT_TRUE(Eventually([&] { return watch.err().find("watching") != std::string::npos; })) << watch.err();
  // One file every 50 ms for up to 15 s, far past a burst slice: the quiet
  // period never comes while it flows.
  std::atomic<bool> searchable{false}, finished{false};
  std::thread feed([&] {
    for (int i = 0; i < 300 && !searchable; ++i) {
      Feed(i, 1);
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    finished = true;
  });
  while (!finished && !searchable) {
    if (Hits("harbour") > 0) searchable = !finished;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  feed.join();
  EXPECT_TRUE(searchable) << "nothing was searchable until the feed stopped";
  EXPECT_EQ(watch.Stop(), 0) << watch.err();
}

TEST_F(FeedDirectoryCliTest, WatchIgnoresHalfWrittenFilesAndRemovesDeletedOnes) {
  Feed(0, 2);
  fs::create_directories(feeds_ + "/desk/today");
  testing::WriteFile(feeds_ + "/desk/today/d.txt", "Title: Desk harbour note\n\nQuay.\n");
  Background watch({KIJI_INDEXER, "--db", db_, "-q", "--watch", feeds_}, dir_ / "watch.err");
  ASSERT_TRUE(Eventually([&] { return watch.err().find("watching") != std::string::npos; })) << watch.err();
  ASSERT_EQ(Hits("harbour"), 3);
  const int half = ::open((feeds_ + "/wire.jsonl").c_str(), O_WRONLY | O_CREAT, 0644);
  ASSERT_GE(half, 0);
  ASSERT_EQ(write(half, "{\"id\":\"w1\",\"title\":\"Harbour wi", 30), 30);
  Feed(10, 1);  // another file arrives while wire.jsonl is half-written
  EXPECT_TRUE(Eventually([&] { return Hits("harbour") == 4; }));
  ASSERT_EQ(write(half, "re\"}\n", 5), 5);
  close(half);
  EXPECT_TRUE(Eventually([&] { return Hits("harbour") == 5; }));
  fs::remove(feeds_ + "/0.txt");
  fs::remove_all(feeds_ + "/desk");
  EXPECT_TRUE(Eventually([&] { return Hits("harbour") == 3; })) << "deleted files stay searchable";
  EXPECT_EQ(watch.Stop(), 0) << watch.err();
  EXPECT_EQ(watch.err().find("invalid JSON"), std::string::npos) << watch.err();
}

}  // namespace
}  // namespace kiji
