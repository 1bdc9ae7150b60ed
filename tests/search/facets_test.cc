#include "common/search/facets.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/index/schema.h"

namespace kiji {
namespace {

// An in-memory index of articles with a source, a year and tags.
Xapian::WritableDatabase Articles(const std::vector<std::vector<std::string>>& rows) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (const auto& row : rows) {
    Xapian::Document doc;
    doc.add_boolean_term("Qall");
    doc.add_value(schema::kSourceSlot, row[0]);
    doc.add_value(schema::kYearSlot, row[1]);
    doc.add_value(schema::kTagsSlot, row[2]);
    db.add_document(doc);
  }
  return db;
}

std::string Describe(const Facet& facet) {
  std::string out = facet.name + ":";
  for (const FacetCount& c : facet.counts) out += " " + c.value + "=" + std::to_string(c.count);
  return out;
}

TEST(FacetsTest, CountsEveryMatchMostFrequentFirstAndEachTagOncePerArticle) {
  const std::string sep(1, schema::kTagSeparator);
  const Xapian::WritableDatabase db = Articles({{"Reuters", "1987", "oil" + sep + "opec" + sep + "oil"},
                                                {"Reuters", "1987", "oil"},
                                                {"AP", "1988", "grain"},
                                                {"Kyodo", "1987", ""}});
  Xapian::doccount total = 0;
  const std::vector<Facet> facets = CountFacets(db, Xapian::Query("Qall"), total);
  EXPECT_EQ(total, 4u);
  ASSERT_EQ(facets.size(), 3u);
  EXPECT_EQ(Describe(facets[0]), "source: Reuters=2 AP=1 Kyodo=1") << "ties in byte order";
  EXPECT_EQ(Describe(facets[1]), "year: 1987=3 1988=1");
  EXPECT_EQ(Describe(facets[2]), "tag: oil=2 grain=1 opec=1") << "no empty value";
}

TEST(FacetsTest, ShowsAtMostTheTopValues) {
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < 30; ++i) rows.push_back({"source" + std::to_string(i), "2024", ""});
  const Xapian::WritableDatabase db = Articles(rows);
  Xapian::doccount total = 0;
  EXPECT_EQ(CountFacets(db, Xapian::Query("Qall"), total)[0].counts.size(), kFacetValues);
}

}  // namespace
}  // namespace kiji
