// searcher: ranked search over a kiji index, one-shot, batch or interactive.
// Parses options and wires the IndexSearcher to a ResultPrinter or to an
// InteractiveSession; everything else lives in common/ and searcher/.
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "common/cli/command_line.h"
#include "common/index/index_location.h"
#include "common/search/index_searcher.h"
#include "common/util/terminal_stream.h"
#include "common/eval/topics.h"
#include "common/util/utf8.h"
#include "common/search/weighting.h"
#include "searcher/flags.h"
#include "searcher/interactive_session.h"
#include "searcher/printer.h"
#include "searcher/query_failure.h"
#include "searcher/suite_runner.h"
#include "searcher/topic_run.h"

namespace po = boost::program_options;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitNoMatch = 1;
constexpr int kExitError = 2;

const char* kUsage =
    "Usage: searcher [OPTIONS] QUERY...\n"
    "       searcher [OPTIONS] --batch FILE   (lines \"QID<TAB>QUERY\"; - for stdin)\n"
    "       searcher [OPTIONS]                (interactive, when stdin is a terminal)\n"
    "       searcher --check SUITE... [--record] [--format text|tap|junit]\n"
    "\n"
    "Ranked full-text search over a kiji index. Query language: words (any may\n"
    "match, all-word matches first), +must -mustnot, \"exact phrase\", AND OR NOT\n"
    "( ), a NEAR/5 b, prefix*, title: source: tag: lang: dateline: caption: id:,\n"
    "date:2024-11 date:2024-01-01..2024-06-30. See doc/query-language.md.\n"
    "\n"
    "Exit status: 0 results found, 1 no results (or, with --batch, --check and\n"
    "in a session, some queries failed: each is reported and the run goes on),\n"
    "2 error. Queries are limited to 8192 bytes, 1000 words and parentheses\n"
    "nested 100 deep.\n"
    "\n"
    "Options";

bool UseColor(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  return isatty(STDOUT_FILENO) && (no_color == nullptr || *no_color == '\0');
}

// One query from the command line: its results, or what is wrong with it.
int AnswerQuery(kiji::IndexSearcher& searcher, const std::string& query, const kiji::SearchOptions& options,
                kiji::ResultPrinter& printer) {
  kiji::SearchResult result;
  try {
    result = searcher.Search("1", query, options);
  } catch (const kiji::QuerySyntaxError& e) {
    std::cerr << "searcher: " << kiji::DescribeSyntaxError(query, e) << "\n";
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

// Every topic of a batch, answered as it is read; with `run`, the results
// are collected there for evaluation instead of printed. A query that
// fails is reported with its id and the batch goes on.
kiji::TopicRunOutcome AnswerBatch(kiji::IndexSearcher& searcher, kiji::TopicReader& reader,
                                  const kiji::SearchOptions& options, kiji::TrecRun* run,
                                  kiji::ResultPrinter& printer) {
  const auto clean = [](const std::string& s) { return kiji::StripControlCharacters(s, false); };
  kiji::TopicRunCallbacks callbacks;
  // A batch fed through a pipe follows the indexer, and --rebuild.
  callbacks.before_each = [&] { searcher.Reopen(); };
  callbacks.failed = [&](const kiji::Topic& topic, const std::string& why) {
    std::cerr << "searcher: topic " << clean(topic.id) << ": " << why << "\n";
  };
  callbacks.answered = [&](const kiji::Topic& topic, const kiji::SearchResult& result) {
    if (!result.warning.empty()) std::cerr << "searcher: topic " << clean(topic.id) << ": " << clean(result.warning) << "\n";
    if (run != nullptr) {
      kiji::AddToRun(*run, topic, result);
    } else {
      printer.Print(result);
    }
    // Whoever feeds the pipe may wait for this answer before writing more.
    if (reader.Drained()) std::cout.flush();
  };
  return kiji::RunTopics(searcher, reader, options, callbacks);
}

// Query words may start with '-' (`troops -Ukraine`). Before the options
// parser sees them, every argument that is not a searcher option (or an
// option's value) is moved behind "--", in order, so it stays a query word.
std::vector<std::string> SeparateQueryWords(int argc, char** argv, const po::options_description& options) {
  std::vector<std::string> flags, words;
  bool only_words = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (only_words || arg == "-" || arg.size() < 2 || arg[0] != '-') {
      words.push_back(arg);
      continue;
    }
    if (arg == "--") {
      only_words = true;
      continue;
    }
    const po::option_description* option = nullptr;
    bool value_attached = false;
    if (arg[1] == '-') {
      const std::size_t equals = arg.find('=');
      option = options.find_nothrow(arg.substr(2, equals == std::string::npos ? std::string::npos : equals - 2), false);
      value_attached = equals != std::string::npos;
      if (option == nullptr) {
        flags.push_back(arg);  // an unknown --option: let the parser complain
        continue;
      }
    } else {
      for (const auto& candidate : options.options()) {
        if (candidate->canonical_display_name(po::command_line_style::allow_dash_for_short) == arg.substr(0, 2)) {
          option = candidate.get();
        }
      }
      const bool takes_value = option != nullptr && option->semantic()->max_tokens() > 0;
      // "-n20" is an option with its value; "-news" or "-Ukraine" is a word.
      const bool numeric_tail = arg.size() > 2 && arg.find_first_not_of("0123456789", 2) == std::string::npos;
      if (option == nullptr || (arg.size() > 2 && !(takes_value && numeric_tail))) {
        words.push_back(arg);
        continue;
      }
      value_attached = arg.size() > 2;
    }
    flags.push_back(arg);
    if (!value_attached && option->semantic()->max_tokens() > 0 && i + 1 < argc) flags.push_back(argv[++i]);
  }
  flags.push_back("--");
  flags.insert(flags.end(), words.begin(), words.end());
  return flags;
}

// Parses the command line into flag values and query words; false (with
// the message written) when it cannot be parsed.
bool ParseSearcherCommandLine(int argc, char** argv, const po::options_description& options, kiji::FlagValues& values,
                              std::vector<std::string>& words) {
  try {
    kiji::ParseCommandLine(SeparateQueryWords(argc, argv, options), kiji::SearcherFlags(), values, words);
  } catch (const po::error& e) {
    std::cerr << "searcher: " << kiji::StripControlCharacters(e.what(), false) << "\nTry 'searcher --help'.\n";
    return false;
  }
  return true;
}

int Fail(const std::string& message) {
  std::cerr << "searcher: " << kiji::StripControlCharacters(message, false) << "\n";
  return kExitError;
}

int RunSession(kiji::IndexSearcher& searcher, const kiji::SearchOptions& search, const std::string& format,
               const kiji::PrinterOptions& printer_options) {
  kiji::SessionSettings settings;
  settings.options = search;
  settings.options.snippets = true;
  settings.format = format;
  settings.printer = printer_options;
  settings.history_path = kiji::DefaultHistoryPath();
  const char* pager = std::getenv("PAGER");
  settings.pager = pager != nullptr ? pager : "less -R";
  if (!isatty(STDOUT_FILENO)) settings.pager.clear();
  return kiji::InteractiveSession(searcher, settings, std::cout).Run();
}

// --qrels: the judgements to evaluate a batch against, and the search
// options trec_eval's conventions ask for (the first 1000 results).
bool PrepareEvaluation(const kiji::FlagValues& values, kiji::SearchOptions& search, kiji::Qrels& qrels) {
  const std::string path = values.Text("qrels");
  std::error_code ec;
  std::ifstream in;
  if (!std::filesystem::is_directory(path, ec)) in.open(path);
  if (!in.is_open() || !in) {
    Fail("cannot read " + path);
    return false;
  }
  try {
    qrels = kiji::ReadQrels(in, path);
  } catch (const kiji::EvaluationError& e) {
    Fail(e.what());
    return false;
  }
  kiji::PrepareForEvaluation(search, values.Given("limit"));
  return true;
}

int RunBatch(kiji::IndexSearcher& searcher, kiji::SearchOptions search, const kiji::FlagValues& values,
             kiji::ResultPrinter& printer) {
  const std::string batch = values.Text("batch");
  std::ifstream file;
  if (batch != "-") {
    std::error_code ec;
    if (std::filesystem::is_directory(batch, ec)) return Fail("cannot read " + batch + ": it is a directory");
    file.open(batch);
    if (!file) return Fail("cannot read " + batch);
  }
  kiji::Qrels qrels;
  const bool evaluating = values.Given("qrels");
  if (evaluating && !PrepareEvaluation(values, search, qrels)) return kExitError;
  kiji::TrecRun run;
  kiji::TopicReader reader(batch == "-" ? std::cin : file);
  const kiji::TopicRunOutcome outcome = AnswerBatch(searcher, reader, search, evaluating ? &run : nullptr, printer);
  if (evaluating) printer.PrintEvaluation(kiji::Evaluate(run, qrels), values.Given("per-query"));
  std::cout.flush();
  if (!std::cout) return Fail("error writing results");
  if (outcome.failed > 0) {
    std::cerr << "searcher: " << outcome.failed << " of " << outcome.topics << " queries failed\n";
    return kExitNoMatch;
  }
  return kExitOk;
}

int RunCheck(const std::vector<std::string>& suites, const kiji::FlagValues& values) {
  if (suites.empty()) return Fail("--check needs at least one SUITE file");
  try {
    return kiji::CheckSuites(suites, values.Text("format"), values.Given("record"), std::cout, std::cerr);
  } catch (const std::invalid_argument& e) {
    return Fail(e.what());
  }
}

// The checks between options that the table cannot express; "" when none.
std::string Conflicts(const kiji::FlagValues& values, const std::vector<std::string>& words) {
  const std::string tag = values.Text("run-tag");
  if (tag.empty() || std::any_of(tag.begin(), tag.end(), [](unsigned char c) { return c <= ' ' || c >= 0x7f; })) {
    return "--run-tag: a run name is one word of printable ASCII";
  }
  const std::string color = values.Text("color");
  if (color != "auto" && color != "always" && color != "never") return "--color must be auto, always or never";
  if (values.Given("count") && (values.Given("qrels") || values.Given("format") || values.Given("facets") ||
                                values.Given("explain") || values.Given("offset"))) {
    return "--count prints only numbers: it does not go with --qrels, --format, --facets, --explain or --offset";
  }
  if (!words.empty() && values.Given("batch")) return "give either a QUERY or --batch FILE, not both";
  if (values.Given("qrels") && !values.Given("batch")) return "--qrels needs --batch TOPICS";
  if (values.Given("count") && words.empty() && !values.Given("batch")) return "--count needs a QUERY or --batch";
  if (words.empty() && !values.Given("batch") && !isatty(STDIN_FILENO)) {
    return "no query given (and stdin is not a terminal for an interactive session)\nTry 'searcher --help'.";
  }
  return "";
}

int Run(int argc, char** argv) {
  const po::options_description options = kiji::DescribeFlags(kiji::SearcherFlags(), kUsage);
  kiji::FlagValues values(kiji::SearcherFlags());
  std::vector<std::string> words;
  if (!ParseSearcherCommandLine(argc, argv, options, values, words)) return kExitError;
  if (values.Given("help")) {
    std::cout << options << "\n";
    return kExitOk;
  }
  if (values.Given("check")) return RunCheck(words, values);
  kiji::SearchOptions search;
  try {
    search = kiji::SearchOptionsFrom(values);
  } catch (const std::invalid_argument& e) {
    return Fail(e.what());
  }
  if (const std::string conflict = Conflicts(values, words); !conflict.empty()) return Fail(conflict);
  std::vector<std::string> dbs = values.All("db");
  if (dbs.empty()) dbs.push_back(kiji::DefaultIndexPath());
  kiji::PrinterOptions printer_options;
  printer_options.color = UseColor(values.Text("color"));
  printer_options.run_tag = values.Text("run-tag");
  std::unique_ptr<kiji::ResultPrinter> printer;
  try {
    printer = values.Given("count") ? kiji::MakeCountPrinter(std::cout, values.Given("batch"))
                                    : kiji::MakePrinter(values.Text("format"), std::cout, printer_options);
  } catch (const std::invalid_argument& e) {
    return Fail(e.what());
  }
  kiji::IndexSearcher searcher(dbs);
  if (values.Given("batch")) return RunBatch(searcher, search, values, *printer);
  if (words.empty()) return RunSession(searcher, search, values.Text("format"), printer_options);
  std::string query;
  for (const std::string& w : words) query += (query.empty() ? "" : " ") + w;
  return AnswerQuery(searcher, query, search, *printer);
}

}  // namespace

int main(int argc, char** argv) {
  // Messages quote queries, paths, topic ids and library errors: none may
  // carry controls to the terminal.
  const kiji::TerminalSafeStream safe_messages(std::cerr);
  // The one boundary where library errors become a message and a status;
  // messages quote paths and queries, so they are cleaned for the terminal.
  const auto clean = [](const std::string& s) { return kiji::StripControlCharacters(s, false); };
  try {
    return Run(argc, argv);
  } catch (const Xapian::NetworkError& e) {
    std::cerr << "searcher: lost the connection to a remote index: " << clean(e.get_description())
              << "\n  hint: check that xapian-tcpsrv is still running and reachable\n";
  } catch (const Xapian::DatabaseOpeningError& e) {
    std::cerr << "searcher: cannot open the index: " << clean(e.get_description())
              << "\n  hint: check --db, or build the index with 'indexer --db DIR PATH...'\n";
  } catch (const Xapian::InvalidArgumentError& e) {
    // A parameter Xapian refuses (a weighting scheme's), not damage.
    std::cerr << "searcher: invalid argument: " << clean(e.get_msg()) << "\n";
  } catch (const Xapian::Error& e) {
    std::cerr << "searcher: index error: " << clean(e.get_description())
              << "\n  hint: the index may be damaged; rebuild it with the indexer\n";
  } catch (const std::exception& e) {
    std::cerr << "searcher: " << clean(e.what()) << "\n";
  }
  return kExitError;
}
