#include "common/parallel_build.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>

#include <xapian.h>

#include "common/document_builder.h"
#include "common/index_writer.h"
#include "common/schema.h"
#include "common/shard_layout.h"

namespace kiji {

namespace {

namespace fs = std::filesystem;

struct Job {
  Article article;
  std::string source;
  std::string location;
  std::string content_hash;
  Xapian::docid docid = 0;  // the article's place in the input, kept in the index
};

// Consecutive articles (of one shard) that a worker writes in one flush,
// into the part it has open or, when the block starts a part, a new one.
struct Block {
  std::vector<Job> jobs;
  bool starts_part = false;
};

// A bounded queue of blocks from the reader to the workers; the bound is
// what keeps memory flat when writing is slower than reading. Workers take
// whole blocks, so a slow block never holds up the others.
class BlockQueue {
 public:
  explicit BlockQueue(std::size_t capacity) : capacity_(capacity) {}
  void Push(Block block) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [this] { return blocks_.size() < capacity_; });
    blocks_.push_back(std::move(block));
    not_empty_.notify_one();
  }
  std::optional<Block> Pop() {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [this] { return !blocks_.empty() || closed_; });
    if (blocks_.empty()) return std::nullopt;
    Block block = std::move(blocks_.front());
    blocks_.pop_front();
    not_full_.notify_one();
    return block;
  }
  void Close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    not_empty_.notify_all();
  }

 private:
  const std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable not_empty_, not_full_;
  std::deque<Block> blocks_;
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
  Worker(std::string dir_prefix, const AnalysisSettings& settings, BlockQueue& queue, SharedReporter& reporter)
      : prefix_(std::move(dir_prefix)), settings_(settings), queue_(queue), reporter_(reporter) {}

  void Run() noexcept;
  // After Run: rethrows the error that stopped the worker, if any.
  void Check() const {
    if (error_) std::rethrow_exception(error_);
  }
  // Deletes those of `docids` it wrote (articles superseded by a later copy
  // with the same id).
  void Delete(const std::vector<Xapian::docid>& docids);
  const std::vector<std::string>& parts() const { return parts_; }
  const std::set<std::string>& languages() const { return languages_; }
  std::uint64_t rejected() const { return rejected_; }

 private:
  Xapian::WritableDatabase OpenPart();
  void WriteSpelling(Xapian::WritableDatabase& db);

  // Distinct spelling words held in memory before they are written out.
  static constexpr std::size_t kMaxSpellingWords = 50000;

  struct Range {
    std::string path;
    Xapian::docid first = 0, last = 0;
  };

  std::string prefix_;
  const AnalysisSettings& settings_;
  BlockQueue& queue_;
  SharedReporter& reporter_;
  std::exception_ptr error_;

  std::vector<std::string> parts_;
  std::vector<Range> ranges_;
  // Spelling counts for the worker's articles, written when there are
  // many and at the end: one add_spelling per distinct word in a batch
  // instead of one per word per article.
  std::unordered_map<std::string, Xapian::termcount> spelling_;
  std::set<std::string> languages_;
  std::uint64_t rejected_ = 0;
};

void Worker::Run() noexcept {
  try {
    DocumentBuilder builder(settings_);
    std::optional<Xapian::WritableDatabase> db;
    while (std::optional<Block> block = queue_.Pop()) {
      if (error_) continue;  // keep draining so the reader never blocks
      try {
        if (block->starts_part || !db) {
          if (db) db->close();
          db = OpenPart();
        }
        Range& range = ranges_.back();
        for (Job& job : block->jobs) {
          try {
            BuiltDocument built = builder.Build(job.article, job.source, std::move(job.content_hash));
            for (const auto& [word, count] : built.spelling) spelling_[word] += count;
            languages_.insert(built.language);
            db->replace_document(job.docid, built.document);
            if (range.first == 0) range.first = job.docid;
            range.last = job.docid;
          } catch (const std::invalid_argument& e) {
            ++rejected_;
            reporter_.Rejected(job.location, e.what());
          }
        }
        // A large vocabulary goes into the part now (compaction adds up the
        // counts), so memory stays flat however large the corpus.
        if (spelling_.size() > kMaxSpellingWords) WriteSpelling(*db);
        db->commit();
      } catch (...) {
        error_ = std::current_exception();
      }
    }
    if (!error_ && !spelling_.empty()) {
      if (!db) db = OpenPart();
      WriteSpelling(*db);
      db->commit();
    }
  } catch (...) {
    error_ = std::current_exception();
  }
}

void Worker::WriteSpelling(Xapian::WritableDatabase& db) {
  for (const auto& [word, count] : spelling_) db.add_spelling(word, count);
  spelling_.clear();
}

Xapian::WritableDatabase Worker::OpenPart() {
  const std::string path = prefix_ + std::to_string(parts_.size());
  Xapian::WritableDatabase db(path, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_SYNC);
  settings_.WriteTo(db);
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
        db.delete_document(docid);
      } catch (const Xapian::DocNotFoundError&) {
        // Rejected by the worker, so never written.
      }
    }
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
    Xapian::WritableDatabase db(out, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
    settings.WriteTo(db);
    db.commit();
    return;
  }
  Xapian::Database all;
  for (const std::string& part : parts) all.add_database(Xapian::Database(part));
  all.compact(out, Xapian::DBCOMPACT_MULTIPASS | Xapian::DB_BACKEND_GLASS | flags);
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

IndexingStats BuildIndexInParallel(const std::vector<std::string>& inputs, const std::string& out_dir,
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
  // A worker and a queue per shard, blocks routed by id; or, for a single
  // index, a worker and a queue per core, each taking whole parts in turn.
  // A queue holds a part's blocks, so the reader can run ahead by a part
  // per worker while each writes its own.
  const unsigned writers = shards > 1 ? shards : workers;
  const std::uint64_t batch_articles = std::max<std::uint64_t>(1, options.batch_articles);
  const std::uint64_t batch_bytes = std::max<std::uint64_t>(1, options.batch_bytes);
  const std::uint64_t part_articles = options.part_articles == 0 ? UINT64_MAX : options.part_articles;
  std::uint64_t part_bytes = options.part_bytes;
  if (part_bytes == 0) {
    const std::uint64_t total = EstimatedInputBytes(inputs);
    part_bytes = total == 0 ? BuildOptions::kMaxAutoPartBytes / 2
                            : std::clamp<std::uint64_t>(total / (8 * writers), batch_bytes, BuildOptions::kMaxAutoPartBytes);
  }
  const std::size_t blocks_per_part = static_cast<std::size_t>(std::min<std::uint64_t>(
      64, std::max(part_articles == UINT64_MAX ? 1 : part_articles / batch_articles,
                   part_bytes == UINT64_MAX ? 1 : part_bytes / batch_bytes)));
  std::vector<std::unique_ptr<BlockQueue>> queues;
  std::vector<std::unique_ptr<Worker>> pool;
  for (unsigned i = 0; i < writers; ++i) {
    queues.push_back(std::make_unique<BlockQueue>(std::max<std::size_t>(2, blocks_per_part + 1)));
    pool.push_back(std::make_unique<Worker>((scratch / ("p" + std::to_string(i) + "-")).string(), settings,
                                             *queues[i], shared));
  }
  std::vector<std::thread> threads;
  for (auto& p : pool) threads.emplace_back([&p] { p->Run(); });
  const auto stop_workers = [&] {
    for (auto& q : queues) q->Close();
    for (std::thread& t : threads) t.join();
  };

  // Docids are the articles' order in the input, as an incremental run
  // would give them, whatever the number of workers. An id met again
  // replaces its earlier copy (deleted before the merge) unless unchanged.
  std::unordered_map<std::string, std::pair<Xapian::docid, std::string>> seen;  // id -> docid, content hash
  std::vector<Xapian::docid> superseded;
  std::vector<Block> open(queues.size());
  std::vector<std::uint64_t> open_bytes(queues.size(), 0);
  const auto flush = [&](std::size_t q) {
    if (open[q].jobs.empty()) return;
    queues[q]->Push(std::move(open[q]));
    open[q] = Block();
    open_bytes[q] = 0;
  };
  // How much of its current part each queue has had; for a single index,
  // the worker writing the current part.
  std::vector<std::uint64_t> in_part_articles(queues.size(), 0), in_part_bytes(queues.size(), 0);
  std::size_t part_worker = 0;
  for (Block& block : open) block.starts_part = true;

  IndexingStats stats;
  std::vector<SourceFile> files_done;
  bool finished = false;
  Xapian::docid next_docid = 1;
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
        if (!item->file.path.empty()) files_done.push_back(item->file);
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
      std::string hash = ContentHash(article, settings, item->file.path);
      auto [it, first] = seen.try_emplace(article.id);
      if (!first) {
        if (it->second.second == hash) {
          ++stats.unchanged;
          continue;
        }
        superseded.push_back(it->second.first);
        ++stats.updated;
      } else {
        ++stats.added;
      }
      const std::size_t q = shards > 1 ? ShardOf(id_term, shards) : part_worker;
      const std::uint64_t bytes = article.title.size() + article.body.size();
      open_bytes[q] += bytes;
      it->second = {next_docid, hash};
      open[q].jobs.push_back(
          Job{std::move(article), item->file.path, std::move(item->location), std::move(hash), next_docid++});
      if (open[q].jobs.size() >= batch_articles || open_bytes[q] >= batch_bytes) flush(q);
      in_part_articles[q] += 1;
      in_part_bytes[q] += bytes;
      if (in_part_articles[q] >= part_articles || in_part_bytes[q] >= part_bytes) {
        flush(q);
        in_part_articles[q] = in_part_bytes[q] = 0;
        // A single index's next part goes to the next worker; its docids
        // continue where this part's end, so parts never overlap.
        if (shards == 1) part_worker = (part_worker + 1) % queues.size();
        open[shards == 1 ? part_worker : q].starts_part = true;
      }
      stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      shared.Progress(stats);
    }
    for (std::size_t q = 0; q < open.size(); ++q) flush(q);
  } catch (...) {
    stop_workers();
    throw;
  }
  stop_workers();
  std::set<std::string> languages;
  for (auto& p : pool) {
    p->Check();
    p->Delete(superseded);
    stats.rejected += p->rejected();
    stats.added -= std::min(stats.added, p->rejected());
    languages.insert(p->languages().begin(), p->languages().end());
  }

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
  fs::remove_all(scratch);
  SyncTree(out_dir);

  // The ledger, committed (and synced) like any incremental run's.
  IndexWriter writer(out_dir, settings, false);
  for (const std::string& language : languages) writer.NoteLanguage(language);
  for (const SourceFile& file : files_done) writer.RecordFile(file);
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
