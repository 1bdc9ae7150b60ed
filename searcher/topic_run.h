// Topics run as a batch (topics → run → evaluate), for both places that do
// it: `searcher --batch` (printing, or evaluating with --qrels) and the
// regression suites' evaluation cases. One topic's failure is reported and
// the others still run. Used by one thread at a time.
#ifndef KIJI_SEARCHER_TOPIC_RUN_H_
#define KIJI_SEARCHER_TOPIC_RUN_H_

#include <cstddef>
#include <functional>
#include <string>

#include "common/eval/evaluation.h"
#include "common/eval/topics.h"
#include "common/search/index_searcher.h"

namespace kiji {

// What evaluation asks of a search: trec_eval -M 1000 looks at the first
// 1000 results of each topic (unless `keep_limit`), and needs neither
// snippets, stored fields nor suggestions; every article is judged on its
// own, so copies are not collapsed (unless `collapse`: --collapse).
void PrepareForEvaluation(SearchOptions& options, bool keep_limit = false, bool collapse = false);

struct TopicRunOutcome {
  std::size_t topics = 0;
  std::size_t failed = 0;
};

struct TopicRunCallbacks {
  // Each answered topic, as it is answered.
  std::function<void(const Topic&, const SearchResult&)> answered;
  // Each failed topic, with why (query_failure.h).
  std::function<void(const Topic&, const std::string&)> failed;
  // Before each topic; e.g. to pick up an index the indexer rebuilt.
  std::function<void()> before_each;
};

// Runs every topic `reader` gives, with `options` (a query that does not
// parse is searched as plain words).
TopicRunOutcome RunTopics(IndexSearcher& searcher, TopicReader& reader, SearchOptions options,
                          const TopicRunCallbacks& callbacks);

// Adds a topic's ranked ids and scores to `run`.
void AddToRun(TrecRun& run, const Topic& topic, const SearchResult& result);

}  // namespace kiji

#endif  // KIJI_SEARCHER_TOPIC_RUN_H_
