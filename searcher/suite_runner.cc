#include "searcher/suite_runner.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "common/cli/exit_status.h"
#include "common/eval/evaluation.h"
#include "common/search/index_searcher.h"
#include "common/index/index_writer.h"
#include "common/index/indexing_pipeline.h"
#include "common/eval/topics.h"
#include "common/util/bounded_line.h"
#include "common/util/utf8.h"
#include "common/index/index_settings.h"
#include "common/util/decimal.h"
#include "searcher/flags.h"
#include "searcher/query_failure.h"
#include "searcher/topic_run.h"

namespace kiji {

namespace {

// Counts what the indexer rejected, silently: a suite reports the count.
class CountingReporter : public IndexingReporter {
 public:
  void Rejected(const std::string&, const std::string&) override {}
  void Warning(const std::string&, const std::string&) override {}
  void Progress(const IndexingProgress&) override {}
};

// A temporary index directory, removed when the suite is done.
class TemporaryIndex {
 public:
  TemporaryIndex() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("kiji-suite-" + std::to_string(rd()) + std::to_string(rd()));
  }
  ~TemporaryIndex() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

// The "with:" words of a case, as search options (searcher/flags.h).
SearchOptions OptionsFor(const Suite& suite, const SuiteCase& c) {
  try {
    return SearchOptionsFrom(ParseSuiteFlags(c.options));
  } catch (const std::invalid_argument& e) {
    throw SuiteError(suite.path + ":" + std::to_string(c.line) + ": " + e.what());
  }
}

std::string Joined(const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) out += (out.empty() ? "" : " ") + id;
  return out;
}

bool Compare(double got, const Expectation& e, double want) {
  switch (e.op) {
    case Expectation::Op::kAtLeast: return got >= want;
    case Expectation::Op::kAtMost: return got <= want;
    case Expectation::Op::kEqual: return std::abs(got - want) <= e.tolerance + 1e-12;
  }
  return false;
}

std::string OpText(Expectation::Op op) {
  return op == Expectation::Op::kAtLeast ? ">=" : op == Expectation::Op::kAtMost ? "<=" : "=";
}

// The first `n` results, for a failure message.
std::string GotList(const SearchResult& r, std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n && i < r.hits.size(); ++i) {
    s += "\n      " + std::to_string(i + 1) + ". " + StripControlCharacters(r.hits[i].id, false) + "  " +
         StripControlCharacters(r.hits[i].title.substr(0, 70), false);
  }
  return s.empty() ? std::string("\n      (no results)") : s;
}

void CheckInTop(const Expectation& e, const SearchResult& r, const std::vector<std::string>& ids,
                std::vector<std::string>& failures) {
  const bool in = e.kind == Expectation::Kind::kInTop;
  const auto end = ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), e.n));
  for (const std::string& id : e.ids) {
    const auto at = std::find(ids.begin(), end, id);
    if ((at != end) == in) continue;
    failures.push_back(in ? "in-top " + std::to_string(e.n) + ": " + id + " is not in the first " +
                                std::to_string(e.n) + GotList(r, std::min<std::size_t>(e.n, 5))
                          : "not-in-top " + std::to_string(e.n) + ": " + id + " is at rank " +
                                std::to_string(at - ids.begin() + 1));
  }
}

void CheckFirstContains(const Expectation& e, const SearchResult& r, std::vector<std::string>& failures) {
  std::string value;
  if (!r.hits.empty()) {
    const Hit& h = r.hits.front();
    value = e.name == "title" ? h.title : e.name == "source" ? h.source : e.name == "date" ? h.date
            : e.name == "id" ? h.id : h.snippet.text;
  }
  if (r.hits.empty() || value.find(e.text) == std::string::npos) {
    failures.push_back("first " + e.name + " contains \"" + e.text + "\": got \"" +
                       StripControlCharacters(value, false) + "\"");
  }
}

// What one expectation of a query case finds wrong in its results.
void CheckExpectation(const Expectation& e, const SearchResult& r, const std::vector<std::string>& ids,
                      std::vector<std::string>& failures) {
  switch (e.kind) {
    case Expectation::Kind::kTop: {
      const std::vector<std::string> got(ids.begin(),
                                         ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), e.ids.size())));
      if (got != e.ids) {
        failures.push_back("top: expected " + Joined(e.ids) + "\n     got      " + Joined(got) +
                           GotList(r, e.ids.size()));
      }
      break;
    }
    case Expectation::Kind::kInTop:
    case Expectation::Kind::kNotInTop:
      CheckInTop(e, r, ids, failures);
      break;
    case Expectation::Kind::kHits:
      if (!Compare(static_cast<double>(r.total), e, static_cast<double>(e.n))) {
        failures.push_back("hits " + OpText(e.op) + " " + std::to_string(e.n) + ": got " + std::to_string(r.total));
      }
      break;
    case Expectation::Kind::kFirstContains:
      CheckFirstContains(e, r, failures);
      break;
    case Expectation::Kind::kMetric:
      break;
  }
}

void RunQueryCase(IndexSearcher& searcher, const Suite& suite, const SuiteCase& c, CaseOutcome& out) {
  SearchOptions options = OptionsFor(suite, c);
  Xapian::doccount depth = 10;
  for (const Expectation& e : c.expectations) {
    depth = std::max<Xapian::doccount>(depth, static_cast<Xapian::doccount>(std::max(e.ids.size(), e.n)));
  }
  options.limit = depth;
  options.suggest = false;
  options.exact_total = true;
  const SearchResult r = searcher.Search(c.name, c.query, options);
  std::vector<std::string> ids;
  for (const Hit& h : r.hits) ids.push_back(h.id);
  out.recorded.top_ids = ids;
  out.recorded.hits = r.total;
  for (const Expectation& e : c.expectations) CheckExpectation(e, r, ids, out.failures);
}

void RunEvalCase(IndexSearcher& searcher, const Suite& suite, const SuiteCase& c, CaseOutcome& out) {
  SearchOptions options = OptionsFor(suite, c);
  PrepareForEvaluation(options, false, ParseSuiteFlags(c.options).Given("collapse"));
  std::ifstream topics_file(c.topics), qrels_file(c.qrels);
  if (!topics_file) throw SuiteError(suite.path + ":" + std::to_string(c.line) + ": cannot read " + c.topics);
  if (!qrels_file) throw SuiteError(suite.path + ":" + std::to_string(c.line) + ": cannot read " + c.qrels);
  Qrels qrels;
  try {
    qrels = ReadQrels(qrels_file, c.qrels);
  } catch (const EvaluationError& e) {
    throw SuiteError(e.what());
  }
  TrecRun run;
  TopicReader topics(topics_file);
  TopicRunCallbacks callbacks;
  callbacks.answered = [&](const Topic& t, const SearchResult& result) { AddToRun(run, t, result); };
  // The case fails, naming the topic; the other topics still run.
  callbacks.failed = [&](const Topic& t, const std::string& why) {
    run[t.id];  // judged as a topic that found nothing
    out.failures.push_back("topic " + t.id + ": " + why);
  };
  RunTopics(searcher, topics, options, callbacks);
  const Evaluation e = Evaluate(run, qrels);
  for (const std::string& name : MetricNames()) out.recorded.metrics.emplace_back(name, MetricValue(e.mean, name));
  for (const Expectation& x : c.expectations) {
    const double got = MetricValue(e.mean, x.name);
    if (!Compare(got, x, x.value)) {
      out.failures.push_back(x.name + " " + OpText(x.op) + " " + FourDecimals(x.value) +
                             (x.op == Expectation::Op::kEqual ? " +- " + FourDecimals(x.tolerance) : "") + ": got " +
                             FourDecimals(got) + " over " + std::to_string(e.topics.size()) + " topics");
    }
  }
}

}  // namespace

SuiteOutcome RunSuite(const Suite& suite) {
  SuiteOutcome outcome;
  outcome.path = suite.path;
  for (const std::string& path : suite.requires_paths) {
    if (std::filesystem::exists(path)) continue;
    for (const SuiteCase& c : suite.cases) {
      CaseOutcome skipped;
      skipped.name = c.name;
      skipped.description = c.kind == SuiteCase::Kind::kQuery ? c.query : c.topics;
      skipped.status = CaseOutcome::Status::kSkip;
      skipped.skip_reason = "required data not found: " + path;
      outcome.cases.push_back(std::move(skipped));
    }
    outcome.note = "skipped: " + path + " not found";
    return outcome;
  }
  TemporaryIndex temporary;
  std::string index = suite.index;
  if (index.empty()) {
    for (const std::string& input : suite.corpus) {
      if (!std::filesystem::exists(input)) throw SuiteError(suite.path + ": corpus not found: " + input);
    }
    index = temporary.path();
    IndexWriter writer(index, NewIndexSettings(false, "en"), false);
    PipelineOptions pipeline;
    pipeline.max_articles = suite.corpus_limit;
    CountingReporter quiet;
    const IndexingStats stats = RunIndexing(suite.corpus, writer, pipeline, quiet);
    outcome.note = "indexed " + std::to_string(stats.articles()) + (stats.articles() == 1 ? " article" : " articles") +
                   (stats.rejected ? " (" + std::to_string(stats.rejected) + " rejected)" : "");
  }
  IndexSearcher searcher(index);
  for (const SuiteCase& c : suite.cases) {
    CaseOutcome out;
    out.name = c.name;
    out.recorded.name = c.name;
    out.description = c.kind == SuiteCase::Kind::kQuery ? c.query : c.topics;
    const auto start = std::chrono::steady_clock::now();
    try {
      if (c.kind == SuiteCase::Kind::kQuery) {
        RunQueryCase(searcher, suite, c, out);
      } else {
        RunEvalCase(searcher, suite, c, out);
      }
    } catch (const SuiteError&) {
      throw;
    } catch (...) {
      out.failures.push_back("error: " + DescribeQueryFailure(std::current_exception()));
    }
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    out.status = out.failures.empty() ? CaseOutcome::Status::kPass : CaseOutcome::Status::kFail;
    outcome.cases.push_back(std::move(out));
  }
  return outcome;
}

namespace {

struct Totals {
  std::size_t passed = 0, failed = 0, skipped = 0, broken = 0;
  void Count(const SuiteOutcome& o) {
    for (const CaseOutcome& c : o.cases) {
      if (c.status == CaseOutcome::Status::kPass) ++passed;
      else if (c.status == CaseOutcome::Status::kFail) ++failed;
      else ++skipped;
    }
  }
};

// Suite paths, case names, queries and failures may hold anything: one line
// each for the terminal, or several where a failure spans lines.
std::string Clean(const std::string& s) { return StripControlCharacters(s, false); }
std::string CleanLines(const std::string& s) { return StripControlCharacters(s, true); }

std::string Indented(const std::string& text, const std::string& indent) {
  std::string out = indent;
  for (char ch : text) {
    out += ch;
    if (ch == '\n') out += indent;
  }
  return out;
}

class TextReporter : public SuiteReporter {
 public:
  explicit TextReporter(std::ostream& out) : out_(out) {}
  void Report(const SuiteOutcome& o) override {
    totals_.Count(o);
    out_ << Clean(o.path) << (o.note.empty() ? "" : " (" + Clean(o.note) + ")") << "\n";
    for (const CaseOutcome& c : o.cases) {
      const char* word = c.status == CaseOutcome::Status::kPass ? "ok  " : c.status == CaseOutcome::Status::kFail ? "FAIL" : "skip";
      out_ << "  " << word << " " << Clean(c.name) << ": " << Clean(c.description) << "\n";
      if (c.status == CaseOutcome::Status::kSkip) out_ << "       " << Clean(c.skip_reason) << "\n";
      for (const std::string& f : c.failures) out_ << Indented(CleanLines(f), "       ") << "\n";
    }
  }
  void Broken(const std::string& path, const std::string& reason) override {
    ++totals_.broken;
    out_ << Clean(path) << "\n  ERROR " << CleanLines(reason) << "\n";
  }
  void Finish() override {
    out_ << "\n" << totals_.passed << " passed, " << totals_.failed << " failed";
    if (totals_.skipped) out_ << ", " << totals_.skipped << " skipped";
    out_ << "\n";
    if (totals_.broken) out_ << totals_.broken << " suite(s) could not run\n";
  }

 private:
  std::ostream& out_;
  Totals totals_;
};

// TAP 13: one test point per case, failures in a YAML block.
class TapReporter : public SuiteReporter {
 public:
  explicit TapReporter(std::ostream& out) : out_(out) { out_ << "TAP version 13\n"; }
  void Report(const SuiteOutcome& o) override {
    for (const CaseOutcome& c : o.cases) {
      const bool ok = c.status != CaseOutcome::Status::kFail;
      out_ << (ok ? "ok " : "not ok ") << ++count_ << " - " << Clean(o.path) << ": " << Clean(c.name);
      if (c.status == CaseOutcome::Status::kSkip) out_ << " # SKIP " << Clean(c.skip_reason);
      out_ << "\n";
      if (!ok) {
        out_ << "  ---\n  message: |\n";
        for (const std::string& f : c.failures) out_ << Indented(CleanLines(f), "    ") << "\n";
        out_ << "  ...\n";
      }
    }
  }
  void Broken(const std::string& path, const std::string& reason) override {
    out_ << "not ok " << ++count_ << " - " << Clean(path) << "\n  ---\n  message: |\n" << Indented(CleanLines(reason), "    ")
         << "\n  ...\n";
  }
  void Finish() override { out_ << "1.." << count_ << "\n"; }

 private:
  std::ostream& out_;
  std::size_t count_ = 0;
};

std::string XmlEscape(const std::string& s) {
  std::string out;
  for (char c : StripControlCharacters(s, true)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

// JUnit XML, the format CI systems (GitLab, Jenkins, GitHub) display.
class JunitReporter : public SuiteReporter {
 public:
  explicit JunitReporter(std::ostream& out) : out_(out) {}
  void Report(const SuiteOutcome& o) override {
    Totals t;
    t.Count(o);
    std::ostringstream cases;
    for (const CaseOutcome& c : o.cases) {
      cases << "    <testcase classname=\"" << XmlEscape(o.path) << "\" name=\"" << XmlEscape(c.name) << "\" time=\""
            << c.seconds << "\">\n";
      if (c.status == CaseOutcome::Status::kSkip) cases << "      <skipped message=\"" << XmlEscape(c.skip_reason) << "\"/>\n";
      // One <failure> per case, as JUnit has it (CI systems show only the
      // first of several): the first failed check as its message, every
      // failed check in its text.
      if (!c.failures.empty()) {
        std::string message = c.failures.front().substr(0, c.failures.front().find('\n'));
        if (c.failures.size() > 1) message += " (and " + std::to_string(c.failures.size() - 1) + " more)";
        std::string all;
        for (const std::string& f : c.failures) all += (all.empty() ? "" : "\n") + f;
        cases << "      <failure message=\"" << XmlEscape(message) << "\">" << XmlEscape(all) << "</failure>\n";
      }
      cases << "    </testcase>\n";
    }
    suites_ << "  <testsuite name=\"" << XmlEscape(o.path) << "\" tests=\"" << o.cases.size() << "\" failures=\"" << t.failed
            << "\" skipped=\"" << t.skipped << "\">\n" << cases.str() << "  </testsuite>\n";
  }
  void Broken(const std::string& path, const std::string& reason) override {
    suites_ << "  <testsuite name=\"" << XmlEscape(path) << "\" tests=\"1\" errors=\"1\">\n    <testcase name=\"suite\">\n"
            << "      <error message=\"" << XmlEscape(reason) << "\"/>\n    </testcase>\n  </testsuite>\n";
  }
  void Finish() override {
    out_ << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n" << suites_.str() << "</testsuites>\n";
  }

 private:
  std::ostream& out_;
  std::ostringstream suites_;
};

}  // namespace

std::unique_ptr<SuiteReporter> MakeSuiteReporter(const std::string& format, std::ostream& out) {
  if (format == "text") return std::make_unique<TextReporter>(out);
  if (format == "tap") return std::make_unique<TapReporter>(out);
  if (format == "junit") return std::make_unique<JunitReporter>(out);
  throw std::invalid_argument("--check reports as text, tap or junit, not '" + format + "'");
}

int CheckSuites(const std::vector<std::string>& paths, const std::string& format, bool record, std::ostream& out,
                std::ostream& err) {
  std::unique_ptr<SuiteReporter> reporter = MakeSuiteReporter(format, out);
  int status = kExitOk;
  for (const std::string& path : paths) {
    try {
      std::error_code ec;
      std::ifstream in;
      if (!std::filesystem::is_directory(path, ec)) in.open(path);
      if (!in.is_open() || !in) throw SuiteError(path + ": cannot read the suite file");
      std::string text;
      if (!ReadAllAtMost(in, text)) {
        throw SuiteError(path + ": larger than " + std::to_string(kMaxTextFileBytes >> 20) + " MiB; not a suite file");
      }
      const Suite suite = ParseSuite(text, path);
      const SuiteOutcome outcome = RunSuite(suite);
      reporter->Report(outcome);
      const bool failed = std::any_of(outcome.cases.begin(), outcome.cases.end(),
                                      [](const CaseOutcome& c) { return c.status == CaseOutcome::Status::kFail; });
      if (failed && status == kExitOk) status = kExitPartial;
      const bool skipped = std::all_of(outcome.cases.begin(), outcome.cases.end(),
                                       [](const CaseOutcome& c) { return c.status == CaseOutcome::Status::kSkip; });
      if (record && !skipped) {
        std::vector<RecordedCase> recorded;
        for (const CaseOutcome& c : outcome.cases) recorded.push_back(c.recorded);
        const std::string updated = RecordSuite(text, suite, recorded);
        // Write beside the suite, then rename: a crash never leaves half a file.
        const std::string temporary = path + ".recording";
        {
          std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
          file << updated;
          if (!file) throw SuiteError(path + ": cannot write " + temporary);
        }
        std::filesystem::rename(temporary, path);
        err << "searcher: recorded " << Clean(path) << "\n";
      }
    } catch (const std::exception& e) {
      reporter->Broken(path, e.what());
      status = kExitError;
    }
  }
  reporter->Finish();
  return status;
}

}  // namespace kiji
