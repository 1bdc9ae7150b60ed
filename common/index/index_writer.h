// IndexWriter is the one place kiji updates an index incrementally: it
// creates or opens the index (one database, or the shards of a sharded one,
// see shard_layout.h), checks that its analysis settings match, replaces
// articles by id (never duplicating one), skips unchanged ones and commits
// in batches. It does no analysis (see document_builder.h); bulk builds of
// new indexes go through parallel_build.h instead.
// An IndexWriter is used by one thread at a time, like the
// Xapian::WritableDatabase it holds; other processes and threads read the
// index through databases of their own.
#ifndef KIJI_COMMON_INDEX_WRITER_H_
#define KIJI_COMMON_INDEX_WRITER_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <vector>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include <xapian.h>

#include "common/analysis/analysis_settings.h"
#include "common/articles/source_file.h"
#include "common/index/document_builder.h"
#include "common/index/index_error.h"
#include "common/index/index_ownership.h"
#include "common/index/shard_batch.h"

namespace kiji {

// "index PATH is damaged: WHAT", with a hint to check and rebuild it.
std::string DescribeDamage(const std::string& path, const std::string& what);

// What Xapian's full check (every table of every shard, as long as reading
// the index) finds wrong in the index at `path` first; empty when nothing.
// For telling damage from other failures after an error.
std::string DamageIn(const std::string& path);

// A writer waiting for another's lock was asked to stop; nothing was written.
class LockWaitInterrupted : public IndexError {
 public:
  using IndexError::IndexError;
};

// What a writer does when another process holds the index: fail at once
// with an IndexError naming the holder, or (`wait`) poll until the lock is
// free, giving up with LockWaitInterrupted once `*stop` becomes true. A lock
// that cannot be taken for another reason (permissions, a read-only file
// system) is an IndexError saying so either way.
struct LockPolicy {
  bool wait = false;
  const std::atomic<bool>* stop = nullptr;
};

class IndexWriter {
 public:
  // Opens the index at `path`, creating it with `requested` settings when it
  // does not exist. For an existing index its stored settings are used;
  // when `settings_given` and they differ from `requested`, throws
  // IndexError. Another writer holding the index is handled as `lock` says.
  // Files it creates follow the directory's mode and owner (index_ownership.h).
  IndexWriter(const std::string& path, const AnalysisSettings& requested, bool settings_given,
              LockPolicy lock = {});
  // Discards what was written since the last Commit (an error path: every
  // normal path commits).
  ~IndexWriter();
  IndexWriter(const IndexWriter&) = delete;
  IndexWriter& operator=(const IndexWriter&) = delete;

  const AnalysisSettings& settings() const { return settings_; }

  // True when the index holds the article with this id term and content
  // hash already, so it need not be analysed again.
  bool HasUnchanged(const std::string& id_term, const std::string& content_hash);

  enum class Outcome { kAdded, kUpdated, kUnchanged };
  // Adds or replaces the article; Commit puts it into the story of its
  // copies (story_clusters.h).
  Outcome Write(const BuiltDocument& built);

  // Puts every article of the index that has copies into a story: for an
  // index a bulk build wrote, whose articles have none yet. Returns how
  // many joined one. Part of the next Commit.
  std::uint64_t AssignAllStories();

  // Makes everything written so far durable and visible to searchers, in
  // one atomic step: a crash before it leaves the index as it was at the
  // previous commit, a crash after it leaves all of it. In a sharded index
  // each shard commits atomically, all stamped with the same batch number
  // (shard_batch.h: searchers wait until the shards agree), and the ledger
  // (shard 0, which records the files read) commits last, so a crash in
  // between leaves articles whose files are read again, never files
  // recorded without their articles; the next commit makes the shards
  // agree again.
  void Commit();

  // Non-empty when the shards were opened at different batches (a crash
  // between their commits): which shards, at which batches.
  const std::string& interrupted_update() const { return interrupted_; }

  // Records that articles in `language` are in the index (for articles
  // written by a bulk build rather than Write()).
  void NoteLanguage(const std::string& language);

  unsigned shards() const { return static_cast<unsigned>(shards_.size()); }

  // True when the index holds no article (new, or left by a first build
  // that never finished).
  bool Empty() const;

  // Reads every posting table through (about as long as reading it from
  // disk) and throws IndexDamaged, naming the table and pointing to
  // xapian-check and --rebuild, when Xapian finds one inconsistent; an
  // update would otherwise go on writing into a damaged index.
  void CheckForDamage() const;

  // A reader of the index as last committed (all shards as one database),
  // for another thread to look things up in while this writer writes.
  Xapian::Database OpenCommitted() const;

  // --- Incremental indexing: what the index remembers of source files.
  // The file as it was when indexed; nullopt when never indexed.
  std::optional<SourceFile> RecordedFile(const std::string& path) const;
  void RecordFile(const SourceFile& file);
  // Every recorded file inside `root` (a file, or a directory).
  std::vector<std::string> RecordedFilesUnder(const std::string& root) const;
  // The file the article with this id term was read from, when that is
  // another file than `source` and it still exists: an id belongs to one
  // file, and replacing its article by another file's would lose it for
  // good once either file is pruned. nullopt when the id is free, is
  // `source`'s, or its file is gone (the article moved) or unknown.
  std::optional<std::string> IdHeldByOtherFile(const std::string& id_term, const std::string& source);
  // How many articles came from `path`.
  Xapian::doccount ArticlesFrom(const std::string& path) const;
  // Removes the articles that came from `path` and whose ids are not in
  // `keep`; returns how many. With an empty `keep`, forgets the file too.
  Xapian::doccount RemoveArticlesFrom(const std::string& path, const std::set<std::string>& keep);
  // Remembers an input root the index was built from.
  void RecordRoot(const std::string& root);

 private:
  // Every change between commits is one Xapian transaction.
  void Begin();
  // Puts the articles written since the last commit into stories.
  void AssignStories();

  std::size_t ShardIndexFor(const std::string& id_term) const;
  // Adds (sign 1) or takes back (sign -1) a document's spelling counts in
  // the changes Commit writes. Xapian updates its dictionary word by word,
  // looking each up in a map of the whole transaction's words, so writing
  // every document's words was slow; one net change per word per commit
  // gives the same dictionary (doc/performance.md, "Update spelling per
  // commit").
  template <typename Counts>
  void ChangeSpelling(std::size_t shard, const Counts& counts, std::int64_t sign);
  Xapian::WritableDatabase& ledger() { return shards_.front(); }
  const Xapian::WritableDatabase& ledger() const { return shards_.front(); }

  std::vector<Xapian::WritableDatabase> shards_;
  std::vector<std::string> shard_paths_;
  std::string path_;
  std::optional<IndexOwnership> ownership_;
  // Per shard: the net spelling count change of each word since the last
  // commit (part of the transaction: dropped with it).
  std::vector<std::unordered_map<std::string, std::int64_t>> spelling_changes_;
  bool in_transaction_ = false;
  // Articles written since the last commit (docids of the shards combined),
  // for AssignStories.
  std::vector<Xapian::docid> written_;
  AnalysisSettings settings_;
  std::set<std::string> languages_;
  bool languages_changed_ = false;
  BatchStamp stamp_;  // of the last commit
  std::string interrupted_;
};

// Why an article whose id is already held by one from `other_file` is
// rejected (IndexWriter::IdHeldByOtherFile), for both kinds of build.
std::string IdHeldElsewhere(const std::string& id, const std::string& other_file);

// Lookups that any reader of an index can make (a writer's databases, or
// IndexWriter::OpenCommitted's): whether it holds the article with this id
// term and content hash, and what it recorded of a source file (the ledger
// is the first database).
bool HoldsUnchanged(const Xapian::Database& db, const std::string& id_term, const std::string& content_hash);
std::optional<SourceFile> RecordedFileIn(const Xapian::Database& db, const std::string& path);

// Holds the writer lock of an existing index without writing to it, so that
// no indexer updates it while a rebuild replaces it. Another writer holding
// it is handled as `lock` says. Holds nothing when there is no Xapian
// database at `path` it can open (a damaged one is replaced all the same).
class IndexLock {
 public:
  IndexLock(const std::string& path, LockPolicy lock);

 private:
  std::vector<Xapian::WritableDatabase> shards_;
};

// What an existing --db directory holds, for deciding whether an indexer
// may write into it or replace it: only a directory that holds an index
// and nothing else.
struct IndexDirectory {
  bool is_index = false;     // a database, a kiji stub, or one being created
  std::string foreign_file;  // the first entry that is no part of an index; "" when none
  bool opens = false;        // the database (or stub) opens
  std::optional<AnalysisSettings> settings;  // recorded by kiji; nullopt: foreign or unreadable
  unsigned shards = 1;
};
IndexDirectory InspectIndexDirectory(const std::string& path);

// Where a new index for `path` is built before it is swapped in
// ("PATH.rebuild"; the build's scratch files go to "PATH.rebuild.parts").
std::string RebuildPathFor(const std::string& path);

// Removes what builds of `path` that died left beside it (the rebuild and
// its scratch directory, an old index a swap did not remove). Only for the
// holder of `path`'s writer lock: a live build of `path` holds it too.
void RemoveLeftoversOfDeadBuilds(const std::string& path);

// Replaces the index at `path` by the complete one at `rebuilt` in one
// atomic exchange of the two directories (where the file system cannot
// exchange, by two renames), then removes the old one. The new index takes
// the old directory's mode and owner first. Searchers that have the old one
// open keep reading it until they reopen.
void SwapInRebuiltIndex(const std::string& rebuilt, const std::string& path);

}  // namespace kiji

#endif  // KIJI_COMMON_INDEX_WRITER_H_
