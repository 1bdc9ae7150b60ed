// The bulk build's spool (build_spool.h): blocks as bytes and back, and a
// spool's blocks pushed, popped, dropped and stolen, here from one thread.
#include "common/index/build_spool.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/util/field_codec.h"
#include "tests/test_support.h"

namespace kiji {
namespace {

using bulk::Block;
using bulk::BlockSpool;
using bulk::Job;

// A block of one job per seq, each with a few fields set, all of one size
// for seqs of one number of digits.
Block BlockOf(const std::vector<Xapian::docid>& seqs, bool starts_part = false) {
  Block block;
  block.starts_part = starts_part;
  for (const Xapian::docid seq : seqs) {
    Job& job = block.jobs.emplace_back();
    job.seq = seq;
    job.docid = seq;
    job.article.id = "a" + std::to_string(seq);
    job.article.body = "body of " + job.article.id;
  }
  return block;
}

std::vector<Xapian::docid> Seqs(const std::optional<Block>& block) {
  std::vector<Xapian::docid> seqs;
  if (block) {
    for (const Job& job : block->jobs) seqs.push_back(job.seq);
  }
  return seqs;
}

TEST(BuildSpoolTest, ABlockComesBackFromItsBytesFieldForField) {
  Job full;
  full.source = "/feeds/a.jsonl";
  full.location = "/feeds/a.jsonl:3";
  full.content_hash = "0123456789abcdef";
  full.seq = UINT32_MAX;
  full.docid = 7;
  full.article.id = "id-1";
  full.article.title = "Title 東京";
  full.article.body = std::string("body\0with NUL\nand lines", 23);
  full.article.date = "2024-01-02";
  full.article.source = "Reuters";
  full.article.url = "https://example.com/1";
  full.article.language = "ja";
  full.article.caption = "a caption";
  full.article.dateline = "TOKYO";
  full.article.tags = {"Markets", "", "日本"};
  Block block;
  block.starts_part = true;
  block.jobs.push_back(full);
  block.jobs.emplace_back().seq = 1;  // every field empty, no tags
  Block back;
  ASSERT_TRUE(bulk::DecodeBlock(bulk::EncodeBlock(block), back));
  EXPECT_TRUE(back.starts_part);
  ASSERT_EQ(back.jobs.size(), 2u);
  const Job& job = back.jobs[0];
  EXPECT_EQ(job.source, full.source);
  EXPECT_EQ(job.location, full.location);
  EXPECT_EQ(job.content_hash, full.content_hash);
  EXPECT_EQ(job.seq, full.seq);
  EXPECT_EQ(job.docid, full.docid);
  const Article& a = job.article;
  EXPECT_EQ(a.id, full.article.id);
  EXPECT_EQ(a.title, full.article.title);
  EXPECT_EQ(a.body, full.article.body);
  EXPECT_EQ(a.date, full.article.date);
  EXPECT_EQ(a.source, full.article.source);
  EXPECT_EQ(a.url, full.article.url);
  EXPECT_EQ(a.language, full.article.language);
  EXPECT_EQ(a.caption, full.article.caption);
  EXPECT_EQ(a.dateline, full.article.dateline);
  EXPECT_EQ(a.tags, full.article.tags);
  EXPECT_EQ(back.jobs[1].seq, 1u);
  EXPECT_TRUE(back.jobs[1].article.id.empty());
  EXPECT_TRUE(back.jobs[1].article.tags.empty());
  Block empty;
  ASSERT_TRUE(bulk::DecodeBlock(bulk::EncodeBlock(Block()), empty));
  EXPECT_FALSE(empty.starts_part);
  EXPECT_TRUE(empty.jobs.empty());
}

TEST(BuildSpoolTest, BytesEncodeBlockDidNotWriteAreRefused) {
  const std::string bytes = bulk::EncodeBlock(BlockOf({1, 2}, true));
  const std::size_t first_job_ends = bulk::EncodeBlock(BlockOf({1}, true)).size();
  Block block;
  EXPECT_FALSE(bulk::DecodeBlock("", block)) << "not even the part mark";
  EXPECT_FALSE(bulk::DecodeBlock("x" + bytes.substr(1), block)) << "a part mark other than 0 or 1";
  // Cut anywhere but after the part mark or a whole job.
  for (std::size_t keep = 2; keep < bytes.size(); ++keep) {
    if (keep == first_job_ends) continue;
    Block cut;
    EXPECT_FALSE(bulk::DecodeBlock(std::string_view(bytes).substr(0, keep), cut)) << "cut to " << keep << " bytes";
  }
  // A job whose numbers are not numbers, or too large for a docid, or
  // which claims more tags than there are bytes.
  const auto job_with_numbers = [](const std::string& seq, const std::string& docid, const std::string& tags) {
    std::string out = "0";
    for (int i = 0; i < 12; ++i) AppendField(out, "f");
    AppendField(out, seq);
    AppendField(out, docid);
    AppendField(out, tags);
    return out;
  };
  Block good;
  ASSERT_TRUE(bulk::DecodeBlock(job_with_numbers("4", "4", "0"), good)) << "the hand-made job itself is sound";
  ASSERT_EQ(good.jobs.size(), 1u);
  EXPECT_EQ(good.jobs[0].article.id, "f");
  for (const std::string& bad :
       {job_with_numbers("4x", "4", "0"), job_with_numbers("", "4", "0"), job_with_numbers("-4", "4", "0"),
        job_with_numbers("4", "4294967296", "0"), job_with_numbers("4", "4", "1000")}) {
    Block refused;
    EXPECT_FALSE(bulk::DecodeBlock(bad, refused));
  }
}

class BlockSpoolTest : public ::testing::Test {
 protected:
  testing::TempDir dir_;
};

TEST_F(BlockSpoolTest, BlocksArePoppedInTheOrderPushedUntilClosedAndDrained) {
  BlockSpool spool(dir_ / "spool", 1 << 20);
  EXPECT_EQ(spool.Unread(), 0u);
  const Block first = BlockOf({1, 2}, true), second = BlockOf({3}), third = BlockOf({4, 5, 6});
  spool.Push(first);
  spool.Push(second);
  spool.Push(third);
  EXPECT_EQ(spool.Unread(),
            bulk::EncodeBlock(first).size() + bulk::EncodeBlock(second).size() + bulk::EncodeBlock(third).size());
  spool.Close();
  const std::optional<Block> one = spool.Pop();
  EXPECT_EQ(Seqs(one), (std::vector<Xapian::docid>{1, 2}));
  EXPECT_TRUE(one->starts_part);
  EXPECT_EQ(one->jobs[1].article.body, "body of a2");
  EXPECT_EQ(spool.Unread(), bulk::EncodeBlock(second).size() + bulk::EncodeBlock(third).size());
  const std::optional<Block> two = spool.Pop();
  EXPECT_EQ(Seqs(two), (std::vector<Xapian::docid>{3}));
  EXPECT_FALSE(two->starts_part);
  EXPECT_EQ(Seqs(spool.Pop()), (std::vector<Xapian::docid>{4, 5, 6}));
  EXPECT_FALSE(spool.Pop().has_value()) << "closed and drained";
  EXPECT_EQ(spool.Unread(), 0u);
}

TEST_F(BlockSpoolTest, AbandonDropsWhatWasNotTakenAndNamesItsFirstPlace) {
  BlockSpool spool(dir_ / "spool", 1 << 20);
  spool.Push(BlockOf({5, 6}));
  spool.Push(BlockOf({9}));
  spool.Push(BlockOf({12}));
  EXPECT_EQ(Seqs(spool.Pop()), (std::vector<Xapian::docid>{5, 6}));
  EXPECT_EQ(spool.Abandon(), 9u);
  EXPECT_EQ(spool.Unread(), 0u);
  EXPECT_FALSE(spool.Pop().has_value()) << "abandoning closes the spool";
  EXPECT_EQ(spool.Abandon(), 0u) << "nothing more to drop";
}

TEST_F(BlockSpoolTest, StealingTakesTheLaterHalfAndStartsAPartWithIt) {
  BlockSpool victim(dir_ / "victim", 1 << 20), thief(dir_ / "thief", 1 << 20);
  victim.Push(BlockOf({1}, true));
  for (const Xapian::docid seq : {2, 3, 4}) victim.Push(BlockOf({seq}));
  const std::uint64_t total = victim.Unread();
  ASSERT_TRUE(thief.StealFrom(victim));
  EXPECT_EQ(victim.Unread(), total / 2) << "four blocks of one size: two move";
  EXPECT_EQ(thief.Unread(), total / 2);
  victim.Close();
  thief.Close();
  const std::optional<Block> stolen = thief.Pop();
  EXPECT_EQ(Seqs(stolen), (std::vector<Xapian::docid>{3}));
  EXPECT_TRUE(stolen->starts_part) << "the thief's worker writes them into a new part";
  EXPECT_EQ(stolen->jobs[0].article.id, "a3") << "read from the victim's file";
  const std::optional<Block> next = thief.Pop();
  EXPECT_EQ(Seqs(next), (std::vector<Xapian::docid>{4}));
  EXPECT_FALSE(next->starts_part) << "only the first stolen block starts a part";
  EXPECT_FALSE(thief.Pop().has_value());
  const std::optional<Block> kept = victim.Pop();
  EXPECT_EQ(Seqs(kept), (std::vector<Xapian::docid>{1}));
  EXPECT_TRUE(kept->starts_part);
  EXPECT_EQ(Seqs(victim.Pop()), (std::vector<Xapian::docid>{2}));
  EXPECT_FALSE(victim.Pop().has_value());
}

TEST_F(BlockSpoolTest, StealingNeedsTwoBlocksAndTakesAtLeastTheLast) {
  BlockSpool victim(dir_ / "victim", 1 << 20), thief(dir_ / "thief", 1 << 20);
  EXPECT_FALSE(thief.StealFrom(victim)) << "nothing to take";
  victim.Push(BlockOf({1}));
  EXPECT_FALSE(thief.StealFrom(victim)) << "taking the only block would just move the imbalance";
  EXPECT_EQ(thief.Unread(), 0u);
  EXPECT_EQ(victim.Unread(), bulk::EncodeBlock(BlockOf({1})).size());
  // A small block, then one that holds far over half: the large one moves.
  victim.Push(BlockOf({2, 3, 4, 5, 6, 7}));
  ASSERT_TRUE(thief.StealFrom(victim));
  EXPECT_EQ(victim.Unread(), bulk::EncodeBlock(BlockOf({1})).size());
  thief.Close();
  EXPECT_EQ(Seqs(thief.Pop()), (std::vector<Xapian::docid>{2, 3, 4, 5, 6, 7}));
  EXPECT_FALSE(thief.Pop().has_value());
  victim.Close();
  EXPECT_EQ(Seqs(victim.Pop()), (std::vector<Xapian::docid>{1}));
  EXPECT_FALSE(victim.Pop().has_value());
}

}  // namespace
}  // namespace kiji
