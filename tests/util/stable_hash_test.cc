// The hash kiji stores in indexes (stable_hash.h): it must never change, on
// any machine or build, or indexes written before would no longer match.
#include "common/util/stable_hash.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace kiji {
namespace {

TEST(StableHashTest, GivesTheKnownFnv1aValues) {
  // The FNV-1a 64-bit test vectors; the two non-ASCII ones were computed
  // apart from kiji, over the input's bytes taken as unsigned.
  EXPECT_EQ(StableHash(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(StableHash("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(StableHash("foobar"), 0x85944171f73967e8ULL);
  EXPECT_EQ(StableHash("\xff"), 0xaf64724c8602eb6eULL) << "bytes over 0x7f are unsigned";
  EXPECT_EQ(StableHash("東京"), 0x2f3c04f1ff1b2dafULL);
  EXPECT_EQ(Hex64(StableHash("foobar")), "85944171f73967e8");
}

TEST(StableHashTest, IsTheSameOnEveryCallAndPartsChainIntoTheWhole) {
  const std::string path = "/var/feeds/2024/reuters.jsonl";
  const std::uint64_t first = StableHash(path);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(StableHash(path), first);
  EXPECT_EQ(StableHash("bar", StableHash("foo")), StableHash("foobar")) << "a previous result as the seed";
  EXPECT_EQ(StableHash("", 42), 42u) << "no bytes leave the seed as it is";
}

TEST(StableHashTest, DifferentInputsGiveDifferentHashes) {
  EXPECT_NE(StableHash("a"), StableHash("b"));
  EXPECT_NE(StableHash("ab"), StableHash("ba")) << "order counts";
  EXPECT_NE(StableHash(""), StableHash(std::string_view("\0", 1))) << "a NUL byte counts";
  EXPECT_NE(StableHash("/feeds/a.jsonl"), StableHash("/feeds/b.jsonl"));
  EXPECT_NE(StableHash("x", 1), StableHash("x", 2)) << "the seed counts";
}

TEST(StableHashTest, Hex64IsSixteenLowerCaseDigits) {
  EXPECT_EQ(Hex64(0), "0000000000000000");
  EXPECT_EQ(Hex64(0xABCDEF), "0000000000abcdef");
  EXPECT_EQ(Hex64(UINT64_MAX), "ffffffffffffffff");
  EXPECT_EQ(Hex64(0x0123456789abcdefULL), "0123456789abcdef");
}

}  // namespace
}  // namespace kiji
