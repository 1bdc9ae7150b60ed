// The searcher's options, each defined once (common/cli/flag_table.h): the
// single source for its command line, --help, the regression suites'
// "with:" lines and the search options a flag sets (SearchOptionsFrom).
// Immutable data and pure functions; safe from any thread.
#ifndef KIJI_SEARCHER_FLAGS_H_
#define KIJI_SEARCHER_FLAGS_H_

#include <string>
#include <vector>

#include "common/cli/flag_table.h"
#include "common/search/index_searcher.h"

namespace kiji {

// Every option of the searcher, in --help order.
FlagTable SearcherFlags();

// A suite case's "with:" words ("--sort", "-date", "--plain"), as flag
// values. std::invalid_argument for a flag unknown or not allowed in
// suites, or one missing its value.
FlagValues ParseSuiteFlags(const std::vector<std::string>& words);

// The search options the flags ask for (the table's defaults for the
// rest): the one place a flag becomes a SearchOptions field.
// std::invalid_argument naming the flag when a value is not valid.
SearchOptions SearchOptionsFrom(const FlagValues& values);

}  // namespace kiji

#endif  // KIJI_SEARCHER_FLAGS_H_
