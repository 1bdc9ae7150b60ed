// The real searcher under hostile queries and everyday operations: a batch
// goes on past a failed query, deep nesting is a syntax error, terminal
// controls never reach the terminal, and a batch fed through a pipe sees an
// index rebuilt under it.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include "tests/process.h"
#include "tests/test_support.h"

namespace kiji {
namespace {

using testing::ShellQuote;

class HostileCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Three articles, and one with 600 words starting with 'a' for a
    // wildcard that expands too far.
    std::string corpus =
        R"({"id":"oil1","title":"Oil prices rise","body":"Crude oil rose again.","date":"1987-03-01"})" "\n"
        R"({"id":"cocoa1","title":"Cocoa crop","body":"The cocoa harvest in Ghana.","date":"1987-03-02"})" "\n"
        R"({"id":"bidi1","title":"invoice \u202efdp.exe\u202c","body":"An invoice arrived.","source":"Wire\u2066x"})" "\n";
    std::string words;
    for (int i = 0; i < 600; ++i) words += "a" + std::to_string(i) + "z ";
    corpus += R"({"id":"many","title":"Many words","body":")" + words + "\"}\n";
    testing::WriteFile(dir_ / "feed.jsonl", corpus);
    ASSERT_EQ(Run(ShellQuote(KIJI_INDEXER) + " --db " + ShellQuote(db_) + " " + ShellQuote(dir_ / "feed.jsonl")).status, 0);
  }

  testing::CommandResult Run(const std::string& command, const std::string& stdin_text = "") {
    return testing::RunCommand(command, stdin_text, dir_.path());
  }

  testing::CommandResult Search(const std::string& args, const std::string& stdin_text = "") {
    return Run(ShellQuote(KIJI_SEARCHER) + " --db " + ShellQuote(db_) + " " + args, stdin_text);
  }

  testing::TempDir dir_;
  std::string db_ = dir_ / "index";
};

bool HasRawControl(const std::string& s) {
  for (const char* c : {"\x1b", "\u202e", "\u202c", "\u2066", "\u2028", "\xc2\x9b"}) {
    if (s.find(c) != std::string::npos) return true;
  }
  return false;
}

TEST_F(HostileCliTest, ABatchAnswersEveryQueryAroundABroadWildcard) {
  const testing::CommandResult r = Search("--batch - --format trec", "q1\toil\nq2\ta*\nq3\tcocoa\n");
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.out.find("q1 Q0 oil1 1 "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("q3 Q0 cocoa1 1 "), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("searcher: topic q2: a wildcard in \"a*\" matches more than 500 words"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("1 of 3 queries failed"), std::string::npos) << r.err;
}

TEST_F(HostileCliTest, ABatchGoesOnPastQueriesOverTheLimits) {
  std::string words;
  for (int i = 0; i < 1001; ++i) words += "oil ";
  const std::string nested = std::string(20000, '(') + "oil" + std::string(20000, ')');
  const testing::CommandResult r = Search("--batch - --format trec", "big\t" + words + "\ndeep\t" + nested + "\nlast\tcocoa\n");
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.err.find("topic big: the query has 1001 words; the limit is 1000"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("topic deep: "), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("last Q0 cocoa1 1 "), std::string::npos) << r.out;
}

TEST_F(HostileCliTest, TwentyThousandNestedParenthesesAreASyntaxErrorWithACaret) {
  const testing::CommandResult r = Search(ShellQuote(std::string(20000, '(') + "oil" + std::string(20000, ')')));
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("query syntax: parentheses nested more than 100 deep"), std::string::npos)
      << r.err.substr(0, 300);
  EXPECT_NE(r.err.find(std::string(100, ' ') + "^"), std::string::npos);
  const testing::CommandResult fine = Search(ShellQuote(std::string(100, '(') + "oil" + std::string(100, ')')));
  EXPECT_EQ(fine.status, 0) << fine.err;
}

TEST_F(HostileCliTest, BidiControlsAndEscapesNeverReachTheTerminal) {
  const testing::CommandResult text = Search("--facets invoice");
  EXPECT_EQ(text.status, 0) << text.err;
  EXPECT_NE(text.out.find("invoice fdp.exe"), std::string::npos) << text.out;
  EXPECT_FALSE(HasRawControl(text.out)) << text.out;
  const testing::CommandResult json = Search("--format json invoice");
  EXPECT_FALSE(HasRawControl(json.out)) << json.out;
  EXPECT_EQ(nlohmann::json::parse(json.out)["hits"][0]["title"], "invoice \u202efdp.exe\u202c");
  const testing::CommandResult batch = Search("--batch -", "\x1b[31mq\u202e1\ta*\n\x1b]0;x\x07q2\t\"unclosed (\n");
  EXPECT_NE(batch.err.find("topic  [31mq1: "), std::string::npos) << batch.err;
  EXPECT_FALSE(HasRawControl(batch.err)) << batch.err;
  EXPECT_FALSE(HasRawControl(batch.out)) << batch.out;
  const testing::CommandResult error = Search(ShellQuote("\u202e\x1b[2J" + std::string(9000, 'x')));
  EXPECT_EQ(error.status, 2);
  EXPECT_FALSE(HasRawControl(error.err)) << error.err;
}

TEST_F(HostileCliTest, IndexerMessagesNeverCarryControlsOrBidi) {
  // Paths, file names and a broken record are quoted in the indexer's
  // messages and summary; none may reach the terminal raw, nor a stray
  // byte that some terminals read as a control (0x9b, CSI).
  const std::string feed = dir_ / "feed\u202e\x1b[31m\x9b";
  ASSERT_EQ(Run("mkdir -p " + ShellQuote(feed)).status, 0);
  testing::WriteFile(feed + "/bad\u2066.jsonl", "{\"id\": \"x\u2028\", \"title\": oops}\n");
  const std::string missing = dir_ / "gone\x1b]0;pwned\a\u202e";
  const testing::CommandResult r = Run(ShellQuote(KIJI_INDEXER) + " --db " + ShellQuote(dir_ / "new\u202edb") +
                                       " " + ShellQuote(feed) + " " + ShellQuote(missing));
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("such file"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("bad"), std::string::npos) << r.err;
  EXPECT_FALSE(HasRawControl(r.err)) << r.err;
  EXPECT_FALSE(HasRawControl(r.out)) << r.out;
  EXPECT_EQ(r.err.find('\a'), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find('\x9b'), std::string::npos) << r.err;
}

TEST_F(HostileCliTest, ASuiteReportsAFailedTopicAndRunsTheOthers) {
  testing::WriteFile(dir_ / "topics.tsv", "t1\toil\nt2\ta*\nt3\tcocoa\n");
  testing::WriteFile(dir_ / "qrels.txt", "t1 0 oil1 1\nt3 0 cocoa1 1\n");
  testing::WriteFile(dir_ / "s.suite", "index " + db_ + "\neval e: topics.tsv qrels.txt\n  map >= 0\n");
  const testing::CommandResult r = Run(ShellQuote(KIJI_SEARCHER) + " --check " + ShellQuote(dir_ / "s.suite"));
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("topic t2: a wildcard in \"a*\" matches more than 500 words"), std::string::npos) << r.out;
}

TEST_F(HostileCliTest, ABatchFedThroughAPipeSeesARebuiltIndex) {
  const std::string out_path = dir_ / "answers.jsonl";
  testing::WriteFile(out_path, "");
  testing::ProcessOptions options;
  options.stdin_pipe = true;
  options.stdout_path = out_path;
  testing::Process batch({KIJI_SEARCHER, "--db", db_, "--batch", "-", "--format", "trec"}, options);
  const auto answers = [&out_path](long lines) {
    // The searcher answers each line as it arrives; wait for the answer.
    for (int i = 0; i < 600; ++i) {
      const std::string text = testing::ReadFile(out_path);
      if (std::count(text.begin(), text.end(), '\n') >= lines) return text;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return testing::ReadFile(out_path);
  };
  ASSERT_TRUE(batch.WriteStdin("q1\toil OR zanzibar\n"));
  ASSERT_NE(answers(1).find("q1 Q0 oil1 1 "), std::string::npos);
  testing::WriteFile(dir_ / "more.jsonl", R"({"id":"extra1","title":"Zanzibar","body":"Zanzibar news."})" "\n");
  const testing::CommandResult rebuild = Run(ShellQuote(KIJI_INDEXER) + " --db " + ShellQuote(db_) + " --rebuild " + ShellQuote(dir_ / "feed.jsonl") +
                              " " + ShellQuote(dir_ / "more.jsonl"));
  ASSERT_EQ(rebuild.status, 0) << rebuild.err;
  ASSERT_TRUE(batch.WriteStdin("q2\toil OR zanzibar\n"));
  batch.CloseStdin();
  EXPECT_EQ(batch.Wait(), 0);
  const std::string text = testing::ReadFile(out_path);
  EXPECT_EQ(text.find("q1 Q0 extra1"), std::string::npos) << text;
  EXPECT_NE(text.find("q2 Q0 extra1 "), std::string::npos) << text;
}

TEST_F(HostileCliTest, DirectoriesGivenAsTopicsQrelsOrSuitesAreErrorsNotEmptyRuns) {
  const std::string dir = ShellQuote(dir_.path());
  const testing::CommandResult batch = Search("--batch " + dir);
  EXPECT_EQ(batch.status, 2);
  EXPECT_NE(batch.err.find("it is a directory"), std::string::npos) << batch.err;
  EXPECT_EQ(Search("--batch - --qrels " + dir, "q1\toil\n").status, 2);
  EXPECT_EQ(Search("--check " + dir).status, 2);
}

TEST_F(HostileCliTest, AWeightingParameterXapianRefusesIsNotCalledDamage) {
  const testing::CommandResult r = Search("--weighting pl2:c=0 oil");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--weighting: weighting pl2:c=0: Parameter c is invalid"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("damaged"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << "refused with the flags, before any search: " << r.out;
}

TEST_F(HostileCliTest, ARunTagWithSpacesOrControlsIsRefusedNotWrittenIntoTrecOutput) {
  const testing::CommandResult r = Search("--format trec --run-tag \"$(printf 'a\\tb\\033[31m')\" oil");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--run-tag"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST_F(HostileCliTest, InvalidUtf8InAQueryIsShownRepairedNeverRaw) {
  const testing::CommandResult r = Search("\"$(printf 'oil\\377\\376')\"");
  EXPECT_EQ(r.out.find("\xff"), std::string::npos);
  EXPECT_EQ(r.out.find("\xfe"), std::string::npos);
  EXPECT_NE(r.out.find("oil\uFFFD"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace kiji
