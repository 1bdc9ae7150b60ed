// Regression suites (--check, --record) and evaluation (--qrels) end to
// end.
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
#include "tests/process.h"
#include "tests/test_support.h"

namespace kiji {
namespace {

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
  // The stale case fails two checks: one <failure>, naming the first and
  // holding both.
  const std::size_t failure = junit.out.find("<failure message=\"top: expected some-old-id (and 1 more)\">");
  ASSERT_NE(failure, std::string::npos) << junit.out;
  EXPECT_EQ(junit.out.find("<failure", failure + 1), std::string::npos) << "one failure element per case";
  EXPECT_NE(junit.out.find("hits = 7: got 1", failure), std::string::npos) << junit.out;

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

}  // namespace
}  // namespace kiji
