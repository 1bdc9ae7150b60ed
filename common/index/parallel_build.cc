#include "common/index/parallel_build.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>

#include <xapian.h>

#include "common/index/document_builder.h"
#include "common/util/field_codec.h"
#include "common/index/index_writer.h"
#include "common/index/schema.h"
#include "common/index/shard_layout.h"
#include "common/index/index_settings.h"

namespace kiji {

namespace {

namespace fs = std::filesystem;

struct Job {
  Article article;
  std::string source;
  std::string location;
  std::string content_hash;
  // The article's place in the input (for stops: what was read first) and
  // its docid in the index: the same for a single index; a shard numbers
  // its own articles 1, 2, 3 ... in input order, so every shard's ids are
  // dense, as Xapian's all-documents shortcut expects.
  Xapian::docid seq = 0;
  Xapian::docid docid = 0;
};

// Consecutive articles (of one shard) that a worker writes into the part it
// has open or, when the block starts a part, into a new one.
struct Block {
  std::vector<Job> jobs;
  bool starts_part = false;
};

// A block as bytes: whether it starts a part, then each job's fields
// (field_codec.h).
std::string EncodeBlock(const Block& block) {
  std::string out(1, block.starts_part ? '1' : '0');
  for (const Job& job : block.jobs) {
    const Article& a = job.article;
    for (const std::string* field : {&job.source, &job.location, &job.content_hash, &a.id, &a.title, &a.body,
                                     &a.date, &a.source, &a.url, &a.language, &a.caption, &a.dateline}) {
      AppendField(out, *field);
    }
    AppendField(out, std::to_string(job.seq));
    AppendField(out, std::to_string(job.docid));
    AppendField(out, std::to_string(a.tags.size()));
    for (const std::string& tag : a.tags) AppendField(out, tag);
  }
  return out;
}

// One of EncodeBlock's numbers.
bool ReadNumber(std::string_view& in, std::uint64_t& n) {
  std::string digits;
  if (!ReadField(in, digits) || digits.empty()) return false;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  return error == std::errc() && end == digits.data() + digits.size();
}

// What EncodeBlock wrote; false when `in` is not that.
bool DecodeBlock(std::string_view in, Block& block) {
  if (in.empty()) return false;
  block.starts_part = in.front() == '1';
  in.remove_prefix(1);
  while (!in.empty()) {
    Job& job = block.jobs.emplace_back();
    Article& a = job.article;
    for (std::string* field : {&job.source, &job.location, &job.content_hash, &a.id, &a.title, &a.body, &a.date,
                               &a.source, &a.url, &a.language, &a.caption, &a.dateline}) {
      if (!ReadField(in, *field)) return false;
    }
    std::uint64_t seq = 0, docid = 0, tags = 0;
    if (!ReadNumber(in, seq) || !ReadNumber(in, docid) || !ReadNumber(in, tags) || seq > UINT32_MAX ||
        docid > UINT32_MAX || tags > in.size()) {
      return false;
    }
    job.seq = static_cast<Xapian::docid>(seq);
    job.docid = static_cast<Xapian::docid>(docid);
    a.tags.resize(tags);
    for (std::string& tag : a.tags) {
      if (!ReadField(in, tag)) return false;
    }
  }
  return true;
}

// Block sizes. Each flush rewrites the blocks of every term a batch holds,
// and positions are keyed by term first, so a part's position table takes
// inserts all over; glass's largest blocks mean fewer blocks to read and
// rewrite (and fewer system calls): a two-worker build of the 101k corpus
// took 90-99 s against 103-143 s with 8 KB blocks, a third less system
// time, and Reuters-21578 5.4-6.5 s against 6.2-6.9 s (runs alternating).
// Compaction writes the index in Xapian's default 8 KB blocks, the size
// a query reads.
constexpr unsigned kPartBlockSize = 65536;
constexpr unsigned kIndexBlockSize = 8192;

// A spool block holds at most this many articles or bytes of article text
// (fewer when batches are smaller): the unit a worker takes, and steals.
constexpr std::uint64_t kBlockArticles = 250;
constexpr std::uint64_t kBlockBytes = 256u << 10;
// What a shard's spool may hold unread before the reader waits for its worker.
constexpr std::uint64_t kShardSpoolBytes = 16u << 20;

// Blocks on their way from the reader to one worker, kept in a file of the
// build's scratch directory rather than in memory. A part must be a
// contiguous run of the input, so while one worker writes its part the
// reader is already reading the next worker's; held in memory, that
// read-ahead made peak RSS grow with the part size (152 MB at 20,000
// articles of the 101k corpus, 240 MB at all of them). Read blocks give
// their space back to the file system (a punched hole, where supported)
// and the reader waits while more than `max_unread_bytes` are unread, so
// the disk the spool takes stays bounded too. Once all input is spooled,
// an idle worker's spool can take over another's later blocks (StealFrom).
class BlockSpool {
 public:
  BlockSpool(const fs::path& path, std::uint64_t max_unread_bytes)
      : path_(path.string()), max_unread_(max_unread_bytes) {
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd_ < 0) throw IndexError(Failure("cannot create"));
  }
  ~BlockSpool() { ::close(fd_); }
  BlockSpool(const BlockSpool&) = delete;
  BlockSpool& operator=(const BlockSpool&) = delete;

  // The reader's side.
  void Push(const Block& block) {
    const std::string bytes = EncodeBlock(block);
    {
      std::unique_lock lock(mutex_);
      not_full_.wait(lock, [this] { return unread_ < max_unread_ || extents_.empty(); });
    }
    // Only the reader writes, always past every published extent.
    for (std::size_t done = 0; done < bytes.size();) {
      const ssize_t n = ::pwrite(fd_, bytes.data() + done, bytes.size() - done, end_ + static_cast<off_t>(done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw IndexError(Failure("cannot write"));
      done += static_cast<std::size_t>(n);
    }
    std::lock_guard lock(mutex_);
    extents_.push_back({this, end_, bytes.size(), block.jobs.empty() ? 0 : block.jobs.front().seq});
    end_ += static_cast<off_t>(bytes.size());
    unread_ += bytes.size();
    not_empty_.notify_one();
  }
  // Bytes pushed and not yet taken: how far behind the worker is.
  std::uint64_t Unread() {
    std::lock_guard lock(mutex_);
    return unread_;
  }
  void Close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    not_empty_.notify_all();
  }
  // Closes the spool and drops the blocks not yet taken, so the worker
  // stops after the block it has; the first input place dropped, 0 if none.
  Xapian::docid Abandon() {
    std::lock_guard lock(mutex_);
    const Xapian::docid first = extents_.empty() ? 0 : extents_.front().first_seq;
    extents_.clear();
    unread_ = 0;
    closed_ = true;
    not_empty_.notify_all();
    not_full_.notify_all();
    return first;
  }

  // The worker's side: the next block, or nothing once closed and drained.
  // A block that cannot be read is an exception, and taken all the same.
  std::optional<Block> Pop() {
    Extent extent;
    {
      std::unique_lock lock(mutex_);
      not_empty_.wait(lock, [this] { return !extents_.empty() || closed_; });
      if (extents_.empty()) return std::nullopt;
      extent = extents_.front();
      extents_.pop_front();
      unread_ -= extent.size;
      not_full_.notify_one();
    }
    Block block = extent.file->Read(extent);
    block.starts_part = block.starts_part || extent.starts_part;
    return block;
  }

  // Work stealing, once all input is spooled: moves the later half (by
  // bytes) of `victim`'s unread blocks here, the first starting a new part.
  // A suffix of a spool is a run of docids beyond everything its worker
  // will still write, so parts stay disjoint. False when `victim` has
  // fewer than two blocks unread (taking its last would only move the
  // imbalance).
  bool StealFrom(BlockSpool& victim) {
    std::deque<Extent> taken;
    {
      std::lock_guard lock(victim.mutex_);
      if (victim.extents_.size() < 2) return false;
      // At least the last block, even when it holds over half.
      std::uint64_t bytes = 0;
      while (victim.extents_.size() > 1 &&
             (taken.empty() || 2 * (bytes + victim.extents_.back().size) <= victim.unread_)) {
        bytes += victim.extents_.back().size;
        taken.push_front(victim.extents_.back());
        victim.extents_.pop_back();
      }
      victim.unread_ -= bytes;
      victim.not_full_.notify_one();
    }
    taken.front().starts_part = true;
    std::lock_guard lock(mutex_);
    for (const Extent& extent : taken) unread_ += extent.size;
    extents_.insert(extents_.end(), taken.begin(), taken.end());
    not_empty_.notify_one();
    return true;
  }

 private:
  // A block: where its bytes are (a stolen block stays in its first
  // spool's file) and its first job's place in the input.
  struct Extent {
    BlockSpool* file = nullptr;
    off_t offset = 0;
    std::size_t size = 0;
    Xapian::docid first_seq = 0;
    bool starts_part = false;  // set on a stolen run's first block
  };
  // Reads, decodes and frees the space of one of this file's blocks.
  Block Read(const Extent& extent) const {
    std::string bytes(extent.size, '\0');
    for (std::size_t done = 0; done < bytes.size();) {
      const ssize_t n = ::pread(fd_, bytes.data() + done, bytes.size() - done, extent.offset + static_cast<off_t>(done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw IndexError(Failure("cannot read"));
      done += static_cast<std::size_t>(n);
    }
    ::fallocate(fd_, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, extent.offset, static_cast<off_t>(extent.size));
    Block block;
    if (!DecodeBlock(bytes, block)) {
      throw IndexError("the build's spool " + path_ + " is damaged at byte " + std::to_string(extent.offset));
    }
    return block;
  }
  std::string Failure(const char* what) const {
    return std::string(what) + " the build's spool " + path_ + ": " + std::strerror(errno) +
           " (it is in the scratch directory beside the index; is the disk full?)";
  }

  const std::string path_;
  const std::uint64_t max_unread_;
  int fd_ = -1;
  off_t end_ = 0;  // the reader's alone
  std::mutex mutex_;
  std::condition_variable not_empty_, not_full_;
  std::deque<Extent> extents_;
  std::uint64_t unread_ = 0;
  bool closed_ = false;
};

// Serialises reports from the reader and the workers.
class SharedReporter : public IndexingReporter {
 public:
  explicit SharedReporter(IndexingReporter& out) : out_(out) {}
  void Rejected(const std::string& location, const std::string& reason) override {
    std::lock_guard lock(mutex_);
    out_.Rejected(location, reason);
  }
  void Warning(const std::string& location, const std::string& message) override {
    std::lock_guard lock(mutex_);
    out_.Warning(location, message);
  }
  void Progress(const IndexingStats& stats) override {
    std::lock_guard lock(mutex_);
    out_.Progress(stats);
  }

 private:
  IndexingReporter& out_;
  std::mutex mutex_;
};

// One worker: analyses the blocks of articles it takes and writes each,
// under the docids the reader gave them, into a part database of its own.
class Worker {
 public:
  // `steal` refills the worker's spool when it runs dry (false: nothing to
  // take); the writer is flushed every `batch_articles` or `batch_bytes` of
  // article text.
  Worker(std::string dir_prefix, const AnalysisSettings& settings, BlockSpool& spool, SharedReporter& reporter,
         std::function<bool()> steal, std::uint64_t batch_articles, std::uint64_t batch_bytes)
      : prefix_(std::move(dir_prefix)),
        settings_(settings),
        spool_(spool),
        reporter_(reporter),
        steal_(std::move(steal)),
        batch_articles_(batch_articles),
        batch_bytes_(batch_bytes) {}

  void Run() noexcept;
  // After Run: rethrows the error that stopped the worker, if any.
  void Check() const {
    if (error_) std::rethrow_exception(error_);
  }
  // Deletes those of `docids` it wrote (articles superseded by a later copy
  // with the same id), keeping the spelling counts they had added.
  void Delete(const std::vector<Xapian::docid>& docids);
  // The spelling counts of the articles Delete deleted, for the merged
  // index to take back.
  SpellingCounts TakeDeletedSpelling() { return std::exchange(deleted_spelling_, {}); }
  // Whether it wrote `docid`, one the reader gave it. A worker writes its
  // blocks in order, so what it wrote of a part is a run of docids.
  bool Wrote(Xapian::docid docid) const {
    return std::any_of(ranges_.begin(), ranges_.end(),
                       [docid](const Range& r) { return r.first != 0 && docid >= r.first && docid <= r.last; });
  }
  // The spelling counts Run left unwritten (it writes them only when there
  // are many), for WriteSpelling here or on another worker.
  SpellingCounts TakeSpelling() { return std::exchange(spelling_, {}); }
  // Adds `words`, counted from articles it wrote, to the spelling data of
  // the last part it wrote.
  void WriteSpelling(const SpellingCounts& words);
  std::uint64_t written() const { return written_; }
  const std::vector<std::string>& parts() const { return parts_; }
  const std::set<std::string>& languages() const { return languages_; }
  std::uint64_t rejected() const { return rejected_; }

 private:
  Xapian::WritableDatabase OpenPart();

  // Distinct spelling words held in memory before they are written out.
  static constexpr std::size_t kMaxSpellingWords = 50000;

  struct Range {
    std::string path;
    Xapian::docid first = 0, last = 0;
  };

  std::string prefix_;
  const AnalysisSettings& settings_;
  BlockSpool& spool_;
  SharedReporter& reporter_;
  const std::function<bool()> steal_;
  const std::uint64_t batch_articles_, batch_bytes_;
  std::exception_ptr error_;

  std::vector<std::string> parts_;
  std::vector<Range> ranges_;
  // The spelling counts Run did not write: its builder sums them, and it
  // writes them into its part only when there are many (the rest go to
  // WriteSpelling), so a word costs an add_spelling per spill, not one per
  // article.
  SpellingCounts spelling_;
  SpellingCounts deleted_spelling_;
  std::set<std::string> languages_;
  std::uint64_t rejected_ = 0;
  std::uint64_t written_ = 0;
};

void Worker::Run() noexcept {
  try {
    DocumentBuilder builder(settings_, SpellingCollection::kSummed);
    std::optional<Xapian::WritableDatabase> db;
    std::uint64_t unflushed_articles = 0, unflushed_bytes = 0;
    const auto flush = [&] {
      // A large vocabulary goes into the part now (compaction adds up the
      // counts), so memory stays flat however large the corpus.
      if (builder.SpellingWords() > kMaxSpellingWords) {
        WriteSpellingInWordOrder(*db, builder.TakeSpelling());
      }
      db->commit();
      unflushed_articles = unflushed_bytes = 0;
    };
    while (true) {
      std::optional<Block> block;
      try {
        block = spool_.Pop();
        if (!block && !error_ && steal_()) continue;
      } catch (...) {
        if (!error_) error_ = std::current_exception();
        continue;  // keep draining so the reader never blocks
      }
      if (!block) break;
      if (error_) continue;
      try {
        if (block->starts_part || !db) {
          if (db) {
            flush();
            db->close();
          }
          db = OpenPart();
        }
        Range& range = ranges_.back();
        for (Job& job : block->jobs) {
          try {
            unflushed_bytes += TextBytes(job.article);
            BuiltDocument built = builder.Build(job.article, job.source, std::move(job.content_hash));
            languages_.insert(built.language);
            db->replace_document(job.docid, built.document);
            if (range.first == 0) range.first = job.docid;
            range.last = job.docid;
            ++written_;
            ++unflushed_articles;
          } catch (const std::invalid_argument& e) {
            ++rejected_;
            reporter_.Rejected(job.location, e.what());
          }
          if (unflushed_articles >= batch_articles_ || unflushed_bytes >= batch_bytes_) flush();
        }
      } catch (...) {
        error_ = std::current_exception();
      }
    }
    if (!error_ && db) db->commit();
    spelling_ = builder.TakeSpelling();
  } catch (...) {
    error_ = std::current_exception();
  }
}

void Worker::WriteSpelling(const SpellingCounts& words) {
  if (words.empty()) return;
  Xapian::WritableDatabase db(parts_.back(), Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
  WriteSpellingInWordOrder(db, words);
  db.commit();
}

Xapian::WritableDatabase Worker::OpenPart() {
  const std::string path = prefix_ + std::to_string(parts_.size());
  Xapian::WritableDatabase db(path, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_SYNC,
                              kPartBlockSize);
  WriteIndexSettings(db, settings_);
  parts_.push_back(path);
  ranges_.push_back({path});
  return db;
}

void Worker::Delete(const std::vector<Xapian::docid>& docids) {
  std::map<std::string, std::vector<Xapian::docid>> by_part;
  for (Xapian::docid docid : docids) {
    for (const Range& range : ranges_) {
      if (range.first != 0 && docid >= range.first && docid <= range.last) by_part[range.path].push_back(docid);
    }
  }
  for (const auto& [path, in_part] : by_part) {
    Xapian::WritableDatabase db(path, Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
    for (Xapian::docid docid : in_part) {
      try {
        for (const auto& [word, count] : SpellingCountsOf(db.get_document(docid))) deleted_spelling_[word] += count;
        db.delete_document(docid);
      } catch (const Xapian::DocNotFoundError&) {
        // Rejected by the worker, so never written.
      }
    }
    db.commit();
  }
}

// Every worker's counts summed into one map, which is the largest of them
// (not copied); the others are left empty.
SpellingCounts Summed(std::vector<SpellingCounts>& counts) {
  const auto largest = std::max_element(counts.begin(), counts.end(),
                                        [](const auto& a, const auto& b) { return a.size() < b.size(); });
  SpellingCounts all = largest == counts.end() ? SpellingCounts() : std::exchange(*largest, {});
  for (SpellingCounts& c : counts) {
    for (const auto& [word, count] : c) all[word] += count;
    c.clear();
  }
  return all;
}

// Writes the spelling counts the workers left unwritten, a thread per
// worker. Workers of a single index mostly count the same words, and
// Xapian's spelling data costs per distinct word a part holds (a new
// word's fragments are indexed too), so their counts are summed first and
// each word is written once, into the part of the worker its hash picks:
// on Reuters-21578 two workers each held ~34,000 words, ~48,000 in all. A
// shard's words stay in that shard.
void WriteSpelling(std::vector<std::unique_ptr<Worker>>& pool, bool sharded) {
  std::vector<SpellingCounts> words(pool.size());
  for (std::size_t i = 0; i < pool.size(); ++i) words[i] = pool[i]->TakeSpelling();
  if (!sharded && pool.size() > 1) {
    // Only workers that wrote a part: counts come from written articles.
    std::vector<std::size_t> writers;
    for (std::size_t i = 0; i < pool.size(); ++i) {
      if (!pool[i]->parts().empty()) writers.push_back(i);
    }
    SpellingCounts all = Summed(words);
    const std::hash<std::string> hash;
    for (auto& [word, count] : all) words[writers[hash(word) % writers.size()]].emplace(word, count);
  }
  std::vector<std::exception_ptr> errors(pool.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < pool.size(); ++i) {
    threads.emplace_back([&, i] {
      try {
        pool[i]->WriteSpelling(words[i]);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (const std::exception_ptr& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

// Takes the spelling counts of superseded articles (which their workers
// counted, and the parts summed) back from the merged index or its shards.
void TakeBackDeletedSpelling(std::vector<std::unique_ptr<Worker>>& pool, const std::string& out_dir, bool sharded) {
  std::vector<SpellingCounts> words(pool.size());
  for (std::size_t i = 0; i < pool.size(); ++i) words[i] = pool[i]->TakeDeletedSpelling();
  if (!sharded) words[0] = Summed(words);
  for (std::size_t i = 0; i < pool.size(); ++i) {
    if (words[i].empty()) continue;
    Xapian::WritableDatabase db(sharded ? (fs::path(out_dir) / ShardName(static_cast<unsigned>(i))).string() : out_dir,
                                Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
    WriteSpellingInWordOrder(db, words[i], -1);
    db.commit();
  }
}

// Roughly how many bytes the inputs hold, to size parts: a gzip file's
// uncompressed size from its trailer, directories summed; 0 when unknown
// (standard input).
std::uint64_t EstimatedInputBytes(const std::vector<std::string>& inputs) {
  std::uint64_t total = 0;
  const auto file_bytes = [](const fs::path& path) -> std::uint64_t {
    std::error_code ec;
    const std::uint64_t size = fs::file_size(path, ec);
    if (ec) return 0;
    if (path.extension() != ".gz" || size < 18) return size;
    // ISIZE: the last four bytes, little-endian, modulo 2^32.
    std::uint64_t isize = 0;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return size;
    unsigned char tail[4];
    if (::pread(fd, tail, 4, static_cast<off_t>(size - 4)) == 4) {
      isize = tail[0] | tail[1] << 8 | tail[2] << 16 | static_cast<std::uint64_t>(tail[3]) << 24;
    }
    ::close(fd);
    return std::max(size, isize);
  };
  for (const std::string& input : inputs) {
    if (input == "-") return 0;
    std::error_code ec;
    if (fs::is_directory(input, ec)) {
      for (auto it = fs::recursive_directory_iterator(input, fs::directory_options::skip_permission_denied, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file(ec)) total += file_bytes(it->path());
      }
    } else {
      total += file_bytes(input);
    }
  }
  return total;
}

// Merges `parts` into a new database at `out` (one that holds `settings`
// even when there is nothing to merge).
void Merge(const std::vector<std::string>& parts, const std::string& out, const AnalysisSettings& settings,
           unsigned flags) {
  if (parts.empty()) {
    Xapian::WritableDatabase db(out, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS, kIndexBlockSize);
    WriteIndexSettings(db, settings);
    db.commit();
    return;
  }
  Xapian::Database all;
  for (const std::string& part : parts) all.add_database(Xapian::Database(part));
  all.compact(out, Xapian::DBCOMPACT_MULTIPASS | Xapian::DB_BACKEND_GLASS | flags, kIndexBlockSize);
}

// Compaction writes without fsync; make the result durable before anyone
// can see it.
void SyncTree(const fs::path& dir) {
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    const int fd = ::open(entry.path().c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    ::fsync(fd);
    ::close(fd);
  }
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

}  // namespace

BuildStats BuildIndexInParallel(const std::vector<std::string>& inputs, const std::string& out_dir,
                                const AnalysisSettings& settings, const BuildOptions& options,
                                IndexingReporter& reporter, const std::atomic<bool>* stop) {
  const auto start = std::chrono::steady_clock::now();
  if (fs::exists(out_dir)) throw IndexError("cannot build a new index at " + out_dir + ": it exists");
  const unsigned shards = std::max(1u, options.shards);
  const unsigned workers = options.workers ? options.workers : std::max(1u, std::thread::hardware_concurrency());
  const fs::path scratch = fs::path(out_dir + ".parts");
  fs::remove_all(scratch);
  fs::create_directories(scratch);

  SharedReporter shared(reporter);
  // A worker and a spool per shard, blocks routed by id; or, for a single
  // index, a worker and a spool per core, each taking whole parts in turn.
  // A spool may hold two parts unread, so the reader can run ahead of every
  // worker by a part while each writes its own.
  const unsigned writers = shards > 1 ? shards : workers;
  const std::uint64_t batch_articles = std::max<std::uint64_t>(1, options.batch_articles);
  const std::uint64_t batch_bytes = std::max<std::uint64_t>(1, options.batch_bytes);
  const std::uint64_t part_articles = options.part_articles == 0 ? UINT64_MAX : options.part_articles;
  // Parts are measured in input bytes, the unit the input's size comes in.
  // A shard's worker has all of the shard to itself: one part.
  std::uint64_t part_bytes = options.part_bytes;
  if (part_bytes == 0 && shards > 1) part_bytes = UINT64_MAX;
  if (part_bytes == 0) {
    const std::uint64_t total = EstimatedInputBytes(inputs);
    part_bytes = total == 0 ? BuildOptions::kUnknownInputPartBytes
                            : std::clamp<std::uint64_t>(total / (BuildOptions::kPartsPerWorker * writers),
                                                        batch_bytes, BuildOptions::kMaxAutoPartBytes);
  }
  // A single index's reader runs a part ahead of each worker; a shard's
  // articles come spread over the input, so little read-ahead is needed.
  const std::uint64_t spool_bytes = shards > 1                   ? kShardSpoolBytes
                                    : part_bytes > UINT64_MAX / 4 ? UINT64_MAX
                                                                  : 2 * (part_bytes + batch_bytes);
  // Blocks are smaller than batches, so that work can be stolen finely.
  const std::uint64_t block_articles = std::min(batch_articles, kBlockArticles);
  const std::uint64_t block_bytes = std::min(batch_bytes, kBlockBytes);
  std::vector<std::unique_ptr<BlockSpool>> spools;
  for (unsigned i = 0; i < writers; ++i) {
    spools.push_back(std::make_unique<BlockSpool>(scratch / ("spool-" + std::to_string(i)), spool_bytes));
  }
  // Once everything is read, a single index's worker that runs out takes
  // the later half of the fullest spool, so the workers finish together
  // (parts of equal input can differ in cost by a fifth). Shards cannot:
  // their articles are routed by id. Not after a stop either, which drops
  // what is unread.
  std::atomic<bool> all_spooled{false};
  const auto steal_for = [&](std::size_t thief) {
    return [&, thief] {
      if (shards > 1 || !all_spooled.load()) return false;
      std::size_t victim = thief;
      std::uint64_t most = 0;
      for (std::size_t i = 0; i < spools.size(); ++i) {
        if (const std::uint64_t unread = spools[i]->Unread(); i != thief && unread > most) {
          most = unread;
          victim = i;
        }
      }
      return victim != thief && spools[thief]->StealFrom(*spools[victim]);
    };
  };
  std::vector<std::unique_ptr<Worker>> pool;
  for (unsigned i = 0; i < writers; ++i) {
    pool.push_back(std::make_unique<Worker>((scratch / ("p" + std::to_string(i) + "-")).string(), settings,
                                             *spools[i], shared, steal_for(i), batch_articles, batch_bytes));
  }
  std::vector<std::thread> threads;
  std::atomic<std::size_t> workers_done{0};
  for (auto& p : pool) {
    threads.emplace_back([&p, &workers_done] {
      p->Run();
      ++workers_done;
    });
  }
  const auto stop_workers = [&] {
    for (auto& s : spools) s->Close();
    for (std::thread& t : threads) t.join();
  };

  // Docids are the articles' order in the input (in a shard, among its
  // own articles), as an incremental run would give them, whatever the
  // number of workers. An id met again replaces its earlier copy (deleted
  // before the merge) unless unchanged.
  // An id met again from another file is rejected: an id names one
  // article (IdHeldElsewhere), and that file is left unrecorded.
  struct Seen {
    Xapian::docid docid;
    std::string hash;
    std::size_t file;  // in files_read
  };
  std::unordered_map<std::string, Seen> seen;
  std::vector<std::string> files_read;
  std::set<std::string> files_with_ids_held;
  // An earlier copy's docid and the later copy's, in the writer `q`.
  struct Superseded {
    Xapian::docid old_docid, new_docid;
    std::size_t q;
  };
  std::vector<Superseded> superseded;
  std::vector<Block> open(spools.size());
  std::vector<std::uint64_t> open_bytes(spools.size(), 0);
  const auto flush = [&](std::size_t q) {
    if (open[q].jobs.empty()) return;
    spools[q]->Push(open[q]);
    open[q] = Block();
    open_bytes[q] = 0;
  };
  // How much of its current part each spool has had; for a single index,
  // the worker writing the current part.
  std::vector<std::uint64_t> in_part_articles(spools.size(), 0), in_part_bytes(spools.size(), 0);
  std::size_t part_worker = 0;
  for (Block& block : open) block.starts_part = true;

  BuildStats stats;
  // Files read to the end, with the last docid given when each ended.
  std::vector<std::pair<SourceFile, Xapian::docid>> files_done;
  bool finished = false;
  Xapian::docid next_seq = 1;
  std::vector<Xapian::docid> next_in_shard(shards, 1);
  Xapian::docid first_dropped = UINT32_MAX;  // Xapian::docid is 32 bits
  // Stop promptly: each worker finishes the block it has, and what the
  // reader ran ahead is dropped; a file is recorded only when all of it was
  // written, so the next run reads the rest again. What an input that
  // cannot be read again (stdin, a pipe) gave is all written instead.
  const bool rereadable = std::all_of(inputs.begin(), inputs.end(), CanBeReadAgain);
  const auto drop_unread = [&] {
    for (std::size_t q = 0; q < open.size(); ++q) {
      if (!open[q].jobs.empty()) first_dropped = std::min(first_dropped, open[q].jobs.front().seq);
    }
    for (auto& spool : spools) {
      if (const Xapian::docid first = spool->Abandon(); first != 0) first_dropped = std::min(first_dropped, first);
    }
  };
  try {
    ArticleReader reader(inputs, options.pipeline.reader);
    const std::uint64_t max = options.pipeline.max_articles;
    while ((stop == nullptr || !stop->load()) && (max == 0 || stats.articles() < max)) {
      std::optional<ReadItem> item = reader.Next();
      if (!item) {
        finished = true;
        break;
      }
      if (item->event == ReadItem::Event::kFileDone) {
        stats.bytes += item->bytes;
        if (!item->file.path.empty()) files_done.emplace_back(item->file, next_seq - 1);
        continue;
      }
      if (item->event != ReadItem::Event::kItem) continue;
      if (!AccountForItem(*item, stats, shared)) continue;
      ++stats.read;
      Article& article = *item->article;
      const std::string id_term = schema::IdTerm(article.id);
      if (id_term.size() > 245) {
        ++stats.rejected;
        shared.Rejected(item->location, "article id is longer than 244 bytes");
        continue;
      }
      if (files_read.empty() || files_read.back() != item->file.path) files_read.push_back(item->file.path);
      std::string hash = ContentHash(article, settings, item->file.path);
      const std::size_t q = shards > 1 ? ShardOf(id_term, shards) : part_worker;
      const Xapian::docid docid = shards > 1 ? next_in_shard[q] : next_seq;
      auto [it, first] = seen.try_emplace(article.id);
      if (!first) {
        const std::string& other = files_read[it->second.file];
        if (other != item->file.path && !item->file.path.empty() && !other.empty()) {
          ++stats.rejected;
          shared.Rejected(item->location, IdHeldElsewhere(article.id, other));
          files_with_ids_held.insert(item->file.path);
          continue;
        }
        if (it->second.hash == hash) {
          ++stats.unchanged;
          continue;
        }
        superseded.push_back({it->second.docid, docid, q});
        ++stats.updated;
      } else {
        ++stats.added;
      }
      open_bytes[q] += TextBytes(article);
      it->second = {docid, hash, files_read.size() - 1};
      open[q].jobs.push_back(
          Job{std::move(article), item->file.path, std::move(item->location), std::move(hash), next_seq++, docid});
      if (shards > 1) ++next_in_shard[q];
      if (open[q].jobs.size() >= block_articles || open_bytes[q] >= block_bytes) flush(q);
      in_part_articles[q] += 1;
      in_part_bytes[q] += item->bytes;
      if (in_part_articles[q] >= part_articles || in_part_bytes[q] >= part_bytes) {
        flush(q);
        in_part_articles[q] = in_part_bytes[q] = 0;
        // A single index's next part goes to the worker with the least
        // left to do (on a tie, the next in turn); its docids continue where
        // this part's end, so parts never overlap.
        if (shards == 1) {
          const std::size_t n = spools.size(), after = part_worker;
          part_worker = (after + 1) % n;
          std::uint64_t least = spools[part_worker]->Unread();
          for (std::size_t i = 2; i <= n; ++i) {
            const std::size_t w = (after + i) % n;
            if (const std::uint64_t unread = spools[w]->Unread(); unread < least) {
              least = unread;
              part_worker = w;
            }
          }
        }
        open[shards == 1 ? part_worker : q].starts_part = true;
      }
      stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      shared.Progress(stats);
    }
    if (!finished && stop != nullptr && stop->load() && rereadable) {
      drop_unread();
    } else {
      for (std::size_t q = 0; q < open.size(); ++q) flush(q);
      all_spooled = true;
    }
  } catch (...) {
    stop_workers();
    throw;
  }
  for (auto& s : spools) s->Close();
  // The reader can finish minutes before the workers (a whole corpus fits
  // in the spools): a stop while they write what was read still drops
  // what they have not taken.
  if (finished && stop != nullptr && rereadable) {
    bool stopped = false;
    while (!stopped && workers_done.load() < threads.size()) {
      stopped = stop->load();
      if (!stopped) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (stopped) {
      drop_unread();
      finished = false;
    }
  }
  stop_workers();
  // An earlier copy goes only when the later one was written: in a single
  // index by any worker, in a shard by the shard's own (its docids are its
  // own).
  std::vector<std::vector<Xapian::docid>> replaced(pool.size());
  stats.updated = 0;
  for (const Superseded& s : superseded) {
    const auto wrote = [&](const auto& p) { return p->Wrote(s.new_docid); };
    if (shards > 1 ? wrote(pool[s.q]) : std::any_of(pool.begin(), pool.end(), wrote)) {
      replaced[shards > 1 ? s.q : 0].push_back(s.old_docid);
      ++stats.updated;
    }
  }
  std::set<std::string> languages;
  std::uint64_t written = 0;
  for (std::size_t i = 0; i < pool.size(); ++i) {
    const std::unique_ptr<Worker>& p = pool[i];
    p->Check();
    p->Delete(replaced[shards > 1 ? i : 0]);
    stats.rejected += p->rejected();
    written += p->written();
    stats.written_by_worker.push_back(p->written());
    stats.parts += p->parts().size();
    languages.insert(p->languages().begin(), p->languages().end());
  }
  WriteSpelling(pool, shards > 1);
  stats.added = written - std::min(written, stats.updated);

  if (shards == 1) {
    // Every part holds its own range of docids: merged as they are.
    std::vector<std::string> all;
    for (auto& p : pool) all.insert(all.end(), p->parts().begin(), p->parts().end());
    Merge(all, out_dir, settings, Xapian::DBCOMPACT_NO_RENUMBER);
  } else {
    // Each shard from its worker's parts (in parallel, a thread per shard
    // up to the number of workers), docids packed in input order.
    fs::create_directories(out_dir);
    std::vector<std::exception_ptr> errors(shards);
    std::vector<std::thread> mergers;
    for (unsigned i = 0; i < shards; ++i) {
      mergers.emplace_back([&, i] {
        try {
          Merge(pool[i]->parts(), (fs::path(out_dir) / ShardName(i)).string(), settings, 0);
        } catch (...) {
          errors[i] = std::current_exception();
        }
      });
      if (mergers.size() == workers || i + 1 == shards) {
        for (std::thread& t : mergers) t.join();
        mergers.clear();
      }
    }
    for (const std::exception_ptr& e : errors) {
      if (e) std::rethrow_exception(e);
    }
    WriteShardStub(out_dir, shards);
  }
  TakeBackDeletedSpelling(pool, out_dir, shards > 1);
  fs::remove_all(scratch);
  SyncTree(out_dir);

  // The ledger, committed (and synced) like any incremental run's.
  IndexWriter writer(out_dir, settings, false);
  for (const std::string& language : languages) writer.NoteLanguage(language);
  for (const auto& [file, last_docid] : files_done) {
    if (last_docid < first_dropped && !files_with_ids_held.count(file.path)) writer.RecordFile(file);
  }
  if (finished) {
    for (const std::string& input : inputs) {
      if (input == "-") continue;
      std::error_code ec;
      writer.RecordRoot(fs::absolute(input, ec).lexically_normal().string());
    }
  }
  writer.Commit();
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return stats;
}

}  // namespace kiji
