// The searcher's modes, one function each, over an open IndexSearcher and
// the parsed flags: one query from the command line, a --batch of topics
// (printed, or evaluated with --qrels), the interactive session, whole
// articles (--show), and --check of regression suites. Each returns the exit status
// (common/cli/exit_status.h) and writes its messages to stderr; library
// errors propagate to main's boundary. Called from the main thread only.
#ifndef KIJI_SEARCHER_MODES_H_
#define KIJI_SEARCHER_MODES_H_

#include <string>
#include <vector>

#include "common/cli/flag_table.h"
#include "common/search/index_searcher.h"
#include "searcher/printer.h"

namespace kiji {

// Writes "searcher: MESSAGE" (controls removed) to stderr; kExitError.
int ReportError(const std::string& message);

// One query: its results, or what is wrong with it.
int AnswerQuery(IndexSearcher& searcher, const std::string& query, const SearchOptions& options,
                ResultPrinter& printer);

// --batch FILE (or - for stdin): every topic answered as it is read; with
// --qrels the run is evaluated instead of printed. A failing query is
// reported with its id and the batch goes on (status 1 at the end).
int RunBatch(IndexSearcher& searcher, SearchOptions search, const FlagValues& values, ResultPrinter& printer);

// The interactive search on a terminal: full screen (full_screen_run.h),
// or with `line`, on a dumb terminal or when the screen cannot start, the
// line session (interactive_session.h), paged through $PAGER.
int RunSession(IndexSearcher& searcher, const SearchOptions& search, const std::string& format,
               const PrinterOptions& printer_options, bool line);

// --show ID...: the whole stored articles with these ids, in order, with
// the words `highlight` matches marked; an id the index does not hold is
// reported and the others still printed (status 1 at the end).
int ShowArticles(IndexSearcher& searcher, const std::vector<std::string>& ids, const std::string& highlight,
                 ResultPrinter& printer);

// --story ID...: the story of each article, oldest first; an id the index
// does not hold is reported and the others still printed (status 1).
int ShowStories(IndexSearcher& searcher, const std::vector<std::string>& ids, ResultPrinter& printer);

// --check SUITE...: runs regression suites (suite_runner.h).
int RunCheck(const std::vector<std::string>& suites, const FlagValues& values);

}  // namespace kiji

#endif  // KIJI_SEARCHER_MODES_H_
