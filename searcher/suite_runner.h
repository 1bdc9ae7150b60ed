// Runs regression suites (common/eval/regression_suite.h): prepares the index
// (indexing a corpus into a temporary one when the suite asks), runs every
// case and checks its expectations, and reports outcomes as text, TAP or
// JUnit XML for CI systems.
// Runs on one thread; the indexes it opens are its own.
#ifndef KIJI_SEARCHER_SUITE_RUNNER_H_
#define KIJI_SEARCHER_SUITE_RUNNER_H_

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "common/eval/regression_suite.h"

namespace kiji {

struct CaseOutcome {
  enum class Status { kPass, kFail, kSkip };
  std::string name;
  std::string description;            // the query, or the topics file
  Status status = Status::kPass;
  std::vector<std::string> failures;  // one message per failed expectation (may span lines)
  std::string skip_reason;
  RecordedCase recorded;
  double seconds = 0;
};

struct SuiteOutcome {
  std::string path;
  std::string note;  // e.g. "indexed 2000 articles"
  std::vector<CaseOutcome> cases;
};

// Throws SuiteError when the suite cannot run at all (its index or corpus is
// missing, a case has an unknown option).
SuiteOutcome RunSuite(const Suite& suite);

class SuiteReporter {
 public:
  virtual ~SuiteReporter() = default;
  virtual void Report(const SuiteOutcome& outcome) = 0;
  // A suite file that could not be read or run.
  virtual void Broken(const std::string& path, const std::string& reason) = 0;
  // After the last suite: totals.
  virtual void Finish() = 0;
};

// "text", "tap" or "junit"; throws std::invalid_argument for another.
std::unique_ptr<SuiteReporter> MakeSuiteReporter(const std::string& format, std::ostream& out);

// Reads, runs and reports every suite file; with `record`, rewrites each
// suite's snapshot lines from the results. Returns the exit status: 0 all
// passed, 1 a case failed, 2 a suite could not be read or run.
int CheckSuites(const std::vector<std::string>& paths, const std::string& format, bool record, std::ostream& out,
                std::ostream& err);

}  // namespace kiji

#endif  // KIJI_SEARCHER_SUITE_RUNNER_H_
