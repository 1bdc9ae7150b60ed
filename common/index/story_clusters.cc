#include "common/index/story_clusters.h"

#include <algorithm>

#include "common/analysis/near_copies.h"
#include "common/articles/article_formats.h"
#include "common/index/schema.h"
#include "common/index/stored_article.h"
#include "common/util/date.h"
#include "common/util/stable_hash.h"

namespace kiji {

namespace {

// Fingerprints kept for comparisons; a story's articles are compared with
// each new copy, so the cache saves most decoding.
constexpr std::size_t kCachedFingerprints = 4096;

}  // namespace

namespace {

std::string_view StoryBody(const Article& article) {
  return std::string_view(article.body).substr(0, kStoryTextBytes);
}

}  // namespace

TextFingerprint StoryFingerprint(const Article& article) {
  const std::string_view body = StoryBody(article);
  TextFingerprint out = Fingerprint(article.title, body, DatelineBytes(body));
  out.day = DayNumber(article.date);
  std::string_view place = DatelinePlace(body);
  if (place.empty()) place = std::string_view(article.dateline).substr(0, article.dateline.find_first_of(",("));
  out.place = PlaceKey(place);
  return out;
}

std::vector<std::string> CopyBandTerms(const Article& article) {
  std::string text = article.title;  // as Fingerprint joins them
  text += '\n';
  text += StoryBody(article);
  std::vector<std::string> terms = BandKeys(ShingleHashes(text));
  for (std::string& term : terms) term.insert(0, schema::kCopyBand);
  return terms;
}

StoryAssigner::StoryAssigner(std::vector<Xapian::WritableDatabase>& shards) : shards_(shards) {
  for (Xapian::WritableDatabase& shard : shards_) all_.add_database(shard);
}

std::vector<Xapian::docid> StoryAssigner::ArticlesWithCandidates() const {
  std::vector<Xapian::docid> out;
  const std::string prefix(schema::kCopyBand);
  for (auto term = all_.allterms_begin(prefix); term != all_.allterms_end(prefix); ++term) {
    if (term.get_termfreq() < 2) continue;
    for (auto p = all_.postlist_begin(*term); p != all_.postlist_end(*term); ++p) out.push_back(*p);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<Xapian::docid> StoryAssigner::Candidates(Xapian::docid docid, const Xapian::Document& doc) const {
  std::vector<Xapian::docid> out;
  const std::string prefix(schema::kCopyBand);
  auto term = doc.termlist_begin();
  term.skip_to(prefix);
  for (; term != doc.termlist_end() && (*term).starts_with(prefix); ++term) {
    if (all_.get_termfreq(*term) < 2) continue;
    for (auto p = all_.postlist_begin(*term); p != all_.postlist_end(*term) && out.size() < kMaxCandidates; ++p) {
      if (*p != docid) out.push_back(*p);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

const TextFingerprint& StoryAssigner::FingerprintOf(Xapian::docid docid) {
  auto cached = fingerprints_.find(docid);
  if (cached != fingerprints_.end()) return cached->second;
  if (fingerprints_.size() >= kCachedFingerprints) fingerprints_.clear();
  const Article article = DecodeStoredArticle(StoredArticleData(all_.get_document(docid)));
  return fingerprints_.emplace(docid, StoryFingerprint(article)).first->second;
}

std::vector<StoryAssigner::Copy> StoryAssigner::CopiesAmong(const TextFingerprint& text,
                                                            const std::vector<Xapian::docid>& candidates) {
  std::vector<Copy> copies;
  for (const Xapian::docid candidate : candidates) {
    const TextFingerprint& theirs = FingerprintOf(candidate);
    if (!AreNearCopies(text, theirs)) continue;
    copies.push_back(
        {candidate, ShingleOverlap(text, theirs), all_.get_document(candidate).get_value(schema::kStorySlot)});
  }
  // Closest first; equal ones in docid order, so builds are reproducible.
  std::stable_sort(copies.begin(), copies.end(), [](const Copy& a, const Copy& b) { return a.overlap > b.overlap; });
  return copies;
}

bool StoryAssigner::FitsStory(const TextFingerprint& text, const std::string& story) {
  if (!members_read_) {
    // The slot holds a value for articles with copies only: a few percent.
    for (auto v = all_.valuestream_begin(schema::kStorySlot); v != all_.valuestream_end(schema::kStorySlot); ++v) {
      members_[*v].push_back(v.get_docid());
    }
    members_read_ = true;
  }
  const std::vector<Xapian::docid>& members = members_[story];
  for (std::size_t i = 0; i < members.size() && i < kStoryMembersChecked; ++i) {
    if (!AreNearCopies(text, FingerprintOf(members[i]))) return false;
  }
  return true;
}

void StoryAssigner::Join(Xapian::docid docid, const std::string& story) {
  const auto count = static_cast<Xapian::docid>(shards_.size());
  Xapian::WritableDatabase& shard = shards_[(docid - 1) % count];
  const Xapian::docid local = (docid - 1) / count + 1;
  Xapian::Document doc = shard.get_document(local);
  doc.add_value(schema::kStorySlot, story);
  shard.replace_document(local, doc);
  if (members_read_) members_[story].push_back(docid);
  ++assigned_;
}

void StoryAssigner::Assign(Xapian::docid docid) {
  Xapian::Document doc;
  try {
    doc = all_.get_document(docid);
  } catch (const Xapian::DocNotFoundError&) {
    return;  // written, then removed in the same batch
  }
  if (!doc.get_value(schema::kStorySlot).empty()) return;
  const std::vector<Xapian::docid> candidates = Candidates(docid, doc);
  if (candidates.empty()) return;
  const TextFingerprint text = FingerprintOf(docid);
  const std::vector<Copy> copies = CopiesAmong(text, candidates);
  for (const Copy& copy : copies) {
    if (!copy.story.empty() && FitsStory(text, copy.story)) {
      Join(docid, copy.story);
      return;
    }
  }
  for (const Copy& copy : copies) {
    if (!copy.story.empty()) continue;
    // A key no other story had: this article's id and content.
    const std::string story = Hex64(StableHash(doc.get_value(schema::kContentHashSlot),
                                               StableHash(doc.get_value(schema::kIdSlot))));
    Join(copy.docid, story);
    Join(docid, story);
    return;
  }
}

}  // namespace kiji
