#include "searcher/curses_terminal.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <clocale>
#include <cstdlib>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <langinfo.h>
#include <unistd.h>

#include <curses.h>

namespace kiji {

namespace {

volatile std::sig_atomic_t pending_signal = 0;

extern "C" void NoteSignal(int signal) { pending_signal = signal; }

// Keys curses reports for the bracketed-paste brackets, defined at start.
constexpr int kPasteStart = KEY_MAX + 1;
constexpr int kPasteEnd = KEY_MAX + 2;
constexpr int kEsc = 27;
// How long an Esc waits for the rest of a key (Alt-x, an arrow), in ms:
// long enough for a remote terminal's bytes, short enough not to be felt.
constexpr int kEscapeWaitMs = 25;

// Colour pairs.
constexpr short kMatchPair = 1;
constexpr short kErrorPair = 2;
constexpr short kHeadingPair = 3;
constexpr short kDimPair = 4;

// A wide character as UTF-8 (the locale's encoding); empty if it has none.
std::string ToUtf8(wint_t c) {
  char bytes[MB_LEN_MAX];
  std::mbstate_t state{};
  const std::size_t n = std::wcrtomb(bytes, static_cast<wchar_t>(c), &state);
  return n == static_cast<std::size_t>(-1) ? std::string() : std::string(bytes, n);
}

// Curses needs a UTF-8 locale to measure and draw wide characters.
void UseUtf8Locale() {
  std::setlocale(LC_ALL, "");
  if (std::strcmp(nl_langinfo(CODESET), "UTF-8") != 0) std::setlocale(LC_CTYPE, "C.UTF-8");
}

}  // namespace

CursesTerminal::CursesTerminal(bool color) : color_(color) {
  UseUtf8Locale();
  const char* term = std::getenv("TERM");
  if (term == nullptr || *term == '\0') throw TerminalUnavailable("TERM is not set");
  // Never set: ncurses would otherwise read $ESCDELAY's 1 s default.
  set_escdelay(kEscapeWaitMs);
  screen_ = newterm(nullptr, stdout, stdin);
  if (screen_ == nullptr) throw TerminalUnavailable(std::string("TERM=") + term + " is not a terminal curses knows");
  open_ = true;
  raw();
  noecho();
  nonl();
  keypad(stdscr, TRUE);
  define_key("\033[200~", kPasteStart);
  define_key("\033[201~", kPasteEnd);
  if (color_ && has_colors()) {
    start_color();
    use_default_colors();
    init_pair(kMatchPair, COLOR_YELLOW, -1);
    init_pair(kErrorPair, COLOR_RED, -1);
    init_pair(kHeadingPair, COLOR_BLACK, COLOR_CYAN);
    init_pair(kDimPair, COLOR_CYAN, -1);
  } else {
    color_ = false;
  }
  // Bracketed paste: a pasted query arrives as one text, newlines and all.
  std::fputs("\033[?2004h", stdout);
  std::fflush(stdout);
  // Without SA_RESTART, so that a read waiting for a key returns at once.
  struct sigaction action {};
  action.sa_handler = NoteSignal;
  sigemptyset(&action.sa_mask);
  for (const int signal : {SIGTERM, SIGHUP, SIGINT, SIGQUIT}) sigaction(signal, &action, nullptr);
}

CursesTerminal::~CursesTerminal() {
  if (!open_) return;
  std::fputs("\033[?2004l", stdout);
  endwin();
  delscreen(screen_);
  std::fflush(stdout);
}

int CursesTerminal::rows() const { return LINES; }
int CursesTerminal::columns() const { return COLS; }

void CursesTerminal::LeaveIfSignalled() {
  const int signal = pending_signal;
  if (signal == 0) return;
  std::fputs("\033[?2004l", stdout);
  endwin();
  std::fflush(stdout);
  open_ = false;
  if (last_words_) last_words_();
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

TerminalKey CursesTerminal::ReadKey(int timeout_ms) {
  // Waits in slices, so that a signal curses' read missed is still seen.
  constexpr int kSliceMs = 200;
  for (int waited = 0;; waited += kSliceMs) {
    LeaveIfSignalled();
    const int slice = timeout_ms < 0 ? kSliceMs : std::min(kSliceMs, timeout_ms - waited);
    wtimeout(stdscr, std::max(slice, 0));
    wint_t c = 0;
    const int status = wget_wch(stdscr, &c);
    LeaveIfSignalled();
    if (status != ERR) return Decode(status, c);
    if (timeout_ms >= 0 && waited + kSliceMs >= timeout_ms) return TerminalKey::Named(TerminalKey::Name::kNone);
  }
}

TerminalKey CursesTerminal::Decode(int status, wint_t c) {
  using N = TerminalKey::Name;
  if (status == KEY_CODE_YES) {
    switch (static_cast<int>(c)) {
      case KEY_UP: return TerminalKey::Named(N::kUp);
      case KEY_DOWN: return TerminalKey::Named(N::kDown);
      case KEY_LEFT: return TerminalKey::Named(N::kLeft);
      case KEY_RIGHT: return TerminalKey::Named(N::kRight);
      case KEY_HOME: return TerminalKey::Named(N::kHome);
      case KEY_END: return TerminalKey::Named(N::kEnd);
      case KEY_PPAGE: return TerminalKey::Named(N::kPageUp);
      case KEY_NPAGE: return TerminalKey::Named(N::kPageDown);
      case KEY_BACKSPACE: return TerminalKey::Named(N::kBackspace);
      case KEY_DC: return TerminalKey::Named(N::kDelete);
      case KEY_ENTER: return TerminalKey::Named(N::kEnter);
      case KEY_BTAB: return TerminalKey::Named(N::kBackTab);
      case KEY_F(1): return TerminalKey::Named(N::kF1);
      case KEY_RESIZE: return TerminalKey::Named(N::kResize);
      case kPasteStart: return Paste();
      default: return TerminalKey::Named(N::kNone);  // a key kiji has no use for
    }
  }
  if (c == kEsc) return AfterEscape();
  if (c == '\r' || c == '\n') return TerminalKey::Named(N::kEnter);
  if (c == '\t') return TerminalKey::Named(N::kTab);
  if (c == 127 || c == 8) return TerminalKey::Named(N::kBackspace);
  if (c < 32) return TerminalKey::Control(static_cast<char>('a' + c - 1));
  const std::string text = ToUtf8(c);
  return text.empty() ? TerminalKey::Named(N::kNone) : TerminalKey::Text(text);
}

// Esc alone, or Alt and a key (terminals send Esc first), or the rest of
// a sequence curses did not know, which is swallowed.
TerminalKey CursesTerminal::AfterEscape() {
  wtimeout(stdscr, kEscapeWaitMs);
  wint_t c = 0;
  const int status = wget_wch(stdscr, &c);
  if (status == ERR) return TerminalKey::Named(TerminalKey::Name::kEscape);
  if (status == OK && c < 128 && std::isalpha(static_cast<int>(c)) != 0) {
    return TerminalKey::Alt(static_cast<char>(std::tolower(static_cast<int>(c))));
  }
  if (status == OK && (c == '[' || c == 'O')) {
    // An unknown CSI or SS3 sequence: read up to its final byte.
    while (wget_wch(stdscr, &c) != ERR && !(c >= 0x40 && c <= 0x7E)) {
    }
  }
  return TerminalKey::Named(TerminalKey::Name::kNone);
}

// Everything up to the end bracket, as one text: lines joined by spaces.
TerminalKey CursesTerminal::Paste() {
  std::string text;
  wtimeout(stdscr, 1000);
  for (;;) {
    wint_t c = 0;
    const int status = wget_wch(stdscr, &c);
    if (status == ERR || (status == KEY_CODE_YES && c == kPasteEnd)) break;
    if (status == KEY_CODE_YES) continue;
    if (c < 32 || c == 127) {
      if (!text.empty() && text.back() != ' ') text += ' ';
      continue;
    }
    text += ToUtf8(c);
  }
  return TerminalKey::Text(text);
}

void CursesTerminal::SetStyle(std::uint8_t style) {
  attr_t attributes = A_NORMAL;
  short pair = 0;
  if ((style & kSelected) != 0) attributes |= A_REVERSE;
  if ((style & kBold) != 0) attributes |= A_BOLD;
  if ((style & kMatch) != 0) {
    attributes |= A_BOLD;
    if (color_) pair = kMatchPair; else attributes |= A_UNDERLINE;
  }
  if ((style & kError) != 0) {
    attributes |= A_BOLD;
    if (color_) pair = kErrorPair;
  }
  if ((style & kHeading) != 0 && (style & kSelected) == 0) {
    if (color_) pair = kHeadingPair; else attributes |= A_REVERSE;
  }
  if ((style & kDim) != 0 && pair == 0 && color_) pair = kDimPair;
  attr_set(attributes, pair, nullptr);
}

void CursesTerminal::Show(const ScreenCanvas& canvas) {
  erase();
  for (int row = 0; row < canvas.rows() && row < LINES; ++row) {
    int column = 0;
    while (column < canvas.columns() && column < COLS) {
      // A run of cells in one style, written at once.
      const std::uint8_t style = canvas.At(row, column).style;
      const int start = column;
      std::string run;
      while (column < canvas.columns() && canvas.At(row, column).style == style) run += canvas.At(row, column++).glyph;
      SetStyle(style);
      mvaddstr(row, start, run.c_str());
    }
  }
  attr_set(A_NORMAL, 0, nullptr);
  move(canvas.cursor_row(), canvas.cursor_column());
  refresh();
}

void CursesTerminal::RepaintAll() { clearok(curscr, TRUE); }

void CursesTerminal::Suspend() {
  std::fputs("\033[?2004l", stdout);
  def_prog_mode();
  endwin();
  std::fflush(stdout);
  std::signal(SIGTSTP, SIG_DFL);
  std::raise(SIGTSTP);
  // Continued by the shell.
  reset_prog_mode();
  std::fputs("\033[?2004h", stdout);
  std::fflush(stdout);
  RepaintAll();
}

}  // namespace kiji
