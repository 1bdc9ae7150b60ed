#include "common/parallel_build.h"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
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
  Xapian::docid docid = 0;  // the article's place in the input, kept in the index
  bool end_part = false;    // a marker: the worker starts a new part database
};

// A bounded queue from the reader to one worker; the bound is what keeps
// memory flat when analysis is slower than reading.
class JobQueue {
 public:
  explicit JobQueue(std::size_t capacity) : capacity_(capacity) {}
  void Push(Job job) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [this] { return jobs_.size() < capacity_; });
    jobs_.push_back(std::move(job));
    not_empty_.notify_one();
  }
  std::optional<Job> Pop() {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [this] { return !jobs_.empty() || closed_; });
    if (jobs_.empty()) return std::nullopt;
    Job job = std::move(jobs_.front());
    jobs_.pop_front();
    not_full_.notify_one();
    return job;
  }
  std::size_t size() {
    std::lock_guard lock(mutex_);
    return jobs_.size();
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
  std::deque<Job> jobs_;
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

// One worker: analyses the articles it is sent and writes them, under the
// docids the reader gave them, into a series of part databases.
class Partition {
 public:
  Partition(std::string dir_prefix, const AnalysisSettings& settings, std::size_t queue_capacity,
            SharedReporter& reporter)
      : prefix_(std::move(dir_prefix)), settings_(settings), reporter_(reporter), queue_(queue_capacity) {}

  JobQueue& queue() { return queue_; }
  void Run() noexcept;
  // After Run: rethrows the error that stopped the worker, if any.
  void Check() const {
    if (error_) std::rethrow_exception(error_);
  }
  // Deletes articles superseded by a later copy with the same id.
  void Delete(const std::vector<Xapian::docid>& docids);
  const std::vector<std::string>& parts() const { return parts_; }
  const std::set<std::string>& languages() const { return languages_; }
  std::uint64_t rejected() const { return rejected_; }

 private:
  void OpenPart();
  void ClosePart();

  struct Part {
    std::string path;
    Xapian::docid first = 0, last = 0;
  };

  std::string prefix_;
  const AnalysisSettings& settings_;
  SharedReporter& reporter_;
  JobQueue queue_;
  std::exception_ptr error_;

  std::optional<Xapian::WritableDatabase> db_;
  std::vector<std::string> parts_;
  std::vector<Part> ranges_;
  // Spelling counts for the whole partition, written once at the end: one
  // add_spelling per distinct word instead of one per word per article.
  std::unordered_map<std::string, Xapian::termcount> spelling_;
  std::set<std::string> languages_;
  std::uint64_t rejected_ = 0;
};

void Partition::Run() noexcept {
  try {
    DocumentBuilder builder(settings_);
    while (std::optional<Job> job = queue_.Pop()) {
      if (error_) continue;  // keep draining so the reader never blocks
      if (job->end_part) {
        ClosePart();
        continue;
      }
      try {
        BuiltDocument built = builder.Build(job->article, job->source);
        for (const auto& [word, count] : built.spelling) spelling_[word] += count;
        languages_.insert(built.language);
        if (!db_) OpenPart();
        db_->replace_document(job->docid, built.document);
        Part& part = ranges_.back();
        if (part.first == 0) part.first = job->docid;
        part.last = job->docid;
      } catch (const std::invalid_argument& e) {
        ++rejected_;
        reporter_.Rejected(job->location, e.what());
      } catch (...) {
        error_ = std::current_exception();
      }
    }
    if (!error_) {
      if (!spelling_.empty()) {
        if (!db_) OpenPart();
        for (const auto& [word, count] : spelling_) db_->add_spelling(word, count);
        spelling_.clear();
      }
      ClosePart();
    }
  } catch (...) {
    error_ = std::current_exception();
  }
}

void Partition::OpenPart() {
  const std::string path = prefix_ + std::to_string(parts_.size());
  db_.emplace(path, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_SYNC);
  settings_.WriteTo(*db_);
  parts_.push_back(path);
  ranges_.push_back({path});
}

void Partition::ClosePart() {
  if (!db_) return;
  db_->commit();
  db_->close();
  db_.reset();
}

void Partition::Delete(const std::vector<Xapian::docid>& docids) {
  std::map<std::string, std::vector<Xapian::docid>> by_part;
  for (Xapian::docid docid : docids) {
    for (const Part& part : ranges_) {
      if (docid >= part.first && docid <= part.last) by_part[part.path].push_back(docid);
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
  const unsigned partitions = shards > 1 ? shards : workers;
  const std::uint64_t part_articles = std::max<std::uint64_t>(1, options.part_articles);
  const fs::path scratch = fs::path(out_dir + ".parts");
  fs::remove_all(scratch);
  fs::create_directories(scratch);

  SharedReporter shared(reporter);
  std::vector<std::unique_ptr<Partition>> parts;
  // A worker's queue holds a whole part's articles, so the reader can hand
  // the next part to another worker while this one is still writing.
  const std::size_t capacity = static_cast<std::size_t>(std::min<std::uint64_t>(part_articles, 4096)) + 64;
  for (unsigned i = 0; i < partitions; ++i) {
    parts.push_back(std::make_unique<Partition>((scratch / ("p" + std::to_string(i) + "-")).string(), settings,
                                                capacity, shared));
  }
  std::vector<std::thread> threads;
  for (auto& p : parts) threads.emplace_back([&p] { p->Run(); });
  const auto stop_workers = [&] {
    for (auto& p : parts) p->queue().Close();
    for (std::thread& t : threads) t.join();
  };

  // Docids are the articles' order in the input, as an incremental run
  // would give them, whatever the number of workers. An id met again
  // replaces its earlier copy (deleted before the merge) unless unchanged.
  struct Seen {
    Xapian::docid docid;
    unsigned partition;
    std::string content_hash;
  };
  std::unordered_map<std::string, Seen> seen;
  std::vector<std::vector<Xapian::docid>> superseded(partitions);
  std::vector<std::uint64_t> part_count(partitions, 0), part_bytes(partitions, 0);
  unsigned current = 0;  // single index: the worker filling the current part

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
        if (it->second.content_hash == hash) {
          ++stats.unchanged;
          continue;
        }
        superseded[it->second.partition].push_back(it->second.docid);
        ++stats.updated;
      } else {
        ++stats.added;
      }
      unsigned p = current;
      if (shards > 1) {
        p = ShardOf(id_term, shards);
      } else if (part_count[p] == 0) {
        // A new part goes to the least busy worker.
        for (unsigned i = 0; i < partitions; ++i) {
          if (parts[i]->queue().size() < parts[p]->queue().size()) p = i;
        }
        current = p;
      }
      const std::uint64_t text = article.title.size() + article.body.size();
      it->second = Seen{next_docid, p, std::move(hash)};
      parts[p]->queue().Push(Job{std::move(article), item->file.path, std::move(item->location), next_docid++});
      if (++part_count[p] >= part_articles || (part_bytes[p] += text) >= options.part_bytes) {
        parts[p]->queue().Push(Job{{}, {}, {}, 0, true});
        part_count[p] = part_bytes[p] = 0;
      }
      stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      shared.Progress(stats);
    }
  } catch (...) {
    stop_workers();
    throw;
  }
  stop_workers();
  std::set<std::string> languages;
  for (unsigned i = 0; i < partitions; ++i) {
    parts[i]->Check();
    parts[i]->Delete(superseded[i]);
    stats.rejected += parts[i]->rejected();
    stats.added -= std::min(stats.added, parts[i]->rejected());
    languages.insert(parts[i]->languages().begin(), parts[i]->languages().end());
  }

  if (shards == 1) {
    // Every part holds its own range of docids: merged as they are.
    std::vector<std::string> all;
    for (auto& p : parts) all.insert(all.end(), p->parts().begin(), p->parts().end());
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
          Merge(parts[i]->parts(), (fs::path(out_dir) / ShardName(i)).string(), settings, 0);
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
