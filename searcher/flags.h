// The searcher's options, each defined once (common/cli/flag_table.h): the
// single source for its command line, --help, the regression suites'
// "with:" lines and the search options a flag sets (SearchOptionsFrom).
// Immutable data and pure functions; safe from any thread.
#ifndef KIJI_SEARCHER_FLAGS_H_
#define KIJI_SEARCHER_FLAGS_H_

#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "common/cli/flag_docs.h"
#include "common/cli/flag_table.h"
#include "common/search/index_searcher.h"

namespace kiji {

// Every option of the searcher, in --help order.
FlagTable SearcherFlags();

// What the manual page and completions say besides the flags (flag_docs.h).
ProgramDoc SearcherDoc();

// A suite case's "with:" words ("--sort", "-date", "--plain"), as flag
// values. std::invalid_argument for a flag unknown or not allowed in
// suites, or one missing its value.
FlagValues ParseSuiteFlags(const std::vector<std::string>& words);

// The search options the flags ask for (the table's defaults for the
// rest): the one place a flag becomes a SearchOptions field.
// std::invalid_argument naming the flag when a value is not valid.
SearchOptions SearchOptionsFrom(const FlagValues& values);

// Query words may start with '-' (`troops -Ukraine`): the command-line
// arguments `args` (without the program name) with every argument that is
// not one of `options` (or an option's value) moved behind "--", in order,
// so that it stays a query word. "-n20" is an option with its value;
// "-news" is a word; an unknown "--option" is left for the parser to refuse.
std::vector<std::string> SeparateQueryWords(const std::vector<std::string>& args,
                                            const boost::program_options::options_description& options);

// The checks between options that the table cannot express, with the
// query `words` given: the message for the first that fails, "" when none.
std::string ConflictingFlags(const FlagValues& values, const std::vector<std::string>& words, bool stdin_is_terminal);

// Whether --color `mode` (auto, always, never) colours the output: auto
// colours a terminal unless NO_COLOR (`no_color`, may be null) is set and
// not empty, or $TERM (`term`, may be null) is "dumb".
bool ColorWanted(const std::string& mode, bool stdout_is_terminal, const char* no_color, const char* term);

}  // namespace kiji

#endif  // KIJI_SEARCHER_FLAGS_H_
