// Which shard an article belongs to, and the stub that lists the shards
// (shard_layout.h).
#include "common/index/shard_layout.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "common/index/schema.h"
#include "tests/test_support.h"

namespace kiji {
namespace {

TEST(ShardLayoutTest, RoutingIsStableAndSpreadsIds) {
  EXPECT_EQ(ShardOf("Qanything", 1), 0u);
  std::vector<int> counts(4);
  for (int i = 0; i < 4000; ++i) ++counts[ShardOf(schema::IdTerm("id" + std::to_string(i)), 4)];
  for (int c : counts) EXPECT_GT(c, 800);
  EXPECT_EQ(ShardOf("Qa", 7), ShardOf(std::string("Qa"), 7));
}

TEST(ShardLayoutTest, AStubKijiDidNotWriteIsRefusedWithItsLine) {
  testing::TempDir dir;
  EXPECT_EQ(ShardPaths(dir.path().string()), std::vector<std::string>{dir.path().string()});
  WriteShardStub(dir.path().string(), 2);
  EXPECT_EQ(ShardPaths(dir.path().string()).size(), 2u);
  testing::WriteFile(dir / "XAPIANDB", "auto shard-0\nremote :other:1\n");
  try {
    ShardPaths(dir.path().string());
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("XAPIANDB:2"), std::string::npos) << e.what();
  }
}

TEST(ShardLayoutTest, ShardNamesAreShardThenANumber) {
  EXPECT_EQ(ShardName(7), "shard-7");
  EXPECT_TRUE(IsShardName(ShardName(0)));
  EXPECT_TRUE(IsShardName("shard-255"));
  for (const char* name : {"shard-", "shard-x", "shard-1a", "shards-1", "Shard-1", "x-shard-1"}) {
    EXPECT_FALSE(IsShardName(name)) << name;
  }
}

TEST(ShardLayoutTest, IndexFilesAreXapiansAndTheStubButNotACommitsTemporaryFiles) {
  for (const char* name : {"iamglass", "flintlock", "XAPIANDB", "postlist.glass", "docdata.glass"}) {
    EXPECT_TRUE(IsIndexFileName(name)) << name;
  }
  for (const char* name : {"postlist.tmp", "notes.txt", "glass", "XAPIANDB.bak", "kiji-lock"}) {
    EXPECT_FALSE(IsIndexFileName(name)) << name;
  }
}

}  // namespace
}  // namespace kiji
