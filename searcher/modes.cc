#include "searcher/modes.h"

#include <unistd.h>

#include <cstdlib>
#include <optional>
#include <string_view>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "common/cli/exit_status.h"
#include "common/eval/evaluation.h"
#include "common/eval/topics.h"
#include "common/util/utf8.h"
#include "searcher/curses_terminal.h"
#include "searcher/full_screen_run.h"
#include "searcher/interactive_session.h"
#include "searcher/query_failure.h"
#include "searcher/suite_runner.h"
#include "searcher/topic_run.h"

namespace kiji {

int ReportError(const std::string& message) {
  std::cerr << "searcher: " << StripControlCharacters(message, false) << "\n";
  return kExitError;
}

namespace {

// Every topic of a batch, answered as it is read; with `run`, the results
// are collected there for evaluation instead of printed. A query that
// fails is reported with its id and the batch goes on.
TopicRunOutcome AnswerBatch(IndexSearcher& searcher, TopicReader& reader,
                                  const SearchOptions& options, TrecRun* run,
                                  ResultPrinter& printer) {
  const auto clean = [](const std::string& s) { return StripControlCharacters(s, false); };
  TopicRunCallbacks callbacks;
  // A batch fed through a pipe follows the indexer, and --rebuild.
  callbacks.before_each = [&] { searcher.Reopen(); };
  callbacks.failed = [&](const Topic& topic, const std::string& why) {
    std::cerr << "searcher: topic " << clean(topic.id) << ": " << why << "\n";
  };
  callbacks.answered = [&](const Topic& topic, const SearchResult& result) {
    if (!result.warning.empty()) std::cerr << "searcher: topic " << clean(topic.id) << ": " << clean(result.warning) << "\n";
    if (run != nullptr) {
      AddToRun(*run, topic, result);
    } else {
      printer.Print(result);
    }
    // Whoever feeds the pipe may wait for this answer before writing more.
    if (reader.Drained()) std::cout.flush();
  };
  return RunTopics(searcher, reader, options, callbacks);
}

// --qrels: the judgements to evaluate a batch against, and the search
// options trec_eval's conventions ask for (the first 1000 results).
bool PrepareEvaluation(const FlagValues& values, SearchOptions& search, Qrels& qrels) {
  const std::string path = values.Text("qrels");
  std::error_code ec;
  std::ifstream in;
  if (!std::filesystem::is_directory(path, ec)) in.open(path);
  if (!in.is_open() || !in) {
    ReportError("cannot read " + path);
    return false;
  }
  try {
    qrels = ReadQrels(in, path);
  } catch (const EvaluationError& e) {
    ReportError(e.what());
    return false;
  }
  PrepareForEvaluation(search, values.Given("limit"), values.Given("collapse"));
  return true;
}

}  // namespace

// One query from the command line: its results, or what is wrong with it.
int ShowArticles(IndexSearcher& searcher, const std::vector<std::string>& ids, const std::string& highlight,
                 ResultPrinter& printer) {
  if (!highlight.empty()) {
    // The query marks what a search for it would find: one that does not
    // parse is the same error here.
    SearchOptions check;
    check.limit = 0;
    check.exact_up_to = 0;
    check.snippets = check.suggest = false;
    try {
      searcher.Search("", highlight, check);
    } catch (const QuerySyntaxError& e) {
      std::cerr << "searcher: --highlight: " << DescribeSyntaxError(highlight, e) << "\n";
      return kExitError;
    }
  }
  int status = kExitOk;
  for (const std::string& id : ids) {
    const std::optional<Xapian::docid> docid = searcher.FindArticle(id);
    if (!docid) {
      std::cerr << "searcher: no article with id '" << StripControlCharacters(id, false) << "' in the index\n";
      status = kExitPartial;
      continue;
    }
    printer.PrintArticle(searcher.Open(*docid, highlight));
  }
  std::cout.flush();
  if (!std::cout) {
    std::cerr << "searcher: error writing articles\n";
    return kExitError;
  }
  return status;
}

int ShowStories(IndexSearcher& searcher, const std::vector<std::string>& ids, ResultPrinter& printer) {
  int status = kExitOk;
  for (const std::string& id : ids) {
    const std::optional<StoryView> story = searcher.Story(id);
    if (!story) {
      std::cerr << "searcher: no article with id '" << StripControlCharacters(id, false) << "' in the index\n";
      status = kExitPartial;
      continue;
    }
    printer.PrintStory(*story);
  }
  std::cout.flush();
  if (!std::cout) {
    std::cerr << "searcher: error writing stories\n";
    return kExitError;
  }
  return status;
}

int AnswerQuery(IndexSearcher& searcher, const std::string& query, const SearchOptions& options,
                ResultPrinter& printer) {
  SearchResult result;
  try {
    result = searcher.Search("1", query, options);
  } catch (const QuerySyntaxError& e) {
    std::cerr << "searcher: " << DescribeSyntaxError(query, e) << "\n";
    return kExitError;
  }
  printer.Print(result);
  std::cout.flush();
  if (!std::cout) {
    std::cerr << "searcher: error writing results\n";
    return kExitError;
  }
  // A page past the last result still found something (-n 0, --offset).
  return result.hits.empty() && result.total == 0 ? kExitNoMatch : kExitOk;
}

int RunSession(IndexSearcher& searcher, const SearchOptions& search, const std::string& format,
               const PrinterOptions& printer_options, bool line) {
  const char* term = std::getenv("TERM");
  const bool dumb = term != nullptr && std::string_view(term) == "dumb";
  if (!line && !dumb && isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0) {
    const char* no_color = std::getenv("NO_COLOR");
    try {
      return RunFullScreen(searcher, search, no_color == nullptr || *no_color == '\0', DefaultHistoryPath());
    } catch (const TerminalUnavailable& e) {
      std::cerr << "searcher: cannot start the full-screen search (" << e.what()
                << "); using the line session\n  hint: set TERM to your terminal's type, or pass --line\n";
    }
  }
  SessionSettings settings;
  settings.options = search;
  settings.options.snippets = true;
  settings.format = format;
  settings.printer = printer_options;
  settings.history_path = DefaultHistoryPath();
  const char* pager = std::getenv("PAGER");
  settings.pager = pager != nullptr ? pager : "less -R";
  if (!isatty(STDOUT_FILENO)) settings.pager.clear();
  return InteractiveSession(searcher, settings, std::cout).Run();
}

int RunBatch(IndexSearcher& searcher, SearchOptions search, const FlagValues& values,
             ResultPrinter& printer) {
  const std::string batch = values.Text("batch");
  std::ifstream file;
  if (batch != "-") {
    std::error_code ec;
    if (std::filesystem::is_directory(batch, ec)) return ReportError("cannot read " + batch + ": it is a directory");
    file.open(batch);
    if (!file) return ReportError("cannot read " + batch);
  }
  Qrels qrels;
  const bool evaluating = values.Given("qrels");
  if (evaluating && !PrepareEvaluation(values, search, qrels)) return kExitError;
  TrecRun run;
  TopicReader reader(batch == "-" ? std::cin : file);
  const TopicRunOutcome outcome = AnswerBatch(searcher, reader, search, evaluating ? &run : nullptr, printer);
  if (evaluating) printer.PrintEvaluation(Evaluate(run, qrels), values.Given("per-query"));
  std::cout.flush();
  if (!std::cout) return ReportError("error writing results");
  if (outcome.failed > 0) {
    std::cerr << "searcher: " << outcome.failed << " of " << outcome.topics << " queries failed\n";
    return kExitNoMatch;
  }
  return kExitOk;
}

int RunCheck(const std::vector<std::string>& suites, const FlagValues& values) {
  if (suites.empty()) return ReportError("--check needs at least one SUITE file");
  try {
    return CheckSuites(suites, values.Text("format"), values.Given("record"), std::cout, std::cerr);
  } catch (const std::invalid_argument& e) {
    return ReportError(e.what());
  }
}

}  // namespace kiji
