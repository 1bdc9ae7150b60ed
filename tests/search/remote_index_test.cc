// Remote indexes named by --db: ssh:// locations, the quoting of their
// paths for the remote shell, and searching one through xapian-progsrv.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "common/index/index_location.h"
#include "common/search/index_searcher.h"
#include "common/index/index_writer.h"
#include "common/index/indexing_pipeline.h"
#include "common/index/parallel_build.h"
#include "common/index/index_settings.h"
#include "tests/process.h"
#include "tests/test_support.h"

namespace kiji {
namespace {

TEST(SshLocationTest, SshLocationsNameUserHostPortAndPath) {
  const IndexLocation full = ParseIndexLocation("ssh://me@search-1.example:2222/srv/kiji/news");
  EXPECT_TRUE(full.ssh);
  EXPECT_EQ(full.host, "me@search-1.example");
  EXPECT_EQ(full.port, 2222u);
  EXPECT_EQ(full.path, "/srv/kiji/news");
  EXPECT_EQ(SshProgsrvArguments(full), "-T -p 2222 -- me@search-1.example xapian-progsrv '/srv/kiji/news'");
  const IndexLocation home = ParseIndexLocation("ssh://host/~/-news");
  EXPECT_EQ(home.path, "./-news") << "relative to the remote home, never read as an option";
  EXPECT_EQ(SshProgsrvArguments(ParseIndexLocation("ssh://[::1]/x")), "-T -- ::1 xapian-progsrv '/x'");
}

TEST(SshLocationTest, SshLocationsRefuseOptionLikeHostsAndControlCharacters) {
  for (const std::string bad : {"ssh://-oProxyCommand=touch${IFS}x/p", "ssh://me@-oProxyCommand=x/p", "ssh://host",
                                "ssh://host/", "ssh://ho st/p", "ssh://host;id/p", "ssh://host:0/p",
                                "ssh://host:99999/p", "ssh://@host/p", "ssh://a@b@host/p", "ssh://host/a\nb",
                                "ssh:///p"}) {
    EXPECT_THROW(ParseIndexLocation(bad), std::invalid_argument) << bad;
  }
}

// What the remote shell makes of a quoted path after Xapian split the
// arguments at spaces and ssh joined them with single spaces.
std::string AsTheRemoteShellReadsIt(const std::string& quoted) {
  std::vector<std::string> words;
  std::istringstream in(quoted);
  for (std::string w; std::getline(in, w, ' ');) {
    if (!w.empty()) words.push_back(w);
  }
  std::string joined;
  for (const std::string& w : words) joined += (joined.empty() ? "" : " ") + w;
  testing::TempDir dir;
  testing::WriteFile(dir / "cmd", "printf %s " + joined);
  testing::ProcessOptions options;
  options.stdout_path = dir / "out";
  testing::Process({"sh", dir / "cmd"}, options).Wait();
  return testing::ReadFile(dir / "out");
}

TEST(SshLocationTest, RemoteShellQuotingGivesThePathBackUnchanged) {
  for (const std::string path : {"/srv/news", "/a b", "/a  b ", "/it's", "/x;touch y", "/$(id)`id`", "/-o",
                                 "/'\\''", "/\"q\" *?~"}) {
    EXPECT_EQ(AsTheRemoteShellReadsIt(QuoteForRemoteShell(path)), path);
  }
}

// A stand-in for ssh: it skips ssh's options, drops the host, and runs the
// remote command line with sh -c, as the remote login shell would.
class FakeSsh {
 public:
  FakeSsh() : old_path_(std::getenv("PATH") ? std::getenv("PATH") : "") {
    testing::WriteFile(dir_ / "ssh",
                       "#!/bin/sh\n"
                       "while [ $# -gt 0 ] && [ \"$1\" != -- ]; do shift; done\n"
                       "shift 2\n"
                       "exec sh -c \"$*\"\n");
    std::filesystem::permissions(dir_ / "ssh", std::filesystem::perms::owner_all);
    ::setenv("PATH", (dir_.path().string() + ":" + old_path_).c_str(), 1);
  }
  ~FakeSsh() { ::setenv("PATH", old_path_.c_str(), 1); }

 private:
  testing::TempDir dir_;
  std::string old_path_;
};

class QuietReporter : public IndexingReporter {
 public:
  void Rejected(const std::string&, const std::string&) override {}
  void Warning(const std::string&, const std::string&) override {}
  void Progress(const IndexingProgress&) override {}
};

TEST(SshLocationTest, SearcherReadsAnIndexOverSshThroughXapianProgsrv) {
  testing::TempDir dir;
  std::string lines;
  for (int i = 0; i < 40; ++i) lines += "{\"id\":\"s" + std::to_string(i) + "\",\"body\":\"remote words\"}\n";
  testing::WriteFile(dir / "in.jsonl", lines);
  const std::string db = std::filesystem::absolute(dir / "an index's dir").string();
  QuietReporter reporter;
  BuildOptions options;
  options.shards = 2;
  BuildIndexInParallel({dir / "in.jsonl"}, db, NewIndexSettings(false, "en"), options, reporter);
  FakeSsh ssh;
  IndexSearcher searcher("ssh://localhost" + db);
  EXPECT_EQ(searcher.size(), 40u);
  SearchOptions search;
  search.limit = 100;
  search.collapse = false;  // forty copies of one text
  EXPECT_EQ(searcher.Search("", "remote", search).hits.size(), 40u);
  search.collapse = true;
  const SearchResult collapsed = searcher.Search("", "remote", search);
  ASSERT_EQ(collapsed.hits.size(), 1u) << "a story's copies collapse over a remote index too";
  EXPECT_EQ(collapsed.hits[0].similar_total, 39u);
  const std::string planted = dir / "PLANTED";
  EXPECT_THROW(IndexSearcher("ssh://localhost" + db + ";touch " + planted), IndexError);
  EXPECT_FALSE(std::filesystem::exists(planted)) << "the path ran a command on the remote host";
}

}  // namespace
}  // namespace kiji
