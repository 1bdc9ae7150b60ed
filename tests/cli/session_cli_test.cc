// The interactive session end to end, driven through a pseudo-terminal.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include <xapian.h>

#include "tests/cli/cli_fixture.h"
#include "tests/cli/terminal.h"
#include "tests/process.h"
#include "tests/test_support.h"

namespace kiji {
namespace {

TEST_F(CliTest, InteractiveSessionInAPseudoTerminal) {
  IndexSeedCorpus();
  const std::vector<std::string> env = {"KIJI_DB=" + db_, "HOME=" + dir_.path().string(), "TERM=dumb",
                                        "PAGER=cat", "NO_COLOR=1", "PATH=/usr/bin:/bin"};
  {
    testing::Terminal t({KIJI_SEARCHER}, env);
    ASSERT_TRUE(t.WaitFor("kiji> ")) << t.screen();
    t.Type("Kursk\r");
    ASSERT_TRUE(t.WaitFor("Results 1-1 of 1 for \"Kursk\"")) << t.screen();
    ASSERT_TRUE(t.WaitFor("kiji> ")) << t.screen();
    t.Type(":open 1\r");
    ASSERT_TRUE(t.WaitFor("Chief Cabinet Secretary")) << t.screen();
    ASSERT_TRUE(t.WaitFor("kiji> ")) << t.screen();
    // Ctrl-C throws away a half-typed line; the session goes on.
    t.Type("half typed");
    ASSERT_TRUE(t.WaitFor("half typed")) << t.screen();
    t.Type("\x03");
    ASSERT_TRUE(t.WaitFor("kiji> ")) << t.screen();
    t.Type("drones\r");
    ASSERT_TRUE(t.WaitFor("Results 1-1 of 1 for \"drones\"")) << t.screen();
    ASSERT_TRUE(t.WaitFor("kiji> ")) << t.screen();
    // An article indexed while the session is open is found without a restart.
    testing::WriteFile(dir_ / "new.txt", "Title: Zeppelin returns\n\nA zeppelin flew over Tokyo.\n");
    ASSERT_EQ(Run(Indexer() + " " + Quote(dir_ / "new.txt")).status, 0);
    t.Type("zeppelin\r");
    ASSERT_TRUE(t.WaitFor("Results 1-1 of 1 for \"zeppelin\"")) << t.screen();
    ASSERT_TRUE(t.WaitFor("kiji> ")) << t.screen();
    t.Type(":quit\r");
    EXPECT_EQ(t.ExitStatus(), 0) << t.screen();
  }
  const std::string history = testing::ReadFile(dir_ / ".local/state/kiji/history");
  EXPECT_NE(history.find("Kursk"), std::string::npos) << history;
  EXPECT_EQ(history.find("half typed"), std::string::npos) << history;
  {
    // Ctrl-D on an empty line leaves; a new session starts with the saved history.
    testing::Terminal t({KIJI_SEARCHER}, env);
    ASSERT_TRUE(t.WaitFor("kiji> ")) << t.screen();
    t.Type("\x10");  // Ctrl-P: the last line, ":quit"
    ASSERT_TRUE(t.WaitFor(":quit")) << t.screen();
    t.Type("\x10");  // and the query before it
    ASSERT_TRUE(t.WaitFor("zeppelin")) << t.screen();
    t.Type("\x15\x04");  // Ctrl-U clears the line, Ctrl-D on the empty line exits
    EXPECT_EQ(t.ExitStatus(), 0) << t.screen();
  }
}

}  // namespace
}  // namespace kiji
