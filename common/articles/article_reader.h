// ArticleReader turns the indexer's command-line inputs (files, directories,
// JSON Lines files plain or gzipped, "-" for stdin) into a stream of articles
// with stable ids, and of problems located as "path[:line]". It reads and
// parses only: analysis and indexing happen downstream, so a later stage can
// run them on other threads. Inside a directory, a symbolic link is read only
// when its target lies below a PATH given (unless follow_symlinks), and only
// regular files are opened (never blocking on a FIFO or a device); a PATH
// given itself may be a link. Not thread-safe: one thread calls Next().
#ifndef KIJI_COMMON_ARTICLES_ARTICLE_READER_H_
#define KIJI_COMMON_ARTICLES_ARTICLE_READER_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <sys/types.h>

#include "common/articles/article.h"
#include "common/articles/source_file.h"

namespace kiji {

// Far above any news article (War and Peace is 3.2 MB), and what keeps the
// largest one accepted within about 256 MB of memory while it is indexed.
inline constexpr std::size_t kDefaultMaxArticleBytes = 16u << 20;

struct ReaderOptions {
  // Articles (files or JSONL lines) larger than this are rejected unread.
  std::size_t max_article_bytes = kDefaultMaxArticleBytes;
  // Asked before a file is opened; true skips it (it has not changed since
  // it was indexed) and the reader reports kFileSkipped instead.
  std::function<bool(const SourceFile&)> skip_file;
  // Read what symbolic links inside a directory point to, wherever it is.
  bool follow_symlinks = false;
  // Leave a file found in a directory unread (kFileSkipped) while a process
  // has it open for writing, as --watch does: its closing is reported later.
  bool skip_files_being_written = false;
  // When not empty, only files at or below these paths (AbsolutePath form,
  // within the inputs) are read, with the ids a full walk gives them.
  std::vector<std::string> limit_to;
  // When given and it becomes true, a read waiting on a pipe or FIFO ends
  // at once (the input is reported as stopped before its end).
  const std::atomic<bool>* stop = nullptr;
};

// One thing the reader found: an article (possibly with warnings), or a
// rejected input with the reason.
struct ReadItem {
  enum class Event {
    kItem,         // an article, or a rejected input
    kFileSkipped,  // `file` was not read: unchanged (skip_file), or being written
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
  // A rejection whose file.path is set names a file or directory that
  // exists but could not be read: what the index holds from it is kept.
  bool input_unread = false;          // a PATH given could not be read at all
  // A file that could not be read to its end (a read error, a truncated or
  // damaged gzip stream): what it held past this point is unknown.
  bool file_unfinished = false;
  // Read from a stream that cannot be read again (stdin, a pipe, a FIFO):
  // a stopped run still takes such items, since no later run can.
  bool from_stream = false;
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
    bool given = false;   // a PATH given itself: opened as it is, even a FIFO
    bool via_link = false;  // found through a symbolic link that was checked
    dev_t device = 0;     // what the walk saw, checked again once it is open
    ino_t inode = 0;
  };
  std::optional<ReadItem> StartFile(const PendingFile& file);
  class LineSource;

  void Expand(const std::string& input);
  void Walk(const std::filesystem::path& root, const std::filesystem::path& dir, int depth,
            std::vector<PendingFile>& found);
  void Visit(const std::filesystem::path& root, const std::filesystem::directory_entry& entry, int depth,
             std::vector<PendingFile>& found);
  int Open(const PendingFile& file, std::string& error) const;
  bool InsideInputs(const std::filesystem::path& target) const;
  bool Wanted(const std::filesystem::path& path, bool directory) const;
  ReadItem ReadWholeFile(const PendingFile& file, int fd);
  std::optional<ReadItem> NextJsonLine();

  ReaderOptions options_;
  std::deque<std::string> inputs_;
  std::vector<std::string> real_inputs_;  // canonical, for symbolic link targets
  std::vector<std::pair<dev_t, ino_t>> walking_;  // directories being walked, for loops
  std::deque<PendingFile> files_;
  std::deque<ReadItem> problems_;  // found while expanding directories
  std::unique_ptr<LineSource> lines_;
  std::string lines_id_base_;
  SourceFile current_;         // the file being read
  bool pending_done_ = false;  // a kFileDone event for current_ is due
  std::uint64_t done_bytes_ = 0;  // read after the last record, for the kFileDone event
};

// Whether what `input` (a PATH given, or "-") holds can be read again by a
// later run: not stdin, a pipe, a FIFO or a device.
bool CanBeReadAgain(const std::string& input);

// Whether a file inside a directory is read as an article, by its name:
// .txt, .md, .markdown, .jsonl, .ndjson (optionally .gz). Hidden files and
// README files are not articles.
bool IsArticleFileName(const std::string& file_name);

// `path` made absolute and lexically normal, without a trailing '/': the
// form in which files and roots are recorded and compared.
std::string AbsolutePath(const std::string& path);

// Whether `path` is `dir` or lies below it (both in AbsolutePath form).
bool IsAtOrBelow(const std::string& path, const std::string& dir);

}  // namespace kiji

#endif  // KIJI_COMMON_ARTICLES_ARTICLE_READER_H_
