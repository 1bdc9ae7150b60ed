// The full-screen search end to end: the real searcher in a
// pseudo-terminal, its screen read through a virtual terminal (libvterm)
// and compared with golden snapshots in tests/golden/full_screen/
// (KIJI_UPDATE_GOLDEN=1 rewrites them; review the diff).
#include <gtest/gtest.h>
#include <signal.h>

#include <regex>
#include <string>
#include <vector>

#include "tests/cli/cli_fixture.h"
#include "tests/cli/terminal.h"
#include "tests/test_support.h"

namespace kiji {
namespace {

// Keys as a terminal in keypad mode (which curses turns on) sends them.
constexpr const char* kDown = "\x1bOB";
constexpr const char* kF1 = "\x1bOP";
constexpr const char* kEsc = "\x1b";

class FullScreenCliTest : public CliTest {
 protected:
  void SetUp() override {
    std::string corpus;
    const char* places[] = {"Accra", "Abidjan", "Bahia", "London", "New York", "Kuala Lumpur"};
    for (int i = 0; i < 6; ++i) {
      corpus += R"({"id":"c)" + std::to_string(i + 1) + R"(","title":"Cocoa report from )" + places[i] +
                R"(","date":"1987-0)" + std::to_string(i + 1) + R"(-02","source":")" + (i % 2 ? "Reuters" : "AP") +
                R"(","body":"Cocoa buyers in )" + places[i] + R"( paid )" + std::to_string(100 + i) +
                R"( dollars a tonne.\n\nThe cocoa crop looks good this year."})" + "\n";
    }
    corpus += R"({"id":"j1","title":"東京のカカオ市場 cocoa","date":"1987-07-01","source":"日本経済","body":"東京のカカオ市場が開いた。cocoa の値段。"})" "\n";
    corpus += R"({"id":"x1","title":"Oil prices rise","date":"1987-08-01","source":"AP","body":"Oil went up."})" "\n";
    testing::WriteFile(dir_ / "news.jsonl", corpus);
    const RunResult r = Run(Indexer() + " " + Quote(dir_ / "news.jsonl"));
    ASSERT_EQ(r.status, 0) << r.err;
  }

  std::vector<std::string> Env(const std::string& term = "xterm-256color") const {
    std::vector<std::string> env = {"KIJI_DB=" + db_, "HOME=" + dir_.path().string(), "LANG=C.UTF-8",
                                    "PATH=/usr/bin:/bin"};
    if (!term.empty()) env.push_back("TERM=" + term);
    return env;
  }

  static std::string Snapshot(const testing::Terminal& t) {
    return std::regex_replace(t.virtual_screen().Text(), std::regex("[0-9]+\\.[0-9] ms"), "T ms");
  }
};

TEST_F(FullScreenCliTest, TypeSelectOpenGoBackResizeAndLeave) {
  testing::Terminal t({KIJI_SEARCHER}, Env(), testing::TerminalSize{40, 120});
  ASSERT_TRUE(t.WaitForScreen("Type to search 8 articles")) << Snapshot(t);
  t.Type("cocoa");
  ASSERT_TRUE(t.WaitForScreen("7 results")) << Snapshot(t);
  ExpectGolden("full_screen/pty_typing.txt", Snapshot(t));
  t.Type(kDown);
  t.Type("\r");
  ASSERT_TRUE(t.WaitForScreen("q back")) << Snapshot(t);
  ExpectGolden("full_screen/pty_reader.txt", Snapshot(t));
  t.Type("q");
  ASSERT_TRUE(t.WaitForScreen("7 results")) << Snapshot(t);
  // The second result is still the selected one, in reverse video.
  EXPECT_TRUE(t.virtual_screen().Reverse(3, 10)) << Snapshot(t);
  EXPECT_FALSE(t.virtual_screen().Reverse(2, 10)) << Snapshot(t);
  t.Resize(24, 80);
  // Narrower than 120 columns, the preview moves below the list.
  ASSERT_TRUE(t.WaitForScreen([](const testing::VirtualScreen& s) {
    return s.Row(23).find("F1 help") != std::string::npos && s.Row(2).find("Accra") == std::string::npos;
  })) << Snapshot(t);
  ExpectGolden("full_screen/pty_resized.txt", Snapshot(t));
  t.Type(kEsc);
  EXPECT_EQ(t.ExitStatus(), 0) << Snapshot(t);
  // Bracketed paste is turned off and the screen given back.
  EXPECT_NE(t.screen().rfind("\x1b[?2004l"), std::string::npos);
  EXPECT_NE(t.screen().rfind("\x1b[?1049l"), std::string::npos);
}

TEST_F(FullScreenCliTest, WideCharactersTakeTwoColumnsOnTheScreen) {
  testing::Terminal t({KIJI_SEARCHER}, Env(), testing::TerminalSize{24, 80});
  ASSERT_TRUE(t.WaitForScreen("Type to search")) << Snapshot(t);
  t.Type("東京");
  ASSERT_TRUE(t.WaitForScreen("1 result ")) << Snapshot(t);
  ExpectGolden("full_screen/pty_wide.txt", Snapshot(t));
  t.Type(kEsc);
  EXPECT_EQ(t.ExitStatus(), 0);
}

TEST_F(FullScreenCliTest, F1ShowsTheKeysAndAnyKeyGoesBack) {
  testing::Terminal t({KIJI_SEARCHER}, Env(), testing::TerminalSize{24, 80});
  ASSERT_TRUE(t.WaitForScreen("Type to search")) << Snapshot(t);
  t.Type(kF1);
  // The status line is drawn last: once it shows, the whole help is there.
  ASSERT_TRUE(t.WaitForScreen([](const testing::VirtualScreen& s) {
    return s.Row(s.rows() - 1).rfind("any key goes back", 0) == 0 && s.Text().find("any other key goes back.") != std::string::npos;
  })) << Snapshot(t);
  ExpectGolden("full_screen/pty_help.txt", Snapshot(t));
  t.Type("x");
  ASSERT_TRUE(t.WaitForScreen("Type to search")) << Snapshot(t);
  t.Type("\x03");  // Ctrl-C leaves too, with status 0
  EXPECT_EQ(t.ExitStatus(), 0);
}

TEST_F(FullScreenCliTest, PastedLinesArriveAsOneQuery) {
  testing::Terminal t({KIJI_SEARCHER}, Env(), testing::TerminalSize{24, 80});
  ASSERT_TRUE(t.WaitForScreen("Type to search")) << Snapshot(t);
  t.Type("\x1b[200~cocoa\r\nAccra\x1b[201~");
  ASSERT_TRUE(t.WaitForScreen("> cocoa Accra")) << Snapshot(t);
  t.Type(kEsc);
  EXPECT_EQ(t.ExitStatus(), 0);
}

TEST_F(FullScreenCliTest, SigtermRestoresTheTerminalAndEndsByTheSignal) {
  testing::Terminal t({KIJI_SEARCHER}, Env(), testing::TerminalSize{24, 80});
  ASSERT_TRUE(t.WaitForScreen("Type to search")) << Snapshot(t);
  t.Type("coc");
  ASSERT_TRUE(t.WaitForScreen("words starting with 'coc'")) << Snapshot(t);
  t.Signal(SIGTERM);
  EXPECT_EQ(t.ExitStatus(), -1);  // killed by the signal, raised again
  EXPECT_NE(t.screen().rfind("\x1b[?1049l"), std::string::npos);
}

TEST_F(FullScreenCliTest, AClosedTerminalKeepsTheQueryTypedInTheHistory) {
  {
    testing::Terminal t({KIJI_SEARCHER}, Env(), testing::TerminalSize{24, 80});
    ASSERT_TRUE(t.WaitForScreen("Type to search")) << Snapshot(t);
    t.Type("Abidjan");
    ASSERT_TRUE(t.WaitForScreen("1 result ")) << Snapshot(t);
    t.Signal(SIGHUP);
    EXPECT_EQ(t.ExitStatus(), -1);
  }
  testing::Terminal t({KIJI_SEARCHER}, Env(), testing::TerminalSize{24, 80});
  ASSERT_TRUE(t.WaitForScreen("Type to search")) << Snapshot(t);
  t.Type("\x1bOA");
  ASSERT_TRUE(t.WaitForScreen("> Abidjan")) << Snapshot(t);
  t.Type(kEsc);
  EXPECT_EQ(t.ExitStatus(), 0);
}

TEST_F(FullScreenCliTest, AnUnknownTerminalFallsBackToTheLineSessionAndSaysWhy) {
  testing::Terminal t({KIJI_SEARCHER}, Env("no-such-terminal"), testing::TerminalSize{24, 80});
  ASSERT_TRUE(t.WaitFor("cannot start the full-screen search")) << t.screen();
  ASSERT_TRUE(t.WaitFor("kiji> ")) << t.screen();
  t.Type("\x04");
  EXPECT_EQ(t.ExitStatus(), 0) << t.screen();
}

TEST_F(FullScreenCliTest, QueriesActedOnAreInTheNextSessionsHistory) {
  {
    testing::Terminal t({KIJI_SEARCHER}, Env(), testing::TerminalSize{24, 80});
    ASSERT_TRUE(t.WaitForScreen("Type to search")) << Snapshot(t);
    t.Type("oil");
    ASSERT_TRUE(t.WaitForScreen("1 result ")) << Snapshot(t);
    t.Type(kEsc);
    ASSERT_EQ(t.ExitStatus(), 0);
  }
  testing::Terminal t({KIJI_SEARCHER}, Env(), testing::TerminalSize{24, 80});
  ASSERT_TRUE(t.WaitForScreen("Type to search")) << Snapshot(t);
  t.Type("\x1bOA");  // Up on the empty query
  ASSERT_TRUE(t.WaitForScreen("Oil prices rise")) << Snapshot(t);
  t.Type(kEsc);
  EXPECT_EQ(t.ExitStatus(), 0);
}

}  // namespace
}  // namespace kiji
