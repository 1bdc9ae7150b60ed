// searcher: ranked search over a kiji index, one-shot, batch or interactive.
// Parses options and wires the IndexSearcher to a ResultPrinter or to an
// InteractiveSession; everything else lives in common/ and searcher/.
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "common/index/index_location.h"
#include "common/search/index_searcher.h"
#include "common/util/terminal_stream.h"
#include "common/eval/topics.h"
#include "common/util/utf8.h"
#include "common/search/weighting.h"
#include "searcher/interactive_session.h"
#include "searcher/printer.h"
#include "searcher/query_failure.h"
#include "searcher/suite_runner.h"

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
    "date:2024-11 date:2024-01-01..2024-06-30. See README.md.\n"
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
  return result.hits.empty() ? kExitNoMatch : kExitOk;
}

struct BatchOutcome {
  std::size_t queries = 0;
  std::size_t failed = 0;
};

// Every topic of a batch, answered as it is read; with `run`, the results
// are collected there for evaluation instead of printed. A query that
// fails is reported with its id and the batch goes on.
BatchOutcome AnswerBatch(kiji::IndexSearcher& searcher, kiji::TopicReader& reader, const kiji::SearchOptions& options,
                         kiji::TrecRun* run, kiji::ResultPrinter& printer) {
  BatchOutcome outcome;
  const auto clean = [](const std::string& s) { return kiji::StripControlCharacters(s, false); };
  for (kiji::Topic topic; reader.Next(topic);) {
    ++outcome.queries;
    kiji::SearchResult result;
    try {
      searcher.Reopen();  // a batch fed through a pipe follows the indexer, and --rebuild
      result = searcher.Search(topic.id, topic.query, options);
    } catch (...) {
      std::cerr << "searcher: topic " << clean(topic.id) << ": "
                << kiji::DescribeQueryFailure(std::current_exception()) << "\n";
      ++outcome.failed;
      continue;
    }
    if (!result.warning.empty()) std::cerr << "searcher: topic " << clean(topic.id) << ": " << clean(result.warning) << "\n";
    if (run != nullptr) {
      auto& ranked = (*run)[topic.id];
      for (const kiji::Hit& hit : result.hits) ranked.push_back({hit.id, hit.score});
    } else {
      printer.Print(result);
    }
    // Whoever feeds the pipe may wait for this answer before writing more.
    if (reader.Drained()) std::cout.flush();
  }
  return outcome;
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

int Run(int argc, char** argv) {
  std::vector<std::string> dbs;
  std::string format, batch, color, sort, since, until;
  unsigned limit = 10, offset = 0;
  std::vector<std::string> words;
  po::options_description options(kUsage);
  options.add_options()
      ("help,h", "show this help and exit")
      ("db,d", po::value(&dbs), "index directory, ssh://[USER@]HOST[:PORT]/PATH for one read over ssh "
                                "(xapian-progsrv), or tcp://HOST:PORT for one served by xapian-tcpsrv; "
                                "repeat to search several as one collection (default: $KIJI_DB, else "
                                "$XDG_DATA_HOME/kiji/index, else ~/.local/share/kiji/index)")
      ("limit,n", po::value(&limit)->default_value(10), "number of results per query")
      ("offset", po::value(&offset)->default_value(0), "skip this many results (paging)")
      ("format,f", po::value(&format)->default_value("text"), "output: text, json, tsv or trec")
      ("batch,b", po::value(&batch), "answer every query in FILE (\"QID<TAB>QUERY\" lines; - for stdin); "
                                     "a query that does not parse is searched as plain words")
      ("check", "run the regression suites named as arguments (see tests/regression/README.md); "
                "exit 0 all pass, 1 a case failed, 2 a bad suite")
      ("record", "with --check: rewrite the suites' snapshot lines from the current results")
      ("qrels", po::value<std::string>(), "with --batch: print retrieval metrics against these TREC "
                                          "qrels instead of results (trec_eval -c -M 1000 conventions)")
      ("per-query", "with --qrels: metrics for each topic too")
      ("plain", "no query syntax: every word of the query is a word")
      ("sort", po::value(&sort)->default_value("relevance"), "relevance, date (oldest first) or -date (newest first)")
      ("since", po::value(&since), "only articles dated on or after YYYY[-MM[-DD]]")
      ("until", po::value(&until), "only articles dated on or before YYYY[-MM[-DD]]")
      ("facets", "count matches by source, year and tag")
      ("explain", "show the terms, fields and weights behind each score")
      ("no-suggest", "never offer a spelling correction")
      ("no-snippets", "print titles and fields but no snippets (faster, for scripts)")
      ("weighting", po::value<std::string>()->default_value(kiji::kDefaultWeighting),
       (std::string("ranking scheme: ") + kiji::WeightingHelp()).c_str())
      ("expand", "pseudo-relevance feedback: add the strongest stems of the first results to the query")
      ("expand-docs", po::value<unsigned>()->default_value(10), "with --expand: results to learn from")
      ("expand-terms", po::value<unsigned>()->default_value(10), "with --expand: terms to add")
      ("expand-weight", po::value<double>()->default_value(0.5), "with --expand: weight of the added terms")
      ("keep-stopwords", "search stop words (the, of, und...) like any other word")
      ("color", po::value(&color)->default_value("auto"), "highlight matches: auto, always or never")
      ("run-tag", po::value<std::string>()->default_value("kiji"), "run name in --format trec output");
  po::options_description hidden;
  hidden.add_options()("query", po::value(&words));
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add("query", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(SeparateQueryWords(argc, argv, options))
                  .options(all)
                  .positional(positional)
                  .run(),
              vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "searcher: " << kiji::StripControlCharacters(e.what(), false) << "\nTry 'searcher --help'.\n";
    return kExitError;
  }
  if (vm.count("help")) {
    std::cout << options << "\n";
    return kExitOk;
  }
  if (color != "auto" && color != "always" && color != "never") {
    std::cerr << "searcher: --color must be auto, always or never\n";
    return kExitError;
  }
  if (vm.count("check")) {
    if (words.empty()) {
      std::cerr << "searcher: --check needs at least one SUITE file\n";
      return kExitError;
    }
    try {
      return kiji::CheckSuites(words, format, vm.count("record") > 0, std::cout, std::cerr);
    } catch (const std::invalid_argument& e) {
      std::cerr << "searcher: " << kiji::StripControlCharacters(e.what(), false) << "\n";
      return kExitError;
    }
  }
  kiji::SearchOptions search;
  search.limit = limit;
  search.offset = offset;
  search.plain = vm.count("plain") > 0;
  search.facets = vm.count("facets") > 0;
  search.explain = vm.count("explain") > 0;
  search.suggest = vm.count("no-suggest") == 0;
  search.since = since;
  search.until = until;
  search.snippets = format != "trec" && vm.count("no-snippets") == 0;
  search.details = format != "trec";
  search.stopwords = vm.count("keep-stopwords") == 0;
  search.weighting = vm["weighting"].as<std::string>();
  search.expand = vm.count("expand") > 0;
  search.expand_documents = vm["expand-docs"].as<unsigned>();
  search.expand_terms = vm["expand-terms"].as<unsigned>();
  search.expand_weight = vm["expand-weight"].as<double>();
  try {
    kiji::MakeWeighting(search.weighting);
  } catch (const std::invalid_argument& e) {
    std::cerr << "searcher: --weighting: " << kiji::StripControlCharacters(e.what(), false) << "\n";
    return kExitError;
  }
  if (!kiji::ParseSortOrder(sort, search.sort)) {
    std::cerr << "searcher: --sort must be relevance, date or -date\n";
    return kExitError;
  }
  try {
    kiji::DateRangeQuery(since, until);
  } catch (const std::invalid_argument& e) {
    std::cerr << "searcher: --since/--until: " << kiji::StripControlCharacters(e.what(), false) << "\n";
    return kExitError;
  }
  if (!words.empty() && !batch.empty()) {
    std::cerr << "searcher: give either a QUERY or --batch FILE, not both\n";
    return kExitError;
  }
  const bool interactive = words.empty() && batch.empty();
  if (interactive && !isatty(STDIN_FILENO)) {
    std::cerr << "searcher: no query given (and stdin is not a terminal for an interactive session)\n"
                 "Try 'searcher --help'.\n";
    return kExitError;
  }
  if (dbs.empty()) dbs.push_back(kiji::DefaultIndexPath());

  kiji::PrinterOptions printer_options;
  printer_options.color = UseColor(color);
  printer_options.run_tag = vm["run-tag"].as<std::string>();
  std::unique_ptr<kiji::ResultPrinter> printer;
  try {
    printer = kiji::MakePrinter(format, std::cout, printer_options);
  } catch (const std::invalid_argument& e) {
    std::cerr << "searcher: " << kiji::StripControlCharacters(e.what(), false) << "\n";
    return kExitError;
  }

  kiji::IndexSearcher searcher(dbs);
  if (interactive) {
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

  std::ifstream file;
  if (!batch.empty() && batch != "-") {
    file.open(batch);
    if (!file) {
      std::cerr << "searcher: cannot read " << kiji::StripControlCharacters(batch, false) << "\n";
      return kExitError;
    }
  }
  // Scripts never stop on one bad line.
  if (!batch.empty()) search.fallback_to_plain = true;

  kiji::Qrels qrels;
  const bool evaluating = vm.count("qrels") > 0;
  if (evaluating) {
    if (batch.empty()) {
      std::cerr << "searcher: --qrels needs --batch TOPICS\n";
      return kExitError;
    }
    const std::string path = vm["qrels"].as<std::string>();
    std::ifstream in(path);
    if (!in) {
      std::cerr << "searcher: cannot read " << kiji::StripControlCharacters(path, false) << "\n";
      return kExitError;
    }
    try {
      qrels = kiji::ReadQrels(in, path);
    } catch (const kiji::EvaluationError& e) {
      std::cerr << "searcher: " << kiji::StripControlCharacters(e.what(), false) << "\n";
      return kExitError;
    }
    // trec_eval -M 1000 looks at the first 1000 results of each topic.
    if (vm["limit"].defaulted()) search.limit = 1000;
    search.snippets = false;
    search.details = false;
    search.suggest = false;
  }

  if (batch.empty()) {
    std::string query;
    for (const std::string& w : words) query += (query.empty() ? "" : " ") + w;
    return AnswerQuery(searcher, query, search, *printer);
  }
  kiji::TrecRun run;
  kiji::TopicReader reader(batch == "-" ? std::cin : file);
  const BatchOutcome outcome = AnswerBatch(searcher, reader, search, evaluating ? &run : nullptr, *printer);
  if (evaluating) printer->PrintEvaluation(kiji::Evaluate(run, qrels), vm.count("per-query") > 0);
  std::cout.flush();
  if (!std::cout) {
    std::cerr << "searcher: error writing results\n";
    return kExitError;
  }
  if (outcome.failed > 0) {
    std::cerr << "searcher: " << outcome.failed << " of " << outcome.queries << " queries failed\n";
    return kExitNoMatch;
  }
  return kExitOk;
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
  } catch (const Xapian::Error& e) {
    std::cerr << "searcher: index error: " << clean(e.get_description())
              << "\n  hint: the index may be damaged; rebuild it with the indexer\n";
  } catch (const std::exception& e) {
    std::cerr << "searcher: " << clean(e.what()) << "\n";
  }
  return kExitError;
}
