#include "common/analysis/ascii_words.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kiji {
namespace {

// Each word as its text, with "#" appended when ICU would call it a number.
std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> out;
  for (const AsciiWord& w : AsciiWords(text)) {
    out.push_back(std::string(text.substr(w.begin, w.end - w.begin)) + (w.number ? "#" : ""));
  }
  return out;
}

TEST(AsciiWordsTest, PunctuationBetweenLettersOrDigitsJoinsAsUax29Says) {
  EXPECT_EQ(Words("don't U.S. e-mail a:b"), (std::vector<std::string>{"don't", "U.S", "e", "mail", "a", "b"}));
  EXPECT_EQ(Words("1,000.50 3;4 1.a a.1 1..2"),
            (std::vector<std::string>{"1,000.50#", "3;4#", "1#", "a", "a", "1#", "1#", "2#"}));
  EXPECT_EQ(Words("x_y@z.com"), (std::vector<std::string>{"x_y@z.com"}));
}

TEST(AsciiWordsTest, TheLastCharacterDecidesLetterOrNumberAsInIcu) {
  EXPECT_EQ(Words("a1 1a 1_ a_ __ @"), (std::vector<std::string>{"a1#", "1a", "1_#", "a_", "__", "@"}));
}

TEST(AsciiWordsTest, SpacesPunctuationAndALoneUnderscoreAreNotWords) {
  EXPECT_TRUE(AsciiWords("  \r\n\t-- _ ?!").empty());
  EXPECT_TRUE(AsciiWords("").empty());
}

TEST(AsciiWordsTest, BytesAboveAsciiNeverJoinAWord) {
  EXPECT_EQ(Words("ab\xC3\xA9" "cd"), (std::vector<std::string>{"ab", "cd"}));
}

TEST(AsciiWordsTest, SafeCutsFollowASpaceOrLineFeedAndPrecedeAsciiOtherThanASpace) {
  const std::string text = "a b\nc  d \xC3\xA9";
  std::vector<std::size_t> cuts;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (IsSafeCut(text, i)) cuts.push_back(i);
  }
  EXPECT_EQ(cuts, (std::vector<std::size_t>{0, 2, 4, 7, text.size()}));
}

}  // namespace
}  // namespace kiji
