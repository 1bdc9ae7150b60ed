// Helpers shared by the tests: temporary directories, the shared data
// location, reading slices of the shared corpora, and small articles and
// indexes made up on the spot.
#ifndef KIJI_TESTS_TEST_SUPPORT_H_
#define KIJI_TESTS_TEST_SUPPORT_H_

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include <xapian.h>

#include "common/articles/article.h"

namespace kiji::testing {

// A fresh directory under the system temp dir, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// ../shared next to the source tree, or $KIJI_SHARED; empty when absent.
std::string SharedDir();

// The first `lines` lines of a (possibly gzipped) file.
std::string ReadLines(const std::string& path, std::size_t lines);

std::string ReadFile(const std::string& path);
// `s` quoted for /bin/sh, as one word.
std::string ShellQuote(const std::string& s);
// Writes `content` to `path`, creating its directory when missing.
void WriteFile(const std::string& path, const std::string& content);
// Writes `content` gzip-compressed to `path` (whose directory must exist).
void WriteGzipFile(const std::string& path, const std::string& content);


struct CommandResult {
  int status = -1;  // the exit status; -1 when it did not exit
  std::string out;
  std::string err;
};

// Runs `command` through /bin/sh (a Process, process.h) with `stdin_text`
// as its input, keeping its input and output in files under `scratch`; the
// status as the shell gives it.
CommandResult RunCommand(const std::string& command, const std::string& stdin_text,
                         const std::filesystem::path& scratch);

// Every word of an index's spelling dictionary with its frequency, "word N".
std::vector<std::string> SpellingDictionary(const Xapian::Database& db);

// An article with these fields and no others ("" language: the index's
// default).
Article MakeArticle(std::string id, std::string title, std::string body, std::string lang = "");

// Writes an English index of `n` articles about harbours at `path` (ids
// a1..aN, titles "Harbour report I" + `title_extra`), and commits it.
void WriteHarbourIndex(const std::string& path, int n, const std::string& title_extra = "");

}  // namespace kiji::testing

// Skips the current test with a clear message when ../shared is missing.
#define KIJI_REQUIRE_SHARED(relative)                                              \
  do {                                                                             \
    if (!std::filesystem::exists(::kiji::testing::SharedDir() + "/" + (relative))) \
      GTEST_SKIP() << "shared data not found: ../shared/" << (relative)           \
                   << " (set KIJI_SHARED to its location)";                        \
  } while (0)

#endif  // KIJI_TESTS_TEST_SUPPORT_H_
