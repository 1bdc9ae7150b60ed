#include "searcher/full_screen_run.h"

#include <cstdio>
#include <filesystem>
#include <system_error>
#include <vector>

#include <readline/history.h>

#include "common/cli/exit_status.h"
#include "searcher/curses_terminal.h"
#include "searcher/full_screen_search.h"

namespace kiji {

namespace {

// The history file holds this many entries at most.
constexpr int kHistoryEntries = 2000;

std::vector<std::string> ReadHistory(const std::string& path) {
  std::vector<std::string> entries;
  if (path.empty()) return entries;
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  using_history();
  read_history(path.c_str());
  for (int i = 0; i < history_length; ++i) {
    const HIST_ENTRY* entry = history_get(history_base + i);
    // The line session's commands (":open 3") are not queries.
    if (entry != nullptr && entry->line[0] != ':') entries.emplace_back(entry->line);
  }
  return entries;
}

// Appends as it goes, so the history survives a crash or a kill.
void Keep(const std::string& path, QueryLine& line, const std::vector<std::string>& queries) {
  for (const std::string& query : queries) {
    const std::size_t before = line.history().size();
    line.Remember(query);
    if (line.history().size() == before || path.empty()) continue;
    add_history(line.history().back().c_str());
    if (append_history(1, path.c_str()) != 0) write_history(path.c_str());
  }
}

}  // namespace

int RunFullScreen(IndexSearcher& searcher, const SearchOptions& options, bool color, const std::string& history_path) {
  FullScreenSearch search(searcher, options);
  search.line().SetHistory(ReadHistory(history_path));
  CursesTerminal terminal(color);
  // A closed terminal window (SIGHUP) keeps the query typed, as leaving does.
  terminal.OnSignal([&] { Keep(history_path, search.line(), {search.query()}); });
  for (;;) {
    search.Update();
    ScreenCanvas canvas(terminal.rows(), terminal.columns());
    search.Draw(canvas);
    terminal.Show(canvas);
    TerminalKey key = terminal.ReadKey(-1);
    FullScreenSearch::Action action = FullScreenSearch::Action::kContinue;
    // Every key already typed is applied before the next search: p99 of
    // 17-23 ms from key to screen on 101k articles (doc/performance.md).
    while (key.name != TerminalKey::Name::kNone && action == FullScreenSearch::Action::kContinue) {
      action = search.HandleKey(key);
      if (action == FullScreenSearch::Action::kContinue) key = terminal.ReadKey(0);
    }
    Keep(history_path, search.line(), search.TakeQueriesToRemember());
    if (action == FullScreenSearch::Action::kLeave) break;
    if (action == FullScreenSearch::Action::kSuspend) terminal.Suspend();
    if (action == FullScreenSearch::Action::kRepaint) terminal.RepaintAll();
  }
  Keep(history_path, search.line(), {search.query()});
  if (!history_path.empty()) history_truncate_file(history_path.c_str(), kHistoryEntries);
  return kExitOk;
}

}  // namespace kiji
