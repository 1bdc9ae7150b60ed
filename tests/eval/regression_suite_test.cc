#include "common/eval/regression_suite.h"

#include <gtest/gtest.h>

namespace kiji {
namespace {

constexpr const char* kSuite =
    "# A comment\n"
    "corpus ../corpus first 10   # inline comment\n"
    "require data.txt\n"
    "\n"
    "query q1: cocoa Bahia\n"
    "  top: a b\n"
    "  in-top 10: c\n"
    "  not-in-top 5: d e\n"
    "  hits >= 3\n"
    "  first title contains: BAHIA COCOA\n"
    "  with: --sort -date\n"
    "eval e1: topics.tsv qrels.txt\n"
    "  map >= 0.3\n"
    "  ndcg@10 = 0.5 +- 0.01   # pinned\n";

TEST(ParseSuiteTest, ReadsEveryKindOfLine) {
  const Suite s = ParseSuite(kSuite, "/x/suites/s.suite");
  EXPECT_EQ(s.corpus, (std::vector<std::string>{"/x/corpus"}));
  EXPECT_EQ(s.corpus_limit, 10u);
  EXPECT_EQ(s.requires_paths, (std::vector<std::string>{"/x/suites/data.txt"}));
  ASSERT_EQ(s.cases.size(), 2u);
  const SuiteCase& q = s.cases[0];
  EXPECT_EQ(q.name, "q1");
  EXPECT_EQ(q.query, "cocoa Bahia");
  EXPECT_EQ(q.options, (std::vector<std::string>{"--sort", "-date"}));
  ASSERT_EQ(q.expectations.size(), 5u);
  EXPECT_EQ(q.expectations[0].kind, Expectation::Kind::kTop);
  EXPECT_EQ(q.expectations[0].ids, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(q.expectations[1].kind, Expectation::Kind::kInTop);
  EXPECT_EQ(q.expectations[1].n, 10u);
  EXPECT_EQ(q.expectations[2].ids, (std::vector<std::string>{"d", "e"}));
  EXPECT_EQ(q.expectations[3].kind, Expectation::Kind::kHits);
  EXPECT_EQ(q.expectations[3].op, Expectation::Op::kAtLeast);
  EXPECT_EQ(q.expectations[4].text, "BAHIA COCOA");
  const SuiteCase& e = s.cases[1];
  EXPECT_EQ(e.topics, "/x/suites/topics.tsv");
  EXPECT_EQ(e.expectations[1].name, "ndcg@10");
  EXPECT_DOUBLE_EQ(e.expectations[1].value, 0.5);
  EXPECT_DOUBLE_EQ(e.expectations[1].tolerance, 0.01);
  EXPECT_EQ(e.expectations[1].line, 14u);
}

TEST(ParseSuiteTest, ErrorsNameTheLine) {
  const auto error = [](const std::string& text) {
    try {
      ParseSuite(text, "s.suite");
    } catch (const SuiteError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(error("corpus c\nquery q: x\n  hits > 3\n"), "s.suite:3: expected >=, <= or =, found '>'");
  EXPECT_EQ(error("corpus c\n  top: a\n"), "s.suite:2: an indented expectation needs a 'query' or 'eval' line above it");
  EXPECT_EQ(error("corpus c\neval e: t q\n  f1 >= 0.3\n"),
            "s.suite:3: unknown metric 'f1' (map, ndcg@10, p@10, recall@100, recall@1000, mrr)");
  EXPECT_EQ(error("corpus c\neval e: t q\n  map = 0.3\n"), "s.suite:3: '=' needs a tolerance: '= VALUE +- TOLERANCE'");
  EXPECT_EQ(error("corpus c\nquery q: x\nquery q: y\n"), "s.suite:3: case 'q' is already defined on line 2");
  EXPECT_EQ(error("corpus c\nquery q: x\n  sometimes\n").rfind("s.suite:3: unknown expectation", 0), 0u);
  EXPECT_EQ(error("query q: x\n"), "s.suite: a suite names either an 'index' or a 'corpus' (one of them)");
  EXPECT_EQ(error("corpus c\n"), "s.suite: the suite has no cases");
  EXPECT_EQ(error("corpus c\nbanana\n"), "s.suite:2: unknown line 'banana' (index, corpus, require, query, eval)");
}

TEST(ParseSuiteTest, LinesOfOtherWhiteSpaceAreBlank) {
  // Found by fuzz_suite: a line holding only a vertical tab.
  EXPECT_EQ(ParseSuite(" \n\x0b\ncorpus c\nquery q: x\n\f\n", "s.suite").cases.size(), 1u);
}

TEST(RecordSuiteTest, RewritesSnapshotsAndKeepsEverythingElse) {
  const Suite s = ParseSuite(kSuite, "s.suite");
  RecordedCase q1{"q1", {"x", "y", "z"}, 42, {}};
  RecordedCase e1{"e1", {}, 0, {{"map", 0.31}, {"ndcg@10", 0.51234}}};
  const std::string recorded = RecordSuite(kSuite, s, {q1, e1});
  const std::string expected = std::string(kSuite)
                                   .replace(std::string(kSuite).find("  top: a b"), 10, "  top: x y")
                                   .replace(std::string(kSuite).find("  ndcg@10 = 0.5 +- 0.01   # pinned"), 34,
                                            "  ndcg@10 = 0.5123 +- 0.0100 # pinned");
  EXPECT_EQ(recorded, expected);
}

}  // namespace
}  // namespace kiji
