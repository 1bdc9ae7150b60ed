#include "common/util/utf8.h"

#include <cstdint>
#include <iterator>
#include <random>
#include <string>

#include <gtest/gtest.h>
#include <unicode/utf8.h>

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

// Whole runs of well-formed text are copied eight ASCII bytes at a time:
// a bad byte must be found at every offset within and between those words.
TEST(RepairUtf8Test, FindsABadByteAtAnyOffset) {
  for (const std::string& bad : {std::string(1, '\0'), std::string("\xFF"), std::string("\x80"),
                                std::string("\xC3" "a"), std::string("\xE2\x82")}) {
    for (std::size_t at = 0; at <= 40; ++at) {
      const std::string text = std::string(at, 'a') + bad + std::string(40 - at, 'b');
      EXPECT_EQ(WellFormedPrefix(text), at) << at;
      EXPECT_FALSE(IsValidUtf8(text));
      const RepairedText r = RepairUtf8(text);
      EXPECT_EQ(r.replaced, 1u) << at;
      const std::string tail = bad.back() == 'a' ? "a" : "";
      EXPECT_EQ(r.text, std::string(at, 'a') + "\xEF\xBF\xBD" + tail + std::string(40 - at, 'b')) << at;
    }
  }
  for (std::size_t at = 0; at <= 40; ++at) {
    const std::string text = std::string(at, 'a') + "é東😀" + std::string(40 - at, 'b');
    EXPECT_EQ(WellFormedPrefix(text), text.size()) << at;
    EXPECT_EQ(RepairUtf8(text).text, text);
  }
}

// Against repairing one code point at a time with ICU's U8_NEXT (the
// obvious implementation) on random bytes, mostly ASCII as news is.
TEST(RepairUtf8Test, RepairsRandomBytesAsCodePointByCodePointRepairDoes) {
  const auto one_at_a_time = [](const std::string& text) {
    RepairedText out;
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    const auto length = static_cast<int32_t>(text.size());
    for (int32_t i = 0; i < length;) {
      const int32_t start = i;
      UChar32 c;
      U8_NEXT(s, i, length, c);
      if (c <= 0) {
        out.text += "\xEF\xBF\xBD";
        ++out.replaced;
      } else {
        out.text.append(text, static_cast<std::size_t>(start), static_cast<std::size_t>(i - start));
      }
    }
    return out;
  };
  std::mt19937 random(7);
  const std::string pieces[] = {"a", "b ", "\n", "é", "東", "😀", std::string(1, '\0'), "\xFF", "\xC3", "\x82",
                                "\xE2\x82", "\xF0\x9F\x98", "\xED\xA0\x80", "\xC0\xAF"};
  for (int n = 0; n < 20000; ++n) {
    std::string text;
    const auto length = random() % 40;
    for (unsigned i = 0; i < length; ++i) {
      const auto pick = random() % 40;
      text += pieces[pick < 26 ? 0 : pick % std::size(pieces)];
    }
    const RepairedText expected = one_at_a_time(text);
    const RepairedText r = RepairUtf8(text);
    ASSERT_EQ(r.text, expected.text) << n;
    EXPECT_EQ(r.replaced, expected.replaced) << n;
    EXPECT_EQ(IsValidUtf8(text), expected.replaced == 0) << n;
  }
}

TEST(StripControlCharactersTest, RemovesEscapesAndC1Controls) {
  EXPECT_EQ(StripControlCharacters("a\x1b[31mred\x07\tb", false), "a [31mred  b");
  EXPECT_EQ(StripControlCharacters("x\xC2\x9B" "1m", false), "x 1m");
  EXPECT_EQ(StripControlCharacters("line1\nline2", true), "line1\nline2");
  EXPECT_EQ(StripControlCharacters("line1\nline2", false), "line1 line2");
}

TEST(ClippedForMessageTest, MarksACutWithAnEllipsisAndNeverSplitsACodePoint) {
  EXPECT_EQ(ClippedForMessage("東京", 4), "東...");
  EXPECT_EQ(ClippedForMessage("東京", 6), "東京") << "nothing cut, no ellipsis";
  EXPECT_EQ(ClippedForMessage(std::string(1 << 20, 'x'), 10), "xxxxxxxxxx...");
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
