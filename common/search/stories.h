// Stories at search time: the articles a collapsed hit stands for (its
// similar articles) and a story's articles in the order they were
// published. Stories themselves are formed when articles are indexed
// (index/story_clusters.h); search collapses on their key (one hit per
// story, Xapian's collapse key, which remote shards apply too). Not the
// place for ranking. Reads a database owned by the calling thread.
#ifndef KIJI_COMMON_SEARCH_STORIES_H_
#define KIJI_COMMON_SEARCH_STORIES_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

namespace kiji {

// An article of a story, as a result list shows it.
struct StoryArticle {
  Xapian::docid docid = 0;
  std::string id, title, date, source, url;
};

// Similar articles a hit lists at most (SearchResult: the total is given
// apart).
inline constexpr std::size_t kMaxSimilarShown = 10;

class StoryIndex;

// The articles of the story `key` in `db`, oldest first (undated ones
// last, then in index order), without `except` (0: none); at most `limit`
// of them. `total` gets how many the story holds besides `except`. A story
// of more than kMaxStoryRead articles is read, and ordered, in its first
// kMaxStoryRead. The members come from `index` when given (a local
// database), else from a match on the story slot, which remote servers run.
inline constexpr std::size_t kMaxStoryRead = 1000;
std::vector<StoryArticle> StoryArticles(const Xapian::Database& db, const std::string& key, Xapian::docid except,
                                        std::size_t limit, Xapian::doccount& total, const StoryIndex* index);

// Which story each article of a local database belongs to, held in memory
// (built from the story slot's values, one per article with copies): what
// lets a count of matches count each story once without reading a value
// per match (doc/performance.md, "Collapsed counts"). Immutable once built;
// for one revision of the database.
class StoryIndex {
 public:
  explicit StoryIndex(const Xapian::Database& db);
  // A number for the article's story, 0 when it has none.
  std::uint32_t StoryOf(Xapian::docid docid) const {
    return docid < story_of_.size() ? story_of_[docid] : 0;
  }
  bool empty() const { return members_.empty(); }
  // The articles of the story with this key, in docid order (none for an
  // unknown key).
  const std::vector<Xapian::docid>& Members(const std::string& key) const;

 private:
  std::vector<std::uint32_t> story_of_;  // by docid
  std::unordered_map<std::string, std::uint32_t> numbers_;  // by key, from 1
  std::vector<std::vector<Xapian::docid>> members_;  // by number - 1
};

// A match spy that counts the matches sharing a story with one seen before
// (what collapsing removes). Runs in this process only: not for remote
// databases, whose servers know only Xapian's own spies.
class CollapsedMatches : public Xapian::MatchSpy {
 public:
  explicit CollapsedMatches(const StoryIndex& index) : index_(index) {}
  void operator()(const Xapian::Document& doc, double weight) override;
  Xapian::doccount collapsed() const { return collapsed_; }
  // How many matches the spy was shown.
  Xapian::doccount seen() const { return seen_matches_; }

 private:
  const StoryIndex& index_;
  std::vector<bool> seen_;
  Xapian::doccount collapsed_ = 0;
  Xapian::doccount seen_matches_ = 0;
};

}  // namespace kiji

#endif  // KIJI_COMMON_SEARCH_STORIES_H_
