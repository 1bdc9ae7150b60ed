// A key as the full-screen search sees it, whatever the terminal sent:
// text typed (a whole UTF-8 character, or a pasted run), or a named key
// with its modifiers. Decoding bytes into keys is the terminal's job
// (curses_terminal.h); what a key does is FullScreenSearch's. A plain
// value; safe from any thread.
#ifndef KIJI_SEARCHER_TERMINAL_KEY_H_
#define KIJI_SEARCHER_TERMINAL_KEY_H_

#include <string>

namespace kiji {

struct TerminalKey {
  enum class Name {
    kText,  // `text` holds what was typed or pasted
    kEnter, kTab, kBackTab, kBackspace, kDelete, kEscape,
    kUp, kDown, kLeft, kRight, kHome, kEnd, kPageUp, kPageDown,
    kF1,
    kControl,  // Ctrl and the letter in `letter` ('a'..'z')
    kAlt,      // Alt (or Esc then the key) and the letter in `letter`
    kResize,   // the terminal changed size
    kNone,     // nothing arrived in time
  };
  Name name = Name::kNone;
  std::string text;
  char letter = 0;

  static TerminalKey Text(std::string text) { return {Name::kText, std::move(text), 0}; }
  static TerminalKey Named(Name name) { return {name, "", 0}; }
  static TerminalKey Control(char letter) { return {Name::kControl, "", letter}; }
  static TerminalKey Alt(char letter) { return {Name::kAlt, "", letter}; }
  bool IsControl(char c) const { return name == Name::kControl && letter == c; }
  bool IsAlt(char c) const { return name == Name::kAlt && letter == c; }
};

}  // namespace kiji

#endif  // KIJI_SEARCHER_TERMINAL_KEY_H_
