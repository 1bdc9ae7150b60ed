// End-to-end tests of the real indexer and searcher executables on a
// temporary index, comparing output with golden files in tests/golden/.
// Set KIJI_UPDATE_GOLDEN=1 to rewrite the golden files after an intended
// change, and review the diff.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/socket.h>
#include <xapian.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <regex>

#include "tests/test_support.h"

namespace kiji {
namespace {

using RunResult = testing::CommandResult;

std::string Quote(const std::string& s) { return testing::ShellQuote(s); }

class CliTest : public ::testing::Test {
 protected:
  RunResult Run(const std::string& args, const std::string& stdin_text = "") {
    return testing::RunCommand("env -u NO_COLOR KIJI_DB=" + Quote(db_) + " " + args, stdin_text, dir_.path());
  }

  static std::string Indexer() { return Quote(KIJI_INDEXER); }
  static std::string Searcher() { return Quote(KIJI_SEARCHER); }

  void IndexSeedCorpus() {
    const RunResult r = Run(Indexer() + " " + Quote(std::string(KIJI_SOURCE_DIR) + "/corpus"));
    ASSERT_EQ(r.status, 0) << r.err;
  }

  // Elapsed times differ from run to run; golden files hold a placeholder.
  static std::string NormalizeTimes(const std::string& s) {
    static const std::regex text_time(R"(\(\d+\.\d+ s\))");
    static const std::regex json_time(R"("elapsed":[0-9.eE+-]+)");
    return std::regex_replace(std::regex_replace(s, text_time, "(TIME)"), json_time, "\"elapsed\":TIME");
  }

  void ExpectGolden(const std::string& name, const std::string& raw) {
    const std::string actual = NormalizeTimes(raw);
    const std::string path = std::string(KIJI_SOURCE_DIR) + "/tests/golden/" + name;
    if (const char* update = std::getenv("KIJI_UPDATE_GOLDEN"); update != nullptr && *update == '1') {
      testing::WriteFile(path, actual);
      return;
    }
    ASSERT_TRUE(std::filesystem::exists(path)) << "missing golden file " << path
                                               << " (run with KIJI_UPDATE_GOLDEN=1 to create it)";
    EXPECT_EQ(actual, testing::ReadFile(path)) << "output differs from " << path;
  }

  testing::TempDir dir_;
  std::string db_ = dir_ / "index";
};

TEST_F(CliTest, IndexingTheSeedCorpusReportsASummary) {
  const RunResult r = Run(Indexer() + " " + Quote(std::string(KIJI_SOURCE_DIR) + "/corpus"));
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("1 added, 0 updated, 0 unchanged, 0 removed, 0 rejected"), std::string::npos) << r.out;
  const RunResult again = Run(Indexer() + " " + Quote(std::string(KIJI_SOURCE_DIR) + "/corpus"));
  EXPECT_EQ(again.status, 0);
  EXPECT_NE(again.out.find("0 added, 0 updated, 1 unchanged, 0 removed, 0 rejected"), std::string::npos) << again.out;
}

TEST_F(CliTest, SeedSearchTextOutput) {
  IndexSeedCorpus();
  const RunResult r = Run(Searcher() + " North Korea troops Kursk");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << "no escape codes when stdout is not a terminal";
  ExpectGolden("seed_text.txt", r.out);
}

TEST_F(CliTest, SeedSearchColorAlwaysHighlightsMatches) {
  IndexSeedCorpus();
  const RunResult r = Run(Searcher() + " --color always Kursk");
  EXPECT_NE(r.out.find("\x1b[1mKursk\x1b[0m"), std::string::npos) << r.out;
  const RunResult no_color = Run("env NO_COLOR=1 " + Searcher() + " --color auto Kursk");
  EXPECT_EQ(no_color.out.find('\x1b'), std::string::npos);
}

TEST_F(CliTest, SeedSearchJsonOutput) {
  IndexSeedCorpus();
  const RunResult r = Run(Searcher() + " --format json '\"North Korean troops\"'");
  EXPECT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);  // throws (fails) on invalid JSON
  EXPECT_EQ(j["hits"][0]["id"], "000_61133eb7627965e1.txt");
  ExpectGolden("seed_json.txt", r.out);
}

TEST_F(CliTest, SeedSearchTsvAndTrecOutput) {
  IndexSeedCorpus();
  const RunResult tsv = Run(Searcher() + " --format tsv Pyongyang drones");
  EXPECT_EQ(tsv.status, 0);
  ExpectGolden("seed_tsv.txt", tsv.out);
  const RunResult trec = Run(Searcher() + " --format trec Pyongyang drones");
  ExpectGolden("seed_trec.txt", trec.out);
}

TEST_F(CliTest, NoMatchExitsOneAndSaysSo) {
  IndexSeedCorpus();
  const RunResult r = Run(Searcher() + " zeppelin");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(NormalizeTimes(r.out), "No results for \"zeppelin\" (TIME).\n");
}

TEST_F(CliTest, MissingIndexExitsTwoWithAHint) {
  const RunResult r = Run(Searcher() + " --db " + Quote(dir_ / "none") + " anything");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("indexer --db"), std::string::npos) << r.err;
}

TEST_F(CliTest, SyntaxErrorsPointAtThePositionAndBatchFallsBackToWords) {
  IndexSeedCorpus();
  const RunResult r = Run(Searcher() + " '(Kursk troops'");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("query syntax: missing ')' for this '('\n  (Kursk troops\n  ^\n"), std::string::npos) << r.err;
  const RunResult batch = Run(Searcher() + " --batch - --format trec", "q1\t(Kursk troops\n");
  EXPECT_EQ(batch.status, 0) << batch.err;
  EXPECT_NE(batch.out.find("q1 Q0 000_61133eb7627965e1.txt 1 "), std::string::npos);
  EXPECT_NE(batch.err.find("topic q1: query syntax"), std::string::npos) << batch.err;
  const RunResult plain = Run(Searcher() + " --plain --format trec '(Kursk AND'");
  EXPECT_EQ(plain.status, 0) << plain.err;
}

TEST_F(CliTest, QueryWordsMayStartWithAMinus) {
  IndexSeedCorpus();
  EXPECT_EQ(Run(Searcher() + " Kursk -Ukraine").status, 1) << "the seed article mentions Ukraine";
  EXPECT_EQ(Run(Searcher() + " Kursk -zeppelin -n 5").status, 0);
  EXPECT_EQ(Run(Searcher() + " -n5 Kursk -- -zeppelin").status, 0);
  EXPECT_EQ(Run(Searcher() + " --format=trec Kursk").out.find("Q0"), 2u);
}

TEST_F(CliTest, FacetsExplainAndSortInJson) {
  IndexSeedCorpus();
  const auto j = nlohmann::json::parse(Run(Searcher() + " --format json --facets --explain Kursk").out);
  EXPECT_EQ(j["facets"]["source"][0]["value"], "Asia News Network/The Japan News");
  EXPECT_EQ(j["facets"]["source"][0]["count"], 1);
  EXPECT_EQ(j["hits"][0]["explain"][0]["term"], "Zkursk");
  EXPECT_EQ(Run(Searcher() + " --sort sideways x").status, 2);
  EXPECT_EQ(Run(Searcher() + " --since 2024-13 x").status, 2);
}

TEST_F(CliTest, CheckRunsSuitesRecordsThemAndReportsFailuresAsADiff) {
  const std::string corpus = std::string(KIJI_SOURCE_DIR) + "/corpus";
  const std::string suite = dir_ / "s.suite";
  testing::WriteFile(suite,
                     "# kept comment\n"
                     "corpus " + corpus + "\n"
                     "query good: Kursk\n"
                     "  top: 000_61133eb7627965e1.txt\n"
                     "  hits >= 1\n"
                     "query stale: drones\n"
                     "  top: some-old-id   # snapshot\n"
                     "  hits = 7\n");
  const RunResult failing = Run(Searcher() + " --check " + Quote(suite));
  EXPECT_EQ(failing.status, 1) << failing.out << failing.err;
  EXPECT_NE(failing.out.find("  ok   good: Kursk\n"), std::string::npos) << failing.out;
  EXPECT_NE(failing.out.find("  FAIL stale: drones\n       top: expected some-old-id\n            got      "
                             "000_61133eb7627965e1.txt\n             1. 000_61133eb7627965e1.txt  North Korea"),
            std::string::npos)
      << failing.out;
  EXPECT_NE(failing.out.find("hits = 7: got 1"), std::string::npos) << failing.out;
  EXPECT_NE(failing.out.find("\n1 passed, 1 failed\n"), std::string::npos) << failing.out;

  const RunResult tap = Run(Searcher() + " --check --format tap " + Quote(suite));
  EXPECT_NE(tap.out.find("TAP version 13\nok 1 - "), std::string::npos) << tap.out;
  EXPECT_NE(tap.out.find("not ok 2 - "), std::string::npos) << tap.out;
  EXPECT_NE(tap.out.find("1..2\n"), std::string::npos) << tap.out;
  const RunResult junit = Run(Searcher() + " --check --format junit " + Quote(suite));
  EXPECT_NE(junit.out.find("<testsuite name=\"" + suite + "\" tests=\"2\" failures=\"1\""), std::string::npos) << junit.out;

  const RunResult recorded = Run(Searcher() + " --check --record " + Quote(suite));
  EXPECT_EQ(recorded.status, 1) << "recording reports the run it recorded from";
  EXPECT_EQ(testing::ReadFile(suite),
            "# kept comment\n"
            "corpus " + corpus + "\n"
            "query good: Kursk\n"
            "  top: 000_61133eb7627965e1.txt\n"
            "  hits >= 1\n"
            "query stale: drones\n"
            "  top: 000_61133eb7627965e1.txt # snapshot\n"
            "  hits = 1\n");
  EXPECT_EQ(Run(Searcher() + " --check " + Quote(suite)).status, 0);
}

TEST_F(CliTest, CheckRefusesABadSuiteNamingTheLine) {
  const std::string suite = dir_ / "bad.suite";
  testing::WriteFile(suite, "corpus x\nquery q: y\n  hits >> 3\n");
  const RunResult r = Run(Searcher() + " --check " + Quote(suite));
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find(suite + ":3: expected >=, <= or =, found '>>'"), std::string::npos) << r.out;
  EXPECT_EQ(Run(Searcher() + " --check " + Quote(dir_ / "missing.suite")).status, 2);
}

TEST_F(CliTest, QrelsTurnABatchIntoMetrics) {
  IndexSeedCorpus();
  testing::WriteFile(dir_ / "topics.tsv", "1\tKursk\n2\tzeppelin\n3\tdrones\n");
  testing::WriteFile(dir_ / "qrels.txt", "1 0 000_61133eb7627965e1.txt 1\n2 0 000_61133eb7627965e1.txt 2\n3 0 other 0\n");
  const std::string args = " --batch " + Quote(dir_ / "topics.tsv") + " --qrels " + Quote(dir_ / "qrels.txt");
  const RunResult text = Run(Searcher() + args);
  EXPECT_EQ(text.status, 0) << text.err;
  EXPECT_NE(text.out.find("topics       2\nmap          0.5000\n"), std::string::npos) << text.out;
  const auto j = nlohmann::json::parse(Run(Searcher() + args + " --format json --per-query").out);
  EXPECT_EQ(j["topics"], 2);
  EXPECT_DOUBLE_EQ(j["map"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(j["per_query"][0]["mrr"].get<double>(), 1.0);
  EXPECT_EQ(j["per_query"][1]["topic"], "2");
  const RunResult trec = Run(Searcher() + args + " --format trec");
  EXPECT_NE(trec.out.find("num_q                 \tall\t2\n"), std::string::npos) << trec.out;
  testing::WriteFile(dir_ / "bad.txt", "1 0 x\n");
  EXPECT_EQ(Run(Searcher() + " --batch " + Quote(dir_ / "topics.tsv") + " --qrels " + Quote(dir_ / "bad.txt")).status, 2);
}

TEST_F(CliTest, ASecondWriterIsToldWhoHoldsTheLockOrWaitsForIt) {
  // The first indexer reads JSON Lines from a pipe we hold open, so it keeps
  // the index locked until we close it. (--wait: should a probe below get
  // the lock first, it queues instead of failing.)
  FILE* first = popen(("env KIJI_DB=" + Quote(db_) + " " + Indexer() + " -q --wait - 2>/dev/null").c_str(), "w");
  ASSERT_NE(first, nullptr);
  std::fputs("{\"id\":\"one\",\"body\":\"first writer\"}\n", first);
  std::fflush(first);
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
  FILE* waiting = popen(("env KIJI_DB=" + Quote(db_) + " " + Indexer() + " -q --wait " +
                         Quote(std::string(KIJI_SOURCE_DIR) + "/corpus") + " 2>&1").c_str(), "r");
  ASSERT_NE(waiting, nullptr);
  usleep(300000);
  EXPECT_EQ(pclose(first), 0);
  const int status = pclose(waiting);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
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

TEST_F(CliTest, BadUsageExitsTwo) {
  EXPECT_EQ(Run(Searcher()).status, 2);
  EXPECT_EQ(Run(Searcher() + " --format xml x").status, 2);
  EXPECT_EQ(Run(Searcher() + " --no-such-flag x").status, 2);
  EXPECT_EQ(Run(Indexer()).status, 2);
}

TEST_F(CliTest, HelpListsEveryFlag) {
  const RunResult s = Run(Searcher() + " --help");
  EXPECT_EQ(s.status, 0);
  for (const char* flag : {"--db", "--limit", "--offset", "--format", "--batch", "--plain", "--sort", "--since",
                           "--until", "--facets", "--explain", "--no-suggest", "--color", "--run-tag", "--check",
                           "--record", "--qrels", "--per-query", "--weighting", "--expand", "--expand-docs",
                           "--expand-terms", "--expand-weight", "--keep-stopwords"}) {
    EXPECT_NE(s.out.find(flag), std::string::npos) << flag;
  }
  const RunResult i = Run(Indexer() + " --help");
  EXPECT_EQ(i.status, 0);
  for (const char* flag : {"--db", "--language", "--fold-diacritics", "--commit-every", "--max-article-bytes", "--wait",
                           "--prune", "--reread", "--rebuild", "--quiet"}) {
    EXPECT_NE(i.out.find(flag), std::string::npos) << flag;
  }
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

TEST_F(CliTest, BatchAnswersEveryTopicFromStdin) {
  IndexSeedCorpus();
  const RunResult r = Run(Searcher() + " --batch - --format trec", "a\tKursk\nb\tzeppelin\nc\tdrones\n");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.find("b Q0"), std::string::npos);
  EXPECT_NE(r.out.find("a Q0 000_61133eb7627965e1.txt 1 "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("c Q0 000_61133eb7627965e1.txt 1 "), std::string::npos) << r.out;
}

TEST_F(CliTest, ReutersSliceBatchRun) {
  KIJI_REQUIRE_SHARED("corpora/reuters21578.jsonl.gz");
  testing::WriteFile(dir_ / "slice.jsonl",
                     testing::ReadLines(testing::SharedDir() + "/corpora/reuters21578.jsonl.gz", 500));
  const RunResult indexed = Run(Indexer() + " " + Quote(dir_ / "slice.jsonl"));
  ASSERT_EQ(indexed.status, 0) << indexed.err;
  EXPECT_NE(indexed.out.find("500 added"), std::string::npos) << indexed.out;
  const std::string topics = std::string(KIJI_SOURCE_DIR) + "/tests/golden/reuters_topics.tsv";
  const RunResult run = Run(Searcher() + " --batch " + Quote(topics) + " --format trec -n 5");
  EXPECT_EQ(run.status, 0) << run.err;
  ExpectGolden("reuters_slice_trec.txt", run.out);
  const RunResult text = Run(Searcher() + " -n 3 cocoa Bahia");
  ExpectGolden("reuters_slice_text.txt", text.out);
}

TEST_F(CliTest, JapaneseWordsFindTheArticlesThatContainThem) {
  KIJI_REQUIRE_SHARED("corpora/livedoor_ja.jsonl.gz");
  const std::string lines = testing::ReadLines(testing::SharedDir() + "/corpora/livedoor_ja.jsonl.gz", 200);
  testing::WriteFile(dir_ / "ja.jsonl", lines);
  ASSERT_EQ(Run(Indexer() + " " + Quote(dir_ / "ja.jsonl")).status, 0);
  for (const std::string word : {"結婚", "スマートフォン", "東京"}) {
    std::set<std::string> expected;
    std::size_t start = 0;
    while (start < lines.size()) {
      const std::size_t end = lines.find('\n', start);
      const auto j = nlohmann::json::parse(lines.substr(start, end - start));
      start = end + 1;
      if (j["title"].get<std::string>().find(word) != std::string::npos ||
          j["body"].get<std::string>().find(word) != std::string::npos) {
        expected.insert(j["id"].get<std::string>());
      }
    }
    ASSERT_FALSE(expected.empty()) << word;
    const RunResult r = Run(Searcher() + " --format trec -n 1000 " + Quote(word));
    std::set<std::string> found;
    std::istringstream in(r.out);
    for (std::string qid, q0, id, rest; in >> qid >> q0 >> id && std::getline(in, rest);) found.insert(id);
    for (const std::string& id : expected) EXPECT_TRUE(found.count(id)) << word << " misses " << id;
  }
}

// A program running in a pseudo-terminal, driven like a person at a
// keyboard: type, then wait for text on the screen.
class Terminal {
 public:
  Terminal(const std::vector<std::string>& argv, std::vector<std::string> env) {
    // The sanitizers' settings (suppressions, where reports go) reach the
    // program even in the small environment it is given.
    for (const char* name : {"ASAN_OPTIONS", "LSAN_OPTIONS", "UBSAN_OPTIONS", "TSAN_OPTIONS"}) {
      if (const char* value = std::getenv(name); value != nullptr) env.push_back(std::string(name) + "=" + value);
    }
    struct winsize size {};
    size.ws_row = 50;
    size.ws_col = 200;
    pid_ = forkpty(&fd_, nullptr, nullptr, &size);
    if (pid_ == 0) {
      std::vector<char*> args, envp;
      for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
      envp.push_back(nullptr);
      execve(args[0], args.data(), envp.data());
      _exit(127);
    }
  }
  ~Terminal() {
    if (pid_ > 0 && !exited_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (fd_ >= 0) close(fd_);
  }

  void Type(const std::string& keys) { ASSERT_EQ(write(fd_, keys.data(), keys.size()), static_cast<ssize_t>(keys.size())); }

  // Waits until `text` appears on the screen after what was already seen.
  bool WaitFor(const std::string& text, int seconds = 15) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    for (;;) {
      const std::size_t found = screen_.find(text, seen_);
      if (found != std::string::npos) {
        seen_ = found + text.size();
        return true;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
      char buffer[4096];
      const ssize_t n = read(fd_, buffer, sizeof buffer);
      if (n <= 0) return screen_.find(text, seen_) != std::string::npos;
      screen_.append(buffer, static_cast<std::size_t>(n));
    }
  }

  int ExitStatus() {
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (std::chrono::steady_clock::now() < deadline) {
      char buffer[4096];
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 50) > 0) {
        const ssize_t n = read(fd_, buffer, sizeof buffer);
        if (n > 0) {
          screen_.append(buffer, static_cast<std::size_t>(n));
          continue;
        }
      }
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
    }
    return -2;
  }

  const std::string& screen() const { return screen_; }
  void Signal(int sig) { kill(pid_, sig); }

 private:
  pid_t pid_ = -1;
  int fd_ = -1;
  bool exited_ = false;
  std::string screen_;
  std::size_t seen_ = 0;
};

TEST_F(CliTest, InteractiveSessionInAPseudoTerminal) {
  IndexSeedCorpus();
  const std::vector<std::string> env = {"KIJI_DB=" + db_, "HOME=" + dir_.path().string(), "TERM=dumb",
                                        "PAGER=cat", "NO_COLOR=1", "PATH=/usr/bin:/bin"};
  {
    Terminal t({KIJI_SEARCHER}, env);
    ASSERT_TRUE(t.WaitFor("kiji> ")) << t.screen();
    t.Type("Kursk\r");
    ASSERT_TRUE(t.WaitFor("Results 1-1 of about 1 for \"Kursk\"")) << t.screen();
    ASSERT_TRUE(t.WaitFor("kiji> ")) << t.screen();
    t.Type(":open 1\r");
    ASSERT_TRUE(t.WaitFor("Chief Cabinet Secretary")) << t.screen();
    ASSERT_TRUE(t.WaitFor("kiji> ")) << t.screen();
    // Ctrl-C throws away a half-typed line; the session goes on.
    t.Type("half typed");
    ASSERT_TRUE(t.WaitFor("half typed")) << t.screen();
    t.Type("\x03");
    ASSERT_TRUE(t.WaitFor("kiji> ")) << t.screen();
    t.Type("drones\r");
    ASSERT_TRUE(t.WaitFor("Results 1-1 of about 1 for \"drones\"")) << t.screen();
    ASSERT_TRUE(t.WaitFor("kiji> ")) << t.screen();
    // An article indexed while the session is open is found without a restart.
    testing::WriteFile(dir_ / "new.txt", "Title: Zeppelin returns\n\nA zeppelin flew over Tokyo.\n");
    ASSERT_EQ(Run(Indexer() + " " + Quote(dir_ / "new.txt")).status, 0);
    t.Type("zeppelin\r");
    ASSERT_TRUE(t.WaitFor("Results 1-1 of about 1 for \"zeppelin\"")) << t.screen();
    ASSERT_TRUE(t.WaitFor("kiji> ")) << t.screen();
    t.Type(":quit\r");
    EXPECT_EQ(t.ExitStatus(), 0) << t.screen();
  }
  const std::string history = testing::ReadFile(dir_ / ".local/state/kiji/history");
  EXPECT_NE(history.find("Kursk"), std::string::npos) << history;
  EXPECT_EQ(history.find("half typed"), std::string::npos) << history;
  {
    // Ctrl-D on an empty line leaves; history from the last session is there.
    Terminal t({KIJI_SEARCHER}, env);
    ASSERT_TRUE(t.WaitFor("kiji> ")) << t.screen();
    t.Type("\x10");  // Ctrl-P: the last line, ":quit"
    ASSERT_TRUE(t.WaitFor(":quit")) << t.screen();
    t.Type("\x10");  // and the query before it
    ASSERT_TRUE(t.WaitFor("zeppelin")) << t.screen();
    t.Type("\x15\x04");  // Ctrl-U clears the line, Ctrl-D on the empty line exits
    EXPECT_EQ(t.ExitStatus(), 0) << t.screen();
  }
}

TEST_F(CliTest, WatchIndexesArticlesAsTheyArriveUntilASignal) {
  const std::string feeds = dir_ / "feeds";
  std::filesystem::create_directories(feeds);
  testing::WriteFile(feeds + "/first.txt", "Title: First\n\nThe first article.\n");
  Terminal indexer({KIJI_INDEXER, "--db", db_, "--watch", feeds}, {"PATH=/usr/bin:/bin"});
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
    testing::WriteFile(dir_ / "full.jsonl", [] {
      std::string lines;
      for (int i = 0; i < 3000; ++i) lines += "{\"id\":\"g" + std::to_string(i) + "\",\"body\":\"harbour " + std::to_string(i * 7) + "\"}\n";
      return lines;
    }());
    ASSERT_EQ(std::system(("gzip -c " + Quote(dir_ / "full.jsonl") + " > " + Quote(dir_ / "full.jsonl.gz")).c_str()), 0);
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
  EXPECT_NE(r.err.find(".jsonl.gz:1467: read error: unexpected end of file"), std::string::npos) << r.err;
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

// A xapian-tcpsrv serving one database on a free loopback port, stopped
// when destroyed.
class TcpServer {
 public:
  explicit TcpServer(const std::string& db) {
    for (int attempt = 0; attempt < 10 && pid_ <= 0; ++attempt) {
      const int port = FreePort();
      const pid_t pid = fork();
      if (pid == 0) {
        // Its own process group: on SIGTERM xapian-tcpsrv signals its whole
        // group (its connection handlers), which must not include us.
        setsid();
        std::freopen("/dev/null", "w", stdout);
        std::freopen("/dev/null", "w", stderr);
        const std::string port_text = std::to_string(port);
        execlp("xapian-tcpsrv", "xapian-tcpsrv", "--quiet", "--interface", "127.0.0.1", "--port", port_text.c_str(),
               db.c_str(), static_cast<char*>(nullptr));
        _exit(127);
      }
      for (int wait = 0; wait < 100; ++wait) {
        if (waitpid(pid, nullptr, WNOHANG) != 0) break;  // it exited: port taken, try another
        if (Accepts(port)) {
          pid_ = pid;
          port_ = port;
          return;
        }
        usleep(50000);
      }
      if (pid > 0) {
        kill(pid, SIGTERM);
        waitpid(pid, nullptr, 0);
      }
    }
  }
  ~TcpServer() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  bool running() const { return pid_ > 0; }
  std::string address() const { return "tcp://127.0.0.1:" + std::to_string(port_); }

 private:
  static sockaddr_in Loopback(int port) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return addr;
  }
  static int FreePort() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr = Loopback(0);
    socklen_t len = sizeof addr;
    bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    close(fd);
    return ntohs(addr.sin_port);
  }
  static bool Accepts(int port) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr = Loopback(port);
    const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    close(fd);
    return ok;
  }
  pid_t pid_ = -1;
  int port_ = 0;
};

struct RankedLine {
  std::string qid, id;
  int rank;
  double score;
};

std::vector<RankedLine> ParseTrecRun(const std::string& run) {
  std::vector<RankedLine> lines;
  std::istringstream in(run);
  std::string qid, q0, id, tag;
  int rank;
  double score;
  while (in >> qid >> q0 >> id >> rank >> score >> tag) lines.push_back({qid, id, rank, score});
  return lines;
}

void ExpectSameRanking(const std::string& expected_run, const std::string& actual_run, const std::string& what) {
  const std::vector<RankedLine> expected = ParseTrecRun(expected_run), actual = ParseTrecRun(actual_run);
  ASSERT_GT(expected.size(), 20u);
  ASSERT_EQ(actual.size(), expected.size()) << what;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(actual[i].qid, expected[i].qid) << what << " line " << i;
    EXPECT_EQ(actual[i].id, expected[i].id) << what << " line " << i << " (query " << expected[i].qid << ")";
    EXPECT_NEAR(actual[i].score, expected[i].score, 1e-6 * std::max(1.0, expected[i].score)) << what << " line " << i;
  }
}

TEST_F(CliTest, TwoRemoteShardsRankLikeOneIndex) {
  KIJI_REQUIRE_SHARED("corpora/reuters21578.jsonl.gz");
  testing::WriteFile(dir_ / "slice.jsonl",
                     testing::ReadLines(testing::SharedDir() + "/corpora/reuters21578.jsonl.gz", 3000));
  const std::string single = dir_ / "single", sharded = dir_ / "sharded";
  ASSERT_EQ(Run(Indexer() + " --db " + Quote(single) + " " + Quote(dir_ / "slice.jsonl")).status, 0);
  const RunResult built = Run(Indexer() + " --shards 2 --db " + Quote(sharded) + " " + Quote(dir_ / "slice.jsonl"));
  ASSERT_EQ(built.status, 0) << built.err;
  EXPECT_NE(built.out.find("3000 added"), std::string::npos) << built.out;
  const Xapian::doccount in_0 = Xapian::Database(sharded + "/shard-0").get_doccount();
  const Xapian::doccount in_1 = Xapian::Database(sharded + "/shard-1").get_doccount();
  EXPECT_EQ(in_0 + in_1, 3000u);
  EXPECT_GT(std::min(in_0, in_1), 1200u) << "articles are spread over the shards by id";

  TcpServer first(sharded + "/shard-0"), second(sharded + "/shard-1");
  ASSERT_TRUE(first.running() && second.running()) << "xapian-tcpsrv (Debian's xapian-tools) did not start";

  const std::string topics = dir_ / "topics.tsv";
  testing::WriteFile(topics, "1\toil prices OPEC\n2\tcocoa crop Bahia\n3\t\"money supply\"\n4\tbank rate cut\n"
                             "5\tgold OR silver\n6\ttitle:wheat\n7\tsugar -beet\n8\tcrude NEAR/5 output\n");
  const std::string run = " --batch " + Quote(topics) + " --format trec -n 20";
  const RunResult local = Run(Searcher() + " --db " + Quote(single) + run);
  ASSERT_EQ(local.status, 0) << local.err;
  const RunResult remote = Run(Searcher() + " --db " + first.address() + " --db " + second.address() + run);
  ASSERT_EQ(remote.status, 0) << remote.err;
  ExpectSameRanking(local.out, remote.out, "two remote shards");
  const RunResult stub = Run(Searcher() + " --db " + Quote(sharded) + run);
  ASSERT_EQ(stub.status, 0) << stub.err;
  ExpectSameRanking(local.out, stub.out, "the sharded index opened as one directory");

  // Facets and snippets come through the remote protocol too.
  const RunResult facets = Run(Searcher() + " --db " + first.address() + " --db " + second.address() +
                               " --facets --format json -n 1 cocoa");
  ASSERT_EQ(facets.status, 0) << facets.err;
  const auto json = nlohmann::json::parse(facets.out);
  EXPECT_EQ(json["facets"]["source"][0]["value"], "Reuters") << facets.out;
  EXPECT_GT(json["facets"]["tag"].size(), 1u) << facets.out;
  EXPECT_NE(json["hits"][0]["snippet"].get<std::string>().find("ocoa"), std::string::npos) << facets.out;
}

TEST_F(CliTest, AShardedIndexTakesIncrementalUpdatesInTheRightShard) {
  KIJI_REQUIRE_SHARED("corpora/reuters21578.jsonl.gz");
  const std::string lines = testing::ReadLines(testing::SharedDir() + "/corpora/reuters21578.jsonl.gz", 600);
  const std::size_t cut = [&] {
    std::size_t at = 0;
    for (int i = 0; i < 500; ++i) at = lines.find('\n', at) + 1;
    return at;
  }();
  std::filesystem::create_directories(dir_ / "in");
  testing::WriteFile(dir_ / "in/a.jsonl", lines.substr(0, cut));
  const std::string db = dir_ / "sharded";
  ASSERT_EQ(Run(Indexer() + " --shards 3 --db " + Quote(db) + " " + Quote(dir_ / "in")).status, 0);
  testing::WriteFile(dir_ / "in/b.jsonl", lines.substr(cut));
  const RunResult more = Run(Indexer() + " --db " + Quote(db) + " " + Quote(dir_ / "in"));
  ASSERT_EQ(more.status, 0) << more.err;
  EXPECT_NE(more.out.find("100 added, 0 updated, 500 unchanged"), std::string::npos) << more.out;
  const RunResult again = Run(Indexer() + " --db " + Quote(db) + " --reread " + Quote(dir_ / "in"));
  EXPECT_NE(again.out.find("0 added, 0 updated, 600 unchanged"), std::string::npos) << again.out;
  Xapian::doccount total = 0;
  for (int shard = 0; shard < 3; ++shard) {
    total += Xapian::Database(db + "/shard-" + std::to_string(shard)).get_doccount();
  }
  EXPECT_EQ(total, 600u) << "an article re-read never lands twice, in any shard";
  const RunResult wrong = Run(Indexer() + " --shards 2 --db " + Quote(db) + " " + Quote(dir_ / "in"));
  EXPECT_EQ(wrong.status, 2);
  EXPECT_NE(wrong.err.find("has 3 shards; to change that, --rebuild it with --shards 2"), std::string::npos) << wrong.err;
  const RunResult rebuilt = Run(Indexer() + " --rebuild --shards 2 --db " + Quote(db) + " " + Quote(dir_ / "in"));
  ASSERT_EQ(rebuilt.status, 0) << rebuilt.err;
  EXPECT_FALSE(std::filesystem::exists(db + "/shard-2"));
  EXPECT_EQ(Xapian::Database(db).get_doccount(), 600u);
}

}  // namespace
}  // namespace kiji
