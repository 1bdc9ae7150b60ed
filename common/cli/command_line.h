// The command line of a program with a flag table (flag_table.h), parsed
// by Boost.Program_options: the table becomes boost's description (and so
// --help), and what boost parsed becomes FlagValues. Pure functions.
// Safe from any thread.
#ifndef KIJI_COMMON_CLI_COMMAND_LINE_H_
#define KIJI_COMMON_CLI_COMMAND_LINE_H_

#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "common/cli/flag_table.h"

namespace kiji {

// The options `table` lists under `caption` (usage text), hidden flags
// left out (with_hidden: only the hidden ones).
boost::program_options::options_description DescribeFlags(FlagTable table, const std::string& caption,
                                                          bool with_hidden = false);

// Parses `args` (without the program name) into `values` and the
// positional words; boost::program_options::error when they cannot be.
void ParseCommandLine(const std::vector<std::string>& args, FlagTable table, FlagValues& values,
                      std::vector<std::string>& positional);

// argv without the program name.
std::vector<std::string> Arguments(int argc, char** argv);

}  // namespace kiji

#endif  // KIJI_COMMON_CLI_COMMAND_LINE_H_
