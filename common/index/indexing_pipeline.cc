#include "common/index/indexing_pipeline.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <thread>

#include "common/index/document_builder.h"
#include "common/index/retry_on_modified.h"
#include "common/index/schema.h"

namespace kiji {

bool AccountForItem(const ReadItem& item, IndexingStats& stats, IndexingReporter& reporter) {
  stats.bytes += item.bytes;
  if (item.input_unread) ++stats.unread_inputs;
  for (const std::string& warning : item.warnings) {
    ++stats.warnings;
    reporter.Warning(item.location, warning);
  }
  if (!item.article) {
    ++stats.rejected;
    reporter.Rejected(item.location, item.rejection);
    return false;
  }
  return true;
}

namespace {

// What the reading thread hands the writing one, in input order.
struct Prepared {
  std::optional<ReadItem> item;  // empty: the end of the input
  std::string content_hash;
  // The analysed article; empty when the index as last committed holds it
  // unchanged (the writer checks again) or when it was refused.
  std::optional<BuiltDocument> built;
  std::string refusal;  // why Build refused the article
  std::exception_ptr error;  // what stopped the reading thread
};

// Reading and analysis on a thread of their own, ahead of the writer:
// Xapian's writer is most of an update's time, and it has the other core
// to itself. The thread looks up unchanged files and articles in the index
// as last committed (a writer's uncommitted changes are its own), which can
// only make it analyse an article the writer then finds unchanged, or leave
// one unanalysed that the writer then analyses itself. A bounded queue
// keeps the read-ahead, and memory, small.
class ReadAhead {
 public:
  ReadAhead(const std::vector<std::string>& inputs, IndexWriter& writer, const PipelineOptions& options)
      : committed_(writer.OpenCommitted()), builder_(writer.settings()), settings_(writer.settings()) {
    ReaderOptions reader_options = options.reader;
    if (options.skip_unchanged_files) {
      reader_options.skip_file = [this](const SourceFile& file) {
        const std::optional<SourceFile> known = Committed([&] { return RecordedFileIn(committed_, file.path); });
        return known && known->size == file.size && known->mtime_ns == file.mtime_ns;
      };
    }
    reader_ = std::make_unique<ArticleReader>(inputs, reader_options);
    thread_ = std::thread([this] { Run(); });
  }
  ~ReadAhead() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      closed_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }
  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;

  // The next item in input order; an empty `item` at the end.
  Prepared Next() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [this] { return !queue_.empty(); });
    Prepared next = std::move(queue_.front());
    queue_.pop_front();
    queued_bytes_ -= Bytes(next);
    lock.unlock();
    changed_.notify_all();
    if (next.error) std::rethrow_exception(next.error);
    return next;
  }

 private:
  static constexpr std::size_t kMaxQueued = 64;
  static constexpr std::uint64_t kMaxQueuedBytes = 8u << 20;

  static std::uint64_t Bytes(const Prepared& p) { return p.item ? p.item->bytes : 0; }

  // Runs a lookup in the committed index, reopening it when the writer's
  // commits have moved past the revision it was reading.
  template <typename Lookup>
  auto Committed(Lookup lookup) -> decltype(lookup()) {
    return RetryOnModified([this] { committed_.reopen(); }, lookup);
  }

  void Run() {
    try {
      for (;;) {
        Prepared p;
        p.item = reader_->Next();
        if (p.item && p.item->event == ReadItem::Event::kItem && p.item->article) Analyse(p);
        const bool last = !p.item;
        if (!Push(std::move(p)) || last) return;
      }
    } catch (...) {
      Prepared p;
      p.error = std::current_exception();
      Push(std::move(p));
    }
  }

  void Analyse(Prepared& p) {
    const Article& a = *p.item->article;
    const std::string& source = p.item->file.path;
    p.content_hash = ContentHash(a, settings_, source);
    // Re-runs over a corpus mostly meet articles already indexed: skip
    // their analysis entirely.
    if (Committed([&] { return HoldsUnchanged(committed_, schema::IdTerm(a.id), p.content_hash); })) return;
    try {
      p.built = builder_.Build(a, source, p.content_hash);
    } catch (const std::invalid_argument& e) {
      p.refusal = e.what();
    }
  }

  // False when the writer has stopped taking items.
  bool Push(Prepared p) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [this] {
      return closed_ || queue_.empty() || (queue_.size() < kMaxQueued && queued_bytes_ < kMaxQueuedBytes);
    });
    if (closed_) return false;
    queued_bytes_ += Bytes(p);
    queue_.push_back(std::move(p));
    lock.unlock();
    changed_.notify_all();
    return true;
  }

  Xapian::Database committed_;
  DocumentBuilder builder_;
  const AnalysisSettings settings_;
  std::unique_ptr<ArticleReader> reader_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Prepared> queue_;
  std::uint64_t queued_bytes_ = 0;
  bool closed_ = false;
  std::thread thread_;  // last: started once everything it uses exists
};

bool AnyAtOrBelow(const std::vector<std::string>& paths, const std::string& dir) {
  return std::any_of(paths.begin(), paths.end(), [&](const std::string& path) { return IsAtOrBelow(path, dir); });
}

bool AtOrBelowAny(const std::string& path, const std::vector<std::string>& dirs) {
  return std::any_of(dirs.begin(), dirs.end(), [&](const std::string& dir) { return IsAtOrBelow(path, dir); });
}

// What a run met of its inputs, to tell what is gone from what was not read.
struct Met {
  std::vector<std::string> files;  // read to the end, or unchanged
  std::vector<std::string> kept;   // files and directories that exist but could not be read
};

// Removes the articles of files recorded under `input` that this run did not
// meet: deleted, renamed, or no longer article files. Keeps everything when
// the input held nothing at all and prune_empty is not set.
void RemoveGoneFiles(const std::string& input, const Met& met, const PipelineOptions& options, IndexWriter& writer,
                     IndexingReporter& reporter, IndexingStats& stats) {
  const std::string root = AbsolutePath(input);
  const std::vector<std::string>& limits = options.reader.limit_to;
  std::vector<std::string> gone;
  for (const std::string& path : writer.RecordedFilesUnder(root)) {
    if (std::binary_search(met.files.begin(), met.files.end(), path) || AtOrBelowAny(path, met.kept)) continue;
    if (!limits.empty() && !AtOrBelowAny(path, limits)) continue;
    gone.push_back(path);
  }
  if (gone.empty()) return;
  const bool whole_root = limits.empty() || AtOrBelowAny(root, limits);
  const bool empty = whole_root && !AnyAtOrBelow(met.files, root) && !AnyAtOrBelow(met.kept, root);
  if (empty && !options.prune_empty) {
    ++stats.unread_inputs;
    reporter.Rejected(input, "no articles found here, so the articles of the " + std::to_string(gone.size()) +
                                 " files indexed from it are kept (an empty directory looks like an unmounted "
                                 "one); --prune-empty removes them");
    return;
  }
  for (const std::string& path : gone) stats.removed += writer.RemoveArticlesFrom(path, {});
}

}  // namespace

IndexingStats RunIndexing(const std::vector<std::string>& inputs, IndexWriter& writer,
                          const PipelineOptions& options, IndexingReporter& reporter,
                          const std::atomic<bool>* stop) {
  const auto start = std::chrono::steady_clock::now();
  IndexingStats stats;
  std::optional<DocumentBuilder> own_builder;  // for what the reading thread left unanalysed
  std::uint64_t since_commit = 0, since_commit_bytes = 0;
  Met met;
  std::set<std::string> ids_in_file;  // of the file being read
  bool id_held_elsewhere = false;     // in the file being read
  bool finished = false;
  {
    ReadAhead read_ahead(inputs, writer, options);
    while (options.max_articles == 0 || stats.articles() < options.max_articles) {
      // A stop ends the run at the next item that a later run can read
      // again; what a stream (stdin, a pipe) gave is all taken, as nothing
      // can read it again (the reader ends such a stream at once).
      const bool stopping = stop != nullptr && stop->load();
      Prepared next = read_ahead.Next();
      if (!next.item) {
        finished = !stopping;
        break;
      }
      if (stopping && !next.item->from_stream) break;
      const ReadItem& item = *next.item;
      if (item.event == ReadItem::Event::kFileSkipped) {
        met.files.push_back(item.file.path);
        stats.unchanged += writer.ArticlesFrom(item.file.path);
        reporter.Progress(stats);
        continue;
      }
      if (item.event == ReadItem::Event::kFileDone) {
        stats.bytes += item.bytes;
        if (ids_in_file.empty() && writer.ArticlesFrom(item.file.path) > 0) continue;  // emptied: gone, for pruning
        met.files.push_back(item.file.path);
        if (options.prune) stats.removed += writer.RemoveArticlesFrom(item.file.path, ids_in_file);
        // A file that lost records keeps them in the index until --prune; it
        // stays unrecorded so that a --prune run reads it again.
        // One whose ids other files hold is read again until they are free.
        if (!id_held_elsewhere && (options.prune || writer.ArticlesFrom(item.file.path) <= ids_in_file.size())) {
          writer.RecordFile(item.file);
        }
        ids_in_file.clear();
        id_held_elsewhere = false;
        continue;
      }
      // A file's rejected records come one after another: keep its path once.
      if (!item.article && !item.file.path.empty() && (met.kept.empty() || met.kept.back() != item.file.path)) {
        met.kept.push_back(item.file.path);
      }
      if (!AccountForItem(item, stats, reporter)) continue;
      ++stats.read;
      const Article& article = *item.article;
      const std::string& source = item.file.path;
      if (!source.empty()) ids_in_file.insert(article.id);
      if (!next.refusal.empty()) {
        ++stats.rejected;
        reporter.Rejected(item.location, next.refusal);
        continue;
      }
      if (std::optional<std::string> other = writer.IdHeldByOtherFile(schema::IdTerm(article.id), source)) {
        ++stats.rejected;
        reporter.Rejected(item.location, IdHeldElsewhere(article.id, *other));
        id_held_elsewhere = true;
        continue;
      }
      if (!next.built) {
        if (writer.HasUnchanged(schema::IdTerm(article.id), next.content_hash)) {
          ++stats.unchanged;
          reporter.Progress(stats);
          continue;
        }
        // This run changed it since the last commit.
        if (!own_builder) own_builder.emplace(writer.settings());
        next.built = own_builder->Build(article, source, next.content_hash);
      }
      switch (writer.Write(*next.built)) {
        case IndexWriter::Outcome::kAdded: ++stats.added; break;
        case IndexWriter::Outcome::kUpdated: ++stats.updated; break;
        case IndexWriter::Outcome::kUnchanged: ++stats.unchanged; break;
      }
      since_commit_bytes += TextBytes(article);
      if (++since_commit >= options.commit_every || since_commit_bytes >= options.commit_bytes) {
        writer.Commit();
        since_commit = since_commit_bytes = 0;
      }
      stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      reporter.Progress(stats);
    }
  }
  if (finished) {
    std::sort(met.files.begin(), met.files.end());
    for (const std::string& input : inputs) {
      if (input == "-") continue;
      std::error_code ec;
      writer.RecordRoot(std::filesystem::absolute(input, ec).lexically_normal().string());
      if (options.prune || !options.reader.limit_to.empty()) RemoveGoneFiles(input, met, options, writer, reporter, stats);
    }
  }
  writer.Commit();
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return stats;
}

}  // namespace kiji
