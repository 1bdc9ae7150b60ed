#include "common/search/stories.h"

#include <algorithm>
#include <unordered_map>

#include "common/index/schema.h"
#include "common/index/stored_article.h"

namespace kiji {

namespace {

// The story's articles as a match on its slot finds them (remote servers
// run it): Xapian's value range with both ends the key.
std::vector<Xapian::docid> MatchedMembers(const Xapian::Database& db, const std::string& key) {
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kStorySlot, key, key));
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  std::vector<Xapian::docid> out;
  const Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(kMaxStoryRead + 1));
  for (auto it = mset.begin(); it != mset.end(); ++it) out.push_back(*it);
  return out;
}

}  // namespace

std::vector<StoryArticle> StoryArticles(const Xapian::Database& db, const std::string& key, Xapian::docid except,
                                        std::size_t limit, Xapian::doccount& total, const StoryIndex* index) {
  std::vector<StoryArticle> out;
  total = 0;
  if (key.empty()) return out;
  const std::vector<Xapian::docid> members = index != nullptr ? index->Members(key) : MatchedMembers(db, key);
  for (const Xapian::docid docid : members) {
    if (docid == except) continue;
    ++total;
    if (out.size() >= kMaxStoryRead) continue;
    const Xapian::Document doc = db.get_document(docid);
    StoryArticle article;
    article.docid = docid;
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

StoryIndex::StoryIndex(const Xapian::Database& db) {
  for (auto v = db.valuestream_begin(schema::kStorySlot); v != db.valuestream_end(schema::kStorySlot); ++v) {
    const auto [at, added] = numbers_.emplace(*v, static_cast<std::uint32_t>(numbers_.size() + 1));
    if (added) members_.emplace_back();
    members_[at->second - 1].push_back(v.get_docid());
    if (story_of_.size() <= v.get_docid()) story_of_.resize(v.get_docid() + 1, 0);
    story_of_[v.get_docid()] = at->second;
  }
}

const std::vector<Xapian::docid>& StoryIndex::Members(const std::string& key) const {
  static const std::vector<Xapian::docid> kNone;
  const auto found = numbers_.find(key);
  return found == numbers_.end() ? kNone : members_[found->second - 1];
}

void CollapsedMatches::operator()(const Xapian::Document& doc, double) {
  ++seen_matches_;
  const std::uint32_t story = index_.StoryOf(doc.get_docid());
  if (story == 0) return;
  if (seen_.size() <= story) seen_.resize(story + 1, false);
  if (seen_[story]) {
    ++collapsed_;
  } else {
    seen_[story] = true;
  }
}

}  // namespace kiji
