// searcher: ranked search over a kiji index. Parses options and wires the
// IndexSearcher to a ResultPrinter; everything else lives in common/.
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "common/index_location.h"
#include "common/index_searcher.h"
#include "common/index_writer.h"
#include "common/topics.h"
#include "searcher/printer.h"

namespace po = boost::program_options;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitNoMatch = 1;
constexpr int kExitError = 2;

const char* kUsage =
    "Usage: searcher [OPTIONS] QUERY...\n"
    "       searcher [OPTIONS] --batch FILE   (lines \"QID<TAB>QUERY\"; - for stdin)\n"
    "\n"
    "Ranked full-text search over a kiji index. Words are ranked with BM25;\n"
    "\"quoted words\" must appear as an exact phrase.\n"
    "\n"
    "Exit status: 0 results found, 1 no results, 2 error.\n"
    "\n"
    "Options";

bool UseColor(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  return isatty(STDOUT_FILENO) && (no_color == nullptr || *no_color == '\0');
}

int Run(int argc, char** argv) {
  std::string db, format, batch, color;
  unsigned limit = 10, offset = 0;
  std::vector<std::string> words;
  po::options_description options(kUsage);
  options.add_options()
      ("help,h", "show this help and exit")
      ("db,d", po::value(&db), "index directory (default: $KIJI_DB, else "
                               "$XDG_DATA_HOME/kiji/index, else ~/.local/share/kiji/index)")
      ("limit,n", po::value(&limit)->default_value(10), "number of results per query")
      ("offset", po::value(&offset)->default_value(0), "skip this many results (paging)")
      ("format,f", po::value(&format)->default_value("text"), "output: text, json, tsv or trec")
      ("batch,b", po::value(&batch), "answer every query in FILE (\"QID<TAB>QUERY\" lines; - for stdin)")
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
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "searcher: " << e.what() << "\nTry 'searcher --help'.\n";
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
  if (words.empty() && batch.empty()) {
    std::cerr << "searcher: no query given\nTry 'searcher --help'.\n";
    return kExitError;
  }
  if (!words.empty() && !batch.empty()) {
    std::cerr << "searcher: give either a QUERY or --batch FILE, not both\n";
    return kExitError;
  }
  if (db.empty()) db = kiji::DefaultIndexPath();

  kiji::PrinterOptions printer_options;
  printer_options.color = UseColor(color);
  printer_options.run_tag = vm["run-tag"].as<std::string>();
  std::unique_ptr<kiji::ResultPrinter> printer;
  try {
    printer = kiji::MakePrinter(format, std::cout, printer_options);
  } catch (const std::invalid_argument& e) {
    std::cerr << "searcher: " << e.what() << "\n";
    return kExitError;
  }

  std::vector<kiji::Topic> topics;
  if (!batch.empty()) {
    std::ifstream file;
    if (batch != "-") {
      file.open(batch);
      if (!file) {
        std::cerr << "searcher: cannot read " << batch << "\n";
        return kExitError;
      }
    }
    topics = kiji::ReadTopics(batch == "-" ? std::cin : file);
  } else {
    std::string query;
    for (const std::string& w : words) query += (query.empty() ? "" : " ") + w;
    topics.push_back({"1", query});
  }

  kiji::IndexSearcher searcher(db);
  kiji::SearchOptions search_options;
  search_options.limit = limit;
  search_options.offset = offset;
  search_options.snippets = format != "trec";
  bool any_hits = false;
  for (const kiji::Topic& topic : topics) {
    const kiji::SearchResult result = searcher.Search(topic.id, topic.query, search_options);
    any_hits = any_hits || !result.hits.empty();
    printer->Print(result);
  }
  std::cout.flush();
  if (!std::cout) {
    std::cerr << "searcher: error writing results\n";
    return kExitError;
  }
  return any_hits || !batch.empty() ? kExitOk : kExitNoMatch;
}

}  // namespace

int main(int argc, char** argv) {
  // The one boundary where library errors become a message and a status.
  try {
    return Run(argc, argv);
  } catch (const kiji::IndexError& e) {
    std::cerr << "searcher: " << e.what() << "\n";
  } catch (const Xapian::DatabaseOpeningError& e) {
    std::cerr << "searcher: cannot open the index: " << e.get_description()
              << "\n  hint: check --db, or build the index with 'indexer --db DIR PATH...'\n";
  } catch (const Xapian::Error& e) {
    std::cerr << "searcher: index error: " << e.get_description()
              << "\n  hint: the index may be damaged; rebuild it with the indexer\n";
  } catch (const std::exception& e) {
    std::cerr << "searcher: " << e.what() << "\n";
  }
  return kExitError;
}
