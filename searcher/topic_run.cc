#include "searcher/topic_run.h"

#include <exception>

#include "searcher/query_failure.h"

namespace kiji {

void PrepareForEvaluation(SearchOptions& options, bool keep_limit, bool collapse) {
  if (!keep_limit) options.limit = 1000;
  options.collapse = collapse;
  options.snippets = options.details = options.suggest = false;
}

TopicRunOutcome RunTopics(IndexSearcher& searcher, TopicReader& reader, SearchOptions options,
                          const TopicRunCallbacks& callbacks) {
  options.fallback_to_plain = true;  // scripts never stop on one bad line
  TopicRunOutcome outcome;
  for (Topic topic; reader.Next(topic);) {
    ++outcome.topics;
    SearchResult result;
    try {
      if (callbacks.before_each) callbacks.before_each();
      result = searcher.Search(topic.id, topic.query, options);
    } catch (...) {
      ++outcome.failed;
      if (callbacks.failed) callbacks.failed(topic, DescribeQueryFailure(std::current_exception()));
      continue;
    }
    if (callbacks.answered) callbacks.answered(topic, result);
  }
  return outcome;
}

void AddToRun(TrecRun& run, const Topic& topic, const SearchResult& result) {
  auto& ranked = run[topic.id];
  for (const Hit& hit : result.hits) ranked.push_back({hit.id, hit.score});
}

}  // namespace kiji
