#include "searcher/query_line.h"

#include <gtest/gtest.h>

namespace kiji {
namespace {

using N = TerminalKey::Name;

void Type(QueryLine& line, const std::string& text) {
  for (char c : text) line.Apply(TerminalKey::Text(std::string(1, c)));
}

TEST(QueryLineTest, EditsLikeReadline) {
  QueryLine line;
  Type(line, "north korea talks");
  line.Apply(TerminalKey::Control('w'));
  EXPECT_EQ(line.text(), "north korea ");
  line.Apply(TerminalKey::Control('a'));
  EXPECT_EQ(line.cursor(), 0U);
  line.Apply(TerminalKey::Alt('f'));
  EXPECT_EQ(line.cursor(), 5U);
  line.Apply(TerminalKey::Control('k'));
  EXPECT_EQ(line.text(), "north");
  line.Apply(TerminalKey::Control('e'));
  Type(line, " sea");
  line.Apply(TerminalKey::Alt('b'));
  EXPECT_EQ(line.cursor(), 6U);
  line.Apply(TerminalKey::Control('u'));
  EXPECT_EQ(line.text(), "sea");
  EXPECT_EQ(line.cursor(), 0U);
  line.Apply(TerminalKey::Named(N::kDelete));
  EXPECT_EQ(line.text(), "ea");
  line.Apply(TerminalKey::Named(N::kEnd));  // not a line key: the list's
  EXPECT_FALSE(line.Apply(TerminalKey::Named(N::kPageDown)));
}

TEST(QueryLineTest, MovesAndDeletesWholeCharacters) {
  QueryLine line;
  line.Insert("cafe\xCC\x81 東京");  // "café" with a combining accent, then two ideographs
  line.Apply(TerminalKey::Named(N::kBackspace));
  EXPECT_EQ(line.text(), "cafe\xCC\x81 東");
  line.Apply(TerminalKey::Named(N::kLeft));
  line.Apply(TerminalKey::Named(N::kLeft));
  line.Apply(TerminalKey::Named(N::kBackspace));  // the accented e, mark and all
  EXPECT_EQ(line.text(), "caf 東");
  line.Apply(TerminalKey::Named(N::kRight));
  EXPECT_EQ(line.cursor(), std::string("caf ").size());
}

TEST(QueryLineTest, ControlCharactersTypedOrPastedBecomeSpaces) {
  QueryLine line;
  line.Insert("cocoa\x1b[31m\nprices\xE2\x80\xAE");
  EXPECT_EQ(line.text().find('\x1b'), std::string::npos);
  EXPECT_EQ(line.text().find('\n'), std::string::npos);
  EXPECT_EQ(line.text().find("\xE2\x80\xAE"), std::string::npos);
  EXPECT_NE(line.text().find("prices"), std::string::npos);
}

TEST(QueryLineTest, UpOnAnEmptyLineRecallsEarlierQueries) {
  QueryLine line;
  line.SetHistory({"cocoa", "oil prices"});
  EXPECT_TRUE(line.Apply(TerminalKey::Named(N::kUp)));
  EXPECT_EQ(line.text(), "oil prices");
  line.Apply(TerminalKey::Named(N::kUp));
  EXPECT_EQ(line.text(), "cocoa");
  EXPECT_FALSE(line.Apply(TerminalKey::Named(N::kUp)));  // the oldest: Up goes to the list
  line.Apply(TerminalKey::Named(N::kDown));
  line.Apply(TerminalKey::Named(N::kDown));
  EXPECT_EQ(line.text(), "");
  Type(line, "gold");
  EXPECT_FALSE(line.Apply(TerminalKey::Named(N::kUp)));  // moves the selection instead
  EXPECT_EQ(line.text(), "gold");
}

TEST(QueryLineTest, CtrlRFindsOlderQueriesContainingWhatWasTyped) {
  QueryLine line;
  line.SetHistory({"oil prices", "cocoa", "oil output", "gold"});
  Type(line, "oil");
  line.Apply(TerminalKey::Control('r'));
  EXPECT_TRUE(line.searching_history());
  EXPECT_EQ(line.text(), "oil output");
  line.Apply(TerminalKey::Control('r'));
  EXPECT_EQ(line.text(), "oil prices");
  EXPECT_FALSE(line.SearchHistoryBack());  // no older one: the line stays
  EXPECT_EQ(line.text(), "oil prices");
  Type(line, "!");
  EXPECT_FALSE(line.searching_history());
}

TEST(QueryLineTest, RememberSkipsEmptyAndRepeatedQueries) {
  QueryLine line;
  line.Remember("  ");
  line.Remember("cocoa ");
  line.Remember("cocoa");
  ASSERT_EQ(line.history().size(), 1U);
  EXPECT_EQ(line.history()[0], "cocoa");
}

}  // namespace
}  // namespace kiji
