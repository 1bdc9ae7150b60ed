// The indexer end to end: summaries, the writer lock, incremental runs,
// settings, rejected records, --watch and hostile input.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include <xapian.h>

#include "tests/cli/cli_fixture.h"
#include "tests/cli/terminal.h"
#include "tests/process.h"
#include "tests/test_support.h"

namespace kiji {
namespace {

TEST_F(CliTest, IndexingTheSeedCorpusReportsASummary) {
  const RunResult r = Run(Indexer() + " " + Quote(std::string(KIJI_SOURCE_DIR) + "/corpus"));
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("1 added, 0 updated, 0 unchanged, 0 removed, 0 rejected"), std::string::npos) << r.out;
  const RunResult again = Run(Indexer() + " " + Quote(std::string(KIJI_SOURCE_DIR) + "/corpus"));
  EXPECT_EQ(again.status, 0);
  EXPECT_NE(again.out.find("0 added, 0 updated, 1 unchanged, 0 removed, 0 rejected"), std::string::npos) << again.out;
}

TEST_F(CliTest, ASecondWriterIsToldWhoHoldsTheLockOrWaitsForIt) {
  // The first indexer reads JSON Lines from a pipe we hold open, so it keeps
  // the index locked until we close it. (--wait: should a probe below get
  // the lock first, it queues instead of failing.)
  testing::ProcessOptions options;
  options.stdin_pipe = true;
  testing::Process first({KIJI_INDEXER, "--db", db_, "-q", "--wait", "-"}, options);
  ASSERT_TRUE(first.WriteStdin("{\"id\":\"one\",\"body\":\"first writer\"}\n"));
  RunResult second;
  for (int i = 0; i < 50; ++i) {  // until the first one has the lock
    second = Run(Indexer() + " " + Quote(std::string(KIJI_SOURCE_DIR) + "/corpus"));
    if (second.status == 2) break;
    usleep(100000);
  }
  EXPECT_EQ(second.status, 2);
  EXPECT_NE(second.err.find("is being written by process "), std::string::npos) << second.err;
  EXPECT_NE(second.err.find("(indexer)"), std::string::npos) << second.err;
  EXPECT_NE(second.err.find("flintlock"), std::string::npos) << second.err;
  EXPECT_NE(second.err.find("--wait"), std::string::npos) << second.err;
  testing::ProcessOptions quiet;
  quiet.stderr_path = dir_ / "waiting.err";
  testing::Process waiting({KIJI_INDEXER, "--db", db_, "-q", "--wait", std::string(KIJI_SOURCE_DIR) + "/corpus"},
                           quiet);
  usleep(300000);
  first.CloseStdin();
  EXPECT_EQ(first.Wait(), 0);
  EXPECT_EQ(waiting.Wait(), 0) << testing::ReadFile(dir_ / "waiting.err");
  const RunResult both = Run(Searcher() + " --format trec -n 5 writer OR Kursk");
  EXPECT_NE(both.out.find(" one "), std::string::npos) << both.out;
  EXPECT_NE(both.out.find("000_61133eb7627965e1.txt"), std::string::npos) << both.out;
}

TEST_F(CliTest, IncrementalRunsSkipUnchangedFilesUpdateChangedOnesAndPrune) {
  const std::string corpus = dir_ / "news";
  std::filesystem::create_directories(corpus);
  testing::WriteFile(corpus + "/a.txt", "Title: Alpha\n\nThe alpha story.\n");
  testing::WriteFile(corpus + "/b.txt", "Title: Beta\n\nThe beta story.\n");
  testing::WriteFile(corpus + "/c.jsonl",
                     "{\"id\":\"c1\",\"body\":\"gamma one\"}\n{\"id\":\"c2\",\"body\":\"gamma two\"}\n"
                     "{\"id\":\"c3\",\"body\":\"gamma three\"}\n");
  const std::string index = Indexer() + " " + Quote(corpus);
  EXPECT_NE(Run(index).out.find("5 added, 0 updated, 0 unchanged, 0 removed"), std::string::npos);
  EXPECT_NE(Run(index).out.find("0 added, 0 updated, 5 unchanged, 0 removed"), std::string::npos);

  // Same size, same time: the file is not even read (cheap), so a change
  // that keeps both is seen only with --reread.
  const auto mtime = std::filesystem::last_write_time(corpus + "/a.txt");
  testing::WriteFile(corpus + "/a.txt", "Title: Alpha\n\nThe ALPHA story.\n");
  std::filesystem::last_write_time(corpus + "/a.txt", mtime);
  EXPECT_NE(Run(index).out.find("0 added, 0 updated, 5 unchanged"), std::string::npos);
  EXPECT_NE(Run(index + " --reread").out.find("0 added, 1 updated, 4 unchanged"), std::string::npos);

  testing::WriteFile(corpus + "/b.txt", "Title: Beta\n\nThe beta story, revised at length.\n");
  EXPECT_NE(Run(index).out.find("0 added, 1 updated, 4 unchanged"), std::string::npos);

  std::filesystem::remove(corpus + "/a.txt");
  testing::WriteFile(corpus + "/c.jsonl",
                     "{\"id\":\"c1\",\"body\":\"gamma one\"}\n{\"id\":\"c3\",\"body\":\"gamma three\"}\n");
  EXPECT_NE(Run(index).out.find("0 added, 0 updated, 3 unchanged, 0 removed"), std::string::npos)
      << "without --prune nothing is removed";
  EXPECT_EQ(Run(Searcher() + " alpha").status, 0);
  const RunResult pruned = Run(index + " --prune");
  EXPECT_NE(pruned.out.find("0 added, 0 updated, 3 unchanged, 2 removed"), std::string::npos) << pruned.out;
  EXPECT_EQ(Run(Searcher() + " alpha").status, 1);
  EXPECT_EQ(Run(Searcher() + " 'gamma two'").out.find("c2"), std::string::npos);
  EXPECT_EQ(Run(Searcher() + " --format trec -n 10 gamma OR beta").out.find("c2"), std::string::npos);
  EXPECT_NE(Run(index + " --prune").out.find("0 added, 0 updated, 3 unchanged, 0 removed"), std::string::npos);
}

TEST_F(CliTest, IncompatibleSettingsAreRefusedAndRebuildStartsOver) {
  IndexSeedCorpus();
  const std::string corpus = Quote(std::string(KIJI_SOURCE_DIR) + "/corpus");
  const RunResult refused = Run(Indexer() + " --fold-diacritics " + corpus);
  EXPECT_EQ(refused.status, 2);
  EXPECT_NE(refused.err.find("without diacritic folding"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("--rebuild"), std::string::npos) << refused.err;
  const RunResult rebuilt = Run(Indexer() + " --rebuild --fold-diacritics " + corpus);
  EXPECT_EQ(rebuilt.status, 0) << rebuilt.err;
  EXPECT_NE(rebuilt.out.find("1 added"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(db_ + ".rebuild"));
  EXPECT_FALSE(std::filesystem::exists(db_ + ".old"));
  EXPECT_EQ(Run(Indexer() + " --fold-diacritics " + corpus).status, 0) << "the new settings are the index's now";
  EXPECT_EQ(Run(Searcher() + " Kursk").status, 0);
}

TEST_F(CliTest, RejectedRecordsAreReportedAndTheRestIndexed) {
  const std::string input =
      "{\"id\":\"good1\",\"title\":\"Fine\",\"body\":\"harbour cranes\"}\n"
      "{\"id\":\"bad\",\"title\":\n"
      "{\"id\":\"good2\",\"title\":\"Also fine\",\"body\":\"harbour boats\"}\n";
  const RunResult r = Run(Indexer() + " -", input);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("<stdin>:2: invalid JSON"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("2 added"), std::string::npos) << r.out;
  const RunResult s = Run(Searcher() + " --format trec harbour");
  EXPECT_EQ(s.status, 0);
  EXPECT_NE(s.out.find("good1"), std::string::npos);
  EXPECT_NE(s.out.find("good2"), std::string::npos);
}

TEST_F(CliTest, WatchIndexesArticlesAsTheyArriveUntilASignal) {
  const std::string feeds = dir_ / "feeds";
  std::filesystem::create_directories(feeds);
  testing::WriteFile(feeds + "/first.txt", "Title: First\n\nThe first article.\n");
  testing::Terminal indexer({KIJI_INDEXER, "--db", db_, "--watch", feeds}, {"PATH=/usr/bin:/bin"});
  ASSERT_TRUE(indexer.WaitFor("watching 1 directory")) << indexer.screen();
  const auto found = [&](const std::string& query) {
    for (int i = 0; i < 100; ++i) {
      if (Run(Searcher() + " " + query).status == 0) return true;
      usleep(100000);
    }
    return false;
  };
  EXPECT_TRUE(found("first"));
  testing::WriteFile(feeds + "/zeppelin.txt", "Title: Zeppelin sighted\n\nA zeppelin flew over Osaka.\n");
  EXPECT_TRUE(found("zeppelin")) << indexer.screen();
  std::filesystem::create_directories(feeds + "/wire/today");
  testing::WriteFile(feeds + "/wire/today/feed.jsonl", "{\"id\":\"w1\",\"body\":\"airship festival\"}\n");
  EXPECT_TRUE(found("airship")) << "a new subdirectory is watched too\n" << indexer.screen();
  indexer.Signal(SIGTERM);
  EXPECT_EQ(indexer.ExitStatus(), 0) << indexer.screen();
  EXPECT_NE(indexer.screen().find("stopped watching; everything read is committed"), std::string::npos);
}

TEST_F(CliTest, HostileInputIsReportedAndEverythingGoodIsIndexed) {
  const std::string c = dir_ / "hostile";
  std::filesystem::create_directories(c + "/sub");
  testing::WriteFile(c + "/good.txt", "Title: Good article\n\nHarbour cranes moved ships.\n");
  testing::WriteFile(c + "/empty.txt", "");
  testing::WriteFile(c + "/binary.txt", std::string("\x7f" "ELF\0\0\x01\x02garbage\0\xff\xfe", 17));
  testing::WriteFile(c + "/latin1.txt", std::string(40, '\xe9') + " caf\xe9 r\xe9sum\xe9");
  testing::WriteFile(c + "/escape.txt",
                     "Title: Evil \x1b[2J\x1b]0;pwned\x07 title\n\nBody with \x1b[31mred\x1b[0m and \xc2\x9b csi harbour.\n");
  testing::WriteFile(c + "/space name.txt", "Title: Spaced\n\nA file name with a space, harbour.\n");
  testing::WriteFile(c + "/odd\nname.txt", "Title: Newline\n\nA file name with a newline, harbour.\n");
  testing::WriteFile(c + "/bad\xffname.txt", "Title: Latin-1 name\n\nA file name that is not UTF-8, harbour.\n");
  testing::WriteFile(c + "/huge.txt", std::string(3'000'000, 'x'));
  static constexpr char kNulLine[] = "{\"id\":\"j5\",\"body\":\"nul\0inside harbour\"}\n";
  std::string jsonl =
      "{\"id\":\"j1\",\"body\":\"harbour one\"}\n"
      "{\"id\":\"j2\",\"body\":\n"
      "{\"id\":\"j3\",\"title\":[1,2],\"body\":\"x\"}\n"
      "{\"id\":\"j4\",\"body\":" + std::string(50000, '[') + std::string(50000, ']') + "}\n" +
      std::string(kNulLine, sizeof kNulLine - 1) +
      "{\"id\":\"j6\",\"body\":\"" + std::string(1'500'000, 'w') + " harbour\"}\n"
      "{\"id\":\"j7\",\"body\":\"harbour seven, last line without newline\"}";
  testing::WriteFile(c + "/sub/feed.jsonl", jsonl);
  std::string packed;
  {
    // A gzip file cut in half.
    std::string lines;
    for (int i = 0; i < 3000; ++i) lines += "{\"id\":\"g" + std::to_string(i) + "\",\"body\":\"harbour " + std::to_string(i * 7) + "\"}\n";
    testing::WriteGzipFile(dir_ / "full.jsonl.gz", lines);
    packed = testing::ReadFile(dir_ / "full.jsonl.gz");
    testing::WriteFile(c + "/sub/cut.jsonl.gz", packed.substr(0, packed.size() / 2));
  }
  std::filesystem::create_directories(c + "/locked");
  testing::WriteFile(c + "/locked/inside.txt", "Title: Inside\n\nLocked away.\n");
  testing::WriteFile(c + "/unreadable.txt", "Title: Unreadable\n\nNo one may read this.\n");
  std::filesystem::permissions(c + "/locked", std::filesystem::perms::none);
  std::filesystem::permissions(c + "/unreadable.txt", std::filesystem::perms::none);
  std::filesystem::create_symlink("loop.txt", c + "/loop.txt");
  std::filesystem::create_symlink("nowhere.txt", c + "/dangling.txt");
  std::filesystem::create_directory_symlink(".", c + "/sub/cycle");

  const RunResult r = Run(Indexer() + " --max-article-bytes 2000000 " + Quote(c));
  EXPECT_EQ(r.status, 1) << r.err;
  const auto reported = [&](const std::string& where, const std::string& why) {
    const std::string line = c + "/" + where + ": " + why;
    EXPECT_NE(r.err.find(line), std::string::npos) << "expected \"" << line << "\" in\n" << r.err;
  };
  reported("empty.txt", "empty article");
  reported("binary.txt", "binary file");
  reported("latin1.txt", "not UTF-8 text");
  reported("huge.txt", "article is 3000000 bytes, over --max-article-bytes (2000000)");
  reported("sub/feed.jsonl:2", "invalid JSON");
  reported("sub/feed.jsonl:3", "field 'title' must be a string, not array");
  reported("sub/feed.jsonl:4", "JSON nested deeper than 32 levels (at column 50)");  // 50,000 levels deep
  reported("sub/feed.jsonl:5", "binary data (a NUL byte at column 23), not JSON");
  EXPECT_NE(r.err.find(".jsonl.gz:1471: read error: unexpected end of file"), std::string::npos) << r.err;
  reported("loop.txt", "");
  reported("dangling.txt", "");
  if (geteuid() != 0) {
    reported("locked", "Permission denied");
    reported("unreadable.txt", "Permission denied");
  } else {
    std::cerr << "note: running as root, which reads unreadable files; permission reports not checked\n";
  }
  std::filesystem::permissions(c + "/locked", std::filesystem::perms::owner_all);
  EXPECT_EQ(r.err.find('\x1b'), std::string::npos) << "no terminal escapes on stderr";
  // Everything good is in.
  const RunResult all = Run(Searcher() + " --format trec -n 5000 harbour");
  for (const char* id : {"good.txt", "escape.txt", "space_name.txt", "j1", "j6", "j7", "g0", "g100"}) {
    EXPECT_NE(all.out.find(std::string(" ") + id + " "), std::string::npos) << id;
  }
  EXPECT_NE(all.out.find("name.txt"), std::string::npos);
  // Article text never drives the terminal, whatever --color says.
  const RunResult shown = Run(Searcher() + " --color always evil");
  std::string without_bold = shown.out;
  for (const std::string code : {"\x1b[1m", "\x1b[0m"}) {
    for (std::size_t at; (at = without_bold.find(code)) != std::string::npos;) without_bold.erase(at, code.size());
  }
  EXPECT_EQ(without_bold.find('\x1b'), std::string::npos) << shown.out;
  EXPECT_EQ(shown.out.find("\xc2\x9b"), std::string::npos);
  EXPECT_EQ(Run(Searcher() + " --format json evil").out.find('\x1b'), std::string::npos);
}

}  // namespace
}  // namespace kiji

namespace kiji {
namespace {

TEST_F(CliTest, WithNoPathTheIndexerUpdatesWhatTheIndexRecorded) {
  const std::string feed = dir_ / "feed";
  std::filesystem::create_directories(feed);
  testing::WriteFile(feed + "/a.txt", "Title: Harbour cranes\n\nThe harbour cranes moved.\n");
  ASSERT_EQ(Run(Indexer() + " " + Quote(feed)).status, 0);
  testing::WriteFile(feed + "/b.txt", "Title: Zeppelin returns\n\nA zeppelin flew over the harbour.\n");
  std::filesystem::remove(feed + "/a.txt");
  const RunResult update = Run(Indexer() + " --prune");
  EXPECT_EQ(update.status, 0) << update.err;
  EXPECT_NE(update.err.find("updating what"), std::string::npos) << update.err;
  EXPECT_NE(update.err.find(std::filesystem::absolute(feed).lexically_normal().string()), std::string::npos) << update.err;
  EXPECT_EQ(Run(Searcher() + " -c zeppelin").out, "1\n");
  EXPECT_EQ(Run(Searcher() + " -c cranes").out, "0\n") << "--prune applies to the recorded PATHs too";
  const RunResult none = Run(Indexer() + " --db " + Quote(dir_ / "empty"));
  EXPECT_EQ(none.status, 2);
  EXPECT_NE(none.err.find("records none"), std::string::npos) << none.err;
}

// Each phase is drawn when it begins, so every one shows in the output
// however fast the build; the line fits the terminal and is blanked before
// the summary. Off a terminal there is no line at all.
TEST_F(CliTest, OnATerminalABuildShowsItsPhasesAndProgressThenOnlyTheSummary) {
  std::string lines;
  for (int i = 0; i < 2000; ++i) {
    lines += "{\"id\":\"p" + std::to_string(i) + "\",\"title\":\"Progress " + std::to_string(i) +
             "\",\"body\":\"harbour cranes and ships number " + std::to_string(i) + "\"}\n";
  }
  testing::WriteFile(dir_ / "in.jsonl", lines);
  testing::Terminal indexer({KIJI_INDEXER, "--no-config", "--db", db_, "--workers", "2", dir_ / "in.jsonl"},
                            {"PATH=/usr/bin:/bin", "TERM=xterm"}, testing::TerminalSize{12, 50});
  ASSERT_EQ(indexer.ExitStatus(), 0) << indexer.screen();
  const std::string& out = indexer.screen();
  std::size_t at = 0;
  for (const std::string phase : {"\rreading  ", "\ranalysing  ", "\rspelling  ", "\rmerging", "\rsyncing  ",
                                  "\rgrouping stories  "}) {
    const std::size_t found = out.find(phase, at);
    EXPECT_NE(found, std::string::npos) << "phase " << phase.substr(1) << " after offset " << at << " in\n" << out;
    if (found != std::string::npos) at = found;
  }
  EXPECT_NE(out.find(" of 2,000 articles  "), std::string::npos) << "the exact total once read:\n" << out;
  const std::regex line("\r((reading|analysing|spelling|merging|syncing|grouping)[^\r\n]*)");
  for (auto it = std::sregex_iterator(out.begin(), out.end(), line); it != std::sregex_iterator(); ++it) {
    EXPECT_LT((*it)[1].length(), 50u) << "a progress line wider than the terminal wraps: " << (*it)[1];
  }
  const std::string screen = indexer.virtual_screen().Text();
  EXPECT_NE(out.find("2000 added, 0 updated"), std::string::npos) << out;
  for (const char* shown : {"articles indexed", "articles/s  "}) {
    EXPECT_EQ(screen.find(shown), std::string::npos) << "the progress line was blanked:\n" << screen;
  }

  const RunResult piped = Run(Indexer() + " --rebuild " + Quote(dir_ / "in.jsonl"));
  EXPECT_EQ(piped.status, 0) << piped.err;
  EXPECT_EQ(piped.err, "") << "no progress off a terminal";
}

}  // namespace
}  // namespace kiji
