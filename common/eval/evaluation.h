// Retrieval evaluation with trec_eval's conventions (trec_eval -c -M 1000):
// TREC qrels, a run of scored documents per topic, and per-topic and mean
// MAP, nDCG@10, P@10, Recall@100, Recall@1000 and MRR. Pure functions; the
// searcher produces the run.
// Safe from any thread.
#ifndef KIJI_COMMON_EVAL_EVALUATION_H_
#define KIJI_COMMON_EVAL_EVALUATION_H_

#include <cstddef>
#include <istream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace kiji {

// A malformed qrels line; what() is "name:line: reason".
class EvaluationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// topic -> document -> relevance grade (> 0 is relevant).
using Qrels = std::map<std::string, std::map<std::string, int>>;

// Lines "TOPIC ITERATION DOCUMENT GRADE"; `name` is used in errors.
Qrels ReadQrels(std::istream& in, const std::string& name);

struct ScoredDocument {
  std::string id;
  double score = 0;
};

// topic -> the documents retrieved for it, in any order.
using TrecRun = std::map<std::string, std::vector<ScoredDocument>>;

struct TopicMetrics {
  std::string topic;  // "all" for the mean
  double map = 0;     // average precision (its mean: MAP)
  double ndcg10 = 0;  // graded: gain = grade, discount log2(rank + 1)
  double p10 = 0;
  double recall100 = 0;
  double recall1000 = 0;
  double mrr = 0;     // reciprocal rank of the first relevant document
  std::size_t relevant = 0;
  std::size_t relevant_retrieved = 0;
};

struct Evaluation {
  std::vector<TopicMetrics> topics;  // each judged topic with a relevant document, by topic id
  TopicMetrics mean;
};

// Documents of a topic are ranked by score, ties broken by document id
// descending, and cut at `depth`. Topics without relevant documents are
// left out; judged topics missing from the run count as zero.
Evaluation Evaluate(const TrecRun& run, const Qrels& qrels, std::size_t depth = 1000);

// The value of a metric by name ("map", "ndcg@10", "p@10", "recall@100",
// "recall@1000", "mrr"); throws std::invalid_argument for another name.
double MetricValue(const TopicMetrics& metrics, const std::string& name);

// The metric names MetricValue accepts, in display order.
const std::vector<std::string>& MetricNames();

}  // namespace kiji

#endif  // KIJI_COMMON_EVAL_EVALUATION_H_
