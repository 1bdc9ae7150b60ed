// ArticleReader turns the indexer's command-line inputs (files, directories,
// JSON Lines files plain or gzipped, "-" for stdin) into a stream of articles
// with stable ids, and of problems located as "path[:line]". It reads and
// parses only: analysis and indexing happen downstream, so a later stage can
// run them on other threads.
#ifndef KIJI_COMMON_ARTICLE_READER_H_
#define KIJI_COMMON_ARTICLE_READER_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/article.h"

namespace kiji {

// A file the reader reads, as the incremental indexer remembers it.
struct SourceFile {
  std::string path;            // absolute, lexically normal; empty for stdin
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;   // last modification, nanoseconds since the epoch
};

// Far above any news article (War and Peace is 3.2 MB), and what keeps the
// largest one accepted within about 256 MB of memory while it is indexed.
inline constexpr std::size_t kDefaultMaxArticleBytes = 16u << 20;

struct ReaderOptions {
  // Articles (files or JSONL lines) larger than this are rejected unread.
  std::size_t max_article_bytes = kDefaultMaxArticleBytes;
  // Asked before a file is opened; true skips it (it has not changed since
  // it was indexed) and the reader reports kFileSkipped instead.
  std::function<bool(const SourceFile&)> skip_file;
};

// One thing the reader found: an article (possibly with warnings), or a
// rejected input with the reason.
struct ReadItem {
  enum class Event {
    kItem,         // an article, or a rejected input
    kFileSkipped,  // `file` was not read: skip_file said it is unchanged
    kFileDone,     // every record of `file` has been returned
  };
  std::string location;               // "path" or "path:line"
  std::optional<Article> article;     // absent when rejected
  std::string rejection;              // why, when rejected
  std::vector<std::string> warnings;  // problems that did not stop the article
  std::uint64_t bytes = 0;            // input bytes this item consumed (for kFileDone:
                                      // the blank lines after the last record)
  Event event = Event::kItem;
  SourceFile file;                    // the file the item came from (path empty: stdin or none)
};

class ArticleReader {
 public:
  ArticleReader(std::vector<std::string> inputs, ReaderOptions options = {});
  ~ArticleReader();
  ArticleReader(const ArticleReader&) = delete;
  ArticleReader& operator=(const ArticleReader&) = delete;

  // The next item, or nullopt when every input has been read.
  std::optional<ReadItem> Next();

 private:
  struct PendingFile {
    std::string path;     // as it is opened
    std::string id;       // the article id for single-article files
    bool jsonl = false;
  };
  std::optional<ReadItem> StartFile(const PendingFile& file);
  class LineSource;

  void Expand(const std::string& input);
  void Walk(const std::filesystem::path& root, const std::filesystem::path& dir, int depth,
            std::vector<PendingFile>& found);
  ReadItem ReadWholeFile(const PendingFile& file);
  std::optional<ReadItem> NextJsonLine();

  ReaderOptions options_;
  std::deque<std::string> inputs_;
  std::deque<PendingFile> files_;
  std::deque<ReadItem> problems_;  // found while expanding directories
  std::unique_ptr<LineSource> lines_;
  std::string lines_id_base_;
  SourceFile current_;         // the file being read
  bool pending_done_ = false;  // a kFileDone event for current_ is due
  std::uint64_t done_bytes_ = 0;  // read after the last record, for the kFileDone event
};

// Whether a file inside a directory is read as an article, by its name:
// .txt, .md, .markdown, .jsonl, .ndjson (optionally .gz). Hidden files and
// README files are not articles.
bool IsArticleFileName(const std::string& file_name);

}  // namespace kiji

#endif  // KIJI_COMMON_ARTICLE_READER_H_
