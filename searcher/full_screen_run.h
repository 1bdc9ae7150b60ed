// The full-screen search's loop: takes the terminal (curses_terminal.h),
// feeds it keys to a FullScreenSearch, and searches once no key is
// waiting, so typing never waits for a stale query; queries acted on are
// kept in the history file the line session shares. Called from the main
// thread, which owns the terminal.
#ifndef KIJI_SEARCHER_FULL_SCREEN_RUN_H_
#define KIJI_SEARCHER_FULL_SCREEN_RUN_H_

#include <string>

#include "common/search/index_searcher.h"

namespace kiji {

// Runs the full-screen search until the user leaves; returns the exit
// status (0). Throws TerminalUnavailable (curses_terminal.h) before
// touching the screen when the terminal cannot be driven.
int RunFullScreen(IndexSearcher& searcher, const SearchOptions& options, bool color, const std::string& history_path);

}  // namespace kiji

#endif  // KIJI_SEARCHER_FULL_SCREEN_RUN_H_
