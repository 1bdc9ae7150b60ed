#include "searcher/interactive_session.h"

#include <readline/history.h>
#include <readline/readline.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "common/cli/exit_status.h"
#include "common/search/query_parser.h"
#include "common/search/recency.h"
#include "common/util/utf8.h"
#include "searcher/query_failure.h"

namespace kiji {

namespace {

// Ctrl-C at the prompt drops the line being typed and shows a fresh prompt.
extern "C" void OnInterrupt(int) {
  rl_crlf();
  rl_on_new_line();
  rl_replace_line("", 0);
  rl_redisplay();
}

}  // namespace

SessionCommand ParseSessionCommand(std::string_view line) {
  line = TrimSpace(line);
  SessionCommand cmd;
  if (line.empty()) return cmd;
  if (line[0] != ':') {
    cmd.kind = SessionCommand::Kind::kSearch;
    cmd.argument = std::string(line);
    return cmd;
  }
  const std::size_t space = line.find(' ');
  const std::string name(line.substr(1, space == std::string_view::npos ? std::string_view::npos : space - 1));
  cmd.argument = space == std::string_view::npos ? "" : std::string(TrimSpace(line.substr(space)));
  struct Known {
    const char* name;
    SessionCommand::Kind kind;
    bool takes_argument;
  };
  static constexpr Known kCommands[] = {
      {"next", SessionCommand::Kind::kNext, false},   {"n", SessionCommand::Kind::kNext, false},
      {"prev", SessionCommand::Kind::kPrev, false},   {"p", SessionCommand::Kind::kPrev, false},
      {"open", SessionCommand::Kind::kOpen, true},    {"o", SessionCommand::Kind::kOpen, true},
      {"more", SessionCommand::Kind::kMore, true},    {"m", SessionCommand::Kind::kMore, true},
      {"story", SessionCommand::Kind::kStory, true},
      {"sort", SessionCommand::Kind::kSort, true},    {"limit", SessionCommand::Kind::kLimit, true},
      {"recency", SessionCommand::Kind::kRecency, true},
      {"facets", SessionCommand::Kind::kFacets, false}, {"format", SessionCommand::Kind::kFormat, true},
      {"help", SessionCommand::Kind::kHelp, false},   {"h", SessionCommand::Kind::kHelp, false},
      {"quit", SessionCommand::Kind::kQuit, false},   {"q", SessionCommand::Kind::kQuit, false},
      {"exit", SessionCommand::Kind::kQuit, false}};
  for (const Known& k : kCommands) {
    if (name != k.name) continue;
    if (k.takes_argument && cmd.argument.empty()) {
      cmd.kind = SessionCommand::Kind::kInvalid;
      cmd.argument = ":" + name + " needs an argument (see :help)";
      return cmd;
    }
    cmd.kind = k.kind;
    return cmd;
  }
  cmd.kind = SessionCommand::Kind::kInvalid;
  cmd.argument = "unknown command :" + name + " (see :help)";
  return cmd;
}

const char* SessionHelp() {
  return "Type a query to search (see doc/query-language.md for the query language), or a command:\n"
         "  Enter, :next, :n      next page of results\n"
         "  :prev, :p             previous page\n"
         "  :open N, :o N         read result N in full ($PAGER, default less -R)\n"
         "  :more N, :m N         articles like result N\n"
         "  :story N              result N and its copies, oldest first\n"
         "  :sort relevance|date|-date\n"
         "  :recency 7d|2w|6m|1y|off  newer articles first, by this half-life\n"
         "  :limit N              results per page\n"
         "  :facets               counts by source, year and tag (toggle)\n"
         "  :format text|json|tsv|trec\n"
         "  :help, :h             this text\n"
         "  :quit, :q, Ctrl-D     leave (Ctrl-C clears the line)\n";
}

std::string DefaultHistoryPath() {
  if (const char* state = std::getenv("XDG_STATE_HOME"); state != nullptr && *state == '/') {
    return std::string(state) + "/kiji/history";
  }
  const char* home = std::getenv("HOME");
  if (home == nullptr || *home == '\0') return {};
  return std::string(home) + "/.local/state/kiji/history";
}

InteractiveSession::InteractiveSession(IndexSearcher& searcher, SessionSettings settings, std::ostream& out)
    : searcher_(searcher), settings_(std::move(settings)), out_(out) {
  printer_ = MakePrinter(settings_.format, out_, settings_.printer);
}

void InteractiveSession::Error(const std::string& message) {
  out_ << "error: " << StripControlCharacters(message, false) << "\n";
}

void InteractiveSession::Search() {
  // An indexer may have committed, or swapped in a rebuilt index, since the
  // last query: search the newest.
  have_results_ = false;
  try {
    searcher_.Reopen();
    last_ = more_like_ != 0 ? searcher_.MoreLike(more_like_, settings_.options)
                            : searcher_.Search("1", query_, settings_.options);
    have_results_ = true;
    printer_->Print(last_);
  } catch (const QuerySyntaxError& e) {
    failed_ = true;
    out_ << "error: " << DescribeSyntaxError(query_, e) << "\n";
  } catch (...) {
    // A failed query is reported and the session goes on.
    failed_ = true;
    Error(DescribeQueryFailure(std::current_exception()));
  }
}

const Hit* InteractiveSession::HitNumbered(const std::string& number) {
  char* end = nullptr;
  const unsigned long n = std::strtoul(number.c_str(), &end, 10);
  if (!have_results_ || end == number.c_str() || *end != '\0') {
    Error("give the number of a result shown");
    return nullptr;
  }
  for (const Hit& hit : last_.hits) {
    if (hit.rank == n) return &hit;
  }
  Error("result " + number + " is not on this page");
  return nullptr;
}

void InteractiveSession::Open(const std::string& number) {
  const Hit* hit = HitNumbered(number);
  if (hit == nullptr) return;
  const ArticleView view = searcher_.Open(hit->docid, more_like_ != 0 ? std::string() : query_);
  const Article& a = view.article;
  if (a.id != hit->id) {  // a rebuilt index numbers its articles anew
    Error("the index has changed since these results were shown; search again");
    return;
  }
  // The same view as --show, in text whatever the session's format.
  std::ostringstream text;
  MakePrinter("text", text, settings_.printer)->PrintArticle(view);
  if (settings_.pager.empty()) {
    out_ << text.str();
    return;
  }
  out_.flush();
  FILE* pager = popen(settings_.pager.c_str(), "w");
  if (pager == nullptr) {
    out_ << text.str();
    return;
  }
  const std::string s = text.str();
  // A pager that exits early (or was never found) closes the pipe; that
  // must not kill the session, whoever drives it.
  void (*const previous)(int) = std::signal(SIGPIPE, SIG_IGN);
  std::fwrite(s.data(), 1, s.size(), pager);
  const int status = pclose(pager);
  std::signal(SIGPIPE, previous);
  // The shell's 127: no such pager on this machine; show the text anyway.
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
    out_ << "(pager '" << settings_.pager << "' not found; set $PAGER)\n" << s;
  }
}

void InteractiveSession::More(const std::string& number) {
  const Hit* hit = HitNumbered(number);
  if (hit == nullptr) return;
  more_like_ = hit->docid;
  settings_.options.offset = 0;
  Search();
}

void InteractiveSession::Story(const std::string& number) {
  const Hit* hit = HitNumbered(number);
  if (hit == nullptr) return;
  const std::optional<StoryView> story = searcher_.Story(hit->id);
  if (!story) {
    Error("the index has changed since these results were shown; search again");
    return;
  }
  // Text or JSON: the formats that print stories.
  MakePrinter(ShowsArticles(settings_.format) ? settings_.format : "text", out_, settings_.printer)->PrintStory(*story);
}

void InteractiveSession::Page(bool forward, bool asked) {
  SearchOptions& options = settings_.options;
  if (forward) {
    if (!have_results_) {
      if (asked) Error("no search yet");
      return;
    }
    // From the result after the last one shown, whatever the page size
    // was when it was shown: nothing is skipped.
    const Xapian::doccount next = options.offset + static_cast<Xapian::doccount>(last_.hits.size());
    if (last_.hits.empty() || next >= last_.total) {
      out_ << "No more results.\n";
      return;
    }
    options.offset = next;
  } else {
    if (!have_results_ || options.offset == 0) {
      out_ << "Already at the first page.\n";
      return;
    }
    options.offset = options.offset > options.limit ? options.offset - options.limit : 0;
  }
  Search();
}

void InteractiveSession::Sort(const std::string& order) {
  if (!ParseSortOrder(order, settings_.options.sort)) {
    Error("sort by relevance, date or -date");
    return;
  }
  out_ << "Sorting by " << order << ".\n";
  if (have_results_) {
    settings_.options.offset = 0;
    Search();
  }
}

void InteractiveSession::Recency(const std::string& half_life) {
  if (half_life == "off") {
    settings_.options.recency_half_life = 0;
    out_ << "Ranking by relevance alone.\n";
  } else if (const std::optional<double> days = ParseHalfLife(half_life)) {
    settings_.options.recency_half_life = *days;
    out_ << "Ranking newer articles higher, half-life " << half_life << ".\n";
  } else {
    Error(":recency wants a half-life such as 7d, 2w, 6m or 1y, or off");
    return;
  }
  if (have_results_) {
    settings_.options.offset = 0;
    Search();
  }
}

void InteractiveSession::Limit(const std::string& count) {
  char* end = nullptr;
  const unsigned long n = std::strtoul(count.c_str(), &end, 10);
  if (end == count.c_str() || *end != '\0' || n == 0 || n > 10000) {
    Error(":limit wants a number from 1 to 10000");
    return;
  }
  settings_.options.limit = static_cast<Xapian::doccount>(n);
  out_ << n << " results per page.\n";
  // The page shown again at its new size, from the same first result.
  if (have_results_) Search();
}

void InteractiveSession::Format(const std::string& name) {
  try {
    printer_ = MakePrinter(name, out_, settings_.printer);
    settings_.format = name;
    out_ << "Format " << name << ".\n";
  } catch (const std::invalid_argument& e) {
    Error(e.what());
  }
}

bool InteractiveSession::Execute(const std::string& line) {
  const SessionCommand cmd = ParseSessionCommand(line);
  SearchOptions& options = settings_.options;
  switch (cmd.kind) {
    case SessionCommand::Kind::kEmpty: Page(true, false); break;
    case SessionCommand::Kind::kNext: Page(true, true); break;
    case SessionCommand::Kind::kPrev: Page(false, true); break;
    case SessionCommand::Kind::kSearch:
      query_ = cmd.argument;
      more_like_ = 0;
      options.offset = 0;
      Search();
      break;
    case SessionCommand::Kind::kOpen:
      try {
        Open(cmd.argument);
      } catch (...) {
        Error(DescribeQueryFailure(std::current_exception()));
      }
      break;
    case SessionCommand::Kind::kMore: More(cmd.argument); break;
    case SessionCommand::Kind::kStory: Story(cmd.argument); break;
    case SessionCommand::Kind::kSort: Sort(cmd.argument); break;
    case SessionCommand::Kind::kRecency: Recency(cmd.argument); break;
    case SessionCommand::Kind::kLimit: Limit(cmd.argument); break;
    case SessionCommand::Kind::kFacets:
      options.facets = !options.facets;
      out_ << "Facets " << (options.facets ? "on" : "off") << ".\n";
      if (options.facets && have_results_) Search();
      break;
    case SessionCommand::Kind::kFormat: Format(cmd.argument); break;
    case SessionCommand::Kind::kHelp: out_ << SessionHelp(); break;
    case SessionCommand::Kind::kQuit: return false;
    case SessionCommand::Kind::kInvalid: Error(cmd.argument); break;
  }
  out_.flush();
  return true;
}

int InteractiveSession::Run() {
  rl_readline_name = "kiji";
  // Our handler, not readline's, so Ctrl-C clears the line instead of
  // ending the program.
  rl_catch_signals = 0;
  struct sigaction action {};
  action.sa_handler = OnInterrupt;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  std::signal(SIGPIPE, SIG_IGN);  // a pager closed early must not kill us

  using_history();
  if (!settings_.history_path.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(settings_.history_path).parent_path(), ec);
    read_history(settings_.history_path.c_str());
  }
  out_ << "kiji: " << searcher_.size() << " articles. Type a query, :help for commands, Ctrl-D to leave.\n";
  out_.flush();
  for (;;) {
    char* raw = readline("kiji> ");
    if (raw == nullptr) {  // Ctrl-D
      out_ << "\n";
      break;
    }
    const std::string line(raw);
    std::free(raw);
    if (!TrimSpace(line).empty()) {
      const HIST_ENTRY* last = history_length > 0 ? history_get(history_base + history_length - 1) : nullptr;
      if (last == nullptr || line != last->line) {
        add_history(line.c_str());
        if (!settings_.history_path.empty()) {
          // Append as we go, so history survives a crash or a kill.
          if (append_history(1, settings_.history_path.c_str()) != 0) write_history(settings_.history_path.c_str());
        }
      }
    }
    if (!Execute(line)) break;
  }
  if (!settings_.history_path.empty()) history_truncate_file(settings_.history_path.c_str(), 2000);
  out_.flush();
  return failed_ ? kExitPartial : kExitOk;
}

}  // namespace kiji
