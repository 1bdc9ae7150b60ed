// The options and manual entries every kiji program shares, defined once:
// --help, --version, --no-config and --generate, and the environment and
// files both manuals name. A program's flag table starts with SharedFlags()
// and adds its own (indexer/flags.cc, searcher/flags.cc). Pure; safe from
// any thread.
#ifndef KIJI_COMMON_CLI_SHARED_FLAGS_H_
#define KIJI_COMMON_CLI_SHARED_FLAGS_H_

#include <vector>

#include "common/cli/flag_docs.h"
#include "common/cli/flag_table.h"

namespace kiji {

std::vector<Flag> SharedFlags();

// Puts the shared environment variables (KIJI_DB, KIJI_CONFIG,
// XDG_DATA_HOME) and files (the default index) first in `doc`, and the
// values of --generate among its choices.
void AddSharedDoc(ProgramDoc& doc);

}  // namespace kiji

#endif  // KIJI_COMMON_CLI_SHARED_FLAGS_H_
