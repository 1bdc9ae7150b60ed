// Default options from a configuration file, as ripgrep reads them: one
// argument per line ("--limit=20", or "--limit" and "20" on two lines),
// '#' comments and blank lines ignored, lines before any section for both
// programs and "[indexer]" or "[searcher]" sections for one. The file is
// $KIJI_CONFIG, else $XDG_CONFIG_HOME/kiji/config, else
// ~/.config/kiji/config; a missing file is no defaults. A flag the command
// line gives replaces the file's. Reads the file and
// the environment; safe from any thread.
#ifndef KIJI_COMMON_CLI_CONFIG_FILE_H_
#define KIJI_COMMON_CLI_CONFIG_FILE_H_

#include <string>
#include <string_view>
#include <vector>

#include "common/cli/flag_table.h"

namespace kiji {

// Where the configuration is read from ("" when HOME is unset too).
std::string ConfigPath();

// The arguments `text` gives `program`; a leading "~/" of a value (after
// "=" too) becomes $HOME/. Throws std::invalid_argument naming the line of
// a section kiji does not know.
std::vector<std::string> ConfigArguments(std::string_view text, const std::string& program);

// The config file's arguments for `program`, unless the command line
// `args` holds --no-config (before any --). Throws std::invalid_argument
// ("PATH: line N: ...") for a file that cannot be read or is not valid.
std::vector<std::string> ConfigFileArguments(const std::vector<std::string>& args, const std::string& program);

// Parses the config file's arguments for `program` and adds to `values`
// those of its flags the command line did not give. Throws
// std::invalid_argument ("PATH: ...") for arguments that do not parse or
// that are not options.
void AddConfigDefaults(const std::vector<std::string>& args, const std::string& program, FlagTable table,
                       FlagValues& values);

}  // namespace kiji

#endif  // KIJI_COMMON_CLI_CONFIG_FILE_H_
