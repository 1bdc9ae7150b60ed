// A program's manual page and its bash, zsh and fish completions, written
// from its flag table (flag_table.h), so that every option --help lists is
// documented and completed, with its values where they are few. The
// programs print them (--generate), the build installs them. Pure
// functions; safe from any thread.
#ifndef KIJI_COMMON_CLI_FLAG_DOCS_H_
#define KIJI_COMMON_CLI_FLAG_DOCS_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/cli/flag_table.h"

namespace kiji {

// What the manual says of a program besides its options.
struct ProgramDoc {
  std::string name;                     // "searcher"
  std::string summary;                  // for NAME: "ranked search over a kiji index"
  std::vector<std::string> synopsis;    // one usage per line, without the name
  std::vector<std::string> description; // paragraphs
  std::vector<std::pair<std::string, std::string>> environment;  // variable, meaning
  std::vector<std::pair<std::string, std::string>> files;        // path, meaning
  std::vector<std::pair<std::string, std::string>> exit_status;  // status, meaning
  std::vector<std::string> see_also;    // "indexer(1)"
  // Words completed where a free word may go (the searcher's field names).
  std::vector<std::string> words;
  // The values of the flags that take few, by long name (completed).
  std::map<std::string, std::vector<std::string>> choices;
};

// What `--generate` names: "man", "bash", "zsh" or "fish"; throws
// std::invalid_argument for anything else.
std::string GenerateDoc(const std::string& what, const ProgramDoc& doc, FlagTable table);

// Prints GenerateDoc's text to stdout; the exit status (2 with a message
// on stderr for an unknown WHAT).
int PrintDoc(const std::string& what, const ProgramDoc& doc, FlagTable table);

std::string ManPage(const ProgramDoc& doc, FlagTable table);
std::string BashCompletion(const ProgramDoc& doc, FlagTable table);
std::string ZshCompletion(const ProgramDoc& doc, FlagTable table);
std::string FishCompletion(const ProgramDoc& doc, FlagTable table);

}  // namespace kiji

#endif  // KIJI_COMMON_CLI_FLAG_DOCS_H_
