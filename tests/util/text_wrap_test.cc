#include "common/util/text_wrap.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/util/utf8.h"

namespace kiji {
namespace {

std::vector<std::string> Wrapped(std::string_view text, std::size_t first, std::size_t width) {
  std::vector<std::string> out;
  for (const auto& [b, e] : WrapLines(text, first, width)) out.emplace_back(text.substr(b, e - b));
  return out;
}

TEST(TextWrapTest, BreaksAtSpacesAndDropsThem) {
  EXPECT_EQ(Wrapped("the quick brown fox jumps over the lazy dog", 10, 10),
            (std::vector<std::string>{"the quick", "brown fox", "jumps over", "the lazy", "dog"}));
  EXPECT_EQ(Wrapped("the quick brown fox", 4, 20), (std::vector<std::string>{"the", "quick brown fox"}))
      << "the first line has its own width";
  EXPECT_EQ(Wrapped("fits", 10, 10), (std::vector<std::string>{"fits"}));
  EXPECT_TRUE(Wrapped("", 10, 10).empty());
  EXPECT_EQ(Wrapped("a  b   ", 10, 10), (std::vector<std::string>{"a  b"})) << "trailing spaces belong to no line";
}

TEST(TextWrapTest, EveryLineFitsAndTheWordsComeBackInOrder) {
  std::string text;
  for (int i = 0; i < 60; ++i) text += (i % 7 == 0 ? "extraordinarily " : "word ") + std::to_string(i) + " ";
  for (const std::size_t width : {16u, 23u, 40u, 77u}) {
    std::string joined;
    for (const std::string& line : Wrapped(text, width, width)) {
      EXPECT_LE(DisplayWidth(line), width) << line;
      EXPECT_NE(line.front(), ' ');
      EXPECT_NE(line.back(), ' ');
      joined += (joined.empty() ? "" : " ") + line;
    }
    EXPECT_EQ(joined + " ", text);
  }
}

TEST(TextWrapTest, CountsWideCharactersAsTwoColumnsAndBreaksBetweenThem) {
  const std::string text = "東京都の新しいカメラが大阪で売られました";  // 20 wide characters, no spaces
  const std::vector<std::string> lines = Wrapped(text, 10, 10);
  ASSERT_EQ(lines.size(), 4u);
  for (const std::string& line : lines) EXPECT_EQ(DisplayWidth(line), 10u) << line;
  EXPECT_EQ(lines[0], "東京都の新");
  const std::vector<std::string> odd = Wrapped(text, 9, 9);
  for (const std::string& line : odd) EXPECT_LE(DisplayWidth(line), 9u) << "a wide character never straddles the edge";
  EXPECT_EQ(Wrapped("Tokyo 東京 is big", 9, 9), (std::vector<std::string>{"Tokyo 東", "京 is big"}));
}

TEST(TextWrapTest, AWordWiderThanALineIsCutBetweenGraphemes) {
  std::string accented;  // "é" as e + combining acute, 12 times: 12 columns
  for (int i = 0; i < 12; ++i) accented += "e\xCC\x81";
  const std::vector<std::string> lines = Wrapped(accented, 5, 5);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(DisplayWidth(lines[0]), 5u);
  for (const std::string& line : lines) {
    EXPECT_EQ(line.rfind("e", 0), 0u) << "no line starts with a lone accent";
    EXPECT_EQ(line.size() % 3, 0u);
  }
  EXPECT_EQ(Wrapped("abcdefghij", 4, 4), (std::vector<std::string>{"abcd", "efgh", "ij"}));
}

}  // namespace
}  // namespace kiji
