#include "common/indexing_pipeline.h"

#include <chrono>
#include <filesystem>
#include <set>

#include "common/document_builder.h"
#include "common/schema.h"

namespace kiji {

bool AccountForItem(const ReadItem& item, IndexingStats& stats, IndexingReporter& reporter) {
  stats.bytes += item.bytes;
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

IndexingStats RunIndexing(const std::vector<std::string>& inputs, IndexWriter& writer,
                          const PipelineOptions& options, IndexingReporter& reporter,
                          const std::atomic<bool>* stop) {
  const auto start = std::chrono::steady_clock::now();
  IndexingStats stats;
  ReaderOptions reader_options = options.reader;
  if (options.skip_unchanged_files) {
    reader_options.skip_file = [&writer](const SourceFile& file) {
      const std::optional<SourceFile> known = writer.RecordedFile(file.path);
      return known && known->size == file.size && known->mtime_ns == file.mtime_ns;
    };
  }
  ArticleReader reader(inputs, reader_options);
  DocumentBuilder builder(writer.settings());
  std::uint64_t since_commit = 0, since_commit_bytes = 0;
  std::set<std::string> files_seen;
  std::set<std::string> ids_in_file;  // of the file being read
  bool finished = false;
  while ((stop == nullptr || !stop->load()) &&
         (options.max_articles == 0 || stats.articles() < options.max_articles)) {
    std::optional<ReadItem> item = reader.Next();
    if (!item) {
      finished = true;
      break;
    }
    if (item->event == ReadItem::Event::kFileSkipped) {
      files_seen.insert(item->file.path);
      stats.unchanged += writer.ArticlesFrom(item->file.path);
      reporter.Progress(stats);
      continue;
    }
    if (item->event == ReadItem::Event::kFileDone) {
      files_seen.insert(item->file.path);
      if (options.prune) stats.removed += writer.RemoveArticlesFrom(item->file.path, ids_in_file);
      // A file that lost records keeps them in the index until --prune; it
      // stays unrecorded so that a --prune run reads it again.
      if (options.prune || writer.ArticlesFrom(item->file.path) <= ids_in_file.size()) writer.RecordFile(item->file);
      ids_in_file.clear();
      continue;
    }
    if (!AccountForItem(*item, stats, reporter)) continue;
    // Re-runs over a corpus mostly meet articles already indexed: skip
    // their analysis entirely.
    ++stats.read;
    const std::string& source = item->file.path;
    if (!source.empty()) ids_in_file.insert(item->article->id);
    std::string content_hash = ContentHash(*item->article, writer.settings(), source);
    if (writer.HasUnchanged(schema::IdTerm(item->article->id), content_hash)) {
      ++stats.unchanged;
      reporter.Progress(stats);
      continue;
    }
    BuiltDocument built;
    try {
      built = builder.Build(*item->article, source, std::move(content_hash));
    } catch (const std::invalid_argument& e) {
      ++stats.rejected;
      reporter.Rejected(item->location, e.what());
      continue;
    }
    switch (writer.Write(built)) {
      case IndexWriter::Outcome::kAdded: ++stats.added; break;
      case IndexWriter::Outcome::kUpdated: ++stats.updated; break;
      case IndexWriter::Outcome::kUnchanged: ++stats.unchanged; break;
    }
    since_commit_bytes += TextBytes(*item->article);
    if (++since_commit >= options.commit_every || since_commit_bytes >= options.commit_bytes) {
      writer.Commit();
      since_commit = since_commit_bytes = 0;
    }
    stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    reporter.Progress(stats);
  }
  if (finished) {
    for (const std::string& input : inputs) {
      if (input == "-") continue;
      std::error_code ec;
      const std::string root = std::filesystem::absolute(input, ec).lexically_normal().string();
      writer.RecordRoot(root);
      if (!options.prune) continue;
      // Files indexed before from this root that this run did not meet are
      // gone (deleted, renamed, or no longer article files).
      for (const std::string& path : writer.RecordedFilesUnder(root)) {
        if (!files_seen.count(path)) stats.removed += writer.RemoveArticlesFrom(path, {});
      }
    }
  }
  writer.Commit();
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return stats;
}

}  // namespace kiji
