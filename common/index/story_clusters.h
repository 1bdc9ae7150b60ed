// Stories: the articles of an index that are copies of one another
// (near_copies.h: syndicated copies, wire updates, the same file twice)
// share a story key, in a value slot that search collapses on (schema.h
// kStorySlot). Every
// article carries its band keys (kCopyBand), so a new one finds its
// candidate copies in a few posting lists and is compared, text to text,
// with those only. An article joins the story of its closest copy when it
// is a copy of every article of that story (up to kStoryMembersChecked of
// them), so stories do not drift by chains of small edits; otherwise it
// starts a story with its closest copy that has none. Articles without
// copies have no story. Keys are never reused, so removing or replacing
// an article leaves the rest of its story as it was.
// Not thread-safe: a StoryAssigner writes through its IndexWriter's
// databases, on that writer's thread.
#ifndef KIJI_COMMON_INDEX_STORY_CLUSTERS_H_
#define KIJI_COMMON_INDEX_STORY_CLUSTERS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "common/analysis/near_copies.h"
#include "common/articles/article.h"

namespace kiji {

// What copies are recognised by: the title and the first kStoryTextBytes
// of the body (captions, datelines and sources differ between copies).
inline constexpr std::size_t kStoryTextBytes = 1u << 20;
TextFingerprint StoryFingerprint(const Article& article);

// The band terms (schema::kCopyBand) DocumentBuilder gives an article.
std::vector<std::string> CopyBandTerms(const Article& article);

// Candidates compared per article, and story members an article must be a
// copy of to join: bounds that keep a story of thousands of identical
// articles from costing quadratic time.
inline constexpr std::size_t kMaxCandidates = 64;
inline constexpr std::size_t kStoryMembersChecked = 16;

class StoryAssigner {
 public:
  // `shards`: the databases of one index, writable, in shard order; docids
  // below are those of the shards combined (as Xapian::Database numbers
  // them: interleaved).
  explicit StoryAssigner(std::vector<Xapian::WritableDatabase>& shards);

  // Puts the article into the story of its copies, as the header says.
  // Nothing when it has no copy, or has a story already; a document that
  // no longer exists is skipped.
  void Assign(Xapian::docid docid);

  // Every article that shares a band key with another, in docid order: the
  // ones a new index's bulk build assigns.
  std::vector<Xapian::docid> ArticlesWithCandidates() const;

  // Articles put into a story so far (each counted once).
  std::uint64_t assigned() const { return assigned_; }

 private:
  struct Copy {
    Xapian::docid docid;
    double overlap;  // shared shingles over the larger set's size
    std::string story;
  };
  std::vector<Xapian::docid> Candidates(Xapian::docid docid, const Xapian::Document& doc) const;
  std::vector<Copy> CopiesAmong(const TextFingerprint& text, const std::vector<Xapian::docid>& candidates);
  bool FitsStory(const TextFingerprint& text, const std::string& story);
  const TextFingerprint& FingerprintOf(Xapian::docid docid);
  void Join(Xapian::docid docid, const std::string& story);

  std::vector<Xapian::WritableDatabase>& shards_;
  Xapian::Database all_;  // the shards as one database, pending changes included
  // Every story's articles, read from the story slot when first needed.
  std::unordered_map<std::string, std::vector<Xapian::docid>> members_;
  bool members_read_ = false;
  // Fingerprints of articles compared lately (a bounded cache).
  std::unordered_map<Xapian::docid, TextFingerprint> fingerprints_;
  std::uint64_t assigned_ = 0;
};

}  // namespace kiji

#endif  // KIJI_COMMON_INDEX_STORY_CLUSTERS_H_
