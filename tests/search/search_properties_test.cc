// Properties every hit must have, checked over a slice of a real corpus:
// phrase hits hold the phrase, excluded words are absent, required words
// present, dates inside the range, filters respected.
#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "common/articles/article_formats.h"
#include "common/search/index_searcher.h"
#include "common/index/index_writer.h"
#include "common/index/schema.h"
#include "common/search/weighting.h"
#include "common/index/index_settings.h"
#include "tests/test_support.h"

namespace kiji {
namespace {

constexpr std::size_t kArticles = 2000;

class SearchPropertiesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string corpus = testing::SharedDir() + "/corpora/reuters21578.jsonl.gz";
    if (!std::filesystem::exists(corpus)) return;
    dir_ = new testing::TempDir();
    const std::string lines = testing::ReadLines(corpus, kArticles);
    IndexWriter writer(*dir_ / "index", NewIndexSettings(false, "en"), false);
    DocumentBuilder builder(writer.settings());
    std::size_t start = 0;
    while (start < lines.size()) {
      const std::size_t end = lines.find('\n', start);
      const Article a = ParseJsonArticle(lines.substr(start, end - start)).article;
      start = end + 1;
      writer.Write(builder.Build(a));
      articles_->push_back(a);
    }
    writer.Commit();
    searcher_ = new IndexSearcher(*dir_ / "index");
  }
  static void TearDownTestSuite() {
    delete searcher_;
    delete dir_;
    searcher_ = nullptr;
    dir_ = nullptr;
  }
  void SetUp() override { KIJI_REQUIRE_SHARED("corpora/reuters21578.jsonl.gz"); }

  // Every hit of `query` (all of them, not a page), as stored articles.
  static std::vector<Article> Hits(const std::string& query, SearchOptions options = {}) {
    options.limit = kArticles;
    options.snippets = false;
    options.suggest = false;
    std::vector<Article> out;
    for (const Hit& hit : searcher_->Search("p", query, options).hits) {
      out.push_back(searcher_->Open(hit.docid, "").article);
    }
    return out;
  }

  static std::vector<std::string> Words(const Article& a) {
    Analyzer analyzer(NewIndexSettings(false, "en"));
    std::vector<std::string> words;
    for (const std::string* text : {&a.title, &a.caption, &a.body}) {
      for (const Token& t : analyzer.Tokenize(*text)) words.push_back(t.term);
      words.push_back("");  // fields do not run into each other
    }
    return words;
  }

  static bool HasStem(const Article& a, const std::string& stem) {
    const Xapian::Stem en = StemmerFor("en");
    for (const std::string& w : Words(a)) {
      if (!w.empty() && en(w) == stem) return true;
    }
    return false;
  }

  static bool HasSequence(const Article& a, const std::vector<std::string>& phrase) {
    const std::vector<std::string> words = Words(a);
    return std::search(words.begin(), words.end(), phrase.begin(), phrase.end()) != words.end();
  }

  static testing::TempDir* dir_;
  static IndexSearcher* searcher_;
  static std::vector<Article>* articles_;
};

testing::TempDir* SearchPropertiesTest::dir_ = nullptr;
IndexSearcher* SearchPropertiesTest::searcher_ = nullptr;
std::vector<Article>* SearchPropertiesTest::articles_ = new std::vector<Article>();

TEST_F(SearchPropertiesTest, EveryPhraseHitContainsThePhrase) {
  // Phrases taken from the articles themselves, so each has hits.
  std::mt19937 random(20241101);
  Analyzer analyzer(NewIndexSettings(false, "en"));
  int checked_hits = 0;
  for (int round = 0; round < 40; ++round) {
    const Article& source = (*articles_)[random() % articles_->size()];
    const std::vector<Token> tokens = analyzer.Tokenize(source.body);
    if (tokens.size() < 10) continue;
    const std::size_t at = random() % (tokens.size() - 3);
    const std::size_t length = 2 + random() % 2;
    std::vector<std::string> phrase;
    std::string query = "\"";
    for (std::size_t i = at; i < at + length; ++i) {
      phrase.push_back(tokens[i].term);
      query += tokens[i].term + " ";
    }
    query += "\"";
    const std::vector<Article> hits = Hits(query);
    EXPECT_FALSE(hits.empty()) << query;
    for (const Article& hit : hits) {
      EXPECT_TRUE(HasSequence(hit, phrase)) << query << " hit " << hit.id;
      ++checked_hits;
    }
  }
  EXPECT_GT(checked_hits, 40);
}

TEST_F(SearchPropertiesTest, ExcludedWordsNeverAppearAndRequiredOnesAlways) {
  for (const auto& [query, required, excluded] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"oil -price", "", "price"},
           {"+oil prices -opec", "oil", "opec"},
           {"cocoa NOT brazil", "cocoa", "brazil"},
           {"(wheat OR corn) AND NOT export", "", "export"},
           {"+bank +rate", "bank", ""}}) {
    const std::vector<Article> hits = Hits(query);
    EXPECT_FALSE(hits.empty()) << query;
    for (const Article& hit : hits) {
      if (!required.empty()) {
        EXPECT_TRUE(HasStem(hit, required)) << query << " hit " << hit.id;
      }
      if (!excluded.empty()) {
        EXPECT_FALSE(HasStem(hit, excluded)) << query << " hit " << hit.id;
      }
    }
  }
}

TEST_F(SearchPropertiesTest, BothSidesOfAndAreInEveryHit) {
  const std::vector<Article> hits = Hits("oil AND (opec OR saudi)");
  EXPECT_FALSE(hits.empty());
  for (const Article& hit : hits) {
    EXPECT_TRUE(HasStem(hit, "oil")) << hit.id;
    EXPECT_TRUE(HasStem(hit, "opec") || HasStem(hit, "saudi")) << hit.id;
  }
}

TEST_F(SearchPropertiesTest, DateRangeHitsAreInsideTheRange) {
  const std::vector<Article> in_query = Hits("oil date:1987-03-01..1987-03-05");
  EXPECT_FALSE(in_query.empty());
  for (const Article& hit : in_query) {
    EXPECT_GE(hit.date, "1987-03-01") << hit.id;
    EXPECT_LT(hit.date, "1987-03-06") << hit.id;
  }
  SearchOptions options;
  options.since = "1987-03-02";
  options.until = "1987-03-02";
  const std::vector<Article> by_flags = Hits("oil", options);
  EXPECT_FALSE(by_flags.empty());
  for (const Article& hit : by_flags) EXPECT_EQ(hit.date.substr(0, 10), "1987-03-02") << hit.id;
  for (const Article& hit : Hits("date:1987-03")) EXPECT_EQ(hit.date.substr(0, 7), "1987-03") << hit.id;
}

TEST_F(SearchPropertiesTest, SortByDateOrdersHits) {
  SearchOptions options;
  options.sort = SortOrder::kDateDescending;
  const std::vector<Article> hits = Hits("oil", options);
  ASSERT_GT(hits.size(), 10u);
  for (std::size_t i = 1; i < hits.size(); ++i) EXPECT_GE(hits[i - 1].date, hits[i].date);
}

TEST_F(SearchPropertiesTest, FieldFiltersHold) {
  for (const Article& hit : Hits("tag:topic:cocoa")) {
    EXPECT_NE(std::find(hit.tags.begin(), hit.tags.end(), "topic:cocoa"), hit.tags.end()) << hit.id;
  }
  const std::vector<Article> titled = Hits("title:cocoa");
  EXPECT_FALSE(titled.empty());
  for (const Article& hit : titled) {
    Analyzer analyzer(NewIndexSettings(false, "en"));
    bool found = false;
    for (const Token& t : analyzer.Tokenize(hit.title)) found = found || StemmerFor("en")(t.term) == "cocoa";
    EXPECT_TRUE(found) << hit.id << ": " << hit.title;
  }
}

TEST_F(SearchPropertiesTest, NearHitsHaveTheWordsClose) {
  const std::vector<Article> hits = Hits("oil NEAR/3 prices");
  EXPECT_FALSE(hits.empty());
  for (const Article& hit : hits) {
    const std::vector<std::string> words = Words(hit);
    bool close = false;
    for (std::size_t i = 0; i < words.size() && !close; ++i) {
      if (words[i] != "oil") continue;
      for (std::size_t j = (i > 3 ? i - 3 : 0); j <= i + 3 && j < words.size(); ++j) close = close || words[j] == "prices";
    }
    EXPECT_TRUE(close) << hit.id;
  }
}

TEST_F(SearchPropertiesTest, KeywordQueriesRankArticlesWithEveryWordFirst) {
  SearchOptions options;
  options.limit = kArticles;
  options.snippets = false;
  const SearchResult r = searcher_->Search("p", "cocoa brazil", options);
  bool partial_seen = false;
  for (const Hit& hit : r.hits) {
    const Article a = searcher_->Open(hit.docid, "").article;
    const bool all = HasStem(a, "cocoa") && HasStem(a, "brazil");
    if (!all) partial_seen = true;
    EXPECT_FALSE(all && partial_seen) << "an article with every word ranked after one without: " << a.id;
  }
  EXPECT_TRUE(partial_seen);
  for (std::size_t i = 1; i < r.hits.size(); ++i) EXPECT_GE(r.hits[i - 1].score, r.hits[i].score);
}

TEST_F(SearchPropertiesTest, AFullFirstTierScoresAndEstimatesLikeTheFilteredOr) {
  // Plain keyword queries run their first tier as an AND and estimate the
  // total without a second match; both must agree with what Xapian gives
  // for the OR of the words filtered by all of them, and for the OR.
  SearchOptions options;
  options.snippets = false;
  options.suggest = false;
  options.exact_up_to = 0;  // the estimate itself
  const SearchResult r = searcher_->Search("p", "oil prices", options);
  ASSERT_EQ(r.hits.size(), options.limit);
  const Xapian::Database db(*dir_ / "index");
  const Xapian::Query either(Xapian::Query::OP_OR, Xapian::Query("Zoil"), Xapian::Query("Zprice"));
  const Xapian::Query both(Xapian::Query::OP_AND, Xapian::Query("Zoil"), Xapian::Query("Zprice"));
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(*MakeWeighting(kDefaultWeighting));
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, either, both));
  const Xapian::MSet expected = enquire.get_mset(0, options.limit);
  ASSERT_EQ(expected.size(), r.hits.size());
  std::size_t i = 0;
  for (auto it = expected.begin(); it != expected.end(); ++it, ++i) {
    EXPECT_EQ(r.hits[i].docid, *it) << "rank " << i + 1;
    EXPECT_NEAR(r.hits[i].score, it.get_weight(), 1e-9) << "rank " << i + 1;
  }
  // The total: the OR's estimate from the words' frequencies (Xapian's
  // formula, unrounded), which is close to the exact count.
  const double n = db.get_doccount();
  const double estimate = n * (1 - (1 - db.get_termfreq("Zoil") / n) * (1 - db.get_termfreq("Zprice") / n));
  EXPECT_NEAR(r.total, estimate, 1.0);
  enquire.set_query(either);
  const double exact = enquire.get_mset(0, db.get_doccount()).size();
  EXPECT_NEAR(r.total, exact, 0.25 * exact);
}

TEST_F(SearchPropertiesTest, APartialFirstTierIsFollowedByTheRestAsTheAndNotRanksIt) {
  // When fewer articles than a page hold every word, the page goes on with
  // the query's best matches less those articles; both tiers must be what
  // Xapian gives for AND and for OR AND_NOT AND, and the first tier's bonus
  // the best score of the second.
  SearchOptions options;
  options.snippets = false;
  options.suggest = false;
  options.collapse = false;  // compared with Xapian's uncollapsed matches
  const Xapian::Database db(*dir_ / "index");
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(*MakeWeighting(kDefaultWeighting));
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  bool tested = false;
  for (const auto& [query, a, b] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"oil zinc", "Zoil", "Zzinc"}, {"coffee strike", "Zcoffe", "Zstrike"},
           {"gold yen", "Zgold", "Zyen"}, {"wheat bank", "Zwheat", "Zbank"}}) {
    const Xapian::Query both(Xapian::Query::OP_AND, Xapian::Query(a), Xapian::Query(b));
    enquire.set_query(both);
    const Xapian::MSet first = enquire.get_mset(0, options.limit);
    if (first.empty() || first.size() == options.limit) continue;
    tested = true;
    enquire.set_query(Xapian::Query(Xapian::Query::OP_AND_NOT,
                                    Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(a), Xapian::Query(b)), both));
    const Xapian::MSet rest = enquire.get_mset(0, options.limit - first.size());
    const SearchResult r = searcher_->Search("p", query, options);
    ASSERT_EQ(r.hits.size(), first.size() + rest.size()) << query;
    std::size_t i = 0;
    for (auto it = first.begin(); it != first.end(); ++it, ++i) {
      EXPECT_EQ(r.hits[i].docid, *it) << query << " rank " << i + 1;
      EXPECT_NEAR(r.hits[i].score, it.get_weight() + rest.get_max_attained(), 1e-9) << query << " rank " << i + 1;
    }
    for (auto it = rest.begin(); it != rest.end(); ++it, ++i) {
      EXPECT_EQ(r.hits[i].docid, *it) << query << " rank " << i + 1;
      EXPECT_NEAR(r.hits[i].score, it.get_weight(), 1e-9) << query << " rank " << i + 1;
    }
    enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(a), Xapian::Query(b)));
    // The total is the OR's estimate: near the exact count.
    const double exact = enquire.get_mset(0, db.get_doccount()).size();
    EXPECT_NEAR(r.total, exact, 0.1 * exact) << query;
  }
  EXPECT_TRUE(tested) << "no query here has a first tier shorter than a page";
}

TEST_F(SearchPropertiesTest, ArticlesIndexedBeforeSummariesShowTheSameResults) {
  // An index written before result summaries were stored as a value: the
  // searcher reads the same fields and snippets from the stored article.
  testing::TempDir dir;
  const std::string path = dir / "old";
  {
    IndexWriter writer(path, NewIndexSettings(false, "en"), false);
    DocumentBuilder builder(writer.settings());
    for (std::size_t i = 0; i < 200; ++i) writer.Write(builder.Build((*articles_)[i]));
    writer.Commit();
  }
  SearchOptions options;
  options.suggest = false;
  const auto results = [&] { return IndexSearcher(path).Search("p", "oil prices", options); };
  const SearchResult with = results();
  ASSERT_FALSE(with.hits.empty());
  {
    Xapian::WritableDatabase db(path, Xapian::DB_OPEN);
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
      Xapian::Document doc = db.get_document(*it);
      doc.remove_value(schema::kSummarySlot);
      db.replace_document(*it, doc);
    }
    db.commit();
  }
  const SearchResult without = results();
  ASSERT_EQ(without.hits.size(), with.hits.size());
  for (std::size_t i = 0; i < with.hits.size(); ++i) {
    EXPECT_EQ(without.hits[i].id, with.hits[i].id);
    EXPECT_EQ(without.hits[i].title, with.hits[i].title);
    EXPECT_EQ(without.hits[i].date, with.hits[i].date);
    EXPECT_EQ(without.hits[i].source, with.hits[i].source);
    EXPECT_EQ(without.hits[i].url, with.hits[i].url);
    EXPECT_EQ(without.hits[i].snippet.text, with.hits[i].snippet.text);
    EXPECT_FALSE(with.hits[i].title.empty());
  }
}

TEST_F(SearchPropertiesTest, WildcardsAreBoundedWithAClearError) {
  EXPECT_FALSE(Hits("cocoa*").empty());
  try {
    Hits("s*");
    FAIL() << "expected QueryError";
  } catch (const QueryError& e) {
    EXPECT_NE(std::string(e.what()).find("longer prefix"), std::string::npos) << e.what();
  }
}

TEST_F(SearchPropertiesTest, MisspellingsGetASuggestionFromTheIndex) {
  SearchOptions options;
  const SearchResult r = searcher_->Search("p", "cocao", options);
  EXPECT_EQ(r.suggestion, "cocoa");
}

TEST_F(SearchPropertiesTest, APageTheMatchesDoNotFillEndsTheListAndMakesTheTotalExact) {
  SearchOptions options;
  options.snippets = false;
  options.suggest = false;
  options.exact_total = true;
  const Xapian::doccount all = searcher_->Search("q", "oil prices said", options).total;
  ASSERT_GT(all, 20u);
  options.exact_total = false;
  options.exact_up_to = 1;  // counting stops at once: the total is an estimate
  options.offset = all - 3;
  const SearchResult last = searcher_->Search("q", "oil prices said", options);
  ASSERT_EQ(last.hits.size(), 3u);
  EXPECT_EQ(last.total, all);
  EXPECT_TRUE(last.total_exact);
}

TEST_F(SearchPropertiesTest, TotalsAreExactUpToTheBoundAndSaySoAndEstimatedPastIt) {
  SearchOptions options;
  options.snippets = false;
  options.suggest = false;
  options.collapse = false;  // compared with Xapian's uncollapsed matches
  const Xapian::Database db(*dir_ / "index");
  Xapian::Enquire enquire(db);
  for (const std::string query : {"oil prices", "opec NEAR/3 quota", "oil AND gas", "\"money supply\"", "cocoa"}) {
    SCOPED_TRACE(query);
    SearchOptions all = options;
    all.exact_total = true;
    const Xapian::doccount matches = searcher_->Search("q", query, all).total;
    ASSERT_GT(matches, 2u) << "the slice has matches to count";
    for (const Xapian::doccount limit : {0u, 1u, 10u}) {
      options.limit = limit;
      options.exact_up_to = 1000;
      const SearchResult counted = searcher_->Search("q", query, options);
      EXPECT_TRUE(counted.total_exact);
      EXPECT_EQ(counted.total, matches) << "-n " << limit;
      options.exact_up_to = matches - 1;
      const SearchResult estimated = searcher_->Search("q", query, options);
      // Past the bound: an estimate of at least the bound plus one, or a
      // count Xapian knows for free (one word's frequency).
      if (estimated.total_exact) {
        EXPECT_EQ(estimated.total, matches);
      } else {
        EXPECT_GE(estimated.total, matches);
      }
      if (query.find(' ') != std::string::npos && limit < matches) {
        EXPECT_FALSE(estimated.total_exact) << "several words are estimated, unless the page ended the list";
      }
    }
  }
}

}  // namespace
}  // namespace kiji
