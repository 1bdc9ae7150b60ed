#include "common/index/index_writer.h"

#include "common/index/story_clusters.h"

#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <stdio.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <unordered_map>

#include "common/index/schema.h"
#include "common/index/shard_batch.h"
#include "common/index/shard_layout.h"
#include "common/index/index_settings.h"
#include "common/util/parallel_for.h"

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

std::string OwnerOf(const struct stat& st) {
  const passwd* user = ::getpwuid(st.st_uid);
  return user != nullptr ? user->pw_name : "uid " + std::to_string(st.st_uid);
}

// Xapian refuses the writer lock alike when another process holds it and
// when the lock file cannot be written; only the first is worth waiting
// for. Throws IndexError saying what the file system refused, if it did.
void ThrowUnlessHeldByAnother(const std::string& db, const Xapian::DatabaseLockError& e) {
  const std::string lock = (std::filesystem::path(db) / "flintlock").string();
  struct statvfs fs {};
  if (::statvfs(db.c_str(), &fs) == 0 && (fs.f_flag & ST_RDONLY)) {
    throw IndexError("cannot write index " + db + ": it is on a read-only file system\n"
                     "  hint: remount it read-write, or index into a --db on a writable file system");
  }
  std::error_code ec;
  const std::string probe = std::filesystem::exists(lock, ec) ? lock : db;
  if (::faccessat(AT_FDCWD, probe.c_str(), W_OK, AT_EACCESS) != 0) {
    const int error = errno;
    struct stat st {};
    std::string owner;
    if (::stat(probe.c_str(), &st) == 0) {
      char mode[8];
      std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
      owner = " (owned by " + OwnerOf(st) + ", mode " + mode + ")";
    }
    throw IndexError("cannot write index " + db + ": " + std::strerror(error) + " on " + probe + owner +
                     "\n  hint: run the indexer as the index's owner, or give this user write access to it");
  }
  if (e.get_msg().find("already locked") == std::string::npos) {
    throw IndexError("cannot lock index " + db + " for writing: " + e.get_description());
  }
}

// Opens the database at `db` for writing, taking its writer lock as `lock`
// says (polling, so that a signal can end the wait).
Xapian::WritableDatabase OpenLocked(const std::string& db, int flags, const LockPolicy& lock) {
  for (;;) {
    try {
      return Xapian::WritableDatabase(db, flags);
    } catch (const Xapian::DatabaseLockError& e) {
      ThrowUnlessHeldByAnother(db, e);
      if (!lock.wait) throw IndexError(LockHolderMessage(db));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (lock.stop != nullptr && lock.stop->load()) {
      throw LockWaitInterrupted("interrupted while waiting for the writer of " + db +
                                " to finish; nothing was written");
    }
  }
}

// Opens every database of the index at `path` for writing. A writer that
// waited for the lock while a rebuild swapped a new index in holds the
// lock of the old one: it opens again, the new one. With `skip_unopenable`,
// databases that are missing, unreadable or damaged are left out.
std::vector<Xapian::WritableDatabase> OpenIndex(const std::string& path, int flags, const LockPolicy& lock,
                                                bool skip_unopenable, std::vector<std::string>& paths) {
  std::vector<Xapian::WritableDatabase> shards;
  for (int attempt = 0;; ++attempt) {
    const auto identity = DirectoryIdentity(path);
    try {
      paths = ShardPaths(path);
    } catch (const std::runtime_error& e) {
      throw IndexError(e.what());
    }
    for (const std::string& shard : paths) {
      try {
        shards.push_back(OpenLocked(shard, flags, lock));
      } catch (const Xapian::DatabaseError&) {
        if (!skip_unopenable) throw;  // (a lock refused is an IndexError by now)
      }
    }
    if (DirectoryIdentity(path) == identity || attempt == 10) return shards;
    for (Xapian::WritableDatabase& shard : shards) shard.close();
    shards.clear();
  }
}

}  // namespace

IndexWriter::IndexWriter(const std::string& path, const AnalysisSettings& requested,
                         bool settings_given, LockPolicy lock)
    : path_(path) {
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  if (ec) throw IndexError("cannot create index directory " + path + ": " + ec.message());
  ownership_ = OwnershipOf(path);
  shards_ = OpenIndex(path, Xapian::DB_CREATE_OR_OPEN, lock, false, shard_paths_);
  if (ownership_) ConformIndexFiles(path_, *ownership_);
  spelling_changes_.resize(shards_.size());
  if (auto stored = ReadIndexSettings(ledger())) {
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
      WriteIndexSettings(shard, settings_);
      shard.commit();
    }
    if (ownership_) ConformIndexFiles(path_, *ownership_);
  }
  languages_ = SplitWords(ledger().get_metadata(schema::meta::kLanguages));
  const std::vector<Xapian::Database> readers(shards_.begin(), shards_.end());
  interrupted_ = TornBatch(readers, shard_paths_);
  stamp_ = ReadBatchStamp(ledger());
  if (stamp_.index.empty()) stamp_.index = ledger().get_uuid();
  for (const Xapian::Database& shard : readers) stamp_.batch = std::max(stamp_.batch, ReadBatchStamp(shard).batch);
}

bool IndexWriter::Empty() const {
  for (const Xapian::WritableDatabase& shard : shards_) {
    if (shard.get_doccount() > 0) return false;
  }
  return true;
}

std::string DescribeDamage(const std::string& path, const std::string& what) {
  return "index " + path + " is damaged: " + what + "\n  hint: 'xapian-check " + path +
         "' shows the damage; 'indexer --rebuild --db " + path + " PATH...' builds the index anew from its sources";
}

namespace {

// The first inconsistency Xapian finds in `path` (a table file, or a
// database directory: all its tables); empty when none.
std::string FirstDamageIn(const std::string& path) {
  std::ostringstream report;
  try {
    if (Xapian::Database::check(path, 0, &report) == 0) return {};
  } catch (const Xapian::DatabaseOpeningError&) {
    return {};  // unreadable or missing, which is not damage to report
  } catch (const Xapian::Error& e) {
    return e.get_description();
  }
  std::string problem = report.str();
  while (!problem.empty() && problem.back() == '\n') problem.pop_back();
  return problem.substr(problem.rfind('\n') + 1);
}

}  // namespace

void IndexWriter::CheckForDamage() const {
  for (const std::string& shard : shard_paths_) {
    const std::string table = (std::filesystem::path(shard) / "postlist.glass").string();
    std::error_code ec;
    if (!std::filesystem::exists(table, ec)) continue;
    if (const std::string problem = FirstDamageIn(table); !problem.empty()) {
      throw IndexDamaged(DescribeDamage(path_, table + ": " + problem) + " (nothing was written)");
    }
  }
}

std::string DamageIn(const std::string& path) {
  try {
    for (const std::string& shard : ShardPaths(path)) {
      if (std::string problem = FirstDamageIn(shard); !problem.empty()) return shard + ": " + problem;
    }
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return {};
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

namespace {

// A file's ledger entry ("SIZE MTIME_NS PATH"); nullopt when there is none.
std::optional<SourceFile> ParseRecordedFile(const std::string& value) {
  std::istringstream in(value);
  SourceFile f;
  if (!(in >> f.size >> f.mtime_ns)) return std::nullopt;
  in.get();
  std::getline(in, f.path);
  return f;
}

}  // namespace

std::optional<SourceFile> RecordedFileIn(const Xapian::Database& db, const std::string& path) {
  std::optional<SourceFile> f = ParseRecordedFile(db.get_metadata(schema::meta::kFilePrefix + schema::FileTerm(path)));
  if (!f || f->path != path) return std::nullopt;  // a hash collision: treat as unknown
  return f;
}

bool IndexWriter::HasUnchanged(const std::string& id_term, const std::string& content_hash) {
  return HoldsUnchanged(shards_[ShardIndexFor(id_term)], id_term, content_hash);
}

std::optional<std::string> IndexWriter::IdHeldByOtherFile(const std::string& id_term, const std::string& source) {
  if (source.empty()) return std::nullopt;
  Xapian::WritableDatabase& db = shards_[ShardIndexFor(id_term)];
  Xapian::PostingIterator existing = db.postlist_begin(id_term);
  if (existing == db.postlist_end(id_term)) return std::nullopt;
  const std::string own = schema::FileTerm(source);
  Xapian::TermIterator term = db.termlist_begin(*existing);
  term.skip_to(std::string(schema::kFile));
  if (term == db.termlist_end(*existing) || (*term).rfind(schema::kFile, 0) != 0 || *term == own) return std::nullopt;
  const std::optional<SourceFile> other = ParseRecordedFile(ledger().get_metadata(schema::meta::kFilePrefix + *term));
  std::error_code ec;
  if (!other || other->path.empty() || !std::filesystem::exists(std::filesystem::symlink_status(other->path, ec))) {
    return std::nullopt;
  }
  return other->path;
}

std::string IdHeldElsewhere(const std::string& id, const std::string& other_file) {
  return "article id \"" + id + "\" is already the id of an article read from " + other_file +
         " (an id names one article: give one of them another id, or index the two into separate indexes)";
}

IndexWriter::Outcome IndexWriter::Write(const BuiltDocument& built) {
  Begin();
  NoteLanguage(built.language);
  const std::size_t shard = ShardIndexFor(built.id_term);
  Xapian::WritableDatabase& db = shards_[shard];
  Xapian::PostingIterator existing = db.postlist_begin(built.id_term);
  const auto note_written = [this, shard](Xapian::docid local) {
    written_.push_back((local - 1) * static_cast<Xapian::docid>(shards_.size()) + static_cast<Xapian::docid>(shard) + 1);
  };
  if (existing == db.postlist_end(built.id_term)) {
    ChangeSpelling(shard, built.spelling, 1);
    note_written(db.replace_document(built.id_term, built.document));
    return Outcome::kAdded;
  }
  const Xapian::Document old = db.get_document(*existing);
  if (old.get_value(schema::kContentHashSlot) == built.content_hash) return Outcome::kUnchanged;
  // The dictionary keeps the counts of what the index holds: the old
  // version's words are taken back.
  ChangeSpelling(shard, SpellingCountsOf(old), -1);
  ChangeSpelling(shard, built.spelling, 1);
  note_written(db.replace_document(built.id_term, built.document));
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
    const std::optional<SourceFile> file = ParseRecordedFile(ledger().get_metadata(*key));
    if (!file) continue;
    const std::string& path = file->path;
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

void IndexWriter::AssignStories() {
  if (written_.empty()) return;
  // In the order written; an article written twice is assigned once.
  std::vector<Xapian::docid> order;
  std::set<Xapian::docid> seen;
  for (const Xapian::docid docid : written_) {
    if (seen.insert(docid).second) order.push_back(docid);
  }
  written_.clear();
  StoryAssigner stories(shards_);
  for (const Xapian::docid docid : order) stories.Assign(docid);
}

std::uint64_t IndexWriter::AssignAllStories() {
  Begin();
  StoryAssigner stories(shards_);
  for (const Xapian::docid docid : stories.ArticlesWithCandidates()) stories.Assign(docid);
  return stories.assigned();
}

void IndexWriter::Commit() {
  Begin();
  AssignStories();
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
  ParallelFor(shards_.size() - 1, 0, [this](std::size_t i) { shards_[i + 1].commit_transaction(); });
  ledger().commit_transaction();
  in_transaction_ = false;
  // Xapian writes a new version file at every commit, and new tables.
  if (ownership_) ConformIndexFiles(path_, *ownership_);
  interrupted_.clear();
}

IndexLock::IndexLock(const std::string& path, LockPolicy lock) {
  try {
    ShardPaths(path);
  } catch (const std::runtime_error&) {
    return;  // not an index kiji can update; the rebuild replaces it
  }
  std::vector<std::string> paths;
  // Missing or unreadable databases: nothing to protect.
  shards_ = OpenIndex(path, Xapian::DB_OPEN, lock, true, paths);
}

std::string RebuildPathFor(const std::string& path) { return path + ".rebuild"; }

void RemoveLeftoversOfDeadBuilds(const std::string& path) {
  std::error_code ec;
  std::filesystem::remove_all(RebuildPathFor(path), ec);
  std::filesystem::remove_all(RebuildPathFor(path) + ".parts", ec);
  // A swap by two renames that died between them left the only index here.
  if (std::filesystem::exists(path, ec)) std::filesystem::remove_all(path + ".old", ec);
}

namespace {

// Whether a directory entry is part of an index: Xapian's files, a stub,
// or a shard directory holding only such files.
bool IsIndexEntry(const std::filesystem::directory_entry& entry, std::string& foreign) {
  namespace fs = std::filesystem;
  const std::string name = entry.path().filename().string();
  std::error_code ec;
  if (entry.is_directory(ec) && !entry.is_symlink(ec)) {
    if (!IsShardName(name)) return false;
    for (const auto& inner : fs::directory_iterator(entry.path(), ec)) {
      if (!IsIndexEntry(inner, foreign) || inner.is_directory(ec)) {
        if (foreign.empty()) foreign = inner.path().string();
        return false;
      }
    }
    return true;
  }
  // A commit in progress (another writer's) leaves *.tmp files for a moment.
  return !entry.is_symlink(ec) && (IsIndexFileName(name) || name.ends_with(".tmp"));
}

}  // namespace

IndexDirectory InspectIndexDirectory(const std::string& path) {
  namespace fs = std::filesystem;
  IndexDirectory out;
  std::error_code ec;
  // flintlock comes first when Xapian creates a database: a directory
  // another indexer is creating right now is an index too.
  for (const std::string_view marker : {std::string_view("iamglass"), kStubName, std::string_view("flintlock")}) {
    if (fs::exists(fs::path(path) / marker, ec)) out.is_index = true;
  }
  for (const auto& entry : fs::directory_iterator(path, ec)) {
    std::string foreign;
    if (!IsIndexEntry(entry, foreign)) {
      out.foreign_file = foreign.empty() ? entry.path().string() : foreign;
      break;
    }
  }
  if (!out.is_index) return out;
  try {
    const std::vector<std::string> shards = ShardPaths(path);  // throws for a stub kiji did not write
    out.shards = static_cast<unsigned>(shards.size());
    out.settings = ReadIndexSettings(Xapian::Database(shards.front()));
    out.opens = true;
  } catch (const std::runtime_error&) {
    out.opens = fs::exists(fs::path(path) / kStubName, ec);  // a foreign stub: never opened here
  } catch (const Xapian::Error&) {
    out.opens = false;  // damaged, or being created
  }
  return out;
}

void SwapInRebuiltIndex(const std::string& rebuilt, const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  // What is replaced is removed: never a directory of something else.
  if (fs::exists(path, ec) && !fs::is_empty(path, ec)) {
    const IndexDirectory existing = InspectIndexDirectory(path);
    if (!existing.is_index || !existing.foreign_file.empty()) {
      throw IndexError(path + " holds files that are not part of an index; it was left as it was");
    }
  }
  if (const auto ownership = OwnershipOf(path)) ConformIndexFiles(rebuilt, *ownership);
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
