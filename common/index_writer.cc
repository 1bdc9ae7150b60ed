#include "common/index_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <unordered_map>

#include "common/schema.h"
#include "common/shard_batch.h"
#include "common/shard_layout.h"

namespace kiji {

namespace {

std::set<std::string> SplitWords(const std::string& text) {
  std::istringstream in(text);
  std::set<std::string> words;
  for (std::string w; in >> w;) words.insert(w);
  return words;
}

// Xapian's writer lock is a lock on "flintlock" in the index directory,
// held by the writing process (an open file description lock, which does
// not report its owner), so the holder is found by who has the file open.
std::string LockHolder(const std::string& lock) {
  std::error_code ec;
  const auto target = std::filesystem::canonical(lock, ec);
  if (ec) return {};
  const std::string self = std::to_string(::getpid());
  for (const auto& proc : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string pid = proc.path().filename().string();
    if (pid.empty() || pid.find_first_not_of("0123456789") != std::string::npos || pid == self) continue;
    std::error_code fd_ec;
    for (const auto& fd : std::filesystem::directory_iterator(proc.path() / "fd", fd_ec)) {
      std::error_code link_ec;
      if (std::filesystem::read_symlink(fd.path(), link_ec) == target) {
        std::string name;
        std::ifstream comm(proc.path() / "comm");
        std::getline(comm, name);
        return "process " + pid + (name.empty() ? "" : " (" + name + ")");
      }
    }
  }
  return {};
}

// Which directory `path` names now; a rebuild swaps a new one in.
std::pair<dev_t, ino_t> DirectoryIdentity(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {0, 0};
  return {st.st_dev, st.st_ino};
}

std::string LockHolderMessage(const std::string& path) {
  const std::string lock = (std::filesystem::path(path) / "flintlock").string();
  std::string holder = LockHolder(lock);
  if (holder.empty()) holder = "another process";
  return "index " + path + " is being written by " + holder + " (lock " + lock +
         "); wait for it to finish, or pass --wait to queue behind it";
}

}  // namespace

IndexWriter::IndexWriter(const std::string& path, const AnalysisSettings& requested,
                         bool settings_given, bool wait_for_lock) {
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  if (ec) throw IndexError("cannot create index directory " + path + ": " + ec.message());
  // A writer that waited for the lock while a rebuild swapped a new index
  // in holds the lock of the old one: it opens again, the new one.
  for (int attempt = 0;; ++attempt) {
    const auto identity = DirectoryIdentity(path);
    std::vector<std::string> paths;
    try {
      paths = ShardPaths(path);
    } catch (const std::runtime_error& e) {
      throw IndexError(e.what());
    }
    for (const std::string& shard : paths) {
      try {
        shards_.emplace_back(shard, Xapian::DB_CREATE_OR_OPEN | (wait_for_lock ? Xapian::DB_RETRY_LOCK : 0));
      } catch (const Xapian::DatabaseLockError&) {
        throw IndexError(LockHolderMessage(shard));
      }
    }
    if (DirectoryIdentity(path) == identity || attempt == 10) {
      shard_paths_ = std::move(paths);
      break;
    }
    for (Xapian::WritableDatabase& shard : shards_) shard.close();
    shards_.clear();
  }
  spelling_changes_.resize(shards_.size());
  if (auto stored = AnalysisSettings::ReadFrom(ledger())) {
    if (stored->schema_version != requested.schema_version) {
      throw IndexError("index " + path + " uses schema version " +
                       std::to_string(stored->schema_version) + " but this indexer writes version " +
                       std::to_string(requested.schema_version) +
                       "; --rebuild it, or index into a new --db directory");
    }
    if (settings_given) {
      if (const std::string why = stored->IncompatibilityWith(requested); !why.empty()) {
        throw IndexError("index " + path + " cannot take these settings: " + why +
                         "; drop the option, index into a new --db directory, or --rebuild it");
      }
    }
    settings_ = *stored;
  } else if (ledger().get_doccount() > 0) {
    throw IndexError(path + " holds a Xapian database that kiji did not create; "
                     "choose another --db directory");
  } else {
    settings_ = requested;
    // Every shard carries the settings, so a searcher reaching only some
    // shards (xapian-tcpsrv on other machines) still analyses queries alike.
    for (Xapian::WritableDatabase& shard : shards_) {
      settings_.WriteTo(shard);
      shard.commit();
    }
  }
  languages_ = SplitWords(ledger().get_metadata(schema::meta::kLanguages));
  const std::vector<Xapian::Database> readers(shards_.begin(), shards_.end());
  interrupted_ = TornBatch(readers, shard_paths_);
  stamp_ = ReadBatchStamp(ledger());
  if (stamp_.index.empty()) stamp_.index = ledger().get_uuid();
  for (const Xapian::Database& shard : readers) stamp_.batch = std::max(stamp_.batch, ReadBatchStamp(shard).batch);
}

IndexWriter::~IndexWriter() {
  if (!in_transaction_) return;
  for (Xapian::WritableDatabase& shard : shards_) {
    try {
      shard.cancel_transaction();
    } catch (const Xapian::Error&) {
      // Nothing more can be done; the shard stays at its last commit.
    }
  }
}

void IndexWriter::Begin() {
  if (in_transaction_) return;
  for (Xapian::WritableDatabase& shard : shards_) shard.begin_transaction(true);
  in_transaction_ = true;
}

std::size_t IndexWriter::ShardIndexFor(const std::string& id_term) const {
  return ShardOf(id_term, shards());
}

template <typename Counts>
void IndexWriter::ChangeSpelling(std::size_t shard, const Counts& counts, std::int64_t sign) {
  for (const auto& [word, count] : counts) spelling_changes_[shard][word] += sign * static_cast<std::int64_t>(count);
}

Xapian::Database IndexWriter::OpenCommitted() const {
  Xapian::Database db;
  for (const std::string& shard : shard_paths_) db.add_database(Xapian::Database(shard));
  return db;
}

void IndexWriter::NoteLanguage(const std::string& language) {
  if (languages_.insert(language).second) languages_changed_ = true;
}

bool HoldsUnchanged(const Xapian::Database& db, const std::string& id_term, const std::string& content_hash) {
  Xapian::PostingIterator existing = db.postlist_begin(id_term);
  return existing != db.postlist_end(id_term) &&
         db.get_document(*existing).get_value(schema::kContentHashSlot) == content_hash;
}

std::optional<SourceFile> RecordedFileIn(const Xapian::Database& db, const std::string& path) {
  const std::string value = db.get_metadata(schema::meta::kFilePrefix + schema::FileTerm(path));
  std::istringstream in(value);
  SourceFile f;
  if (!(in >> f.size >> f.mtime_ns)) return std::nullopt;
  in.get();
  std::getline(in, f.path);
  if (f.path != path) return std::nullopt;  // a hash collision: treat as unknown
  return f;
}

bool IndexWriter::HasUnchanged(const std::string& id_term, const std::string& content_hash) {
  return HoldsUnchanged(shards_[ShardIndexFor(id_term)], id_term, content_hash);
}

IndexWriter::Outcome IndexWriter::Write(const BuiltDocument& built) {
  Begin();
  NoteLanguage(built.language);
  const std::size_t shard = ShardIndexFor(built.id_term);
  Xapian::WritableDatabase& db = shards_[shard];
  Xapian::PostingIterator existing = db.postlist_begin(built.id_term);
  if (existing == db.postlist_end(built.id_term)) {
    ChangeSpelling(shard, built.spelling, 1);
    db.replace_document(built.id_term, built.document);
    return Outcome::kAdded;
  }
  const Xapian::Document old = db.get_document(*existing);
  if (old.get_value(schema::kContentHashSlot) == built.content_hash) return Outcome::kUnchanged;
  // The dictionary keeps the counts of what the index holds: the old
  // version's words are taken back.
  ChangeSpelling(shard, SpellingCountsOf(old), -1);
  ChangeSpelling(shard, built.spelling, 1);
  db.replace_document(built.id_term, built.document);
  return Outcome::kUpdated;
}

std::optional<SourceFile> IndexWriter::RecordedFile(const std::string& path) const {
  return RecordedFileIn(ledger(), path);
}

void IndexWriter::RecordFile(const SourceFile& file) {
  Begin();
  ledger().set_metadata(schema::meta::kFilePrefix + schema::FileTerm(file.path),
                   std::to_string(file.size) + " " + std::to_string(file.mtime_ns) + " " + file.path);
}

std::vector<std::string> IndexWriter::RecordedFilesUnder(const std::string& root) const {
  std::vector<std::string> out;
  const std::string prefix = schema::meta::kFilePrefix;
  for (auto key = ledger().metadata_keys_begin(prefix); key != ledger().metadata_keys_end(prefix); ++key) {
    std::istringstream in(ledger().get_metadata(*key));
    std::uint64_t size;
    std::int64_t mtime;
    std::string path;
    if (!(in >> size >> mtime)) continue;
    in.get();
    std::getline(in, path);
    const bool inside = path == root || (path.size() > root.size() && path.compare(0, root.size(), root) == 0 &&
                                         (root.back() == '/' || path[root.size()] == '/'));
    if (inside) out.push_back(path);
  }
  return out;
}

Xapian::doccount IndexWriter::ArticlesFrom(const std::string& path) const {
  Xapian::doccount n = 0;
  for (const Xapian::WritableDatabase& shard : shards_) n += shard.get_termfreq(schema::FileTerm(path));
  return n;
}

Xapian::doccount IndexWriter::RemoveArticlesFrom(const std::string& path, const std::set<std::string>& keep) {
  Begin();
  const std::string term = schema::FileTerm(path);
  Xapian::doccount removed = 0;
  for (std::size_t i = 0; i < shards_.size(); ++i) {
    Xapian::WritableDatabase& shard = shards_[i];
    std::vector<Xapian::docid> gone;
    for (auto it = shard.postlist_begin(term); it != shard.postlist_end(term); ++it) {
      if (keep.empty() || !keep.count(shard.get_document(*it).get_value(schema::kIdSlot))) gone.push_back(*it);
    }
    for (Xapian::docid id : gone) {
      ChangeSpelling(i, SpellingCountsOf(shard.get_document(id)), -1);
      shard.delete_document(id);
    }
    removed += static_cast<Xapian::doccount>(gone.size());
  }
  if (keep.empty()) ledger().set_metadata(schema::meta::kFilePrefix + term, "");
  return removed;
}

void IndexWriter::RecordRoot(const std::string& root) {
  Begin();
  std::string roots = ledger().get_metadata(schema::meta::kRoots);
  std::istringstream in(roots);
  for (std::string line; std::getline(in, line);) {
    if (line == root) return;
  }
  ledger().set_metadata(schema::meta::kRoots, roots + root + "\n");
}

void IndexWriter::Commit() {
  Begin();
  if (languages_changed_) {
    std::string joined;
    for (const std::string& l : languages_) joined += (joined.empty() ? "" : " ") + l;
    ledger().set_metadata(schema::meta::kLanguages, joined);
    languages_changed_ = false;
  }
  for (std::size_t i = 0; i < spelling_changes_.size(); ++i) {
    WriteSpellingInWordOrder(shards_[i], spelling_changes_[i]);
    spelling_changes_[i].clear();
  }
  // Every shard shows the same batch, so a searcher can tell a commit
  // half done (shard_batch.h).
  ++stamp_.batch;
  for (Xapian::WritableDatabase& shard : shards_) WriteBatchStamp(shard, stamp_);
  // The other shards commit at once, each on a thread of its own (a commit
  // is mostly waiting for fsync), which keeps short the time in which a
  // crash leaves them at different batches; the ledger commits last.
  std::vector<std::exception_ptr> errors(shards_.size());
  std::vector<std::thread> committers;
  for (std::size_t i = 1; i < shards_.size(); ++i) {
    committers.emplace_back([this, &errors, i] {
      try {
        shards_[i].commit_transaction();
      } catch (...) {
        errors[i] = std::current_exception();
      }
    });
  }
  for (std::thread& t : committers) t.join();
  for (const std::exception_ptr& e : errors) {
    if (e) std::rethrow_exception(e);
  }
  ledger().commit_transaction();
  in_transaction_ = false;
  interrupted_.clear();
}

IndexLock::IndexLock(const std::string& path, bool wait) {
  std::vector<std::string> paths;
  try {
    paths = ShardPaths(path);
  } catch (const std::runtime_error&) {
    return;  // not an index kiji can update; the rebuild replaces it
  }
  for (const std::string& shard : paths) {
    try {
      shards_.emplace_back(shard, Xapian::DB_OPEN | (wait ? Xapian::DB_RETRY_LOCK : 0));
    } catch (const Xapian::DatabaseLockError&) {
      throw IndexError(LockHolderMessage(shard));
    } catch (const Xapian::DatabaseError&) {
      // Missing or unreadable: nothing to protect.
    }
  }
}

void SwapInRebuiltIndex(const std::string& rebuilt, const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(path)) {
    // One atomic step: no moment at which `path` is missing or half-built.
    if (::renameat2(AT_FDCWD, rebuilt.c_str(), AT_FDCWD, path.c_str(), RENAME_EXCHANGE) == 0) {
      fs::remove_all(rebuilt, ec);
      return;
    }
    const std::string old = path + ".old";
    fs::remove_all(old, ec);
    fs::rename(path, old);
    fs::rename(rebuilt, path);
    fs::remove_all(old, ec);
    return;
  }
  fs::rename(rebuilt, path);
}

}  // namespace kiji
