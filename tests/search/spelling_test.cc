#include "common/search/spelling.h"

#include <string>

#include <gtest/gtest.h>

#include "common/analysis/analyzer.h"
#include "common/index/index_settings.h"
#include "tests/test_support.h"

namespace kiji {
namespace {

// An index whose spelling table and terms say: "volcker" in 40 articles,
// "volker" in 1, "oil" in 50, "oli" in 3.
class SpellingTest : public ::testing::Test {
 protected:
  SpellingTest() : analyzer_(NewIndexSettings(false, "en")) {
    Xapian::WritableDatabase db(dir_ / "index", Xapian::DB_CREATE_OR_OPEN);
    const auto add = [&db](const std::string& word, int articles) {
      for (int i = 0; i < articles; ++i) {
        Xapian::Document doc;
        doc.add_term(word);
        db.add_document(doc);
        db.add_spelling(word);
      }
    };
    add("volcker", 40);
    add("volker", 1);
    add("oil", 50);
    add("oli", 3);
    db.commit();
    db_ = Xapian::Database(dir_ / "index");
  }

  // The suggestion for `query`, which is taken to find `total` articles and
  // its suggestion `more` more.
  std::string Suggest(const std::string& query, Xapian::doccount total = 1, Xapian::doccount more = 1) {
    return SuggestSpelling(db_, query, ParseQuery(query, analyzer_), total,
                           [&](const std::string&) { return total + more; });
  }

  testing::TempDir dir_;
  Analyzer analyzer_;
  Xapian::Database db_;
};

TEST_F(SpellingTest, AWordTheIndexLacksIsCorrected) {
  EXPECT_EQ(Suggest("voclker"), "volcker");
  EXPECT_EQ(Suggest("oil voclker"), "oil volcker");
}

TEST_F(SpellingTest, ARareWordWithAMuchMoreFrequentSpellingIsCorrectedEvenWhenTheQueryFindsSomething) {
  EXPECT_EQ(Suggest("Volker", 30), "Volcker") << "capitalised as typed";
  EXPECT_EQ(Suggest("VOCLKER"), "VOLCKER") << "in capitals as typed";
  EXPECT_EQ(Suggest("oli"), "") << "3 articles against 50: not 20 times as many";
  EXPECT_EQ(Suggest("volcker"), "") << "a frequent word is no misspelling";
}

TEST_F(SpellingTest, OperatorsPhrasesAndWildcardsStayAsTyped) {
  EXPECT_EQ(Suggest("voclker AND \"oil price\" -oli"), "volcker AND \"oil price\" -oli");
  EXPECT_EQ(Suggest("volk* voclker"), "volk* volcker");
  EXPECT_EQ(Suggest("title:voclker"), "") << "only free words";
  EXPECT_EQ(Suggest("ol"), "") << "too short to correct";
}

TEST_F(SpellingTest, NoSuggestionThatFindsNoMore) {
  EXPECT_EQ(Suggest("voclker", 5, 0), "");
}

}  // namespace
}  // namespace kiji
