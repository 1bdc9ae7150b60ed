#include "common/eval/evaluation.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "common/util/bounded_line.h"

namespace kiji {

Qrels ReadQrels(std::istream& in, const std::string& name) {
  Qrels qrels;
  std::size_t number = 0;
  std::string line;
  for (LineRead read; (read = ReadLineAtMost(in, line)) != LineRead::kEnd;) {
    ++number;
    if (read == LineRead::kTooLong) {
      throw EvaluationError(name + ":" + std::to_string(number) + ": line longer than " +
                            std::to_string(kMaxLineBytes) + " bytes; not a qrels file");
    }
    std::istringstream fields(line);
    std::string topic, iteration, document, grade, extra;
    if (!(fields >> topic)) continue;  // blank line
    if (!(fields >> iteration >> document >> grade) || (fields >> extra)) {
      throw EvaluationError(name + ":" + std::to_string(number) +
                            ": expected 4 fields: TOPIC ITERATION DOCUMENT GRADE");
    }
    try {
      std::size_t used = 0;
      const int value = std::stoi(grade, &used);
      if (used != grade.size()) throw std::invalid_argument(grade);
      qrels[topic][document] = value;
    } catch (const std::exception&) {
      throw EvaluationError(name + ":" + std::to_string(number) + ": grade '" + grade + "' is not an integer");
    }
  }
  return qrels;
}

namespace {

TopicMetrics EvaluateTopic(const std::string& topic, std::vector<ScoredDocument> ranked,
                           const std::map<std::string, int>& judged, std::size_t depth) {
  TopicMetrics m;
  m.topic = topic;
  std::vector<int> ideal;
  for (const auto& [doc, grade] : judged) {
    if (grade > 0) ideal.push_back(grade);
  }
  m.relevant = ideal.size();
  std::sort(ranked.begin(), ranked.end(), [](const ScoredDocument& a, const ScoredDocument& b) {
    return a.score != b.score ? a.score > b.score : a.id > b.id;
  });
  if (ranked.size() > depth) ranked.resize(depth);
  double precision_sum = 0, dcg = 0;
  std::size_t found = 0, found10 = 0, found100 = 0;
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    const auto it = judged.find(ranked[i].id);
    const int grade = it == judged.end() ? 0 : it->second;
    if (grade <= 0) continue;
    ++found;
    const std::size_t rank = i + 1;
    precision_sum += static_cast<double>(found) / static_cast<double>(rank);
    if (rank <= 10) {
      ++found10;
      dcg += grade / std::log2(static_cast<double>(rank) + 1.0);
    }
    if (rank <= 100) ++found100;
    if (m.mrr == 0) m.mrr = 1.0 / static_cast<double>(rank);
  }
  std::sort(ideal.rbegin(), ideal.rend());
  double idcg = 0;
  for (std::size_t i = 0; i < ideal.size() && i < 10; ++i) idcg += ideal[i] / std::log2(static_cast<double>(i) + 2.0);
  const double relevant = static_cast<double>(m.relevant);
  m.relevant_retrieved = found;
  m.map = precision_sum / relevant;
  m.ndcg10 = idcg > 0 ? dcg / idcg : 0;
  m.p10 = static_cast<double>(found10) / 10.0;
  m.recall100 = static_cast<double>(found100) / relevant;
  m.recall1000 = static_cast<double>(found) / relevant;
  return m;
}

}  // namespace

Evaluation Evaluate(const TrecRun& run, const Qrels& qrels, std::size_t depth) {
  Evaluation e;
  e.mean.topic = "all";
  for (const auto& [topic, judged] : qrels) {
    if (std::none_of(judged.begin(), judged.end(), [](const auto& j) { return j.second > 0; })) continue;
    const auto it = run.find(topic);
    e.topics.push_back(EvaluateTopic(topic, it == run.end() ? std::vector<ScoredDocument>() : it->second,
                                     judged, depth));
  }
  for (const TopicMetrics& t : e.topics) {
    e.mean.map += t.map;
    e.mean.ndcg10 += t.ndcg10;
    e.mean.p10 += t.p10;
    e.mean.recall100 += t.recall100;
    e.mean.recall1000 += t.recall1000;
    e.mean.mrr += t.mrr;
    e.mean.relevant += t.relevant;
    e.mean.relevant_retrieved += t.relevant_retrieved;
  }
  if (!e.topics.empty()) {
    const double n = static_cast<double>(e.topics.size());
    for (double* v : {&e.mean.map, &e.mean.ndcg10, &e.mean.p10, &e.mean.recall100, &e.mean.recall1000, &e.mean.mrr}) {
      *v /= n;
    }
  }
  // Topic ids are usually numbers: order 2 before 10.
  std::sort(e.topics.begin(), e.topics.end(), [](const TopicMetrics& a, const TopicMetrics& b) {
    return a.topic.size() != b.topic.size() ? a.topic.size() < b.topic.size() : a.topic < b.topic;
  });
  return e;
}

const std::vector<std::string>& MetricNames() {
  static const std::vector<std::string> names = {"map", "ndcg@10", "p@10", "recall@100", "recall@1000", "mrr"};
  return names;
}

double MetricValue(const TopicMetrics& m, const std::string& name) {
  if (name == "map") return m.map;
  if (name == "ndcg@10") return m.ndcg10;
  if (name == "p@10") return m.p10;
  if (name == "recall@100") return m.recall100;
  if (name == "recall@1000") return m.recall1000;
  if (name == "mrr") return m.mrr;
  throw std::invalid_argument("unknown metric '" + name + "' (map, ndcg@10, p@10, recall@100, recall@1000, mrr)");
}

}  // namespace kiji
