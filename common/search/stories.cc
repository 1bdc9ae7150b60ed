#include "common/search/stories.h"

#include <algorithm>

#include "common/index/schema.h"
#include "common/index/stored_article.h"

namespace kiji {

std::vector<StoryArticle> StoryArticles(const Xapian::Database& db, const std::string& key, Xapian::docid except,
                                        std::size_t limit, Xapian::doccount& total) {
  std::vector<StoryArticle> out;
  total = 0;
  if (key.empty()) return out;
  const std::string term = schema::PrefixedTerm(schema::kStory, key);
  for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
    if (*p == except) continue;
    ++total;
    if (out.size() >= kMaxStoryRead) continue;
    const Xapian::Document doc = db.get_document(*p);
    StoryArticle article;
    article.docid = *p;
    ArticleSummary summary;
    if (DecodeArticleSummary(doc.get_value(schema::kSummarySlot), summary)) {
      article.id = std::move(summary.id);
      article.title = std::move(summary.title);
      article.date = std::move(summary.date);
      article.source = std::move(summary.source);
      article.url = std::move(summary.url);
    } else {
      article.id = doc.get_value(schema::kIdSlot);
    }
    out.push_back(std::move(article));
  }
  std::stable_sort(out.begin(), out.end(), [](const StoryArticle& a, const StoryArticle& b) {
    if (a.date.empty() != b.date.empty()) return b.date.empty();
    return a.date < b.date;
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

}  // namespace kiji
