#include <gtest/gtest.h>

#include <algorithm>

#include "common/index/document_builder.h"
#include "common/search/index_searcher.h"
#include "common/index/index_writer.h"
#include "common/index/schema.h"
#include "common/index/stored_article.h"
#include "common/index/index_settings.h"
#include "tests/test_support.h"

namespace kiji {
namespace {

using testing::MakeArticle;

SearchOptions Options(Xapian::doccount limit, Xapian::doccount offset, bool snippets) {
  SearchOptions o;
  o.limit = limit;
  o.offset = offset;
  o.snippets = snippets;
  return o;
}

class IndexTest : public ::testing::Test {
 protected:
  IndexWriter::Outcome Put(IndexWriter& writer, const Article& a) {
    DocumentBuilder builder(writer.settings());
    return writer.Write(builder.Build(a));
  }

  std::vector<std::string> Ids(const std::string& query, Xapian::doccount n = 10) {
    IndexSearcher searcher(path_);
    std::vector<std::string> ids;
    for (const Hit& h : searcher.Search("q", query, Options(n, 0, false)).hits) ids.push_back(h.id);
    return ids;
  }

  void BuildSmallIndex() {
    IndexWriter writer(path_, NewIndexSettings(false, "en"), false);
    Put(writer, MakeArticle("war", "Troops sent to Kursk", "North Korean troops fought in Kursk."));
    Put(writer, MakeArticle("korea", "Economy news", "North Korea and South Korea talked about troops."));
    Put(writer, MakeArticle("order", "Word order", "korean north troops were mentioned."));
    Put(writer, MakeArticle("de", "Neue Häuser", "In Wien werden viele Häuser gebaut.", "de"));
    Put(writer, MakeArticle("ja", "東京のニュース", "龘靐齉という名前の店が東京都庁の近くに開店した。", "ja"));
    writer.Commit();
  }

  testing::TempDir dir_;
  std::string path_ = dir_ / "index";
};

TEST_F(IndexTest, ReindexingReplacesByIdAndSkipsUnchangedArticles) {
  {
    IndexWriter writer(path_, NewIndexSettings(false, "en"), false);
    EXPECT_EQ(Put(writer, MakeArticle("a", "Alpha", "first text")), IndexWriter::Outcome::kAdded);
    EXPECT_EQ(Put(writer, MakeArticle("b", "Beta", "second text")), IndexWriter::Outcome::kAdded);
    writer.Commit();
  }
  {
    IndexWriter writer(path_, NewIndexSettings(false, "en"), false);
    EXPECT_EQ(Put(writer, MakeArticle("a", "Alpha", "first text")), IndexWriter::Outcome::kUnchanged);
    EXPECT_EQ(Put(writer, MakeArticle("b", "Beta", "changed text")), IndexWriter::Outcome::kUpdated);
    writer.Commit();
  }
  Xapian::Database db(path_);
  EXPECT_EQ(db.get_doccount(), 2u);
  EXPECT_EQ(Ids("changed"), (std::vector<std::string>{"b"}));
  EXPECT_TRUE(Ids("second").empty());
}

TEST_F(IndexTest, SettingsAreRecordedAndConflictingOnesRefused) {
  { IndexWriter writer(path_, NewIndexSettings(true, "de"), true); writer.Commit(); }
  const auto stored = ReadIndexSettings(Xapian::Database(path_));
  ASSERT_TRUE(stored.has_value());
  EXPECT_TRUE(stored->fold_diacritics);
  EXPECT_EQ(stored->default_language, "de");
  EXPECT_EQ(stored->schema_version, schema::kVersion);
  EXPECT_FALSE(stored->icu_version.empty());
  EXPECT_THROW(IndexWriter(path_, NewIndexSettings(false, "de"), true), IndexError);
  // Without explicit settings the stored ones are used.
  IndexWriter writer(path_, NewIndexSettings(false, "en"), false);
  EXPECT_TRUE(writer.settings().fold_diacritics);
}

TEST_F(IndexTest, StemmedWordsMatchAndTitlesCountMore) {
  BuildSmallIndex();
  const auto ids = Ids("troop");
  ASSERT_EQ(ids.size(), 3u);
  EXPECT_EQ(ids[0], "war") << "the article with the word in its title ranks first";
}

TEST_F(IndexTest, PhrasesMatchOnlyWordsInOrder) {
  BuildSmallIndex();
  EXPECT_EQ(Ids("\"north korean troops\""), (std::vector<std::string>{"war"}));
  EXPECT_TRUE(Ids("\"troops north\"").empty());
}

TEST_F(IndexTest, EachArticleIsStemmedInItsOwnLanguage) {
  BuildSmallIndex();
  EXPECT_EQ(Ids("Haus"), (std::vector<std::string>{"de"}));
}

TEST_F(IndexTest, CjkWordsAndUnknownNamesAreFound) {
  BuildSmallIndex();
  EXPECT_EQ(Ids("東京"), (std::vector<std::string>{"ja"}));
  EXPECT_EQ(Ids("靐齉"), (std::vector<std::string>{"ja"})) << "found through ideograph bigrams";
  EXPECT_EQ(Ids("都庁"), (std::vector<std::string>{"ja"}));
}

TEST_F(IndexTest, SearchReturnsFieldsAndAHighlightedSnippet) {
  BuildSmallIndex();
  IndexSearcher searcher(path_);
  const SearchResult r = searcher.Search("7", "Kursk", Options(10, 0, true));
  EXPECT_EQ(r.query_id, "7");
  EXPECT_EQ(r.total, 1u);
  ASSERT_EQ(r.hits.size(), 1u);
  const Hit& hit = r.hits[0];
  EXPECT_EQ(hit.rank, 1u);
  EXPECT_EQ(hit.title, "Troops sent to Kursk");
  EXPECT_GT(hit.score, 0);
  ASSERT_EQ(hit.snippet.highlights.size(), 1u);
  const auto [b, e] = hit.snippet.highlights[0];
  EXPECT_EQ(hit.snippet.text.substr(b, e - b), "Kursk");
}

TEST_F(IndexTest, StoredArticlesAreReadCompressedOrAsOlderIndexesHoldThemAndDamageIsAnError) {
  BuildSmallIndex();
  const auto docid_of = [&](const std::string& id) {
    Xapian::Database db(path_);
    return *db.postlist_begin(schema::IdTerm(id));
  };
  const Xapian::docid war = docid_of("war"), korea = docid_of("korea"), order = docid_of("order");
  {
    Xapian::WritableDatabase db(path_);
    const Xapian::Document doc = db.get_document(war);
    EXPECT_TRUE(doc.get_data().empty()) << "the article is a value, not document data";
    const std::optional<std::string> data = DecompressStoredArticle(doc.get_value(schema::kArticleSlot));
    ASSERT_TRUE(data.has_value());
    EXPECT_EQ(DecodeStoredArticle(*data).body, "North Korean troops fought in Kursk.");
    // "korea" as an index written before the move holds it: document data.
    Xapian::Document old = db.get_document(korea);
    old.set_data(*DecompressStoredArticle(old.get_value(schema::kArticleSlot)));
    old.remove_value(schema::kArticleSlot);
    db.replace_document(korea, old);
    Xapian::Document damaged = db.get_document(order);
    std::string packed = damaged.get_value(schema::kArticleSlot);
    packed[packed.size() / 2] ^= 0x5a;
    damaged.add_value(schema::kArticleSlot, packed);
    db.replace_document(order, damaged);
    db.commit();
  }
  IndexSearcher searcher(path_);
  EXPECT_EQ(searcher.Open(war, "Kursk").article.title, "Troops sent to Kursk");
  EXPECT_EQ(searcher.Open(korea, "South").article.body, "North Korea and South Korea talked about troops.");
  const SearchResult r = searcher.Search("q", "South", Options(10, 0, true));
  ASSERT_EQ(r.hits.size(), 1u);
  EXPECT_NE(r.hits[0].snippet.text.find("South Korea"), std::string::npos);
  try {
    searcher.Search("q", "mentioned", Options(10, 0, true));
    ADD_FAILURE() << "a damaged stored article was read";
  } catch (const IndexError& e) {
    EXPECT_NE(std::string(e.what()).find("document " + std::to_string(order) + " is damaged"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(Ids("mentioned"), (std::vector<std::string>{"order"})) << "ids alone do not read the article";
}

TEST_F(IndexTest, OffsetPagesThroughResults) {
  BuildSmallIndex();
  IndexSearcher searcher(path_);
  const SearchResult page2 = searcher.Search("q", "troops north", Options(1, 1, false));
  ASSERT_EQ(page2.hits.size(), 1u);
  EXPECT_EQ(page2.hits[0].rank, 2u);
  EXPECT_EQ(page2.hits[0].id, Ids("troops north")[1]);
}

TEST_F(IndexTest, OpeningAMissingIndexIsAClearError) {
  try {
    IndexSearcher searcher(dir_ / "nowhere");
    FAIL();
  } catch (const IndexError& e) {
    EXPECT_NE(std::string(e.what()).find("indexer --db"), std::string::npos) << e.what();
  }
}

TEST_F(IndexTest, TheSpellingDictionaryCountsWhatTheIndexHolds) {
  const Article a = MakeArticle("a", "Zeppelin news", "A zeppelin flew over Friedrichshafen.");
  const Article b_new = MakeArticle("b", "Airships", "Airships, and not one zeppelin.");
  const std::string feed = dir_ / "feed.jsonl";
  {
    IndexWriter writer(path_, NewIndexSettings(false, "en"), false);
    DocumentBuilder builder(writer.settings());
    writer.Write(builder.Build(a));
    writer.Write(builder.Build(MakeArticle("b", "Balloons", "Balloons, and zeppelin zeppelin.")));
    writer.Write(builder.Build(MakeArticle("c", "Gliders", "Gliders glide silently."), feed));
    writer.Commit();
  }
  {
    IndexWriter writer(path_, NewIndexSettings(false, "en"), false);
    DocumentBuilder builder(writer.settings());
    EXPECT_EQ(writer.Write(builder.Build(a)), IndexWriter::Outcome::kUnchanged);
    EXPECT_EQ(writer.Write(builder.Build(b_new)), IndexWriter::Outcome::kUpdated);
    EXPECT_EQ(writer.RemoveArticlesFrom(feed, {}), 1u);
    writer.Commit();
  }
  {
    IndexWriter fresh(dir_ / "fresh", NewIndexSettings(false, "en"), false);
    DocumentBuilder builder(fresh.settings());
    fresh.Write(builder.Build(a));
    fresh.Write(builder.Build(b_new));
    fresh.Commit();
  }
  const std::vector<std::string> words = testing::SpellingDictionary(Xapian::Database(path_));
  EXPECT_EQ(words, testing::SpellingDictionary(Xapian::Database(dir_ / "fresh")))
      << "an unchanged article adds nothing, a replaced or removed one takes its words back";
  EXPECT_NE(std::find(words.begin(), words.end(), "zeppelin 3"), words.end());
  EXPECT_EQ(std::find(words.begin(), words.end(), "balloons 2"), words.end());
  EXPECT_EQ(Xapian::Database(path_).get_spelling_suggestion("gliderz"), "") << "the removed article's words are gone";
}

TEST_F(IndexTest, SpellingChangesWithinOneCommitAddUpAndAreDroppedWithoutIt) {
  const std::string feed = dir_ / "feed.jsonl";
  {
    IndexWriter writer(path_, NewIndexSettings(false, "en"), false);
    DocumentBuilder builder(writer.settings());
    writer.Write(builder.Build(MakeArticle("a", "Gliders", "Gliders glide over the Wasserkuppe."), feed));
    writer.Commit();
  }
  {
    // One commit: "a" is replaced twice and then removed, so "wasserkuppe"
    // goes 1 -> 3 -> 1 -> 0 and "gliders" 2 -> 0; the next adds "b".
    IndexWriter writer(path_, NewIndexSettings(false, "en"), false);
    DocumentBuilder builder(writer.settings());
    writer.Write(builder.Build(MakeArticle("a", "Kites", "Wasserkuppe, Wasserkuppe, Wasserkuppe."), feed));
    writer.Write(builder.Build(MakeArticle("a", "Kites", "Kites fly at the Wasserkuppe."), feed));
    EXPECT_EQ(writer.RemoveArticlesFrom(feed, {}), 1u);
    writer.Commit();
    writer.Write(builder.Build(MakeArticle("b", "Balloons", "Balloons rise from the Wasserkuppe.")));
    writer.Commit();
  }
  {
    // Not committed: its words must not reach the dictionary.
    IndexWriter writer(path_, NewIndexSettings(false, "en"), false);
    DocumentBuilder builder(writer.settings());
    writer.Write(builder.Build(MakeArticle("c", "Zeppelins", "Zeppelins over the Wasserkuppe.")));
  }
  {
    IndexWriter fresh(dir_ / "fresh", NewIndexSettings(false, "en"), false);
    DocumentBuilder builder(fresh.settings());
    fresh.Write(builder.Build(MakeArticle("b", "Balloons", "Balloons rise from the Wasserkuppe.")));
    fresh.Commit();
  }
  const std::vector<std::string> words = testing::SpellingDictionary(Xapian::Database(path_));
  EXPECT_EQ(words, testing::SpellingDictionary(Xapian::Database(dir_ / "fresh")));
  EXPECT_NE(std::find(words.begin(), words.end(), "wasserkuppe 1"), words.end());
  EXPECT_EQ(Xapian::Database(path_).get_spelling_suggestion("zepelins"), "");
  EXPECT_EQ(Xapian::Database(path_).get_spelling_suggestion("glidres"), "");
  EXPECT_EQ(Xapian::Database(path_).get_spelling_suggestion("balons"), "balloons");
}

}  // namespace
}  // namespace kiji
