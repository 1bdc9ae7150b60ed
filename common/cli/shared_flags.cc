#include "common/cli/shared_flags.h"

#include <string>
#include <utility>

namespace kiji {

std::vector<Flag> SharedFlags() {
  using K = FlagKind;
  //  name, short, kind, value name, default, repeatable, in suites, hidden, help
  return {
      {"help", 'h', K::kSwitch, "", "", false, false, false, "show this help and exit"},
      {"version", 'V', K::kSwitch, "", "", false, false, false, "show the versions of kiji, Xapian and ICU and exit"},
      {"no-config", 0, K::kSwitch, "", "", false, false, false,
       "ignore the configuration file ($KIJI_CONFIG, else $XDG_CONFIG_HOME/kiji/config, else "
       "~/.config/kiji/config)"},
      {"generate", 0, K::kText, "WHAT", "", false, false, true,
       "print the manual page (man) or a shell's completions (bash, zsh, fish) and exit"},
  };
}

void AddSharedDoc(ProgramDoc& doc) {
  std::vector<std::pair<std::string, std::string>> environment = {
      {"KIJI_DB", "the index when --db is not given"},
      {"KIJI_CONFIG", "the configuration file (default: $XDG_CONFIG_HOME/kiji/config, else ~/.config/kiji/config): "
                      "default options, one per line, in [indexer] and [searcher] sections or before any for both"},
      {"XDG_DATA_HOME", "the default index is $XDG_DATA_HOME/kiji/index (~/.local/share/kiji/index)"}};
  environment.insert(environment.end(), doc.environment.begin(), doc.environment.end());
  doc.environment = std::move(environment);
  doc.files.insert(doc.files.begin(), {"~/.local/share/kiji/index", "the default index"});
  doc.choices["generate"] = {"man", "bash", "zsh", "fish"};
}

}  // namespace kiji
