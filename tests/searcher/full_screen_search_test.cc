// The full-screen search's behaviour, key by key, drawn onto a canvas and
// compared with golden snapshots (tests/golden/full_screen/; rewrite them
// with KIJI_UPDATE_GOLDEN=1 after a deliberate change, and read the diff).
#include "searcher/full_screen_search.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "common/index/document_builder.h"
#include "common/index/index_settings.h"
#include "common/index/index_writer.h"
#include "tests/test_support.h"

namespace kiji {
namespace {

using N = TerminalKey::Name;

std::string Snapshot(FullScreenSearch& search, int rows, int columns) {
  ScreenCanvas canvas(rows, columns);
  search.Draw(canvas);
  // Search times differ from run to run.
  return std::regex_replace(canvas.Text(), std::regex("[0-9]+\\.[0-9] ms"), "T ms");
}

void ExpectGolden(const std::string& name, const std::string& snapshot) {
  const std::string path = std::string(KIJI_SOURCE_DIR) + "/tests/golden/full_screen/" + name + ".txt";
  if (std::getenv("KIJI_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path) << snapshot;
    return;
  }
  std::ifstream file(path);
  ASSERT_TRUE(file) << "no golden file " << path << " (KIJI_UPDATE_GOLDEN=1 writes it)";
  std::stringstream golden;
  golden << file.rdbuf();
  EXPECT_EQ(snapshot, golden.str()) << "snapshot " << name << " differs from " << path;
}

class FullScreenSearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    IndexWriter writer(path_, NewIndexSettings(false, "en"), false);
    DocumentBuilder builder(writer.settings());
    const char* places[] = {"Rotterdam", "Hamburg", "Antwerp", "Felixstowe", "Genoa", "Piraeus"};
    for (int i = 1; i <= 6; ++i) {
      Article a;
      a.id = "h" + std::to_string(i);
      a.title = "Harbour report from " + std::string(places[i - 1]);
      a.body = "The harbour cranes of " + std::string(places[i - 1]) + " moved " + std::to_string(i * 7) +
               " ships.\n\nWeather was calm and the harbour master expects more cocoa cargo next week.";
      a.date = "2024-0" + std::to_string(i) + "-1" + std::to_string(i);
      a.source = i % 2 ? "Port News" : "Sea Wire";
      a.tags = {i % 2 ? "topic:ports" : "topic:shipping"};
      writer.Write(builder.Build(a));
    }
    Article ja;
    ja.id = "ja1";
    ja.title = "東京港の新しいクレーン harbour";
    ja.body = "東京港に新しいクレーンが届いた。harbour の話。";
    ja.date = "2024-07-01";
    ja.source = "港湾新聞";
    writer.Write(builder.Build(ja));
    writer.Commit();
    searcher_ = std::make_unique<IndexSearcher>(path_);
    search_ = std::make_unique<FullScreenSearch>(*searcher_, SearchOptions{});
  }

  // Types `text` a character at a time, as a terminal sends it.
  void Type(const std::string& text) {
    for (std::size_t i = 0; i < text.size();) {
      std::size_t next = i + 1;
      while (next < text.size() && (static_cast<unsigned char>(text[next]) & 0xC0) == 0x80) ++next;
      Key(TerminalKey::Text(text.substr(i, next - i)));
      i = next;
    }
  }
  FullScreenSearch::Action Key(const TerminalKey& key) {
    const FullScreenSearch::Action action = search_->HandleKey(key);
    search_->Update();
    return action;
  }
  std::string Screen(int rows = 24, int columns = 80) { return Snapshot(*search_, rows, columns); }

  testing::TempDir dir_;
  std::string path_ = dir_ / "index";
  std::unique_ptr<IndexSearcher> searcher_;
  std::unique_ptr<FullScreenSearch> search_;
};

TEST_F(FullScreenSearchTest, AnEmptyQueryInvitesTyping) { ExpectGolden("empty", Screen()); }

TEST_F(FullScreenSearchTest, ResultsFollowTypingWithAPreviewBelowOnANarrowTerminal) {
  Type("harbour cranes");
  ExpectGolden("typing_narrow", Screen());
}

TEST_F(FullScreenSearchTest, ThePreviewStandsBesideTheListOnAWideTerminal) {
  Type("harbour");
  Key(TerminalKey::Named(N::kDown));
  ExpectGolden("selection_wide", Screen(20, 140));
}

TEST_F(FullScreenSearchTest, EnterOpensTheReaderAndQGoesBack) {
  Type("cocoa");
  Key(TerminalKey::Named(N::kDown));
  Key(TerminalKey::Named(N::kEnter));
  ExpectGolden("reader", Screen());
  Key(TerminalKey::Text("n"));
  EXPECT_NE(Screen().find("match 1/"), std::string::npos) << Screen();
  Key(TerminalKey::Text("q"));
  const std::string list = Screen();
  EXPECT_EQ(list.rfind("> cocoa", 0), 0U) << list;
  EXPECT_EQ(Key(TerminalKey::Named(N::kEscape)), FullScreenSearch::Action::kLeave);
}

TEST_F(FullScreenSearchTest, ASyntaxErrorShowsItsCaretAndKeepsTheLastResults) {
  Type("harbour AND (");
  const std::string screen = Screen();
  EXPECT_NE(screen.find("Harbour report"), std::string::npos) << screen;
  ExpectGolden("syntax_error", screen);
}

TEST_F(FullScreenSearchTest, AHalfTypedLastWordFindsWordsStartingWithIt) {
  Type("harbo");
  const std::string screen = Screen();
  EXPECT_NE(screen.find("words starting with 'harbo'"), std::string::npos) << screen;
  EXPECT_NE(screen.find("Harbour report"), std::string::npos) << screen;
}

TEST_F(FullScreenSearchTest, ASyntaxErrorAfterAHalfTypedWordKeepsSayingWhatTheResultsAre) {
  Type("harbo");
  Key(TerminalKey::Control('a'));
  Type("(");
  const std::string screen = Screen();
  EXPECT_NE(screen.find("^ missing ')'"), std::string::npos) << screen;
  EXPECT_NE(screen.find("Harbour report"), std::string::npos) << screen;
  EXPECT_NE(screen.find("for words starting with 'harbo'"), std::string::npos) << screen;
}

TEST_F(FullScreenSearchTest, WideCharactersKeepTheirColumns) {
  Type("東京港");
  ExpectGolden("wide_characters", Screen());
}

TEST_F(FullScreenSearchTest, HelpListsTheKeysAndAnyKeyGoesBack) {
  Key(TerminalKey::Named(N::kF1));
  ExpectGolden("help", Screen());
  Key(TerminalKey::Text("x"));
  EXPECT_NE(Screen().find("Type to search"), std::string::npos);
}

TEST_F(FullScreenSearchTest, CtrlSSortsNewestFirstThenOldest) {
  Type("harbour");
  Key(TerminalKey::Control('s'));
  std::string screen = Screen();
  EXPECT_NE(screen.find("newest first"), std::string::npos) << screen;
  EXPECT_LT(screen.find("東京港"), screen.find("Rotterdam")) << screen;
  Key(TerminalKey::Control('s'));
  screen = Screen();
  EXPECT_LT(screen.find("Rotterdam"), screen.find("Hamburg")) << screen;
}

TEST_F(FullScreenSearchTest, ThePickerAddsAFilterToTheQuery) {
  Type("harbour");
  Key(TerminalKey::Control('f'));
  const std::string picker = Screen();
  EXPECT_NE(picker.find("Sea Wire"), std::string::npos) << picker;
  // Down to the second source, then Enter.
  Key(TerminalKey::Named(N::kDown));
  Key(TerminalKey::Named(N::kEnter));
  EXPECT_EQ(search_->query(), "harbour source:\"Sea Wire\"");
  const std::string screen = Screen();
  EXPECT_NE(screen.find("3 results"), std::string::npos) << screen;
  EXPECT_EQ(screen.find("Port News"), std::string::npos) << screen;
}

TEST_F(FullScreenSearchTest, TabCompletesAndCyclesFieldNames) {
  Type("cocoa da");
  Key(TerminalKey::Named(N::kTab));
  EXPECT_EQ(search_->query(), "cocoa date:");
  EXPECT_NE(Screen().find("Tab: date: dateline:"), std::string::npos) << Screen();
  Key(TerminalKey::Named(N::kTab));
  EXPECT_EQ(search_->query(), "cocoa dateline:");
}

TEST_F(FullScreenSearchTest, EndLoadsToTheLastResultAndHomeGoesBack) {
  Type("harbour");
  Key(TerminalKey::Named(N::kEnd));
  EXPECT_NE(Screen(24, 80).find("7 Harbour"), std::string::npos);
  Key(TerminalKey::Named(N::kEnter));
  EXPECT_NE(Screen().find("Piraeus"), std::string::npos) << Screen();
}

TEST_F(FullScreenSearchTest, KeysToLeaveAndSuspend) {
  EXPECT_EQ(Key(TerminalKey::Control('z')), FullScreenSearch::Action::kSuspend);
  EXPECT_EQ(Key(TerminalKey::Control('l')), FullScreenSearch::Action::kRepaint);
  EXPECT_EQ(Key(TerminalKey::Control('d')), FullScreenSearch::Action::kLeave);  // on an empty line
  Type("x");
  EXPECT_EQ(Key(TerminalKey::Control('d')), FullScreenSearch::Action::kContinue);
  EXPECT_EQ(Key(TerminalKey::Control('c')), FullScreenSearch::Action::kLeave);
}

TEST_F(FullScreenSearchTest, QueriesActedOnAreRemembered) {
  Type("cocoa");
  Key(TerminalKey::Named(N::kEnter));
  const std::vector<std::string> kept = search_->TakeQueriesToRemember();
  ASSERT_EQ(kept.size(), 1U);
  EXPECT_EQ(kept[0], "cocoa");
  EXPECT_TRUE(search_->TakeQueriesToRemember().empty());
}

TEST_F(FullScreenSearchTest, KeysRightAfterAnEditActOnTheNewQuerysResults) {
  Type("cocoa");
  // One burst, as a fast typist or a paste sends it: no search in between.
  search_->HandleKey(TerminalKey::Control('u'));
  for (const char* c : {"G", "e", "n", "o", "a"}) search_->HandleKey(TerminalKey::Text(c));
  search_->HandleKey(TerminalKey::Named(N::kEnter));
  const std::string screen = Screen();
  EXPECT_EQ(screen.rfind("Harbour report from Genoa", 0), 0U) << screen;
}

TEST_F(FullScreenSearchTest, AnIndexRebuiltAndSwappedInIsSearchedFromTheNextKey) {
  Type("harbour");
  EXPECT_NE(Screen().find("7 results"), std::string::npos) << Screen();
  testing::WriteHarbourIndex(dir_ / "rebuilt", 2);
  std::filesystem::rename(path_, dir_ / "old");
  std::filesystem::rename(dir_ / "rebuilt", path_);
  Type(" ");
  const std::string screen = Screen();
  EXPECT_NE(screen.find("2 results"), std::string::npos) << screen;
}

TEST_F(FullScreenSearchTest, AWordWiderThanTheLineKeepsTheCursorInSight) {
  Type(std::string(100, 'x'));
  ScreenCanvas canvas(24, 80);
  search_->Draw(canvas);
  EXPECT_EQ(canvas.RowText(0).rfind(">…xxxx", 0), 0U) << canvas.RowText(0);
  EXPECT_LT(canvas.cursor_column(), 80);
  EXPECT_EQ(canvas.At(0, canvas.cursor_column() - 1).glyph, "x");
}

TEST_F(FullScreenSearchTest, AnErrorAboutALongQueryShowsItsMessage) {
  std::string query;
  for (int i = 0; i < 2000; ++i) query += "cocoa ";
  search_->line().Insert(query);
  Key(TerminalKey::Named(N::kEnd));
  const std::string screen = Screen();
  EXPECT_NE(screen.find("limit"), std::string::npos) << screen;
  // No count of results never found: the status says why there are none.
  EXPECT_NE(screen.find("no results yet: the query does not parse"), std::string::npos) << screen;
  EXPECT_EQ(screen.find("about 0"), std::string::npos) << screen;
}

TEST_F(FullScreenSearchTest, HelpOnAShortTerminalStaysAboveTheStatusLineAndScrolls) {
  Key(TerminalKey::Named(N::kF1));
  ScreenCanvas canvas(12, 80);
  search_->Draw(canvas);
  EXPECT_EQ(canvas.RowText(11).rfind("Down/PgDn: more keys", 0), 0U) << canvas.Text();
  EXPECT_EQ(canvas.Text().find("Reader"), std::string::npos) << canvas.Text();
  Key(TerminalKey::Named(N::kPageDown));
  ScreenCanvas scrolled(12, 80);
  search_->Draw(scrolled);
  EXPECT_NE(scrolled.Text().find("Reader"), std::string::npos) << scrolled.Text();
  Key(TerminalKey::Text("x"));
  EXPECT_NE(Screen().find("Type to search"), std::string::npos);
}

TEST_F(FullScreenSearchTest, AHalfTypedWordAfterOthersFindsWordsStartingWithIt) {
  Type("cranes Pira");
  const std::string screen = Screen();
  EXPECT_NE(screen.find("for words starting with 'Pira'"), std::string::npos) << screen;
  // Both words match only Piraeus: first, before the articles with cranes alone.
  EXPECT_LT(screen.find("Piraeus"), screen.find("Rotterdam")) << screen;
}

TEST_F(FullScreenSearchTest, TheStoryViewSaysWhatItListsAndIgnoresSorting) {
  Type("harbour");
  Key(TerminalKey::Alt('s'));
  Key(TerminalKey::Control('s'));
  const std::string screen = Screen();
  EXPECT_NE(screen.find("the story, oldest first"), std::string::npos) << screen;
  EXPECT_EQ(screen.find("newest first"), std::string::npos) << screen;
  EXPECT_EQ(screen.find("7 results"), std::string::npos) << screen;
}

TEST_F(FullScreenSearchTest, RecencyUnderADateOrderSaysItDoesNotApply) {
  Type("harbour");
  Key(TerminalKey::Control('s'));
  Key(TerminalKey::Control('t'));
  EXPECT_NE(Screen().find("recency 7d (not under a date order)"), std::string::npos) << Screen();
}

TEST_F(FullScreenSearchTest, CtrlFOnAQueryThatDoesNotParseSaysWhy) {
  Type("harbour AND (");
  Key(TerminalKey::Control('f'));
  EXPECT_NE(Screen().find("does not parse yet"), std::string::npos) << Screen();
}

TEST_F(FullScreenSearchTest, LeavingSimilarArticlesKeepsTheSelection) {
  Type("harbour");
  Key(TerminalKey::Named(N::kDown));
  Key(TerminalKey::Named(N::kDown));
  Key(TerminalKey::Alt('l'));
  Key(TerminalKey::Named(N::kEscape));
  Key(TerminalKey::Named(N::kEnter));
  EXPECT_EQ(Screen().rfind("Harbour report from Hamburg", 0), 0U) << Screen();
}

TEST_F(FullScreenSearchTest, CtrlGCancelsAHistorySearch) {
  search_->line().SetHistory({"harbour cranes"});
  Type("cra");
  Key(TerminalKey::Control('r'));
  EXPECT_EQ(search_->query(), "harbour cranes");
  Key(TerminalKey::Control('g'));
  EXPECT_EQ(search_->query(), "cra");
}

TEST_F(FullScreenSearchTest, EscFromSimilarArticlesGoesBackToTheQuery) {
  Type("harbour");
  Key(TerminalKey::Alt('l'));
  EXPECT_NE(Screen().find("Articles like"), std::string::npos) << Screen();
  EXPECT_EQ(Key(TerminalKey::Named(N::kEscape)), FullScreenSearch::Action::kContinue);
  const std::string screen = Screen();
  EXPECT_EQ(screen.find("Articles like"), std::string::npos) << screen;
  EXPECT_NE(screen.find("7 results"), std::string::npos) << screen;
  EXPECT_EQ(Key(TerminalKey::Control('g')), FullScreenSearch::Action::kContinue);  // Ctrl-G never leaves
}

TEST_F(FullScreenSearchTest, ReaderNAndNSearchFromTheScreenAfterScrolling) {
  Type("harbour");
  Key(TerminalKey::Named(N::kDown));
  Key(TerminalKey::Named(N::kEnter));
  Key(TerminalKey::Text("n"));
  Key(TerminalKey::Text("n"));
  EXPECT_NE(Screen().find("match 2/2"), std::string::npos) << Screen();
  Key(TerminalKey::Text("n"));
  EXPECT_NE(Screen().find("no more matches below"), std::string::npos) << Screen();
  Key(TerminalKey::Text("g"));
  Key(TerminalKey::Text("N"));
  EXPECT_NE(Screen().find("no more matches above"), std::string::npos) << Screen();
}

TEST_F(FullScreenSearchTest, UpWalksBackThroughEarlierQueries) {
  search_->line().SetHistory({"Genoa", "Piraeus", "Hamburg"});
  Key(TerminalKey::Named(N::kUp));
  EXPECT_EQ(search_->query(), "Hamburg");
  Key(TerminalKey::Named(N::kUp));
  EXPECT_EQ(search_->query(), "Piraeus");
  Key(TerminalKey::Named(N::kDown));  // Down moves the selection: the recalled query stays
  Key(TerminalKey::Named(N::kUp));
  EXPECT_EQ(search_->query(), "Genoa");
}

TEST_F(FullScreenSearchTest, TabCompletionWaitsForTheFieldsValueBeforeSearching) {
  Type("harbour da");
  Key(TerminalKey::Named(N::kTab));
  const std::string screen = Screen();
  EXPECT_EQ(screen.find("needs a value"), std::string::npos) << screen;
  EXPECT_EQ(screen.find("^"), std::string::npos) << screen;
}

TEST_F(FullScreenSearchTest, ATooSmallTerminalSaysWhatItNeeds) {
  const std::string screen = Screen(5, 20);
  EXPECT_NE(screen.find("too small"), std::string::npos) << screen;
}

}  // namespace
}  // namespace kiji
