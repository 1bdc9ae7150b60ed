#include "common/indexing_pipeline.h"

#include <chrono>

#include "common/document_builder.h"
#include "common/schema.h"

namespace kiji {

IndexingStats RunIndexing(const std::vector<std::string>& inputs, IndexWriter& writer,
                          const PipelineOptions& options, IndexingReporter& reporter,
                          const std::atomic<bool>* stop) {
  const auto start = std::chrono::steady_clock::now();
  IndexingStats stats;
  ArticleReader reader(inputs, options.reader);
  DocumentBuilder builder(writer.settings());
  std::uint64_t since_commit = 0;
  while ((stop == nullptr || !stop->load()) &&
         (options.max_articles == 0 || stats.articles() < options.max_articles)) {
    std::optional<ReadItem> item = reader.Next();
    if (!item) break;
    stats.bytes += item->bytes;
    for (const std::string& warning : item->warnings) {
      ++stats.warnings;
      reporter.Warning(item->location, warning);
    }
    if (!item->article) {
      ++stats.rejected;
      reporter.Rejected(item->location, item->rejection);
      continue;
    }
    // Re-runs over a corpus mostly meet articles already indexed: skip
    // their analysis entirely.
    if (writer.HasUnchanged(schema::IdTerm(item->article->id),
                            ContentHash(*item->article, writer.settings()))) {
      ++stats.unchanged;
      reporter.Progress(stats);
      continue;
    }
    BuiltDocument built;
    try {
      built = builder.Build(*item->article);
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
    if (++since_commit >= options.commit_every) {
      writer.Commit();
      since_commit = 0;
    }
    stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    reporter.Progress(stats);
  }
  writer.Commit();
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return stats;
}

}  // namespace kiji
