// Stories at search time: the articles a collapsed hit stands for (its
// similar articles) and a story's articles in the order they were
// published. Stories themselves are formed when articles are indexed
// (index/story_clusters.h); search collapses on their key (one hit per
// story, Xapian's collapse key, which remote shards apply too). Not the
// place for ranking. Reads a database owned by the calling thread.
#ifndef KIJI_COMMON_SEARCH_STORIES_H_
#define KIJI_COMMON_SEARCH_STORIES_H_

#include <cstddef>
#include <string>
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

// The articles of the story `key` in `db`, oldest first (undated ones
// last, then in index order), without `except` (0: none); at most `limit`
// of them. `total` gets how many the story holds besides `except`. A story
// of more than kMaxStoryRead articles is read, and ordered, in its first
// kMaxStoryRead.
inline constexpr std::size_t kMaxStoryRead = 1000;
std::vector<StoryArticle> StoryArticles(const Xapian::Database& db, const std::string& key, Xapian::docid except,
                                        std::size_t limit, Xapian::doccount& total);

}  // namespace kiji

#endif  // KIJI_COMMON_SEARCH_STORIES_H_
