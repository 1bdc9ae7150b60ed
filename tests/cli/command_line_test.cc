// A program's command line from its flag table (command_line.h): --help
// lists what the table lists, and what is parsed becomes FlagValues.
#include "common/cli/command_line.h"
#include "common/cli/config_file.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace kiji {
namespace {

const Flag kTable[] = {
    {"db", 'd', FlagKind::kText, "DIR", "", true, false, false, "an index to search"},
    {"limit", 'n', FlagKind::kCount, "N", "10", false, false, false, "number of results"},
    {"color", 0, FlagKind::kText, "WHEN", "auto", false, false, false, "colour the output"},
    {"quiet", 'q', FlagKind::kSwitch, "", "", false, false, false, "print less"},
    {"cache-bytes", 0, FlagKind::kCount, "BYTES", "", false, false, true, "tuning only"},
};

std::string Help(bool with_hidden = false) {
  std::ostringstream out;
  out << DescribeFlags(kTable, "Usage: program [options]", with_hidden);
  return out.str();
}

TEST(CommandLineTest, HelpListsEveryFlagButTheHiddenOnes) {
  const std::string help = Help();
  EXPECT_EQ(help.rfind("Usage: program [options]", 0), 0u) << help;
  for (const Flag& flag : kTable) {
    const bool listed = help.find("--" + flag.name) != std::string::npos;
    EXPECT_EQ(listed, !flag.hidden) << flag.name << "\n" << help;
    if (!flag.hidden) {
      EXPECT_NE(help.find(flag.help), std::string::npos) << flag.name;
    }
  }
  EXPECT_NE(help.find("-d [ --db ] DIR"), std::string::npos) << help;
  EXPECT_NE(help.find("-n [ --limit ] N (=10)"), std::string::npos) << "defaults are shown: " << help;
  EXPECT_NE(help.find("-q [ --quiet ]"), std::string::npos) << help;
  const std::string hidden = Help(true);
  EXPECT_NE(hidden.find("--cache-bytes BYTES"), std::string::npos) << hidden;
  EXPECT_EQ(hidden.find("--limit"), std::string::npos) << "with_hidden lists only the hidden ones";
}

TEST(CommandLineTest, FlagsAndWordsArePartedAndDefaultsAreNotGiven) {
  FlagValues values(kTable);
  std::vector<std::string> words;
  ParseCommandLine({"oil", "-n", "5", "--db", "/a", "prices", "-d/b", "--quiet", "--cache-bytes=4096"}, kTable, values,
                   words);
  EXPECT_EQ(words, (std::vector<std::string>{"oil", "prices"}));
  EXPECT_EQ(values.Count("limit"), 5u);
  EXPECT_EQ(values.All("db"), (std::vector<std::string>{"/a", "/b"}));
  EXPECT_TRUE(values.Given("quiet"));
  EXPECT_EQ(values.Count("cache-bytes"), 4096u) << "hidden flags are parsed";
  EXPECT_FALSE(values.Given("color")) << "a default is not a value given";
  EXPECT_EQ(values.Text("color"), "auto");
}

TEST(CommandLineTest, MistakesAreBoostErrors) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"--no-such-flag"}, {"--limit"}, {"--limit", "1", "--limit", "2"}, {"--quiet=yes"}}) {
    FlagValues values(kTable);
    std::vector<std::string> words;
    EXPECT_THROW(ParseCommandLine(args, kTable, values, words), boost::program_options::error) << args[0];
  }
}

TEST(CommandLineTest, ArgumentsLeaveOutTheProgramName) {
  char program[] = "searcher", first[] = "--limit", second[] = "3";
  char* argv[] = {program, first, second, nullptr};
  EXPECT_EQ(Arguments(3, argv), (std::vector<std::string>{"--limit", "3"}));
  EXPECT_TRUE(Arguments(1, argv).empty());
  EXPECT_TRUE(Arguments(0, argv).empty());
}

}  // namespace
}  // namespace kiji

namespace kiji {
namespace {

TEST(ConfigArgumentsTest, SectionsCommentsAndHomeAreRead) {
  const char* home = std::getenv("HOME");
  const std::string saved = home != nullptr ? home : "";
  setenv("HOME", "/home/reader", 1);
  const std::string text = "# all programs\n--db=~/news\n\n[searcher]\n  --limit\n  20\n[indexer]\n--quiet\n";
  EXPECT_EQ(ConfigArguments(text, "searcher"), (std::vector<std::string>{"--db=/home/reader/news", "--limit", "20"}));
  EXPECT_EQ(ConfigArguments(text, "indexer"), (std::vector<std::string>{"--db=/home/reader/news", "--quiet"}));
  EXPECT_EQ(ConfigArguments("--db\n~/x\n", "indexer"), (std::vector<std::string>{"--db", "/home/reader/x"}));
  EXPECT_THROW(ConfigArguments("[rg]\n", "indexer"), std::invalid_argument);
  setenv("HOME", saved.c_str(), 1);
}

}  // namespace
}  // namespace kiji
