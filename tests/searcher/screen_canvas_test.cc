#include "searcher/screen_canvas.h"

#include <gtest/gtest.h>

namespace kiji {
namespace {

TEST(ScreenCanvasTest, WideCharactersTakeTwoColumnsAndCombiningMarksNone) {
  ScreenCanvas canvas(2, 10);
  EXPECT_EQ(canvas.Put(0, 0, "東京x", kPlain), 5);
  EXPECT_EQ(canvas.At(0, 0).glyph, "東");
  EXPECT_EQ(canvas.At(0, 1).glyph, "");  // the right half
  EXPECT_EQ(canvas.At(0, 4).glyph, "x");
  EXPECT_EQ(canvas.Put(1, 0, "cafe\xCC\x81!", kPlain), 5);
  EXPECT_EQ(canvas.At(1, 3).glyph, "e\xCC\x81");
  EXPECT_EQ(canvas.At(1, 4).glyph, "!");
  EXPECT_EQ(TextColumns("東京x"), 5);
}

TEST(ScreenCanvasTest, AWideCharacterThatWouldStraddleTheEdgeIsNotDrawn) {
  ScreenCanvas canvas(1, 5);
  EXPECT_EQ(canvas.Put(0, 0, "abc東", kPlain, 4), 3);
  EXPECT_EQ(canvas.RowText(0), "abc");
  EXPECT_EQ(canvas.Put(0, 3, "日本", kPlain), 2);
  EXPECT_EQ(canvas.RowText(0), "abc日");
}

TEST(ScreenCanvasTest, ControlsAndBidiOverridesNeverReachTheScreen) {
  ScreenCanvas canvas(1, 40);
  canvas.Put(0, 0, "a\x1b[2Jb\tc\xE2\x80\xAEgnp.exe\r\n", kPlain);
  const std::string row = canvas.RowText(0);
  EXPECT_EQ(row.find('\x1b'), std::string::npos);
  EXPECT_EQ(row.find("\xE2\x80\xAE"), std::string::npos);
  EXPECT_EQ(row.find('\n'), std::string::npos);
  EXPECT_NE(row.find("gnp.exe"), std::string::npos);
}

TEST(ScreenCanvasTest, OverwritingHalfAWideCharacterBlanksItsOtherHalf) {
  ScreenCanvas canvas(1, 6);
  canvas.Put(0, 0, "日本語", kPlain);
  canvas.Put(0, 1, "x", kPlain);  // over the right half of 日
  EXPECT_EQ(canvas.RowText(0), " x本語");
  canvas.Put(0, 2, "y", kPlain);  // over the left half of 本
  EXPECT_EQ(canvas.RowText(0), " xy 語");
}

TEST(ScreenCanvasTest, TextCutShortEndsWithAnEllipsis) {
  ScreenCanvas canvas(2, 10);
  EXPECT_EQ(canvas.PutFitted(0, 0, "Harbour report", kPlain, 8), 8);
  EXPECT_EQ(canvas.RowText(0), "Harbour…");
  canvas.PutFitted(1, 0, "東京港の話", kPlain, 6);
  EXPECT_EQ(canvas.RowText(1), "東京…");
  EXPECT_EQ(ColumnOffset("東京x", 1), 3U);  // never inside a character
  EXPECT_EQ(ColumnOffset("東京x", 4), 6U);
}

TEST(ScreenCanvasTest, PutsOutsideTheScreenAreIgnoredAndStylesAdd) {
  ScreenCanvas canvas(2, 4);
  EXPECT_EQ(canvas.Put(5, 0, "x", kPlain), 0);
  EXPECT_EQ(canvas.Put(0, 9, "x", kPlain), 0);
  canvas.Put(1, 0, "abcdef", kMatch);
  EXPECT_EQ(canvas.RowText(1), "abcd");
  canvas.Style(1, 2, 10, kSelected);
  EXPECT_EQ(canvas.At(1, 1).style, kMatch);
  EXPECT_EQ(canvas.At(1, 3).style, kMatch | kSelected);
  EXPECT_EQ(canvas.Text(), "\nabcd\n");
}

}  // namespace
}  // namespace kiji
