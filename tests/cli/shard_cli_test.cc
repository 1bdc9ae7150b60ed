// Sharded and remote indexes end to end: shards served by xapian-tcpsrv
// rank like one index, and updates reach the right shard.
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
#include "tests/process.h"
#include "tests/test_support.h"

namespace kiji {
namespace {

// A xapian-tcpsrv serving one database on a free loopback port, stopped
// when destroyed.
class TcpServer {
 public:
  explicit TcpServer(const std::string& db) {
    // Its own session: on SIGTERM xapian-tcpsrv signals its whole process
    // group (its connection handlers), which must not include us.
    testing::ProcessOptions options;
    options.new_session = true;
    for (int attempt = 0; attempt < 10 && !server_; ++attempt) {
      const int port = FreePort();
      auto server = std::make_unique<testing::Process>(
          std::vector<std::string>{"xapian-tcpsrv", "--quiet", "--interface", "127.0.0.1", "--port",
                                   std::to_string(port), db},
          options);
      for (int wait = 0; wait < 100; ++wait) {
        if (server->WaitFor(std::chrono::milliseconds(0))) break;  // it exited: port taken, try another
        if (Accepts(port)) {
          server_ = std::move(server);
          port_ = port;
          return;
        }
        usleep(50000);
      }
      server->Signal(SIGTERM);
    }
  }
  ~TcpServer() {
    if (!server_) return;
    server_->Signal(SIGTERM);
    server_->Wait();
  }
  bool running() const { return server_ != nullptr; }
  std::string address() const { return "tcp://127.0.0.1:" + std::to_string(port_); }

 private:
  static sockaddr_in Loopback(int port) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return addr;
  }
  static int FreePort() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr = Loopback(0);
    socklen_t len = sizeof addr;
    bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    close(fd);
    return ntohs(addr.sin_port);
  }
  static bool Accepts(int port) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr = Loopback(port);
    const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    close(fd);
    return ok;
  }
  std::unique_ptr<testing::Process> server_;
  int port_ = 0;
};

struct RankedLine {
  std::string qid, id;
  int rank;
  double score;
};

std::vector<RankedLine> ParseTrecRun(const std::string& run) {
  std::vector<RankedLine> lines;
  std::istringstream in(run);
  std::string qid, q0, id, tag;
  int rank;
  double score;
  while (in >> qid >> q0 >> id >> rank >> score >> tag) lines.push_back({qid, id, rank, score});
  return lines;
}

void ExpectSameRanking(const std::string& expected_run, const std::string& actual_run, const std::string& what) {
  const std::vector<RankedLine> expected = ParseTrecRun(expected_run), actual = ParseTrecRun(actual_run);
  ASSERT_GT(expected.size(), 20u);
  ASSERT_EQ(actual.size(), expected.size()) << what;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(actual[i].qid, expected[i].qid) << what << " line " << i;
    EXPECT_EQ(actual[i].id, expected[i].id) << what << " line " << i << " (query " << expected[i].qid << ")";
    EXPECT_NEAR(actual[i].score, expected[i].score, 1e-6 * std::max(1.0, expected[i].score)) << what << " line " << i;
  }
}

TEST_F(CliTest, TwoRemoteShardsRankLikeOneIndex) {
  KIJI_REQUIRE_SHARED("corpora/reuters21578.jsonl.gz");
  testing::WriteFile(dir_ / "slice.jsonl",
                     testing::ReadLines(testing::SharedDir() + "/corpora/reuters21578.jsonl.gz", 3000));
  const std::string single = dir_ / "single", sharded = dir_ / "sharded";
  ASSERT_EQ(Run(Indexer() + " --db " + Quote(single) + " " + Quote(dir_ / "slice.jsonl")).status, 0);
  const RunResult built = Run(Indexer() + " --shards 2 --db " + Quote(sharded) + " " + Quote(dir_ / "slice.jsonl"));
  ASSERT_EQ(built.status, 0) << built.err;
  EXPECT_NE(built.out.find("3000 added"), std::string::npos) << built.out;
  const Xapian::doccount in_0 = Xapian::Database(sharded + "/shard-0").get_doccount();
  const Xapian::doccount in_1 = Xapian::Database(sharded + "/shard-1").get_doccount();
  EXPECT_EQ(in_0 + in_1, 3000u);
  EXPECT_GT(std::min(in_0, in_1), 1200u) << "articles are spread over the shards by id";

  TcpServer first(sharded + "/shard-0"), second(sharded + "/shard-1");
  ASSERT_TRUE(first.running() && second.running()) << "xapian-tcpsrv (Debian's xapian-tools) did not start";

  const std::string topics = dir_ / "topics.tsv";
  testing::WriteFile(topics, "1\toil prices OPEC\n2\tcocoa crop Bahia\n3\t\"money supply\"\n4\tbank rate cut\n"
                             "5\tgold OR silver\n6\ttitle:wheat\n7\tsugar -beet\n8\tcrude NEAR/5 output\n");
  const std::string run = " --batch " + Quote(topics) + " --format trec -n 20";
  const RunResult local = Run(Searcher() + " --db " + Quote(single) + run);
  ASSERT_EQ(local.status, 0) << local.err;
  const RunResult remote = Run(Searcher() + " --db " + first.address() + " --db " + second.address() + run);
  ASSERT_EQ(remote.status, 0) << remote.err;
  ExpectSameRanking(local.out, remote.out, "two remote shards");
  const RunResult stub = Run(Searcher() + " --db " + Quote(sharded) + run);
  ASSERT_EQ(stub.status, 0) << stub.err;
  ExpectSameRanking(local.out, stub.out, "the sharded index opened as one directory");
  // Recency is evaluated by the remote servers as by a local index.
  const RunResult local_recent = Run(Searcher() + " --db " + Quote(single) + run + " --recency 30d");
  const RunResult remote_recent =
      Run(Searcher() + " --db " + first.address() + " --db " + second.address() + run + " --recency 30d");
  ExpectSameRanking(local_recent.out, remote_recent.out, "recency over two remote shards");
  EXPECT_NE(local_recent.out, local.out) << "recency changes the ranking";
  // Copies collapse across the shards and servers: the same number of
  // hits with the same scores (which copy stands for a story may differ
  // among equals).
  const RunResult local_collapsed = Run(Searcher() + " --db " + Quote(single) + run + " --collapse");
  const RunResult remote_collapsed =
      Run(Searcher() + " --db " + first.address() + " --db " + second.address() + run + " --collapse");
  const std::vector<RankedLine> a = ParseTrecRun(local_collapsed.out), b = ParseTrecRun(remote_collapsed.out);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i].score, b[i].score, 1e-6 * std::max(1.0, a[i].score));

  // Facets and snippets come through the remote protocol too.
  const RunResult facets = Run(Searcher() + " --db " + first.address() + " --db " + second.address() +
                               " --facets --format json -n 1 cocoa");
  ASSERT_EQ(facets.status, 0) << facets.err;
  const auto json = nlohmann::json::parse(facets.out);
  EXPECT_EQ(json["facets"]["source"][0]["value"], "Reuters") << facets.out;
  EXPECT_GT(json["facets"]["tag"].size(), 1u) << facets.out;
  EXPECT_NE(json["hits"][0]["snippet"].get<std::string>().find("ocoa"), std::string::npos) << facets.out;
}

TEST_F(CliTest, AShardedIndexTakesIncrementalUpdatesInTheRightShard) {
  KIJI_REQUIRE_SHARED("corpora/reuters21578.jsonl.gz");
  const std::string lines = testing::ReadLines(testing::SharedDir() + "/corpora/reuters21578.jsonl.gz", 600);
  const std::size_t cut = [&] {
    std::size_t at = 0;
    for (int i = 0; i < 500; ++i) at = lines.find('\n', at) + 1;
    return at;
  }();
  std::filesystem::create_directories(dir_ / "in");
  testing::WriteFile(dir_ / "in/a.jsonl", lines.substr(0, cut));
  const std::string db = dir_ / "sharded";
  ASSERT_EQ(Run(Indexer() + " --shards 3 --db " + Quote(db) + " " + Quote(dir_ / "in")).status, 0);
  testing::WriteFile(dir_ / "in/b.jsonl", lines.substr(cut));
  const RunResult more = Run(Indexer() + " --db " + Quote(db) + " " + Quote(dir_ / "in"));
  ASSERT_EQ(more.status, 0) << more.err;
  EXPECT_NE(more.out.find("100 added, 0 updated, 500 unchanged"), std::string::npos) << more.out;
  const RunResult again = Run(Indexer() + " --db " + Quote(db) + " --reread " + Quote(dir_ / "in"));
  EXPECT_NE(again.out.find("0 added, 0 updated, 600 unchanged"), std::string::npos) << again.out;
  Xapian::doccount total = 0;
  for (int shard = 0; shard < 3; ++shard) {
    total += Xapian::Database(db + "/shard-" + std::to_string(shard)).get_doccount();
  }
  EXPECT_EQ(total, 600u) << "an article re-read never lands twice, in any shard";
  const RunResult wrong = Run(Indexer() + " --shards 2 --db " + Quote(db) + " " + Quote(dir_ / "in"));
  EXPECT_EQ(wrong.status, 2);
  EXPECT_NE(wrong.err.find("has 3 shards; to change that, --rebuild it with --shards 2"), std::string::npos) << wrong.err;
  const RunResult rebuilt = Run(Indexer() + " --rebuild --shards 2 --db " + Quote(db) + " " + Quote(dir_ / "in"));
  ASSERT_EQ(rebuilt.status, 0) << rebuilt.err;
  EXPECT_FALSE(std::filesystem::exists(db + "/shard-2"));
  EXPECT_EQ(Xapian::Database(db).get_doccount(), 600u);
}

}  // namespace
}  // namespace kiji
