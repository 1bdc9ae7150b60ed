// Default options from a configuration file, as ripgrep reads them: one
// argument per line ("--limit=20", or "--limit" and "20" on two lines),
// blank lines and comments ('#' first on a line or after a blank) ignored,
// lines before any section for both programs and "[indexer]" or
// "[searcher]" sections for one. The file is $KIJI_CONFIG (which must
// exist), else $XDG_CONFIG_HOME/kiji/config, else ~/.config/kiji/config
// (missing: no defaults). A flag the command line gives replaces the
// file's, except those that add to it (Flag::adds_to_config). Reads the
// file and the environment; safe from any thread.
#ifndef KIJI_COMMON_CLI_CONFIG_FILE_H_
#define KIJI_COMMON_CLI_CONFIG_FILE_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/cli/flag_table.h"

namespace kiji {

// A config file is a page of options, read whole: anything larger is a
// mistake (KIJI_CONFIG=/dev/urandom), refused before it is read.
inline constexpr std::size_t kMaxConfigBytes = std::size_t{64} * 1024;

// Where the configuration is read from ("" when HOME is unset too).
std::string ConfigPath();

// One argument of a config file and the line it is on.
struct ConfigArgument {
  std::string text;
  int line = 0;
};

// The arguments `text` gives `program`; a leading UTF-8 byte order mark is
// skipped and a leading "~/" of a value (after "=" too) becomes $HOME/.
// Throws std::invalid_argument ("line N: ...") for an unknown section, a
// NUL byte, an option and its value on one line without '=' ("--limit
// 20"), and the options that only a command line may give (--help,
// --version, --no-config, --generate).
std::vector<ConfigArgument> ConfigArguments(std::string_view text, const std::string& program);

// The config file's arguments for `program`, unless the command line
// `args` holds --no-config (before any --). Throws std::invalid_argument
// ("PATH: ...") for a file that is missing though KIJI_CONFIG names it, is
// not a regular file, is larger than kMaxConfigBytes, cannot be read or is
// not valid.
std::vector<ConfigArgument> ConfigFileArguments(const std::vector<std::string>& args, const std::string& program);

// Parses the config file's arguments for `program` and adds to `values`
// those of its flags the command line did not give (and, for flags that
// add to the config, puts the file's values before the command line's).
// Throws std::invalid_argument ("PATH: line N: ...") for arguments that do
// not parse or that are not options.
void AddConfigDefaults(const std::vector<std::string>& args, const std::string& program, FlagTable table,
                       FlagValues& values);

}  // namespace kiji

#endif  // KIJI_COMMON_CLI_CONFIG_FILE_H_
