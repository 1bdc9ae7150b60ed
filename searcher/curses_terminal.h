// CursesTerminal: the terminal the full-screen search owns, through
// ncursesw: raw keys decoded into TerminalKeys (arrows, Alt as Esc and a
// key, bracketed paste as one text), a ScreenCanvas copied to the screen
// (curses sends only what changed), and the terminal restored on every
// way out: destruction, an exception, SIGTERM, SIGHUP or SIGINT (after
// which the signal is raised again, so the exit status tells). Not the
// place for what keys mean (full_screen_search.h). One per process, on
// the main thread.
#ifndef KIJI_SEARCHER_CURSES_TERMINAL_H_
#define KIJI_SEARCHER_CURSES_TERMINAL_H_

#include <cwchar>
#include <functional>
#include <stdexcept>
#include <string>

#include "searcher/screen_canvas.h"
#include "searcher/terminal_key.h"

struct screen;  // ncurses' SCREEN

namespace kiji {

// The screen library cannot drive this terminal (TERM unset or unknown).
class TerminalUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class CursesTerminal {
 public:
  // Takes over the terminal on stdin/stdout; `color`: use colours
  // (false under NO_COLOR: reverse video and underline only).
  explicit CursesTerminal(bool color);
  ~CursesTerminal();
  CursesTerminal(const CursesTerminal&) = delete;
  CursesTerminal& operator=(const CursesTerminal&) = delete;

  int rows() const;
  int columns() const;
  // The next key, waiting at most `timeout_ms` (negative: until one
  // comes); kNone when none came in time.
  TerminalKey ReadKey(int timeout_ms);
  void Show(const ScreenCanvas& canvas);
  // Redraws every cell on the next Show (Ctrl-L, after a suspend).
  void RepaintAll();
  // Gives the terminal back and stops the process (Ctrl-Z); takes it again
  // when the shell continues it.
  void Suspend();
  // A terminating signal arrived: restore the terminal, call what was set
  // with OnSignal, and raise the signal again.
  void LeaveIfSignalled();
  // What to save before a terminating signal ends the process.
  void OnSignal(std::function<void()> last_words) { last_words_ = std::move(last_words); }

 private:
  TerminalKey Decode(int status, wint_t c);
  TerminalKey AfterEscape();
  TerminalKey Paste();
  void SetStyle(std::uint8_t style);

  std::function<void()> last_words_;
  bool color_;
  ::screen* screen_ = nullptr;
  bool open_ = false;
};

}  // namespace kiji

#endif  // KIJI_SEARCHER_CURSES_TERMINAL_H_
