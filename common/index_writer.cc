#include "common/index_writer.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/schema.h"

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
  try {
    db_ = Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN | (wait_for_lock ? Xapian::DB_RETRY_LOCK : 0));
  } catch (const Xapian::DatabaseLockError&) {
    throw IndexError(LockHolderMessage(path));
  }
  if (auto stored = AnalysisSettings::ReadFrom(db_)) {
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
  } else if (db_.get_doccount() > 0) {
    throw IndexError(path + " holds a Xapian database that kiji did not create; "
                     "choose another --db directory");
  } else {
    settings_ = requested;
    settings_.WriteTo(db_);
    db_.commit();
  }
  languages_ = SplitWords(db_.get_metadata(schema::meta::kLanguages));
}

IndexWriter::~IndexWriter() {
  if (!in_transaction_) return;
  try {
    db_.cancel_transaction();
  } catch (const Xapian::Error&) {
    // Nothing more can be done; the index stays at its last commit.
  }
}

void IndexWriter::Begin() {
  if (in_transaction_) return;
  db_.begin_transaction(true);
  in_transaction_ = true;
}

bool IndexWriter::HasUnchanged(const std::string& id_term, const std::string& content_hash) {
  Xapian::PostingIterator existing = db_.postlist_begin(id_term);
  return existing != db_.postlist_end(id_term) &&
         db_.get_document(*existing).get_value(schema::kContentHashSlot) == content_hash;
}

IndexWriter::Outcome IndexWriter::Write(const BuiltDocument& built) {
  Begin();
  if (languages_.insert(built.language).second) languages_changed_ = true;
  for (const auto& [word, count] : built.spelling) db_.add_spelling(word, count);
  Xapian::PostingIterator existing = db_.postlist_begin(built.id_term);
  if (existing == db_.postlist_end(built.id_term)) {
    db_.replace_document(built.id_term, built.document);
    return Outcome::kAdded;
  }
  const Xapian::Document old = db_.get_document(*existing);
  if (old.get_value(schema::kContentHashSlot) == built.content_hash) return Outcome::kUnchanged;
  db_.replace_document(built.id_term, built.document);
  return Outcome::kUpdated;
}

std::optional<SourceFile> IndexWriter::RecordedFile(const std::string& path) const {
  const std::string value = db_.get_metadata(schema::meta::kFilePrefix + schema::FileTerm(path));
  std::istringstream in(value);
  SourceFile f;
  if (!(in >> f.size >> f.mtime_ns)) return std::nullopt;
  in.get();
  std::getline(in, f.path);
  if (f.path != path) return std::nullopt;  // a hash collision: treat as unknown
  return f;
}

void IndexWriter::RecordFile(const SourceFile& file) {
  Begin();
  db_.set_metadata(schema::meta::kFilePrefix + schema::FileTerm(file.path),
                   std::to_string(file.size) + " " + std::to_string(file.mtime_ns) + " " + file.path);
}

std::vector<std::string> IndexWriter::RecordedFilesUnder(const std::string& root) const {
  std::vector<std::string> out;
  const std::string prefix = schema::meta::kFilePrefix;
  for (auto key = db_.metadata_keys_begin(prefix); key != db_.metadata_keys_end(prefix); ++key) {
    std::istringstream in(db_.get_metadata(*key));
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
  return db_.get_termfreq(schema::FileTerm(path));
}

Xapian::doccount IndexWriter::RemoveArticlesFrom(const std::string& path, const std::set<std::string>& keep) {
  Begin();
  const std::string term = schema::FileTerm(path);
  std::vector<Xapian::docid> gone;
  for (auto it = db_.postlist_begin(term); it != db_.postlist_end(term); ++it) {
    if (keep.empty() || !keep.count(db_.get_document(*it).get_value(schema::kIdSlot))) gone.push_back(*it);
  }
  for (Xapian::docid id : gone) db_.delete_document(id);
  if (keep.empty()) db_.set_metadata(schema::meta::kFilePrefix + term, "");
  return static_cast<Xapian::doccount>(gone.size());
}

void IndexWriter::RecordRoot(const std::string& root) {
  Begin();
  std::string roots = db_.get_metadata(schema::meta::kRoots);
  std::istringstream in(roots);
  for (std::string line; std::getline(in, line);) {
    if (line == root) return;
  }
  db_.set_metadata(schema::meta::kRoots, roots + root + "\n");
}

void IndexWriter::Commit() {
  Begin();
  if (languages_changed_) {
    std::string joined;
    for (const std::string& l : languages_) joined += (joined.empty() ? "" : " ") + l;
    db_.set_metadata(schema::meta::kLanguages, joined);
    languages_changed_ = false;
  }
  db_.commit_transaction();
  in_transaction_ = false;
}

void SwapInRebuiltIndex(const std::string& rebuilt, const std::string& path) {
  namespace fs = std::filesystem;
  const std::string old = path + ".old";
  std::error_code ec;
  fs::remove_all(old, ec);
  if (fs::exists(path)) fs::rename(path, old);
  fs::rename(rebuilt, path);
  fs::remove_all(old, ec);
}

}  // namespace kiji
