// Length-prefixed fields (field_codec.h): what AppendField writes, ReadField
// reads back, and a reader refuses what is not a whole field.
#include "common/util/field_codec.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace kiji {
namespace {

TEST(FieldCodecTest, FieldsOfAnyLengthAndBytesComeBackInOrder) {
  const std::vector<std::string> fields = {"",
                                           "x",
                                           std::string(127, 'a'),
                                           std::string(128, 'b'),
                                           std::string("nul\0inside\xff\x80", 12),
                                           "東京",
                                           std::string(70000, 'c')};
  std::string out;
  for (const std::string& field : fields) AppendField(out, field);
  std::string_view in = out;
  for (const std::string& expected : fields) {
    std::string field = "left over";
    ASSERT_TRUE(ReadField(in, field)) << expected.size() << " bytes";
    EXPECT_EQ(field, expected);
  }
  EXPECT_TRUE(in.empty()) << "each read takes its field and no more";
  std::string field;
  EXPECT_FALSE(ReadField(in, field)) << "nothing left is not a field";
}

TEST(FieldCodecTest, TheLengthTakesOneByteUpTo127AndMoreOnlyBeyond) {
  std::string out;
  AppendField(out, std::string(127, 'a'));
  EXPECT_EQ(out.size(), 1u + 127);
  EXPECT_EQ(out[0], '\x7f');
  out.clear();
  AppendField(out, std::string(128, 'a'));
  EXPECT_EQ(out.size(), 2u + 128);
  out.clear();
  AppendField(out, std::string(16384, 'a'));
  EXPECT_EQ(out.size(), 3u + 16384);
}

TEST(FieldCodecTest, TruncatedOrDamagedInputIsRefused) {
  std::string out;
  AppendField(out, std::string(300, 'z'));
  std::string field;
  for (std::size_t keep = 0; keep < out.size(); ++keep) {
    std::string_view in(out.data(), keep);
    EXPECT_FALSE(ReadField(in, field)) << "cut to " << keep << " bytes";
  }
  std::string_view whole = out;
  EXPECT_TRUE(ReadField(whole, field));
  std::string_view only_continuation = "\x80\x80";
  EXPECT_FALSE(ReadField(only_continuation, field)) << "a length that never ends";
  std::string_view too_long_a_length = "\xff\xff\xff\xff\xff\x01";
  EXPECT_FALSE(ReadField(too_long_a_length, field)) << "a length of more bytes than a length takes";
  const std::string five_of_four = std::string(1, '\x05') + "abcd";
  std::string_view more_than_there_is = five_of_four;
  EXPECT_FALSE(ReadField(more_than_there_is, field)) << "a length beyond the input";
}

}  // namespace
}  // namespace kiji
