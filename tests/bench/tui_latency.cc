// Keystroke-to-redraw latency of the searcher's full-screen search, as a
// person at a terminal would feel it (tests/bench/tui runs it for make bench).
//
//   tui_latency SEARCHER_BINARY INDEX_DIR QUERIES.tsv [MAX_QUERIES] [GAP_MS]
//
// Starts SEARCHER_BINARY with no arguments in a pseudo-terminal of 40 rows
// of 120 columns (TERM=xterm-256color, LANG=C.UTF-8, KIJI_DB=INDEX_DIR,
// HOME a fresh temporary directory, PATH) and reads its output through a
// libvterm screen (tests/cli/virtual_screen.h). The contract it measures:
// row 0 reads "> " and the query typed so far, the program searches as
// you type, Ctrl-U clears the query, Esc leaves with status 0.
//
// For each query of QUERIES.tsv ("QID<TAB>QUERY" lines; empty ones, ones
// not in UTF-8 or holding control characters are skipped, longer ones cut
// at 60 bytes on a character boundary; MAX_QUERIES of them, 0 = all): Ctrl-U,
// wait for row 0 to read ">", then type the query a character per write,
// GAP_MS apart (0, the default: as fast as they go). A key's latency is
// from its write to the first screen read after it whose row 0 shows the
// query up to that key or a later one (a program may draw several keys
// at once). Row 0 is compared with trailing spaces trimmed, so a space
// typed last counts as redrawn by the first output after it that shows
// the rest. Prints the count of queries and keys, and p50/p95/p99/max of
// the keystroke latency and of the Ctrl-U clear. Exit status 2, with a
// message, when the program is not ready in 20 s, a row does not come
// within 10 s, or it does not leave with status 0 on Esc.
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "tests/cli/virtual_screen.h"

namespace kiji::bench {
namespace {

using Clock = std::chrono::steady_clock;
using testing::VirtualScreen;

constexpr int kRows = 40;
constexpr int kCols = 120;
constexpr std::size_t kMaxQueryBytes = 60;
// A character is never wider in columns than in UTF-8 bytes, so "> " and a
// query of kMaxQueryBytes always fit on row 0 and are compared whole.
static_assert(kMaxQueryBytes + 2 <= kCols);
constexpr auto kReadyTimeout = std::chrono::seconds(20);
constexpr auto kRowTimeout = std::chrono::seconds(10);
constexpr char kCtrlU[] = "\x15";
constexpr char kEsc[] = "\x1b";

// What ends the run with exit status 2.
struct Failure : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// The program's side of the terminal closed (it exited, or crashed).
struct Closed : Failure {
  using Failure::Failure;
};

double Milliseconds(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// Milliseconds for poll() until `deadline`, rounded up, at least 0.
int PollTimeout(Clock::time_point deadline) {
  const auto left = deadline - Clock::now();
  if (left <= Clock::duration::zero()) return 0;
  if (left >= std::chrono::hours(1)) return 3600 * 1000;
  return static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(left).count());
}

// The length of the well-formed UTF-8 sequence at s[i] (no overlong forms,
// surrogates or values past U+10FFFF), 0 if there is none.
std::size_t Utf8Length(std::string_view s, std::size_t i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  if (lead < 0x80) return 1;
  std::size_t n = 0;
  std::uint32_t cp = 0, least = 0;
  if ((lead & 0xE0) == 0xC0) {
    n = 2, cp = lead & 0x1FU, least = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    n = 3, cp = lead & 0x0FU, least = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    n = 4, cp = lead & 0x07U, least = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    const auto next = static_cast<unsigned char>(s[i + k]);
    if ((next & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (next & 0x3FU);
  }
  if (cp < least || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

bool IsControl(std::string_view character) {
  const auto first = static_cast<unsigned char>(character[0]);
  if (character.size() == 1) return first < 0x20 || first == 0x7F;
  return first == 0xC2 && static_cast<unsigned char>(character[1]) < 0xA0;  // C1 controls
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

struct Query {
  std::string id;
  std::vector<std::string> keys;  // a character each, as typed
};

// The query's characters, at most kMaxQueryBytes of them, without
// trailing spaces (which no screen shows); none if it cannot be typed.
std::vector<std::string> Keys(std::string_view text, bool& cut) {
  std::vector<std::string> keys;
  std::size_t bytes = 0;
  cut = false;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = Utf8Length(text, i);
    if (n == 0 || IsControl(text.substr(i, n))) return {};
    if (bytes + n > kMaxQueryBytes) {
      cut = true;
      break;
    }
    keys.emplace_back(text.substr(i, n));
    bytes += n;
    i += n;
  }
  while (!keys.empty() && keys.back() == " ") keys.pop_back();
  return keys;
}

std::vector<Query> LoadQueries(const std::string& path, std::size_t max_queries) {
  std::ifstream in(path);
  if (!in) throw Failure("cannot read " + path);
  std::vector<Query> queries;
  std::size_t skipped = 0, cut_count = 0;
  for (std::string line; std::getline(in, line);) {
    if (max_queries > 0 && queries.size() == max_queries) break;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::size_t tab = line.find('\t');
    bool cut = false;
    std::vector<std::string> keys;
    if (tab != std::string::npos) keys = Keys(TrimSpaces(std::string_view(line).substr(tab + 1)), cut);
    if (keys.empty()) {
      ++skipped;
      continue;
    }
    cut_count += cut ? 1 : 0;
    queries.push_back({line.substr(0, tab), std::move(keys)});
  }
  if (queries.empty()) throw Failure("no query to type in " + path);
  std::printf("tui-input: %s: %zu queries, %zu skipped (empty, not UTF-8 or with control characters), %zu cut to %zu bytes\n",
              path.c_str(), queries.size(), skipped, cut_count, kMaxQueryBytes);
  return queries;
}

// A fresh directory for HOME (the searcher's history goes there), removed
// with what it holds.
class TempHome {
 public:
  TempHome() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/kiji-tui.XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) throw Failure("cannot create a directory like " + pattern);
    path_ = pattern;
  }
  ~TempHome() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempHome(const TempHome&) = delete;
  TempHome& operator=(const TempHome&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The searcher in a pseudo-terminal and the screen its output draws.
class Session {
 public:
  Session(const std::string& binary, const std::vector<std::string>& env) : screen_(kRows, kCols) {
    std::vector<char*> argv{const_cast<char*>(binary.c_str()), nullptr};
    std::vector<char*> envp;
    for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);
    struct winsize size {};
    size.ws_row = kRows;
    size.ws_col = kCols;
    pid_ = forkpty(&fd_, nullptr, nullptr, &size);
    if (pid_ < 0) throw Failure("forkpty failed");
    if (pid_ == 0) {
      execve(argv[0], argv.data(), envp.data());
      _exit(127);
    }
  }
  ~Session() {
    if (!exited_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    close(fd_);
  }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void Write(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = write(fd_, bytes.data(), bytes.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw Failure("cannot write to the searcher's terminal: " + ExitReport());
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  // Reads what the program wrote within timeout_ms onto the screen (whose
  // answers to queries go back to it): true if something came.
  // Throws when the program's side of the terminal is closed.
  bool Read(int timeout_ms) {
    pollfd p{fd_, POLLIN, 0};
    const int ready = poll(&p, 1, timeout_ms);
    if (ready < 0 && errno != EINTR) throw Failure("poll failed");
    if (ready <= 0) return false;
    const ssize_t n = read(fd_, buffer_.data(), buffer_.size());
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return false;
    if (n <= 0) throw Closed("the searcher closed its terminal (" + ExitReport() + ")");
    screen_.Feed(std::string_view(buffer_.data(), static_cast<std::size_t>(n)));
    const std::string replies = screen_.TakeReplies();
    if (!replies.empty()) Write(replies);
    return true;
  }

  // Reads until `done` holds of the screen or `timeout` passes: whether it held.
  template <typename Done>
  bool ReadUntil(const Done& done, Clock::duration timeout) {
    const auto deadline = Clock::now() + timeout;
    while (!done(screen_)) {
      if (Clock::now() >= deadline) return false;
      Read(PollTimeout(deadline));
    }
    return true;
  }

  // Reads until the program exits: its exit status, -1 if killed by a
  // signal, -2 if still running after `timeout`.
  int WaitExit(Clock::duration timeout) {
    const auto deadline = Clock::now() + timeout;
    while (!Reaped()) {
      if (Clock::now() >= deadline) return -2;
      try {
        Read(20);
      } catch (const Closed&) {
        usleep(20000);  // the exit is near
      }
    }
    return WIFEXITED(status_) ? WEXITSTATUS(status_) : -1;
  }

  // Whether the terminal echoes what is typed: then the kernel, not the
  // program, would draw the keys.
  bool Echoes() const {
    termios modes{};
    return tcgetattr(fd_, &modes) == 0 && (modes.c_lflag & ECHO) != 0;
  }

  const VirtualScreen& screen() const { return screen_; }

  // The screen's text without its trailing blank rows, for messages.
  std::string Dump() const {
    std::string text = screen_.Text();
    while (!text.empty() && text.back() == '\n') text.pop_back();
    return text;
  }

 private:
  // Whether the program has exited (its status in status_).
  bool Reaped() {
    if (!exited_ && waitpid(pid_, &status_, WNOHANG) == pid_) exited_ = true;
    return exited_;
  }

  // How the program ended, waiting a second for the exit that a closed
  // terminal announces.
  std::string ExitReport() {
    for (int i = 0; i < 100 && !Reaped(); ++i) usleep(10000);
    if (!Reaped()) return "it is still running";
    return WIFEXITED(status_) ? "exit status " + std::to_string(WEXITSTATUS(status_))
                              : "killed by signal " + std::to_string(WTERMSIG(status_));
  }

  pid_t pid_ = -1;
  int fd_ = -1;
  bool exited_ = false;
  int status_ = 0;
  VirtualScreen screen_;
  std::vector<char> buffer_ = std::vector<char>(1 << 16);
};

std::string Joined(const std::vector<std::string>& keys) {
  std::string text;
  for (const auto& key : keys) text += key;
  return text;
}

std::string Describe(const Query& query) { return "query " + query.id + " \"" + Joined(query.keys) + "\""; }

// Row 0 as it reads with the first n keys of `keys` typed.
std::vector<std::string> ShownRows(const std::vector<std::string>& keys) {
  std::vector<std::string> rows{">"};
  std::string typed = "> ";
  for (const auto& key : keys) {
    typed += key;
    std::string_view row = typed;
    while (row.back() == ' ') row.remove_suffix(1);
    rows.emplace_back(row);
  }
  return rows;
}

// Ctrl-U, then waits for an empty query: the time it took, or a negative
// value if the query was empty already (nothing to measure).
double Clear(Session& session, const Query& next) {
  const bool empty = session.screen().Row(0) == ">";
  const auto start = Clock::now();
  session.Write(kCtrlU);
  if (!session.ReadUntil([](const VirtualScreen& s) { return s.Row(0) == ">"; }, kRowTimeout)) {
    throw Failure("row 0 did not read \">\" within 10 s of Ctrl-U, before " + Describe(next) + "; screen:\n" +
                  session.Dump());
  }
  return empty ? -1 : Milliseconds(Clock::now() - start);
}

// Types the query a key per write, `gap` apart, and adds each key's
// latency to `latencies`.
void Type(Session& session, const Query& query, Clock::duration gap, std::vector<double>& latencies) {
  const std::vector<std::string> shown = ShownRows(query.keys);
  const std::size_t n = query.keys.size();
  std::vector<Clock::time_point> written(n);
  std::size_t sent = 0, redrawn = 0;
  if (session.Echoes()) throw Failure(Describe(query) + ": the terminal echoes input (the program has not turned echo off)");
  auto next_key = Clock::now();
  while (redrawn < n) {
    if (sent < n && Clock::now() >= next_key) {
      session.Write(query.keys[sent]);
      written[sent] = Clock::now();
      next_key = written[sent++] + gap;
    }
    auto deadline = sent < n ? next_key : Clock::time_point::max();
    if (redrawn < sent) {
      if (Clock::now() - written[redrawn] > kRowTimeout) {
        throw Failure(Describe(query) + ": row 0 did not read \"" + shown[redrawn + 1] + "\" within 10 s of key " +
                      std::to_string(redrawn + 1) + "; screen:\n" + session.Dump());
      }
      deadline = std::min(deadline, written[redrawn] + kRowTimeout);
    }
    if (!session.Read(PollTimeout(deadline))) continue;
    const auto seen = Clock::now();
    const std::string row = session.screen().Row(0);
    for (std::size_t k = sent; k > redrawn; --k) {
      if (row != shown[k]) continue;
      for (; redrawn < k; ++redrawn) latencies.push_back(Milliseconds(seen - written[redrawn]));
      break;
    }
  }
}

// "p50=1.23ms p95=... p99=... max=..." of the values (sorted here).
std::string Percentiles(std::vector<double> values) {
  if (values.empty()) return "p50=- p95=- p99=- max=-";
  std::sort(values.begin(), values.end());
  const auto at = [&values](double p) {
    return values[static_cast<std::size_t>(std::lround(p * static_cast<double>(values.size() - 1)))];
  };
  char line[128];
  std::snprintf(line, sizeof line, "p50=%.2fms p95=%.2fms p99=%.2fms max=%.2fms", at(0.50), at(0.95), at(0.99),
                values.back());
  return line;
}

struct Options {
  std::string searcher, index, queries;
  std::size_t max_queries = 0;
  int gap_ms = 0;
};

Options ParseOptions(int argc, char** argv) {
  if (argc < 4 || argc > 6) {
    throw Failure("usage: tui_latency SEARCHER_BINARY INDEX_DIR QUERIES.tsv [MAX_QUERIES] [GAP_MS]");
  }
  Options options{argv[1], argv[2], argv[3]};
  const auto number = [](const char* text, const char* what) {
    char* end = nullptr;
    const long value = std::strtol(text, &end, 10);
    if (end == text || *end != '\0' || value < 0 || value > 1000000) {
      throw Failure(std::string(what) + " must be a number from 0 to 1000000: " + text);
    }
    return value;
  };
  if (argc > 4) options.max_queries = static_cast<std::size_t>(number(argv[4], "MAX_QUERIES"));
  if (argc > 5) options.gap_ms = static_cast<int>(number(argv[5], "GAP_MS"));
  return options;
}

int Run(const Options& options) {
  const std::vector<Query> queries = LoadQueries(options.queries, options.max_queries);
  const TempHome home;
  const char* path = std::getenv("PATH");
  const std::vector<std::string> env = {"TERM=xterm-256color", "LANG=C.UTF-8", "KIJI_DB=" + options.index,
                                        "HOME=" + home.path(),
                                        std::string("PATH=") + (path != nullptr ? path : "/usr/bin:/bin")};
  const auto start = Clock::now();
  Session session(options.searcher, env);
  try {
    if (!session.ReadUntil([](const VirtualScreen& s) { return s.Row(0).starts_with(">"); }, kReadyTimeout)) {
      throw Failure("row 0 did not start with \">\" within 20 s");
    }
  } catch (const Failure& e) {
    throw Failure(options.searcher + " not ready: " + e.what() + "; screen:\n" + session.Dump());
  }
  const double startup_ms = Milliseconds(Clock::now() - start);
  std::vector<double> keys, clears;
  for (const Query& query : queries) {
    try {
      if (const double cleared = Clear(session, query); cleared >= 0) clears.push_back(cleared);
      Type(session, query, std::chrono::milliseconds(options.gap_ms), keys);
    } catch (const Closed& e) {
      throw Failure(Describe(query) + ": " + e.what() + "; screen:\n" + session.Dump());
    }
  }
  session.Write(kEsc);
  if (const int status = session.WaitExit(kRowTimeout); status != 0) {
    const std::string what = status == -2   ? "was still running 10 s later"
                             : status == -1 ? "was killed by a signal"
                                            : "exited with status " + std::to_string(status);
    throw Failure("after Esc the searcher " + what + "; screen:\n" + session.Dump());
  }
  std::printf("tui: gap=%dms queries=%zu keys=%zu %s\n", options.gap_ms, queries.size(), keys.size(),
              Percentiles(keys).c_str());
  std::printf("tui-clear: gap=%dms clears=%zu %s\n", options.gap_ms, clears.size(), Percentiles(clears).c_str());
  std::printf("tui-startup: %.1fms to a \">\" on row 0\n", startup_ms);
  return 0;
}

}  // namespace
}  // namespace kiji::bench

int main(int argc, char** argv) {
  try {
    return kiji::bench::Run(kiji::bench::ParseOptions(argc, argv));
  } catch (const std::exception& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "tui_latency: %s\n", e.what());
    return 2;
  }
}
