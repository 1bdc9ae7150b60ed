// End-to-end tests of how the real indexer treats the index it writes as
// an operator meets it: the directory's mode and owner, what a killed first
// build leaves, lock errors, a wait for the lock that a signal ends, and a
// damaged index. They run as root (as the project's tests do) to give
// files away to nobody and to run the indexer as nobody.
#include <gtest/gtest.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>

#include "common/analysis/analysis_settings.h"
#include "common/index/index_writer.h"
#include "common/index/index_settings.h"
#include "tests/process.h"
#include "tests/test_support.h"

namespace kiji {
namespace {

namespace fs = std::filesystem;

using Outcome = testing::CommandResult;

std::string Quote(const std::string& s) { return testing::ShellQuote(s); }

// JSON Lines of `n` small articles with overlapping vocabularies, so that
// the posting table spans many blocks.
std::string Articles(int n, const std::string& prefix = "a") {
  std::string lines;
  for (int i = 0; i < n; ++i) {
    std::string body;
    // Pseudo-random words: no article is a copy of another (near_copies.h).
    std::mt19937 words(static_cast<std::mt19937::result_type>(i));
    for (int w = 0; w < 40; ++w) body += "word" + std::to_string(words() % 3000) + " ";
    lines += "{\"id\":\"" + prefix + std::to_string(i) + "\",\"body\":\"" + body + "\"}\n";
  }
  return lines;
}

class IndexOperationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // nobody must reach the inputs and the index below the temp directory.
    fs::permissions(dir_.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                     fs::perms::others_read | fs::perms::others_exec);
    testing::WriteFile(input_, Articles(300));
    fs::permissions(input_, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                                fs::perms::others_read);
    const passwd* nobody = ::getpwnam("nobody");
    ASSERT_NE(nobody, nullptr);
    nobody_uid_ = nobody->pw_uid;
    nobody_gid_ = nobody->pw_gid;
  }

  Outcome Index(const std::string& args, const std::string& as = "") {
    return testing::RunCommand(as + " " + Quote(KIJI_INDEXER) + " --db " + Quote(db_) + " " + args, "", dir_.path());
  }

  // Every file and directory of the index at `path` has mode `dir_mode`
  // (directories) or `file_mode` (files) and is owned by nobody.
  void ExpectOwnership(const std::string& path, unsigned dir_mode, unsigned file_mode, const std::string& when) {
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0) << when;
    EXPECT_EQ(st.st_mode & 07777, dir_mode) << when << ": " << path;
    EXPECT_EQ(st.st_uid, nobody_uid_) << when << ": " << path;
    EXPECT_EQ(st.st_gid, nobody_gid_) << when << ": " << path;
    int files = 0;
    for (const auto& entry : fs::recursive_directory_iterator(path)) {
      ASSERT_EQ(::lstat(entry.path().c_str(), &st), 0);
      const unsigned expected = S_ISDIR(st.st_mode) ? dir_mode : file_mode;
      EXPECT_EQ(st.st_mode & 07777, expected) << when << ": " << entry.path();
      EXPECT_EQ(st.st_uid, nobody_uid_) << when << ": " << entry.path();
      EXPECT_EQ(st.st_gid, nobody_gid_) << when << ": " << entry.path();
      files += entry.path().filename() == "flintlock";
    }
    EXPECT_GT(files, 0) << when << ": the lock file is checked too";
  }

  void MakeIndexDirectory(unsigned mode) {
    fs::create_directory(db_);
    ASSERT_EQ(::chown(db_.c_str(), nobody_uid_, nobody_gid_), 0);
    ASSERT_EQ(::chmod(db_.c_str(), mode), 0);
  }

  testing::TempDir dir_;
  std::string db_ = dir_ / "index";
  std::string input_ = dir_ / "wire.jsonl";
  uid_t nobody_uid_ = 0;
  gid_t nobody_gid_ = 0;
};

TEST_F(IndexOperationsTest, BuildsUpdatesAndRebuildsKeepTheDirectorysModeAndOwner) {
  MakeIndexDirectory(0700);
  ASSERT_EQ(Index(Quote(input_)).status, 0);
  ExpectOwnership(db_, 0700, 0600, "first build");
  testing::WriteFile(dir_ / "more.jsonl", Articles(20, "more"));
  ASSERT_EQ(Index(Quote(dir_ / "more.jsonl")).status, 0);
  ExpectOwnership(db_, 0700, 0600, "update");
  ASSERT_EQ(Index("--rebuild " + Quote(input_)).status, 0);
  ExpectOwnership(db_, 0700, 0600, "rebuild");
  EXPECT_FALSE(fs::exists(db_ + ".rebuild"));
}

TEST_F(IndexOperationsTest, ShardedBuildsKeepTheDirectorysModeAndOwner) {
  MakeIndexDirectory(0750);
  ASSERT_EQ(Index("--shards 2 " + Quote(input_)).status, 0);
  ExpectOwnership(db_, 0750, 0640, "sharded build");
  testing::WriteFile(dir_ / "more.jsonl", Articles(20, "more"));
  ASSERT_EQ(Index(Quote(dir_ / "more.jsonl")).status, 0);
  ExpectOwnership(db_, 0750, 0640, "sharded update");
  ASSERT_EQ(Index("--rebuild --shards 3 " + Quote(input_)).status, 0);
  ExpectOwnership(db_, 0750, 0640, "sharded rebuild");
  EXPECT_TRUE(fs::exists(db_ + "/shard-2"));
}

TEST_F(IndexOperationsTest, NewFilesFollowTheDirectoryNotAFixedMode) {
  MakeIndexDirectory(0770);
  ASSERT_EQ(Index(Quote(input_)).status, 0);
  ExpectOwnership(db_, 0770, 0660, "group-writable index");
}

// What a first build killed before its swap leaves: an index without
// articles at DIR, a half-built DIR.rebuild and its scratch files.
void LeaveAKilledFirstBuild(const std::string& db) {
  { IndexWriter placeholder(db, NewIndexSettings(false, "en"), false); }
  fs::create_directories(db + ".rebuild");
  testing::WriteFile(db + ".rebuild/postlist.glass", std::string(4096, 'x'));
  fs::create_directories(db + ".rebuild.parts/p0-0");
  testing::WriteFile(db + ".rebuild.parts/spool-0", std::string(1 << 20, 's'));
}

TEST_F(IndexOperationsTest, ARerunAfterAKilledFirstBuildRemovesItsLeftoversAndBuildsTheBulkWay) {
  LeaveAKilledFirstBuild(db_);
  // One commit per article is what the update path would make of it.
  const Outcome r = Index("--commit-every 1 " + Quote(input_));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("300 added"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(db_ + ".rebuild"));
  EXPECT_FALSE(fs::exists(db_ + ".rebuild.parts"));
  Xapian::Database db(db_);
  EXPECT_EQ(db.get_doccount(), 300u);
  EXPECT_LT(db.get_revision(), 10u) << "built in one go, not committed article by article";
}

TEST_F(IndexOperationsTest, ARerunAfterAKilledShardedFirstBuildBuildsTheShardsAskedFor) {
  LeaveAKilledFirstBuild(db_);
  const Outcome r = Index("--shards 2 " + Quote(input_));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(fs::exists(db_ + "/shard-1"));
  EXPECT_EQ(Xapian::Database(db_).get_doccount(), 300u);
}

TEST_F(IndexOperationsTest, LeftoversOfALiveBuildAreKept) {
  LeaveAKilledFirstBuild(db_);
  // The build holding DIR's lock is alive: its files beside DIR are its own.
  Xapian::WritableDatabase live(db_, Xapian::DB_OPEN);
  const Outcome r = Index(Quote(input_));
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("is being written by"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::exists(db_ + ".rebuild.parts/spool-0"));
  EXPECT_TRUE(fs::exists(db_ + ".rebuild/postlist.glass"));
}

TEST_F(IndexOperationsTest, AnUnwritableIndexIsReportedAsSuchNotAsLocked) {
  ASSERT_EQ(Index(Quote(input_)).status, 0);
  fs::permissions(db_, fs::perms::others_read | fs::perms::others_exec, fs::perm_options::add);
  const std::string as_nobody = "setpriv --reuid=nobody --regid=" + std::to_string(nobody_gid_) + " --clear-groups";
  for (const std::string wait : {"", "--wait "}) {
    const Outcome r = Index(wait + Quote(input_), as_nobody);
    EXPECT_EQ(r.status, 2) << wait << r.err;
    EXPECT_NE(r.err.find("Permission denied on " + db_ + "/flintlock"), std::string::npos) << wait << r.err;
    EXPECT_NE(r.err.find("owned by root"), std::string::npos) << wait << r.err;
    EXPECT_NE(r.err.find("hint:"), std::string::npos) << wait << r.err;
    EXPECT_EQ(r.err.find("being written"), std::string::npos) << wait << r.err;
    EXPECT_EQ(r.err.find("--wait"), std::string::npos) << wait << r.err;
  }
}

// Whether `pid` takes SIGTERM as a stop request by now (or has ended):
// the signal is blocked, held for the thread that waits for it
// (util/stop_signals.h).
bool TakesStopRequests(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  if (!status) return true;
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("SigBlk:", 0) == 0) return ((std::stoull(line.substr(7), nullptr, 16) >> (SIGTERM - 1)) & 1) != 0;
  }
  return false;
}

TEST_F(IndexOperationsTest, WaitingForTheLockEndsOnASignalAndWritesNothing) {
  ASSERT_EQ(Index(Quote(input_)).status, 0);
  testing::WriteFile(dir_ / "more.jsonl", Articles(20, "more"));
  Xapian::WritableDatabase other_writer(db_, Xapian::DB_OPEN);
  const std::vector<std::pair<int, std::vector<std::string>>> cases = {
      {SIGTERM, {"--wait", "--db", db_, dir_ / "more.jsonl"}},
      {SIGINT, {"--wait", "--db", db_, dir_ / "more.jsonl"}},
      {SIGTERM, {"--wait", "--rebuild", "--db", db_, dir_ / "more.jsonl"}},
  };
  for (const auto& [signal, args] : cases) {
    std::vector<std::string> argv = {KIJI_INDEXER};
    argv.insert(argv.end(), args.begin(), args.end());
    testing::ProcessOptions options;
    options.stderr_path = dir_ / "stderr.txt";
    testing::Process indexer(argv, options);
    while (!TakesStopRequests(indexer.pid())) usleep(10000);
    indexer.Signal(signal);
    // A bound against a hang, not a measure of speed.
    EXPECT_EQ(indexer.WaitFor(std::chrono::seconds(60)), 1) << signal;
    const std::string err = testing::ReadFile(dir_ / "stderr.txt");
    EXPECT_NE(err.find("interrupted while waiting for the writer of " + db_), std::string::npos) << err;
    EXPECT_NE(err.find("nothing was written"), std::string::npos) << err;
    EXPECT_FALSE(fs::exists(db_ + ".rebuild.parts"));
  }
  other_writer.close();
  EXPECT_EQ(Xapian::Database(db_).get_doccount(), 300u);
}

// Overwrites bytes a third of the way into a table of several blocks.
void Damage(const std::string& table) {
  const auto size = fs::file_size(table);
  ASSERT_GT(size, 8u * 8192) << "a table of several blocks";
  std::fstream f(table, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(static_cast<std::streamoff>(size / 3));
  f.write(std::string(3000, '\0').data(), 3000);
}

TEST_F(IndexOperationsTest, AnUpdateOfADamagedIndexSaysSoAndWritesNothing) {
  ASSERT_EQ(Index(Quote(input_)).status, 0);
  const std::string table = db_ + "/postlist.glass";
  Damage(table);
  if (HasFatalFailure()) return;
  const auto revision = Xapian::Database(db_).get_revision();
  testing::WriteFile(dir_ / "more.jsonl", Articles(1, "more"));
  const Outcome r = Index(Quote(dir_ / "more.jsonl"));
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("index " + db_ + " is damaged: " + table), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("xapian-check " + db_), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--rebuild"), std::string::npos) << r.err;
  EXPECT_EQ(Xapian::Database(db_).get_revision(), revision) << "nothing was written";
  const Outcome rebuilt = Index("--rebuild " + Quote(input_));
  EXPECT_EQ(rebuilt.status, 0) << rebuilt.err;
  EXPECT_EQ(Xapian::Database::check(db_), 0u);
}

TEST_F(IndexOperationsTest, DamageFoundWhileUpdatingIsReportedAsDamage) {
  testing::WriteFile(input_, Articles(2000));
  ASSERT_EQ(Index(Quote(input_)).status, 0);
  // Replacing every article reads every old article's term list.
  Damage(db_ + "/termlist.glass");
  if (HasFatalFailure()) return;
  std::string changed = testing::ReadFile(input_);
  for (std::size_t at = 0; (at = changed.find("word", at)) != std::string::npos;) changed.replace(at, 4, "term");
  testing::WriteFile(dir_ / "changed.jsonl", changed);
  const Outcome r = Index(Quote(dir_ / "changed.jsonl"));
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("index " + db_ + " is damaged: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("xapian-check " + db_), std::string::npos) << r.err;
}

TEST_F(IndexOperationsTest, ARebuildReplacesAnIndexTooDamagedToOpen) {
  ASSERT_EQ(Index(Quote(input_)).status, 0);
  {
    std::fstream f(db_ + "/iamglass", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(20);
    f.write(std::string(40, '\0').data(), 40);
  }
  const Outcome update = Index(Quote(input_));
  EXPECT_EQ(update.status, 2) << update.err;
  EXPECT_NE(update.err.find("index " + db_ + " is damaged: "), std::string::npos) << update.err;
  const Outcome rebuilt = Index("--rebuild " + Quote(input_));
  EXPECT_EQ(rebuilt.status, 0) << rebuilt.err;
  EXPECT_EQ(Xapian::Database(db_).get_doccount(), 300u);
}

}  // namespace
}  // namespace kiji
