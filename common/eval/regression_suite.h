// Regression suites: a small line-based file format that names an index (or
// a corpus to index first) and cases, each a query with expectations (the
// top ids in order, ids in or out of the top N, hit counts, text in the
// first hit) or a topics + qrels pair with metric floors and values. This
// header parses suites and rewrites their snapshot lines (--record); it
// does not search (see searcher/suite_runner.h). The format is specified in
// tests/regression/README.md.
// Pure functions: safe from any thread.
#ifndef KIJI_COMMON_EVAL_REGRESSION_SUITE_H_
#define KIJI_COMMON_EVAL_REGRESSION_SUITE_H_

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace kiji {

// A malformed suite; what() is "path:line: reason".
class SuiteError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Expectation {
  enum class Kind {
    kTop,           // top: ID...            the first hits, in order
    kInTop,         // in-top N: ID...       each among the first N
    kNotInTop,      // not-in-top N: ID...   none among the first N
    kHits,          // hits OP N             the number of matches
    kFirstContains, // first FIELD contains: TEXT
    kMetric,        // METRIC OP VALUE [+- TOLERANCE]
  };
  enum class Op { kAtLeast, kAtMost, kEqual };
  Kind kind = Kind::kTop;
  Op op = Op::kEqual;
  std::vector<std::string> ids;
  std::size_t n = 0;        // N of in-top / not-in-top; the count for hits
  std::string name;         // metric name or field name
  std::string text;         // for first-contains
  double value = 0;
  double tolerance = 0;
  std::size_t line = 0;     // 1-based line in the suite file
};

struct SuiteCase {
  enum class Kind { kQuery, kEval };
  Kind kind = Kind::kQuery;
  std::string name;
  std::string query;               // kQuery
  std::string topics, qrels;       // kEval: paths, resolved against the suite
  std::vector<std::string> options;  // "with:" words, e.g. {"--sort", "-date"}
  std::vector<Expectation> expectations;
  std::size_t line = 0;
};

struct Suite {
  std::string path;
  std::string index;                 // an existing index, or
  std::vector<std::string> corpus;   // inputs to index into a fresh one
  std::size_t corpus_limit = 0;      // "first N": only the first N articles (0: all)
  std::vector<std::string> requires_paths;  // skip the suite when one is missing
  std::vector<SuiteCase> cases;
};

// Parses a suite; relative paths are resolved against the suite's folder.
Suite ParseSuite(const std::string& text, const std::string& path);

// What a case produced, for --record.
struct RecordedCase {
  std::string name;
  std::vector<std::string> top_ids;       // the ids of the first hits
  std::size_t hits = 0;
  std::vector<std::pair<std::string, double>> metrics;
};

// The suite text with its snapshot lines (top:, hits =, METRIC = V +- T)
// rewritten from `recorded`; comments, order and every other line stay.
std::string RecordSuite(const std::string& text, const Suite& suite, const std::vector<RecordedCase>& recorded);

}  // namespace kiji

#endif  // KIJI_COMMON_EVAL_REGRESSION_SUITE_H_
