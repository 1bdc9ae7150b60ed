#include "common/eval/evaluation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

namespace kiji {
namespace {

Qrels SampleQrels() {
  std::istringstream in(
      "q1 0 d1 2\n"
      "q1 0 d2 1\n"
      "q1 0 d3 0\n"
      "q1 0 d4 1\n"
      "q2 0 d5 1\n"
      "q3 0 d6 0\n");
  return ReadQrels(in, "sample");
}

TEST(EvaluationTest, MatchesHandComputedValues) {
  TrecRun run;
  // d3 and d2 tie: trec_eval breaks ties by document id descending, so d3
  // (not relevant) ranks before d2. q2 is missing from the run.
  run["q1"] = {{"d9", 1.0}, {"d2", 2.0}, {"d1", 3.0}, {"d3", 2.0}};
  const Evaluation e = Evaluate(run, SampleQrels());
  ASSERT_EQ(e.topics.size(), 2u) << "q3 has no relevant document and is left out";
  const TopicMetrics& q1 = e.topics[0];
  EXPECT_EQ(q1.topic, "q1");
  EXPECT_EQ(q1.relevant, 3u);
  // Ranking: d1 (2), d3 (0), d2 (1), d9 (-).
  EXPECT_NEAR(q1.map, (1.0 / 1 + 2.0 / 3) / 3, 1e-9);
  EXPECT_NEAR(q1.p10, 0.2, 1e-9);
  EXPECT_NEAR(q1.recall100, 2.0 / 3, 1e-9);
  EXPECT_NEAR(q1.recall1000, 2.0 / 3, 1e-9);
  EXPECT_NEAR(q1.mrr, 1.0, 1e-9);
  const double dcg = 2.0 / std::log2(2.0) + 1.0 / std::log2(4.0);
  const double idcg = 2.0 / std::log2(2.0) + 1.0 / std::log2(3.0) + 1.0 / std::log2(4.0);
  EXPECT_NEAR(q1.ndcg10, dcg / idcg, 1e-9);
  EXPECT_NEAR(q1.ndcg10, 0.798485, 1e-6);
  const TopicMetrics& q2 = e.topics[1];
  EXPECT_EQ(q2.topic, "q2");
  EXPECT_EQ(q2.map, 0);
  EXPECT_NEAR(e.mean.map, 0.277778, 1e-6);
  EXPECT_NEAR(e.mean.p10, 0.1, 1e-9);
  EXPECT_NEAR(e.mean.mrr, 0.5, 1e-9);
  EXPECT_NEAR(e.mean.ndcg10, 0.399242, 1e-6);
  EXPECT_NEAR(MetricValue(e.mean, "recall@100"), 1.0 / 3, 1e-9);
}

TEST(EvaluationTest, OnlyTheFirstDepthDocumentsCount) {
  TrecRun run;
  run["q2"] = {{"x1", 3.0}, {"x2", 2.0}, {"d5", 1.0}};
  const Qrels qrels = SampleQrels();
  EXPECT_NEAR(Evaluate(run, qrels, 3).topics[1].map, 1.0 / 3, 1e-9);
  EXPECT_EQ(Evaluate(run, qrels, 2).topics[1].map, 0.0);
}

TEST(EvaluationTest, MalformedQrelsNameTheLine) {
  std::istringstream short_line("1 0 d1 1\n1 0 d2\n");
  try {
    ReadQrels(short_line, "q.txt");
    FAIL();
  } catch (const EvaluationError& e) {
    EXPECT_EQ(std::string(e.what()), "q.txt:2: expected 4 fields: TOPIC ITERATION DOCUMENT GRADE");
  }
  std::istringstream bad_grade("1 0 d1 high\n");
  EXPECT_THROW(ReadQrels(bad_grade, "q.txt"), EvaluationError);
  EXPECT_THROW(MetricValue(TopicMetrics{}, "f1"), std::invalid_argument);
}

}  // namespace
}  // namespace kiji
