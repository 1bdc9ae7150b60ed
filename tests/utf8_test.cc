#include "common/utf8.h"

#include <gtest/gtest.h>

namespace kiji {
namespace {

TEST(RepairUtf8Test, ReplacesAndCountsIllFormedSequences) {
  const RepairedText r = RepairUtf8(std::string("ok \xC3\x28 \xFF end\xE2\x82", 13));
  EXPECT_TRUE(IsValidUtf8(r.text));
  EXPECT_EQ(r.replaced, 3u);
  EXPECT_EQ(r.text.rfind("ok ", 0), 0u);
}

TEST(RepairUtf8Test, NulBytesAreReplaced) {
  const RepairedText r = RepairUtf8(std::string("a\0b", 3));
  EXPECT_EQ(r.text, "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(r.replaced, 1u);
}

TEST(RepairUtf8Test, ValidTextIsUntouched) {
  const std::string text = "Straße 東京 مرحبا 😀";
  const RepairedText r = RepairUtf8(text);
  EXPECT_EQ(r.text, text);
  EXPECT_EQ(r.replaced, 0u);
}

TEST(StripControlCharactersTest, RemovesEscapesAndC1Controls) {
  EXPECT_EQ(StripControlCharacters("a\x1b[31mred\x07\tb", false), "a [31mred  b");
  EXPECT_EQ(StripControlCharacters("x\xC2\x9B" "1m", false), "x 1m");
  EXPECT_EQ(StripControlCharacters("line1\nline2", true), "line1\nline2");
  EXPECT_EQ(StripControlCharacters("line1\nline2", false), "line1 line2");
}

TEST(TruncateUtf8Test, NeverCutsInsideACodePoint) {
  EXPECT_EQ(TruncateUtf8("東京", 4), "東");
  EXPECT_EQ(TruncateUtf8("東京", 6), "東京");
  EXPECT_EQ(TruncateUtf8("abc", 2), "ab");
}

}  // namespace
}  // namespace kiji

namespace kiji {
namespace {

TEST(DisplayWidthTest, WideCharactersTakeTwoColumns) {
  EXPECT_EQ(DisplayWidth("abc"), 3u);
  EXPECT_EQ(DisplayWidth("東京"), 4u);
  EXPECT_EQ(DisplayWidth("ｶﾀｶﾅ"), 4u);
  EXPECT_EQ(DisplayWidth("e\xCC\x81"), 1u);  // e + combining acute
}

}  // namespace
}  // namespace kiji
