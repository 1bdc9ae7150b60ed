// The fixture of the end-to-end tests of the real indexer and searcher
// (tests/cli/*_cli_test.cc): a temporary index named by KIJI_DB, the two
// programs run through the shell, and golden-file comparison. Set
// KIJI_UPDATE_GOLDEN=1 to rewrite the golden files after an intended
// change, and review the diff. One test thread.
#ifndef KIJI_TESTS_CLI_CLI_FIXTURE_H_
#define KIJI_TESTS_CLI_CLI_FIXTURE_H_

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <regex>
#include <string>

#include "tests/test_support.h"

namespace kiji {

using RunResult = testing::CommandResult;

inline std::string Quote(const std::string& s) { return testing::ShellQuote(s); }

class CliTest : public ::testing::Test {
 protected:
  RunResult Run(const std::string& args, const std::string& stdin_text = "") {
    // KIJI_CONFIG: no configuration file of the person running the tests applies.
    return testing::RunCommand("env -u NO_COLOR KIJI_CONFIG=/dev/null KIJI_DB=" + Quote(db_) + " " + args, stdin_text,
                               dir_.path());
  }

  static std::string Indexer() { return Quote(KIJI_INDEXER); }
  static std::string Searcher() { return Quote(KIJI_SEARCHER); }

  void IndexSeedCorpus() {
    const RunResult r = Run(Indexer() + " " + Quote(std::string(KIJI_SOURCE_DIR) + "/corpus"));
    ASSERT_EQ(r.status, 0) << r.err;
  }

  // Elapsed times differ from run to run; golden files hold a placeholder.
  static std::string NormalizeTimes(const std::string& s) {
    static const std::regex text_time(R"(\(\d+\.\d+ s\))");
    static const std::regex json_time(R"("elapsed":[0-9.eE+-]+)");
    return std::regex_replace(std::regex_replace(s, text_time, "(TIME)"), json_time, "\"elapsed\":TIME");
  }

  void ExpectGolden(const std::string& name, const std::string& raw) {
    const std::string actual = NormalizeTimes(raw);
    const std::string path = std::string(KIJI_SOURCE_DIR) + "/tests/golden/" + name;
    if (const char* update = std::getenv("KIJI_UPDATE_GOLDEN"); update != nullptr && *update == '1') {
      testing::WriteFile(path, actual);
      return;
    }
    ASSERT_TRUE(std::filesystem::exists(path)) << "missing golden file " << path
                                               << " (run with KIJI_UPDATE_GOLDEN=1 to create it)";
    EXPECT_EQ(actual, testing::ReadFile(path)) << "output differs from " << path;
  }

  testing::TempDir dir_;
  std::string db_ = dir_ / "index";
};

}  // namespace kiji

#endif  // KIJI_TESTS_CLI_CLI_FIXTURE_H_
