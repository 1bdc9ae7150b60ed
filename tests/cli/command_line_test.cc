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

std::vector<std::string> ConfigTexts(std::string_view text, const std::string& program) {
  std::vector<std::string> texts;
  for (const ConfigArgument& argument : ConfigArguments(text, program)) texts.push_back(argument.text);
  return texts;
}

std::string ConfigError(std::string_view text) {
  try {
    ConfigArguments(text, "searcher");
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(ConfigArgumentsTest, SectionsCommentsAndHomeAreRead) {
  const char* home = std::getenv("HOME");
  const std::string saved = home != nullptr ? home : "";
  setenv("HOME", "/home/reader", 1);
  const std::string text = "# all programs\n--db=~/news\n\n[searcher]\n  --limit\n  20\n[indexer]\n--quiet\n";
  EXPECT_EQ(ConfigTexts(text, "searcher"), (std::vector<std::string>{"--db=/home/reader/news", "--limit", "20"}));
  EXPECT_EQ(ConfigTexts(text, "indexer"), (std::vector<std::string>{"--db=/home/reader/news", "--quiet"}));
  EXPECT_EQ(ConfigTexts("--db\n~/x\n", "indexer"), (std::vector<std::string>{"--db", "/home/reader/x"}));
  EXPECT_EQ(ConfigArguments("\n# x\n--quiet\n", "indexer").at(0).line, 3);
  EXPECT_THROW(ConfigArguments("[rg]\n", "indexer"), std::invalid_argument);
  setenv("HOME", saved.c_str(), 1);
}

TEST(ConfigArgumentsTest, ACommentMayFollowAnArgumentAfterABlank) {
  EXPECT_EQ(ConfigTexts("--limit=20   # a page\n--colors=match=red#x\n", "searcher"),
            (std::vector<std::string>{"--limit=20", "--colors=match=red#x"}));
}

TEST(ConfigArgumentsTest, AByteOrderMarkIsSkipped) {
  EXPECT_EQ(ConfigTexts("\xEF\xBB\xBF--limit=5\n", "searcher"), (std::vector<std::string>{"--limit=5"}));
}

TEST(ConfigArgumentsTest, AnOptionAndItsValueOnOneLineAreRefusedWithTheFix) {
  EXPECT_EQ(ConfigError("\n-n 1\n"), "line 2: '-n 1': one argument per line: write -n=1 or put the value on the next line");
  EXPECT_NE(ConfigError("--db /srv/news archive\n").find("write --db=/srv/news archive"), std::string::npos);
  EXPECT_EQ(ConfigError("--db=/srv/news archive\n"), "") << "after '=', a value may hold blanks";
}

TEST(ConfigArgumentsTest, CommandLineOnlyOptionsAreRefused) {
  for (const char* option : {"--help", "-h", "--version", "-V", "--no-config", "--generate=man"}) {
    EXPECT_NE(ConfigError(option).find("belongs on the command line"), std::string::npos) << option;
  }
}

TEST(ConfigArgumentsTest, ANulByteIsRefusedWithItsLine) {
  EXPECT_EQ(ConfigError(std::string("--quiet\n--li") + '\0' + "mit=3\n"), "line 2: a NUL byte: a config file is text");
}

TEST(ConfigArgumentsTest, AHugeLineIsClippedInTheMessage) {
  const std::string error = ConfigError("[" + std::string(1 << 20, 'x') + "]\n");
  EXPECT_LT(error.size(), 200U) << error.substr(0, 300);
}

}  // namespace
}  // namespace kiji
