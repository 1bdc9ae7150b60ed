// searcher: ranked search over a kiji index, one-shot, batch or interactive.
// Parses the options and dispatches to one mode (modes.h); library errors
// become a message and an exit status here, at the one boundary.
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "common/cli/command_line.h"
#include "common/cli/config_file.h"
#include "common/cli/version.h"
#include "common/cli/exit_status.h"
#include "common/index/index_location.h"
#include "common/search/index_searcher.h"
#include "common/search/query_parser.h"
#include "common/util/terminal_stream.h"
#include "common/util/utf8.h"
#include "searcher/flags.h"
#include "searcher/modes.h"
#include "searcher/printer.h"

namespace po = boost::program_options;

namespace {

using kiji::kExitError;
using kiji::kExitOk;

// The --help text above the options; limits and statuses from their one
// definition.
std::string Usage() {
  using std::to_string;
  return "Usage: searcher [OPTIONS] QUERY...\n"
    "       searcher [OPTIONS] --batch FILE   (lines \"QID<TAB>QUERY\"; - for stdin)\n"
    "       searcher [OPTIONS]                (full-screen search on a terminal; --line: a prompt)\n"
    "       searcher --show [--highlight QUERY] ID...   (whole articles)\n"
    "       searcher --story ID...   (an article and its copies, oldest first)\n"
    "       searcher --check SUITE... [--record] [--format text|tap|junit]\n"
    "\n"
    "Ranked full-text search over a kiji index. Query language: words (any may\n"
    "match, all-word matches first), +must -mustnot, \"exact phrase\", AND OR NOT\n"
    "( ), a NEAR/5 b, prefix*, title: source: tag: lang: dateline: caption: id:,\n"
    "date:2024-11 date:2024-01-01..2024-06-30. See doc/query-language.md.\n"
    "\n"
    "Exit status: " + to_string(kExitOk) + " results found, " + to_string(kiji::kExitNoMatch) +
         " no results (or, with --batch, --check and\n"
         "in a session, some queries failed: each is reported and the run goes on),\n" +
         to_string(kiji::kExitError) + " error. Queries are limited to " + to_string(kiji::kMaxQueryBytes) +
         " bytes, " + to_string(kiji::kMaxQueryWords) + " words and parentheses\n"
         "nested " + to_string(kiji::kMaxQueryNesting) + " deep.\n"
         "\n"
         "The manual: man searcher; the query language: man kiji-query.\n"
         "\n"
         "Options";
}

// What to write instead of an unknown option: the rule that tells options
// from words to exclude (searcher.1, "Words and options").
std::string UnknownOptionHint(const std::string& option) {
  if (option.rfind("--", 0) == 0) return "options are listed by 'searcher --help'";
  if (option.size() == 2) return "to exclude a one-letter word, put it after --: searcher troops -- " + option;
  const std::string long_name = "-" + option;
  const std::string suggestion = kiji::FindFlag(kiji::SearcherFlags(), option.substr(1)) != nullptr
                                     ? "long options take two dashes (" + long_name + "); "
                                     : "";
  return suggestion + "to exclude a word, write it after a query word (searcher troops " + option +
         ") or after --";
}

// Parses the command line into flag values and query words; false (with
// the message written) when it cannot be parsed.
bool ParseSearcherCommandLine(int argc, char** argv, const po::options_description& options, kiji::FlagValues& values,
                              std::vector<std::string>& words) {
  try {
    // Hidden flags (--generate) take their values too.
    po::options_description all;
    all.add(options).add(kiji::DescribeFlags(kiji::SearcherFlags(), "", true));
    const std::vector<std::string> args = kiji::Arguments(argc, argv);
    kiji::ParseCommandLine(kiji::SeparateQueryWords(args, all), kiji::SearcherFlags(), values, words);
    kiji::AddConfigDefaults(args, "searcher", kiji::SearcherFlags(), values);
  } catch (const po::unknown_option& e) {
    std::cerr << "searcher: " << kiji::StripControlCharacters(e.what(), false) << "\n  hint: "
              << UnknownOptionHint(kiji::StripControlCharacters(e.get_option_name(), false))
              << "\nTry 'searcher --help'.\n";
    return false;
  } catch (const po::error& e) {
    std::cerr << "searcher: " << kiji::StripControlCharacters(e.what(), false) << "\nTry 'searcher --help'.\n";
    return false;
  } catch (const std::invalid_argument& e) {  // the configuration file
    std::cerr << "searcher: " << kiji::StripControlCharacters(e.what(), false) << "\n";
    return false;
  }
  return true;
}

int Run(int argc, char** argv) {
  const po::options_description options = kiji::DescribeFlags(kiji::SearcherFlags(), Usage());
  kiji::FlagValues values(kiji::SearcherFlags());
  std::vector<std::string> words;
  if (!ParseSearcherCommandLine(argc, argv, options, values, words)) return kExitError;
  if (values.Given("help")) {
    std::cout << options << "\n";
    return kExitOk;
  }
  if (values.Given("version")) {
    std::cout << kiji::VersionText("searcher");
    return kExitOk;
  }
  if (values.Given("generate")) return kiji::PrintDoc(values.Text("generate"), kiji::SearcherDoc(), kiji::SearcherFlags());
  if (values.Given("check")) return kiji::RunCheck(words, values);
  kiji::SearchOptions search;
  try {
    search = kiji::SearchOptionsFrom(values);
  } catch (const std::invalid_argument& e) {
    return kiji::ReportError(e.what());
  }
  if (const std::string conflict = kiji::ConflictingFlags(values, words, isatty(STDIN_FILENO) != 0); !conflict.empty()) return kiji::ReportError(conflict);
  std::vector<std::string> dbs = values.All("db");
  if (dbs.empty()) dbs.push_back(kiji::DefaultIndexPath());
  kiji::PrinterOptions printer_options;
  printer_options.color = kiji::ColorWanted(values.Text("color"), isatty(STDOUT_FILENO) != 0, std::getenv("NO_COLOR"),
                                            std::getenv("TERM"));
  printer_options.width = kiji::TerminalColumns(STDOUT_FILENO);
  try {
    for (const std::string& spec : values.All("colors")) kiji::SetColor(printer_options.colors, spec);
  } catch (const std::invalid_argument& e) {
    return kiji::ReportError(e.what());
  }
  printer_options.run_tag = values.Text("run-tag");
  std::unique_ptr<kiji::ResultPrinter> printer;
  try {
    printer = values.Given("count") ? kiji::MakeCountPrinter(std::cout, values.Given("batch"))
                                    : kiji::MakePrinter(values.Text("format"), std::cout, printer_options);
  } catch (const std::invalid_argument& e) {
    return kiji::ReportError(e.what());
  }
  kiji::IndexSearcher searcher(dbs);
  if (values.Given("show")) return kiji::ShowArticles(searcher, words, values.Text("highlight"), *printer);
  if (values.Given("story")) return kiji::ShowStories(searcher, words, *printer);
  if (values.Given("batch")) return kiji::RunBatch(searcher, search, values, *printer);
  if (words.empty()) return kiji::RunSession(searcher, search, values.Text("format"), printer_options, values.Given("line"));
  std::string query;
  for (const std::string& w : words) query += (query.empty() ? "" : " ") + w;
  return kiji::AnswerQuery(searcher, query, search, *printer);
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
