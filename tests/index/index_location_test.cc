// Where --db points (index_location.h): a local path or a tcp:// server.
#include "common/index/index_location.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace kiji {
namespace {

TEST(IndexLocationTest, TcpAddressesAreParsedAndBadOnesExplained) {
  const IndexLocation local = ParseIndexLocation("/var/kiji/index");
  EXPECT_FALSE(local.remote());
  EXPECT_EQ(local.path, "/var/kiji/index");
  const IndexLocation remote = ParseIndexLocation("tcp://search-1.example:7001");
  EXPECT_TRUE(remote.remote());
  EXPECT_EQ(remote.host, "search-1.example");
  EXPECT_EQ(remote.port, 7001u);
  const IndexLocation v6 = ParseIndexLocation("tcp://[::1]:7002");
  EXPECT_EQ(v6.host, "::1");
  EXPECT_EQ(v6.port, 7002u);
  for (const char* bad :
       {"tcp://host", "tcp://:7000", "tcp://host:0", "tcp://host:70000", "tcp://host:7x", "tcp://[::1"}) {
    EXPECT_THROW(ParseIndexLocation(bad), std::invalid_argument) << bad;
  }
}

}  // namespace
}  // namespace kiji
