#include "common/index/indexing_pipeline.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <thread>

#include "common/index/document_builder.h"
#include "common/index/progress_meter.h"
#include "common/index/retry_on_modified.h"
#include "common/index/schema.h"
#include "common/util/mutex.h"

namespace kiji {

bool AccountForItem(const ReadItem& item, IndexingStats& stats, IndexingReporter& reporter) {
  stats.bytes += item.bytes;
  if (item.input_unread) ++stats.unread_inputs;
  if (item.file_unfinished) ++stats.unfinished_files;
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
      MutexLock lock(mutex_);
      closed_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }
  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;

  // The next item in input order; an empty `item` at the end.
  Prepared Next() {
    Prepared next;
    {
      MutexLock lock(mutex_);
      while (queue_.empty()) lock.Wait(changed_);
      next = std::move(queue_.front());
      queue_.pop_front();
      queued_bytes_ -= Bytes(next);
    }
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
    {
      MutexLock lock(mutex_);
      while (!closed_ && !queue_.empty() && (queue_.size() >= kMaxQueued || queued_bytes_ >= kMaxQueuedBytes)) {
        lock.Wait(changed_);
      }
      if (closed_) return false;
      queued_bytes_ += Bytes(p);
      queue_.push_back(std::move(p));
    }
    changed_.notify_all();
    return true;
  }

  Xapian::Database committed_;
  DocumentBuilder builder_;
  const AnalysisSettings settings_;
  std::unique_ptr<ArticleReader> reader_;
  Mutex mutex_;
  std::condition_variable_any changed_;
  std::deque<Prepared> queue_ KIJI_GUARDED_BY(mutex_);
  std::uint64_t queued_bytes_ KIJI_GUARDED_BY(mutex_) = 0;
  bool closed_ KIJI_GUARDED_BY(mutex_) = false;
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

// One update run's bookkeeping over the items the read-ahead hands it.
class UpdateRun {
 public:
  UpdateRun(IndexWriter& writer, const PipelineOptions& options, IndexingReporter& reporter, ProgressMeter& meter)
      : writer_(writer), options_(options), reporter_(reporter), meter_(meter) {}

  void Take(Prepared& next) {
    const ReadItem& item = *next.item;
    if (item.event == ReadItem::Event::kFileSkipped) {
      met_.files.push_back(item.file.path);
      const std::uint64_t articles = writer_.ArticlesFrom(item.file.path);
      stats_.unchanged += articles;
      meter_.AddSkippedFile(item.file.path, articles);
    } else if (item.event == ReadItem::Event::kFileDone) {
      FileDone(item);
    } else {
      Item(next);
    }
    CountIntoMeter();
    meter_.Report();
  }

  // After the last item: roots recorded and what is gone removed, when
  // every input was read to its end; then the last commit.
  IndexingStats Finish(const std::vector<std::string>& inputs, bool finished) {
    if (finished) {
      meter_.ReadingDone();
      meter_.EnterPhase(IndexingPhase::kRemoving);
      std::sort(met_.files.begin(), met_.files.end());
      for (const std::string& input : inputs) {
        if (input == "-") continue;
        std::error_code ec;
        writer_.RecordRoot(std::filesystem::absolute(input, ec).lexically_normal().string());
        if (options_.prune || !options_.reader.limit_to.empty()) {
          RemoveGoneFiles(input, met_, options_, writer_, reporter_, stats_);
        }
      }
    }
    Commit();
    stats_.seconds = SecondsSince();
    return stats_;
  }

  const IndexingStats& stats() const { return stats_; }

 private:
  void FileDone(const ReadItem& item) {
    stats_.bytes += item.bytes;
    const std::string& path = item.file.path;
    const bool emptied = ids_in_file_.empty() && writer_.ArticlesFrom(path) > 0;  // gone, for pruning
    if (!emptied) {
      met_.files.push_back(path);
      if (options_.prune) stats_.removed += writer_.RemoveArticlesFrom(path, ids_in_file_);
      // A file that lost records keeps them in the index until --prune; it
      // stays unrecorded so that a --prune run reads it again.
      // One whose ids other files hold is read again until they are free.
      if (!id_held_elsewhere_ && (options_.prune || writer_.ArticlesFrom(path) <= ids_in_file_.size())) {
        writer_.RecordFile(item.file);
      }
    }
    ids_in_file_.clear();
    id_held_elsewhere_ = false;
  }

  void Item(Prepared& next) {
    const ReadItem& item = *next.item;
    // A file's rejected records come one after another: keep its path once.
    if (!item.article && !item.file.path.empty() && (met_.kept.empty() || met_.kept.back() != item.file.path)) {
      met_.kept.push_back(item.file.path);
    }
    if (!AccountForItem(item, stats_, reporter_)) return;
    ++stats_.read;
    const Article& article = *item.article;
    const std::string& source = item.file.path;
    if (!source.empty()) ids_in_file_.insert(article.id);
    if (!next.refusal.empty()) {
      ++stats_.rejected;
      reporter_.Rejected(item.location, next.refusal);
      return;
    }
    if (std::optional<std::string> other = writer_.IdHeldByOtherFile(schema::IdTerm(article.id), source)) {
      ++stats_.rejected;
      reporter_.Rejected(item.location, IdHeldElsewhere(article.id, *other));
      id_held_elsewhere_ = true;
      return;
    }
    if (!next.built) {
      if (writer_.HasUnchanged(schema::IdTerm(article.id), next.content_hash)) {
        ++stats_.unchanged;
        return;
      }
      // This run changed it since the last commit.
      if (!own_builder_) own_builder_.emplace(writer_.settings());
      next.built = own_builder_->Build(article, source, next.content_hash);
    }
    Write(*next.built, TextBytes(article));
  }

  void Write(const BuiltDocument& built, std::uint64_t text_bytes) {
    switch (writer_.Write(built)) {
      case IndexWriter::Outcome::kAdded: ++stats_.added; break;
      case IndexWriter::Outcome::kUpdated: ++stats_.updated; break;
      case IndexWriter::Outcome::kUnchanged: ++stats_.unchanged; break;
    }
    since_commit_bytes_ += text_bytes;
    if (++since_commit_ >= options_.commit_every || since_commit_bytes_ >= options_.commit_bytes) {
      Commit();
      meter_.EnterPhase(IndexingPhase::kReading, "batch " + std::to_string(commits_ + 1));
      since_commit_ = since_commit_bytes_ = 0;
    }
    stats_.seconds = SecondsSince();
  }

  // Commits a batch; shown as a phase when it takes long enough to be seen.
  void Commit() {
    CountIntoMeter();
    meter_.EnterPhase(IndexingPhase::kCommitting, "batch " + std::to_string(++commits_));
    writer_.Commit();
  }

  // Every article read is dealt with (written, unchanged or rejected)
  // before the next one is read.
  void CountIntoMeter() {
    meter_.AddRead(stats_.read - metered_.read, stats_.bytes - metered_.bytes);
    meter_.AddIndexed(stats_.read - metered_.read);
    metered_.read = stats_.read;
    metered_.bytes = stats_.bytes;
  }

  double SecondsSince() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

  IndexWriter& writer_;
  const PipelineOptions& options_;
  IndexingReporter& reporter_;
  ProgressMeter& meter_;
  std::uint64_t commits_ = 0;
  IndexingStats metered_;  // what the meter has been told
  const std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  IndexingStats stats_;
  Met met_;
  std::optional<DocumentBuilder> own_builder_;  // for what the reading thread left unanalysed
  std::uint64_t since_commit_ = 0, since_commit_bytes_ = 0;
  std::set<std::string> ids_in_file_;  // of the file being read
  bool id_held_elsewhere_ = false;     // in the file being read
};

}  // namespace

IndexingStats RunIndexing(const std::vector<std::string>& inputs, IndexWriter& writer,
                          const PipelineOptions& options, IndexingReporter& reporter,
                          const std::atomic<bool>* stop) {
  // The meter reports from a thread of its own.
  SharedReporter shared(reporter);
  const std::vector<std::string>& limits = options.reader.limit_to;
  ProgressMeter meter(shared, limits.empty() ? inputs : limits);
  meter.EnterPhase(IndexingPhase::kReading, "batch 1");
  UpdateRun run(writer, options, shared, meter);
  bool finished = false;
  {
    ReadAhead read_ahead(inputs, writer, options);
    while (options.max_articles == 0 || run.stats().articles() < options.max_articles) {
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
      run.Take(next);
    }
  }
  return run.Finish(inputs, finished);
}

}  // namespace kiji
