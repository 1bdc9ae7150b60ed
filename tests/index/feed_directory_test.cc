// Feed directories as an operator runs them: --prune when a PATH is missing,
// unreadable or empty, symbolic links and special files inside a feed, and
// the rounds of --watch (what the watcher reports, what a round re-reads and
// removes).
#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <thread>

#include "common/articles/article_reader.h"
#include "common/articles/directory_watcher.h"
#include "common/index/index_writer.h"
#include "common/index/indexing_pipeline.h"
#include "common/index/index_settings.h"
#include "tests/process.h"
#include "tests/test_support.h"

namespace kiji {
namespace {

namespace fs = std::filesystem;

struct Seen {
  std::map<std::string, std::string> articles;    // id -> title
  std::map<std::string, std::string> rejections;  // location -> reason
};

Seen ReadAll(std::vector<std::string> inputs, ReaderOptions options = {}) {
  Seen out;
  ArticleReader reader(std::move(inputs), std::move(options));
  while (auto item = reader.Next()) {
    if (item->event != ReadItem::Event::kItem) continue;
    if (item->article) {
      out.articles[item->article->id] = item->article->title;
    } else {
      out.rejections[item->location] = item->rejection;
    }
  }
  return out;
}

void WriteArticle(const std::string& path, const std::string& title) {
  fs::create_directories(fs::path(path).parent_path());
  testing::WriteFile(path, "Title: " + title + "\n\nText about " + title + ".\n");
}

class Reporter : public IndexingReporter {
 public:
  void Rejected(const std::string& location, const std::string& reason) override {
    rejections[location] = reason;
  }
  void Warning(const std::string&, const std::string&) override {}
  void Progress(const IndexingProgress&) override {}
  std::map<std::string, std::string> rejections;
};

class FeedDirectoryTest : public ::testing::Test {
 protected:
  IndexingStats Index(const std::vector<std::string>& inputs, PipelineOptions options = {}) {
    IndexWriter writer(db_, NewIndexSettings(false, "en"), false);
    reporter_ = Reporter();
    return RunIndexing(inputs, writer, options, reporter_);
  }
  static PipelineOptions Prune(bool prune_empty = false) {
    PipelineOptions options;
    options.prune = true;
    options.prune_empty = prune_empty;
    return options;
  }
  Xapian::doccount Articles() {
    IndexWriter writer(db_, NewIndexSettings(false, "en"), false);
    return writer.OpenCommitted().get_doccount();
  }

  testing::TempDir dir_;
  std::string db_ = dir_ / "index";
  std::string feeds_ = dir_ / "feeds";
  Reporter reporter_;
};

// --- --prune and PATHs that cannot be read

TEST_F(FeedDirectoryTest, PruneKeepsArticlesWhenRootIsMissing) {
  WriteArticle(feeds_ + "/a.txt", "Alpha");
  WriteArticle(feeds_ + "/sub/b.txt", "Beta");
  WriteArticle(dir_ / "other/c.txt", "Gamma");
  ASSERT_EQ(Index({feeds_, dir_ / "other"}).added, 3u);
  fs::rename(feeds_, dir_ / "unmounted");
  const IndexingStats stats = Index({feeds_, dir_ / "other"}, Prune(true));
  EXPECT_EQ(stats.removed, 0u);
  EXPECT_EQ(stats.unread_inputs, 1u);
  EXPECT_EQ(Articles(), 3u);
  EXPECT_EQ(reporter_.rejections.count(feeds_), 1u);
}

TEST_F(FeedDirectoryTest, PruneKeepsArticlesWhenAJsonLinesRootIsMissing) {
  testing::WriteFile(dir_ / "feed.jsonl", "{\"id\":\"1\",\"title\":\"One\"}\n{\"id\":\"2\",\"title\":\"Two\"}\n");
  ASSERT_EQ(Index({dir_ / "feed.jsonl"}).added, 2u);
  fs::remove(dir_ / "feed.jsonl");
  EXPECT_EQ(Index({dir_ / "feed.jsonl"}, Prune()).unread_inputs, 1u);
  EXPECT_EQ(Articles(), 2u);
}

TEST_F(FeedDirectoryTest, PruneKeepsArticlesWhenRootIsEmptyUnlessPruneEmpty) {
  WriteArticle(feeds_ + "/a.txt", "Alpha");
  WriteArticle(feeds_ + "/sub/b.txt", "Beta");
  ASSERT_EQ(Index({feeds_}).added, 2u);
  fs::remove_all(feeds_);
  fs::create_directories(feeds_);  // what an unmounted mount point looks like
  IndexingStats stats = Index({feeds_}, Prune());
  EXPECT_EQ(stats.removed, 0u);
  EXPECT_EQ(stats.unread_inputs, 1u);
  EXPECT_NE(reporter_.rejections[feeds_].find("--prune-empty"), std::string::npos);
  EXPECT_EQ(Articles(), 2u);
  stats = Index({feeds_}, Prune(true));
  EXPECT_EQ(stats.removed, 2u);
  EXPECT_EQ(stats.unread_inputs, 0u);
  EXPECT_EQ(Articles(), 0u);
}

TEST_F(FeedDirectoryTest, PruneKeepsArticlesWhenAJsonLinesRootIsEmptied) {
  testing::WriteFile(dir_ / "feed.jsonl", "{\"id\":\"1\",\"title\":\"One\"}\n");
  ASSERT_EQ(Index({dir_ / "feed.jsonl"}).added, 1u);
  testing::WriteFile(dir_ / "feed.jsonl", "");
  EXPECT_EQ(Index({dir_ / "feed.jsonl"}, Prune()).unread_inputs, 1u);
  EXPECT_EQ(Articles(), 1u);
}

TEST_F(FeedDirectoryTest, PruneStillRemovesWhatIsGoneFromARootThatHoldsArticles) {
  WriteArticle(feeds_ + "/a.txt", "Alpha");
  testing::WriteFile(feeds_ + "/wire.jsonl", "{\"id\":\"w1\",\"title\":\"Wire\"}\n");
  WriteArticle(feeds_ + "/old/b.txt", "Beta");
  ASSERT_EQ(Index({feeds_}).added, 3u);
  fs::remove_all(feeds_ + "/old");
  testing::WriteFile(feeds_ + "/wire.jsonl", "");
  const IndexingStats stats = Index({feeds_}, Prune());
  EXPECT_EQ(stats.removed, 2u);
  EXPECT_EQ(stats.unread_inputs, 0u);
  EXPECT_EQ(Articles(), 1u);
}

TEST_F(FeedDirectoryTest, PruneKeepsArticlesOfAFileThatFailsToRead) {
  std::string records;
  for (int i = 0; i < 50; ++i) records += "{\"id\":\"" + std::to_string(i) + "\",\"title\":\"Record\"}\n";
  const std::string gz = feeds_ + "/wire.jsonl.gz";
  fs::create_directories(feeds_);
  gzFile out = gzopen(gz.c_str(), "wb");
  gzwrite(out, records.data(), static_cast<unsigned>(records.size()));
  gzclose(out);
  ASSERT_EQ(Index({feeds_}).added, 50u);
  fs::resize_file(gz, fs::file_size(gz) / 2);  // damaged: a read error part way
  const IndexingStats stats = Index({feeds_}, Prune());
  EXPECT_EQ(stats.removed, 0u);
  EXPECT_EQ(Articles(), 50u);
}

TEST_F(FeedDirectoryTest, PruneGivenARelativeRootMeetsTheFilesIndexedFromTheAbsoluteOne) {
  WriteArticle(feeds_ + "/a.txt", "Alpha");
  WriteArticle(feeds_ + "/b.txt", "Beta");
  ASSERT_EQ(Index({feeds_ + "/"}).added, 2u);
  fs::remove(feeds_ + "/b.txt");
  const fs::path cwd = fs::current_path();
  fs::current_path(dir_.path());
  const IndexingStats stats = Index({"./feeds/../feeds"}, Prune());
  fs::current_path(cwd);
  EXPECT_EQ(stats.removed, 1u);
  EXPECT_EQ(stats.unchanged, 1u);
  EXPECT_EQ(Articles(), 1u);
}

// Runs `body` where a directory mode of 000 denies reading: as root, in a
// child that has become nobody. The child's status is the body's.
int AsUnprivileged(const fs::path& tree, const std::function<int()>& body) {
  if (geteuid() != 0) return body();
  return testing::RunInChild([&] {
    for (const auto& entry : fs::recursive_directory_iterator(tree)) {
      if (lchown(entry.path().c_str(), 65534, 65534) != 0) return 97;
    }
    if (lchown(tree.c_str(), 65534, 65534) != 0) return 97;
    if (setgid(65534) != 0 || setuid(65534) != 0) return 99;
    return body();
  });
}

TEST_F(FeedDirectoryTest, PruneKeepsArticlesUnderAnUnreadableDirectory) {
  WriteArticle(feeds_ + "/a.txt", "Alpha");
  WriteArticle(feeds_ + "/locked/b.txt", "Beta");
  WriteArticle(feeds_ + "/locked/deeper/c.txt", "Gamma");
  ASSERT_EQ(Index({feeds_}).added, 3u);
  fs::remove(feeds_ + "/a.txt");
  const int status = AsUnprivileged(dir_.path(), [&] {
    fs::permissions(feeds_ + "/locked", fs::perms::none);
    const IndexingStats stats = Index({feeds_}, Prune());
    return stats.removed == 1 && reporter_.rejections.count(feeds_ + "/locked") == 1 ? 0 : 1;
  });
  EXPECT_EQ(status, 0);
  EXPECT_EQ(Articles(), 2u) << "the unreadable directory's two articles stay, the deleted one goes";
}

TEST_F(FeedDirectoryTest, PruneKeepsArticlesWhenTheRootCannotBeRead) {
  WriteArticle(feeds_ + "/a.txt", "Alpha");
  ASSERT_EQ(Index({feeds_}).added, 1u);
  const int status = AsUnprivileged(dir_.path(), [&] {
    fs::permissions(feeds_, fs::perms::none);
    const IndexingStats stats = Index({feeds_}, Prune(true));
    return stats.removed == 0 && stats.unread_inputs == 1 ? 0 : 1;
  });
  EXPECT_EQ(status, 0);
  EXPECT_EQ(Articles(), 1u);
}

// --- Symbolic links and special files inside a feed

TEST_F(FeedDirectoryTest, SymlinkToAFileOutsideThePathsIsSkippedAndReported) {
  WriteArticle(dir_ / "private/secret.txt", "Shadow");
  WriteArticle(feeds_ + "/a.txt", "Alpha");
  fs::create_symlink(dir_ / "private/secret.txt", feeds_ + "/innocent.txt");
  const Seen seen = ReadAll({feeds_});
  EXPECT_EQ(seen.articles.size(), 1u);
  EXPECT_EQ(seen.articles.count("innocent.txt"), 0u);
  EXPECT_NE(seen.rejections.at(feeds_ + "/innocent.txt").find("outside the PATHs given"), std::string::npos);
}

TEST_F(FeedDirectoryTest, SymlinkedDirectoryOutsideThePathsIsSkippedAndReported) {
  WriteArticle(dir_ / "private/secret.txt", "Shadow");
  WriteArticle(feeds_ + "/a.txt", "Alpha");
  fs::create_directory_symlink(dir_ / "private", feeds_ + "/archive");
  const Seen seen = ReadAll({feeds_});
  EXPECT_EQ(seen.articles.size(), 1u);
  EXPECT_EQ(seen.rejections.count(feeds_ + "/archive"), 1u);
}

TEST_F(FeedDirectoryTest, SymlinksInsideThePathsAreReadOnce) {
  WriteArticle(feeds_ + "/2024/a.txt", "Alpha");
  WriteArticle(dir_ / "wire/w.txt", "Wire");
  fs::create_directory_symlink(feeds_ + "/2024", feeds_ + "/latest");   // inside: read where it lies
  fs::create_symlink(dir_ / "wire/w.txt", feeds_ + "/wire.txt");        // into another PATH given
  const Seen seen = ReadAll({feeds_, dir_ / "wire"});
  EXPECT_TRUE(seen.rejections.empty());
  EXPECT_EQ(seen.articles.count("2024/a.txt"), 1u);
  EXPECT_EQ(seen.articles.count("latest/a.txt"), 0u);
  EXPECT_EQ(seen.articles.count("wire.txt"), 1u);
}

TEST_F(FeedDirectoryTest, APathGivenAsASymlinkIsFollowed) {
  WriteArticle(dir_ / "real/a.txt", "Alpha");
  fs::create_directory_symlink(dir_ / "real", feeds_);
  fs::create_symlink(dir_ / "real/a.txt", dir_ / "direct.txt");
  EXPECT_EQ(ReadAll({feeds_}).articles.count("a.txt"), 1u);
  EXPECT_EQ(ReadAll({dir_ / "direct.txt"}).articles.count("direct.txt"), 1u);
}

TEST_F(FeedDirectoryTest, FollowSymlinksReadsOutsideTargetsAndStopsAtLoops) {
  WriteArticle(dir_ / "private/secret.txt", "Shadow");
  WriteArticle(feeds_ + "/sub/a.txt", "Alpha");
  fs::create_directory_symlink(dir_ / "private", feeds_ + "/archive");
  fs::create_directory_symlink(feeds_, feeds_ + "/sub/up");  // a loop back to the root
  ReaderOptions options;
  options.follow_symlinks = true;
  const Seen seen = ReadAll({feeds_}, options);
  EXPECT_EQ(seen.articles.size(), 2u);
  EXPECT_EQ(seen.articles.count("archive/secret.txt"), 1u);
  EXPECT_EQ(seen.rejections.at(feeds_ + "/sub/up"), "symbolic link loop");
}

TEST_F(FeedDirectoryTest, SymlinkLoopsAndDanglingLinksAreReported) {
  WriteArticle(feeds_ + "/a.txt", "Alpha");
  fs::create_symlink(feeds_ + "/loop2.txt", feeds_ + "/loop1.txt");
  fs::create_symlink(feeds_ + "/loop1.txt", feeds_ + "/loop2.txt");
  fs::create_symlink(feeds_ + "/gone.txt", feeds_ + "/dangling.txt");
  const Seen seen = ReadAll({feeds_});
  EXPECT_EQ(seen.articles.size(), 1u);
  EXPECT_EQ(seen.rejections.at(feeds_ + "/loop1.txt"), "symbolic link loop");
  EXPECT_EQ(seen.rejections.at(feeds_ + "/dangling.txt"), "dangling symbolic link");
}

TEST_F(FeedDirectoryTest, FifosAndLinksToThemAreReportedNeverOpened) {
  WriteArticle(feeds_ + "/a.txt", "Alpha");
  ASSERT_EQ(mkfifo((feeds_ + "/pipe.jsonl").c_str(), 0600), 0);
  ASSERT_EQ(mkfifo((dir_ / "other.fifo").c_str(), 0600), 0);
  fs::create_symlink(dir_ / "other.fifo", feeds_ + "/linked.txt");
  fs::create_symlink("/dev/zero", feeds_ + "/zero.txt");
  ReaderOptions options;
  options.follow_symlinks = true;  // even then, only regular files are read
  const Seen seen = ReadAll({feeds_}, options);
  EXPECT_EQ(seen.articles.size(), 1u);
  EXPECT_EQ(seen.rejections.count(feeds_ + "/pipe.jsonl"), 1u);
  EXPECT_EQ(seen.rejections.count(feeds_ + "/linked.txt"), 1u);
  EXPECT_EQ(seen.rejections.count(feeds_ + "/zero.txt"), 1u);
}

TEST_F(FeedDirectoryTest, AFileSwappedForASymlinkAfterTheWalkIsNotRead) {
  WriteArticle(dir_ / "private/secret.txt", "Shadow");
  WriteArticle(feeds_ + "/a.txt", "Alpha");
  WriteArticle(feeds_ + "/b.txt", "Beta");
  ArticleReader reader({feeds_});
  auto first = reader.Next();  // the walk is done; a.txt is read
  ASSERT_TRUE(first && first->article);
  fs::remove(feeds_ + "/b.txt");
  fs::create_symlink(dir_ / "private/secret.txt", feeds_ + "/b.txt");
  std::vector<std::string> titles, rejected;
  while (auto item = reader.Next()) {
    if (item->article) titles.push_back(item->article->title);
    if (item->event == ReadItem::Event::kItem && !item->article) rejected.push_back(item->location);
  }
  EXPECT_TRUE(titles.empty());
  EXPECT_EQ(rejected, std::vector<std::string>{feeds_ + "/b.txt"});
}

TEST_F(FeedDirectoryTest, SymlinksToOutsideAreNotIndexedAndAnIndexedOneIsPruned) {
  WriteArticle(dir_ / "private/secret.txt", "Shadow");
  WriteArticle(feeds_ + "/a.txt", "Alpha");
  fs::create_symlink(dir_ / "private/secret.txt", feeds_ + "/innocent.txt");
  PipelineOptions follow;
  follow.reader.follow_symlinks = true;
  ASSERT_EQ(Index({feeds_}, follow).added, 2u);
  const IndexingStats stats = Index({feeds_}, Prune());
  EXPECT_EQ(stats.removed, 1u);
  EXPECT_EQ(Articles(), 1u);
}

// --- --watch rounds

TEST_F(FeedDirectoryTest, LimitedReadGivesTheIdsOfAFullWalk) {
  WriteArticle(feeds_ + "/a.txt", "Alpha");
  WriteArticle(feeds_ + "/x/b.txt", "Beta");
  WriteArticle(feeds_ + "/y/c.txt", "Gamma");
  ReaderOptions options;
  options.limit_to = {AbsolutePath(feeds_ + "/x/b.txt"), AbsolutePath(feeds_ + "/y")};
  const Seen seen = ReadAll({feeds_, dir_ / "elsewhere"}, options);
  EXPECT_EQ(seen.articles.size(), 2u);
  EXPECT_EQ(seen.articles.count("x/b.txt"), 1u);
  EXPECT_EQ(seen.articles.count("y/c.txt"), 1u);
  EXPECT_TRUE(seen.rejections.empty()) << "a PATH the limits do not reach is not looked at";
}

TEST_F(FeedDirectoryTest, AFileStillBeingWrittenIsLeftForItsClose) {
  WriteArticle(feeds_ + "/new/done.txt", "Done");
  const int fd = ::open((feeds_ + "/new/half.jsonl").c_str(), O_WRONLY | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, "{\"id\":\"1\",\"title\":\"Hal", 22), 22);
  ReaderOptions options;
  options.skip_files_being_written = true;
  std::vector<std::string> skipped;
  ArticleReader reader({feeds_}, options);
  std::size_t articles = 0, rejected = 0;
  while (auto item = reader.Next()) {
    if (item->event == ReadItem::Event::kFileSkipped) skipped.push_back(item->file.path);
    if (item->event == ReadItem::Event::kItem) (item->article ? articles : rejected) += 1;
  }
  close(fd);
  EXPECT_EQ(articles, 1u);
  EXPECT_EQ(rejected, 0u);
  EXPECT_EQ(skipped, std::vector<std::string>{feeds_ + "/new/half.jsonl"});
  EXPECT_EQ(ReadAll({feeds_}, options).articles.size(), 1u) << "once closed it is read";
}

TEST_F(FeedDirectoryTest, WatchRoundReadsOnlyWhatChangedAndRemovesWhatWasDeleted) {
  for (int i = 0; i < 5; ++i) WriteArticle(feeds_ + "/keep/" + std::to_string(i) + ".txt", "Kept");
  WriteArticle(feeds_ + "/gone.txt", "Gone");
  WriteArticle(feeds_ + "/old/b.txt", "Beta");
  WriteArticle(feeds_ + "/old/c.txt", "Gamma");
  ASSERT_EQ(Index({feeds_}).added, 8u);
  fs::remove(feeds_ + "/gone.txt");
  fs::remove_all(feeds_ + "/old");
  WriteArticle(feeds_ + "/new.txt", "New");
  PipelineOptions round;  // no --prune: a deletion seen is removed all the same
  round.reader.limit_to = {AbsolutePath(feeds_ + "/gone.txt"), AbsolutePath(feeds_ + "/old"),
                           AbsolutePath(feeds_ + "/new.txt")};
  const IndexingStats stats = Index({feeds_}, round);
  EXPECT_EQ(stats.added, 1u);
  EXPECT_EQ(stats.removed, 3u);
  EXPECT_EQ(stats.unchanged, 0u) << "the unchanged files are not even looked at";
  EXPECT_EQ(Articles(), 6u);
}

TEST_F(FeedDirectoryTest, WatcherReportsAFileOnlyOnceItIsClosed) {
  fs::create_directories(feeds_);
  DirectoryWatcher watcher({feeds_});
  const int fd = ::open((feeds_ + "/half.jsonl").c_str(), O_WRONLY | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, "{\"id\":\"1\",\"title\":\"Hal", 22), 22);
  EXPECT_TRUE(watcher.Wait(std::chrono::milliseconds(300)).empty()) << "still being written";
  ASSERT_EQ(write(fd, "f\"}\n", 4), 4);
  close(fd);
  EXPECT_EQ(watcher.Wait(std::chrono::seconds(10)), std::vector<std::string>{feeds_ + "/half.jsonl"});
}

TEST_F(FeedDirectoryTest, WatcherReportsDeletionsMovesAndRemovedDirectories) {
  WriteArticle(feeds_ + "/a.txt", "Alpha");
  WriteArticle(feeds_ + "/sub/deep/b.txt", "Beta");
  WriteArticle(feeds_ + "/moving/c.txt", "Gamma");
  DirectoryWatcher watcher({feeds_});
  fs::remove(feeds_ + "/a.txt");
  fs::remove_all(feeds_ + "/sub");
  fs::rename(feeds_ + "/moving", dir_ / "moved-away");
  std::vector<std::string> changed;
  while (changed.size() < 5) {
    const std::vector<std::string> more = watcher.Wait(std::chrono::seconds(10));
    if (more.empty()) break;
    changed.insert(changed.end(), more.begin(), more.end());
  }
  for (const std::string& path : {feeds_ + "/a.txt", feeds_ + "/sub", feeds_ + "/sub/deep/b.txt",
                                  feeds_ + "/moving"}) {
    EXPECT_NE(std::find(changed.begin(), changed.end(), path), changed.end()) << path;
  }
  WriteArticle(dir_ / "moved-away/d.txt", "Delta");
  EXPECT_TRUE(watcher.Wait(std::chrono::milliseconds(300)).empty()) << "a directory moved out is no longer watched";
}

TEST_F(FeedDirectoryTest, WatcherDoesNotWatchThroughSymlinkedDirectories) {
  fs::create_directories(feeds_);
  fs::create_directories(dir_ / "private");
  DirectoryWatcher watcher({feeds_});
  fs::create_directories(dir_ / "staging/new");
  fs::create_directory_symlink(dir_ / "private", dir_ / "staging/new/outside");
  fs::rename(dir_ / "staging/new", feeds_ + "/new");
  EXPECT_EQ(watcher.Wait(std::chrono::seconds(10)), std::vector<std::string>{feeds_ + "/new"});
  WriteArticle(dir_ / "private/secret.txt", "Shadow");
  EXPECT_TRUE(watcher.Wait(std::chrono::milliseconds(300)).empty());
}

TEST_F(FeedDirectoryTest, WatcherReportsLinksDroppedIntoAFeed) {
  WriteArticle(dir_ / "private/secret.txt", "Shadow");
  WriteArticle(dir_ / "staged.txt", "Staged");
  fs::create_directories(feeds_);
  DirectoryWatcher watcher({feeds_});
  fs::create_symlink(dir_ / "private/secret.txt", feeds_ + "/innocent.txt");
  fs::create_hard_link(dir_ / "staged.txt", feeds_ + "/staged.txt");
  std::vector<std::string> changed;
  while (changed.size() < 2) {
    const std::vector<std::string> more = watcher.Wait(std::chrono::seconds(10));
    if (more.empty()) break;
    changed.insert(changed.end(), more.begin(), more.end());
  }
  std::sort(changed.begin(), changed.end());
  EXPECT_EQ(changed, (std::vector<std::string>{feeds_ + "/innocent.txt", feeds_ + "/staged.txt"}));
}

TEST_F(FeedDirectoryTest, WatcherReturnsASteadyStreamWhileItFlows) {
  fs::create_directories(feeds_);
  DirectoryWatcher watcher({feeds_});
  std::atomic<bool> stop{false}, finished{false};
  std::thread feed([&] {
    // Far longer than a burst slice, with gaps far shorter than the quiet period.
    for (int i = 0; i < 400 && !stop; ++i) {
      WriteArticle(feeds_ + "/" + std::to_string(i) + ".txt", "Steady");
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    finished = true;
  });
  const std::vector<std::string> first = watcher.Wait(std::chrono::seconds(10));
  const bool returned_while_flowing = !finished;
  stop = true;
  feed.join();
  EXPECT_FALSE(first.empty());
  EXPECT_TRUE(returned_while_flowing) << "Wait held the first articles until the stream stopped";
}

}  // namespace
}  // namespace kiji
