// VirtualScreen (libvterm) on known escape sequences, and the Terminal's
// virtual screen and resizing with a shell in a pseudo-terminal.
#include "tests/cli/virtual_screen.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "tests/cli/terminal.h"

namespace kiji::testing {
namespace {

long Lines(const VirtualScreen& screen) {
  const std::string text = screen.Text();
  return std::count(text.begin(), text.end(), '\n') + 1;
}

TEST(VirtualScreenTest, CursorAddressingPlacesTextAndTextHasEveryRow) {
  VirtualScreen screen(5, 20);
  screen.Feed("top\x1b[3;5Hhello");
  EXPECT_EQ(screen.Row(0), "top");
  EXPECT_EQ(screen.Row(1), "");
  EXPECT_EQ(screen.Row(2), "    hello");
  EXPECT_EQ(screen.cursor_row(), 2);
  EXPECT_EQ(screen.cursor_col(), 9);
  EXPECT_EQ(screen.Text(), "top\n\n    hello\n\n");
  // Home, then erase to the end of the line: the row's rest goes.
  screen.Feed("\x1b[3;7H\x1b[K");
  EXPECT_EQ(screen.Row(2), "    he");
}

TEST(VirtualScreenTest, ReverseVideoAndBoldAreCellAttributes) {
  VirtualScreen screen(3, 20);
  screen.Feed("ab\x1b[7mcd\x1b[0mef\r\n\x1b[1mB\x1b[22mn");
  EXPECT_EQ(screen.Row(0), "abcdef");
  EXPECT_FALSE(screen.Reverse(0, 1));
  EXPECT_TRUE(screen.Reverse(0, 2));
  EXPECT_TRUE(screen.Reverse(0, 3));
  EXPECT_FALSE(screen.Reverse(0, 4));
  EXPECT_TRUE(screen.Bold(1, 0));
  EXPECT_FALSE(screen.Bold(1, 1));
  EXPECT_FALSE(screen.Bold(0, 2));
  EXPECT_FALSE(screen.Reverse(7, 70));  // off the screen: no attributes, no crash
}

TEST(VirtualScreenTest, AWideCharacterTakesTwoColumnsAndIsReadOnce) {
  VirtualScreen screen(3, 20);
  screen.Feed("日本x");
  EXPECT_EQ(screen.Row(0), "日本x");
  EXPECT_EQ(screen.cursor_col(), 5);
  // The x is in column 4: overwriting that column replaces it.
  screen.Feed("\x1b[1;5HZ");
  EXPECT_EQ(screen.Row(0), "日本Z");
}

TEST(VirtualScreenTest, ACombiningMarkStaysWithItsBase) {
  VirtualScreen screen(3, 20);
  screen.Feed("e\xcc\x81t");  // e, U+0301 COMBINING ACUTE ACCENT, t
  EXPECT_EQ(screen.Row(0), "e\xcc\x81t");
  EXPECT_EQ(screen.cursor_col(), 2);
}

TEST(VirtualScreenTest, ClearingTheScreenBlanksEveryRow) {
  VirtualScreen screen(4, 10);
  screen.Feed("hello\r\nworld");
  ASSERT_EQ(screen.Text(), "hello\nworld\n\n");
  screen.Feed("\x1b[2J");
  EXPECT_EQ(screen.Text(), "\n\n\n");
}

TEST(VirtualScreenTest, BytesSplitAnywhereAreJoined) {
  VirtualScreen screen(3, 20);
  const std::string bytes = "\x1b[2;3H日\x1b[7mr";
  for (const char byte : bytes) screen.Feed(std::string(1, byte));
  EXPECT_EQ(screen.Row(1), "  日r");
  EXPECT_TRUE(screen.Reverse(1, 4));
}

TEST(VirtualScreenTest, ResizeChangesRowsAndColumns) {
  VirtualScreen screen(5, 10);
  screen.Feed("abc");
  screen.Resize(8, 20);
  EXPECT_EQ(screen.rows(), 8);
  EXPECT_EQ(screen.cols(), 20);
  EXPECT_EQ(Lines(screen), 8);
  EXPECT_EQ(screen.Row(0), "abc");
  // Column 15 exists now (on 10 columns the cursor would stop at 9).
  screen.Feed("\x1b[8;16Hz");
  EXPECT_EQ(screen.Row(7), std::string(15, ' ') + "z");
  screen.Resize(2, 5);
  EXPECT_EQ(Lines(screen), 2);
  screen.Feed("\x1b[H123456789");
  EXPECT_EQ(screen.Row(0), "12345");
}

TEST(VirtualScreenTest, QueriesGetTheTerminalsAnswer) {
  VirtualScreen screen(5, 20);
  screen.Feed("\x1b[3;4H\x1b[6n");  // where is the cursor?
  EXPECT_EQ(screen.TakeReplies(), "\x1b[3;4R");
  EXPECT_EQ(screen.TakeReplies(), "");
}

TEST(TerminalScreenTest, AProgramsOutputIsShownOnTheVirtualScreen) {
  Terminal t({"/bin/sh", "-c",
              "printf '\\033[2J\\033[H> query\\033[3;1H\\033[7mselected\\033[m hit\\n'; exec sleep 30"},
             {"PATH=/usr/bin:/bin"}, TerminalSize{10, 40});
  ASSERT_TRUE(t.WaitForScreen("selected hit")) << t.screen();
  const VirtualScreen& screen = t.virtual_screen();
  EXPECT_EQ(screen.Row(0), "> query");
  EXPECT_EQ(screen.Row(2), "selected hit");
  EXPECT_TRUE(screen.Reverse(2, 0));
  EXPECT_FALSE(screen.Reverse(2, 9));
  EXPECT_EQ(screen.cursor_row(), 3);  // the pty turned \n into \r\n
  EXPECT_EQ(screen.cursor_col(), 0);
  EXPECT_EQ(Lines(screen), 10);
  EXPECT_TRUE(t.WaitFor("query"));  // the bytes are kept as before
}

TEST(TerminalScreenTest, ResizingSignalsTheProgram) {
  Terminal t({"/bin/sh", "-c", "trap 'stty size' WINCH; stty size; while :; do sleep 0.05; done"},
             {"PATH=/usr/bin:/bin"}, TerminalSize{10, 40});
  ASSERT_TRUE(t.WaitForScreen([](const VirtualScreen& s) { return s.Row(0) == "10 40"; })) << t.screen();
  t.Resize(20, 60);
  ASSERT_TRUE(t.WaitForScreen([](const VirtualScreen& s) { return s.Row(1) == "20 60"; })) << t.screen();
  EXPECT_EQ(t.virtual_screen().rows(), 20);
  EXPECT_EQ(t.virtual_screen().cols(), 60);
  EXPECT_FALSE(t.WaitForScreen("never shown", 0));
}

TEST(TerminalScreenTest, WithoutASizeThereIsNoVirtualScreen) {
  Terminal t({"/bin/sh", "-c", "echo plain; exec sleep 30"}, {"PATH=/usr/bin:/bin"});
  EXPECT_TRUE(t.WaitFor("plain"));
  EXPECT_FALSE(t.has_virtual_screen());
  EXPECT_THROW(t.virtual_screen(), std::logic_error);
}

}  // namespace
}  // namespace kiji::testing
