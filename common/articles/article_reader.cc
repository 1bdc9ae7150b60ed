#include "common/articles/article_reader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "common/articles/article_formats.h"
#include "common/articles/input_relay.h"
#include "common/util/utf8.h"

namespace kiji {

namespace fs = std::filesystem;

namespace {

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool IsJsonLinesName(const std::string& name) {
  const std::string n = AsciiLowercase(name);
  return EndsWith(n, ".jsonl") || EndsWith(n, ".jsonl.gz") || EndsWith(n, ".ndjson") ||
         EndsWith(n, ".ndjson.gz");
}

bool IsMarkdownName(const std::string& name) {
  const std::string n = AsciiLowercase(name);
  return EndsWith(n, ".md") || EndsWith(n, ".markdown");
}

std::string ErrnoText(int err) { return std::strerror(err); }

// zlib puts the name of what it reads first ("<fd:8>: ..."); the location
// already says which file it is.
std::string WithoutZlibName(const std::string& error) {
  const std::size_t colon = error.find(">: ");
  return error.rfind("<fd:", 0) == 0 && colon != std::string::npos ? error.substr(colon + 3) : error;
}

ReadItem Rejected(std::string location, std::string reason, std::uint64_t bytes = 0) {
  ReadItem item;
  item.location = std::move(location);
  item.rejection = std::move(reason);
  item.bytes = bytes;
  return item;
}

// Applies the reader's repair and blank-article rules to a parsed article.
ReadItem Finish(std::string location, ParsedArticle parsed, std::size_t replaced,
                std::uint64_t bytes) {
  ReadItem item;
  item.location = std::move(location);
  item.bytes = bytes;
  item.warnings = std::move(parsed.warnings);
  if (replaced > 0) {
    item.warnings.push_back(std::to_string(replaced) + " invalid UTF-8 sequence" +
                            (replaced == 1 ? "" : "s") + " replaced by U+FFFD");
  }
  Article& a = parsed.article;
  const bool blank = a.title.find_first_not_of(" \t\r\n") == std::string::npos &&
                     a.body.find_first_not_of(" \t\r\n") == std::string::npos;
  if (blank) {
    item.rejection = "empty article (no title and no text)";
  } else if (std::string over = FieldLimitViolation(a); !over.empty()) {
    item.rejection = std::move(over);
  } else if (a.id.empty()) {
    item.rejection = "article has no id";
  } else {
    item.article = std::move(a);
  }
  return item;
}

}  // namespace

std::string AbsolutePath(const std::string& path) {
  std::error_code ec;
  std::string absolute = fs::absolute(path, ec).lexically_normal().string();
  while (absolute.size() > 1 && absolute.back() == '/') absolute.pop_back();
  return absolute;
}

bool IsAtOrBelow(const std::string& path, const std::string& dir) {
  if (path.size() == dir.size()) return path == dir;
  return path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 &&
         (dir.back() == '/' || path[dir.size()] == '/');
}

bool CanBeReadAgain(const std::string& input) {
  struct stat st {};
  return input != "-" && (::stat(input.c_str(), &st) != 0 || S_ISREG(st.st_mode) || S_ISDIR(st.st_mode));
}

bool IsArticleFileName(const std::string& file_name) {
  if (file_name.empty() || file_name[0] == '.') return false;
  const std::string n = AsciiLowercase(file_name);
  if (n.rfind("readme", 0) == 0) return false;
  return EndsWith(n, ".txt") || IsMarkdownName(n) || IsJsonLinesName(n);
}

// Reads lines from a plain or gzip-compressed file (zlib reads both), or
// from stdin, reporting over-long lines, binary data and truncated streams,
// and bounding the work a small compressed input can cause.
class ArticleReader::LineSource {
 public:
  // `relay`, when given, is what `file` reads from (input_relay.h).
  LineSource(std::string path, gzFile file, std::unique_ptr<InputRelay> relay)
      : path_(std::move(path)), file_(file), relay_(std::move(relay)) {}
  ~LineSource() {
    if (file_ != nullptr) gzclose(file_);  // before the relay, which then ends
  }

  const std::string& path() const { return path_; }
  bool relayed() const { return relay_ != nullptr; }
  std::size_t line_number() const { return line_number_; }
  // Bytes consumed (decompressed) since the last call.
  std::uint64_t TakeBytes() { return std::exchange(untaken_bytes_, 0); }
  // Where reading is (decompressed bytes), for messages.
  std::uint64_t offset() const { return offset_; }
  // For kBinary: the byte offset of the NUL within its line.
  std::size_t nul_column() const { return nul_column_; }

  enum class Status { kLine, kTooLong, kBinary, kEnd, kError, kExpansion };

  // Reads the next line that is not empty into `line` (without its '\n');
  // lines longer than `max_bytes` are skipped and reported as kTooLong,
  // lines with a NUL byte (never in JSON text) as kBinary.
  Status Next(std::string& line, std::size_t max_bytes, std::string& error) {
    line.clear();
    Status skipped = Status::kLine;  // why the rest of the line is skipped
    for (;;) {
      if (pos_ == size_) {
        if (eof_) break;
        if (const auto status = Fill(error)) return *status;
        if (eof_) break;
      }
      if (skipped == Status::kLine && bytes_in_line_ == 0) SkipEmptyLines();
      if (pos_ == size_) continue;
      const char* start = buffer_ + pos_;
      const char* newline = static_cast<const char*>(std::memchr(start, '\n', size_ - pos_));
      const std::size_t take = newline ? static_cast<std::size_t>(newline - start) : size_ - pos_;
      if (skipped == Status::kLine) {
        if (const void* nul = std::memchr(start, '\0', take)) {
          skipped = Status::kBinary;
          nul_column_ = line.size() + static_cast<std::size_t>(static_cast<const char*>(nul) - start);
        } else if (line.size() + take > max_bytes) {
          skipped = Status::kTooLong;
        } else {
          line.append(start, take);
        }
        if (skipped != Status::kLine) std::string().swap(line);
      }
      bytes_in_line_ += take;
      Consume(take);
      if (newline) {
        Consume(1);
        ++line_number_;
        bytes_in_line_ = 0;
        return skipped;
      }
    }
    if (line.empty() && skipped == Status::kLine && bytes_in_line_ == 0) return Status::kEnd;
    ++line_number_;
    bytes_in_line_ = 0;
    return skipped;
  }

 private:
  // Decompressed input may be this many times the compressed input read so
  // far (text compresses 3-10 times; gzip reaches 1,000), past an allowance
  // that small files of repeated records may use up freely.
  static constexpr std::uint64_t kMaxExpansion = 100;
  static constexpr std::uint64_t kExpansionAllowance = 64u << 20;

  void Consume(std::size_t n) {
    pos_ += n;
    offset_ += n;
    untaken_bytes_ += n;
  }

  // Empty lines cost a byte comparison each: a stream of nothing but line
  // feeds is read at memory speed.
  void SkipEmptyLines() {
    const std::size_t from = pos_;
    while (pos_ < size_ && buffer_[pos_] == '\n') ++pos_;
    const std::size_t n = pos_ - from;
    line_number_ += n;
    offset_ += n;
    untaken_bytes_ += n;
  }

  // Refills the buffer; a status when reading must stop.
  std::optional<Status> Fill(std::string& error) {
    const int n = gzread(file_, buffer_, sizeof buffer_);
    int code = Z_OK;
    const char* message = n <= 0 ? gzerror(file_, &code) : "";
    // A relay's end of input is the input's only when it says so.
    const std::string relay_problem = n <= 0 && relay_ ? relay_->Problem() : "";
    if (n < 0 || (n == 0 && code != Z_OK && code != Z_STREAM_END) || !relay_problem.empty()) {
      error = !relay_problem.empty()          ? relay_problem
              : n < 0 && code == Z_ERRNO ? ErrnoText(errno)
                                         : message;
      // zlib puts the path first; the location already says it.
      error = WithoutZlibName(error);
      eof_ = true;
      ++line_number_;
      return Status::kError;
    }
    if (n == 0) {
      eof_ = true;
      return std::nullopt;
    }
    pos_ = 0;
    size_ = static_cast<std::size_t>(n);
    const z_off_t compressed = gzoffset(file_);  // -1 where unknown (a pipe)
    if (compressed >= 0 && offset_ + size_ > kExpansionAllowance &&
        offset_ + size_ > kMaxExpansion * static_cast<std::uint64_t>(compressed)) {
      error = "decompresses to over " + std::to_string(kMaxExpansion) + " times its size (" +
              std::to_string(offset_ + size_) + " bytes from its first " + std::to_string(compressed) +
              "); reading stopped at byte " + std::to_string(offset_) + " of its text";
      Consume(size_);
      eof_ = true;
      ++line_number_;
      return Status::kExpansion;
    }
    return std::nullopt;
  }

  std::string path_;
  gzFile file_;
  std::unique_ptr<InputRelay> relay_;
  char buffer_[1 << 16];
  std::size_t pos_ = 0;
  std::size_t size_ = 0;
  std::size_t bytes_in_line_ = 0;
  std::size_t line_number_ = 0;
  std::size_t nul_column_ = 0;
  std::uint64_t offset_ = 0;
  std::uint64_t untaken_bytes_ = 0;
  bool eof_ = false;
};

ArticleReader::ArticleReader(std::vector<std::string> inputs, ReaderOptions options)
    : options_(std::move(options)), inputs_(inputs.begin(), inputs.end()) {
  for (const std::string& input : inputs) {
    std::error_code ec;
    if (input == "-") continue;
    const fs::path real = fs::canonical(input, ec);
    if (!ec) real_inputs_.push_back(real.string());
  }
}

ArticleReader::~ArticleReader() = default;

namespace {

// A problem with a file or directory that exists but cannot be read: what
// the index holds from it stays.
ReadItem Unread(const std::string& location, std::string reason, bool input) {
  ReadItem item = Rejected(location, std::move(reason));
  item.file.path = AbsolutePath(location);
  item.input_unread = input;
  return item;
}

}  // namespace

bool ArticleReader::InsideInputs(const fs::path& target) const {
  return std::any_of(real_inputs_.begin(), real_inputs_.end(),
                     [&](const std::string& input) { return IsAtOrBelow(target.string(), input); });
}

// Whether a walk under limit_to reads `path`, or descends into it.
bool ArticleReader::Wanted(const fs::path& path, bool directory) const {
  if (options_.limit_to.empty()) return true;
  const std::string absolute = AbsolutePath(path.string());
  return std::any_of(options_.limit_to.begin(), options_.limit_to.end(), [&](const std::string& limit) {
    return IsAtOrBelow(absolute, limit) || (directory && IsAtOrBelow(limit, absolute));
  });
}

// Every article file below `dir`, and a problem for each directory or link
// that cannot be read. Hidden directories are not entered.
void ArticleReader::Walk(const fs::path& root, const fs::path& dir, int depth, std::vector<PendingFile>& found) {
  constexpr int kMaxDepth = 128;
  if (depth > kMaxDepth) {
    problems_.push_back(Unread(dir.string(), "directories nested deeper than " + std::to_string(kMaxDepth), false));
    return;
  }
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  struct stat st {};
  if (ec || ::stat(dir.c_str(), &st) != 0) {
    problems_.push_back(Unread(dir.string(), ec ? ec.message() : ErrnoText(errno), depth == 0));
    return;
  }
  walking_.emplace_back(st.st_dev, st.st_ino);
  for (const fs::directory_iterator end; it != end; it.increment(ec)) {
    if (ec) {
      problems_.push_back(Unread(dir.string(), ec.message(), depth == 0));
      break;
    }
    Visit(root, *it, depth, found);
  }
  walking_.pop_back();
}

// One entry of a walk. A symbolic link is checked where it points: outside
// the PATHs given it is reported and skipped (unless follow_symlinks); a
// linked directory inside them is read where it lies, not through the link.
void ArticleReader::Visit(const fs::path& root, const fs::directory_entry& entry, int depth,
                          std::vector<PendingFile>& found) {
  const fs::path& path = entry.path();
  const std::string name = path.filename().string();
  if (name.empty() || name[0] == '.') return;
  std::error_code ec;
  const bool link = entry.is_symlink(ec);
  struct stat target {};
  if (link && ::stat(path.c_str(), &target) != 0) {
    problems_.push_back(Rejected(path.string(), errno == ELOOP ? "symbolic link loop" : "dangling symbolic link"));
    return;
  }
  const bool directory = link ? S_ISDIR(target.st_mode) : entry.is_directory(ec);
  if (!(directory || IsArticleFileName(name)) || !Wanted(path, directory)) return;
  if (link && !options_.follow_symlinks) {
    const fs::path real = fs::canonical(path, ec);
    if (ec || !InsideInputs(real)) {
      problems_.push_back(Rejected(path.string(), "symbolic link to outside the PATHs given; not read "
                                                  "(--follow-symlinks reads it)"));
      return;
    }
    if (directory) return;
  }
  if (directory) {
    const bool loop = link && std::find(walking_.begin(), walking_.end(),
                                        std::make_pair(target.st_dev, target.st_ino)) != walking_.end();
    if (loop) {
      problems_.push_back(Rejected(path.string(), "symbolic link loop"));
    } else {
      Walk(root, path, depth + 1, found);
    }
    return;
  }
  if (!(link ? S_ISREG(target.st_mode) : entry.is_regular_file(ec))) {
    problems_.push_back(Rejected(path.string(), "not a regular file (a FIFO, device or socket); not read"));
    return;
  }
  // Ids are text, one per file, whatever bytes its name holds.
  const std::string relative = EscapeFileName(path.lexically_relative(root).generic_string());
  found.push_back({path.string(), relative, IsJsonLinesName(name), false, link, target.st_dev, target.st_ino});
}

void ArticleReader::Expand(const std::string& input) {
  if (input == "-") {
    files_.push_back({"-", "", true, true});
    return;
  }
  std::error_code ec;
  const fs::path root(input);
  if (!Wanted(root, true)) return;
  const fs::file_status status = fs::status(root, ec);
  if (ec || !fs::exists(status)) {
    problems_.push_back(Unread(input, ec ? ec.message() : "no such file or directory", true));
    return;
  }
  if (!fs::is_directory(status)) {
    const std::string name = root.filename().string();
    files_.push_back({input, EscapeFileName(name), IsJsonLinesName(name), true});
    return;
  }
  std::vector<PendingFile> found;
  Walk(root, root, 0, found);
  // Directory order is arbitrary; sort so runs and ids are reproducible.
  std::sort(found.begin(), found.end(),
            [](const PendingFile& a, const PendingFile& b) { return a.id < b.id; });
  files_.insert(files_.end(), found.begin(), found.end());
}

// Opens a file the walk found without following a link it did not check and
// without blocking, and only if it is still the regular file found.
int ArticleReader::Open(const PendingFile& file, std::string& error) const {
  if (file.path == "-") return dup(0);
  // Never blocking in open: a FIFO without a writer would hold the indexer
  // (and its lock) in the kernel, deaf to signals.
  const int flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | (file.given || file.via_link ? 0 : O_NOFOLLOW);
  const int fd = ::open(file.path.c_str(), flags);
  if (fd < 0) {
    error = errno == ELOOP && !file.given ? "became a symbolic link after the directory was read; not read"
                                          : ErrnoText(errno);
    return -1;
  }
  struct stat st {};
  const bool same = file.given || (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
                                   (!file.via_link || (st.st_dev == file.device && st.st_ino == file.inode)));
  if (!same) {
    close(fd);
    error = "changed after the directory was read (no longer the regular file found); not read";
    return -1;
  }
  // A PATH given may be a FIFO on purpose (<(zcat feed.jsonl.gz)): read it
  // blocking, as it is written; with no writer at all it reads as empty.
  if (file.given) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  return fd;
}

ReadItem ArticleReader::ReadWholeFile(const PendingFile& file, int fd) {
  struct stat st {};
  if (fstat(fd, &st) != 0) return Rejected(file.path, ErrnoText(errno));
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (size > options_.max_article_bytes) {
    return Rejected(file.path,
                    "article is " + std::to_string(size) + " bytes, over --max-article-bytes (" +
                        std::to_string(options_.max_article_bytes) + ")",
                    size);
  }
  std::string content(static_cast<std::size_t>(size), '\0');
  std::size_t got = 0;
  while (got < content.size()) {
    const ssize_t n = read(fd, content.data() + got, content.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Rejected(file.path, "read error: " + ErrnoText(errno));
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  content.resize(got);
  // Like grep and git: a NUL byte near the start means a binary file.
  if (content.find('\0') < 8192) return Rejected(file.path, "binary file (a NUL byte at offset " +
                                                    std::to_string(content.find('\0')) + "), not text", content.size());
  const std::size_t bytes = content.size();
  std::size_t replaced = 0;
  if (!IsValidUtf8(content)) {
    RepairedText repaired = RepairUtf8(content);
    if (repaired.replaced >= 16 && repaired.replaced * 10 > bytes) {
      return Rejected(file.path, "not UTF-8 text (" + std::to_string(repaired.replaced) + " invalid sequences)", bytes);
    }
    content = std::move(repaired.text);
    replaced = repaired.replaced;
  }
  ParsedArticle parsed = IsMarkdownName(file.path) ? ParseMarkdownArticle(content) : ParseTextArticle(content);
  parsed.article.id = file.id;
  return Finish(file.path, std::move(parsed), replaced, bytes);
}

std::optional<ReadItem> ArticleReader::NextJsonLine() {
  std::string line, error;
  for (;;) {
    const auto status = lines_->Next(line, options_.max_article_bytes, error);
    if (status == LineSource::Status::kLine && line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (status == LineSource::Status::kEnd) {
      pending_done_ = true;
      done_bytes_ = lines_->TakeBytes();
      lines_.reset();
      return std::nullopt;
    }
    const std::string location = lines_->path() + ":" + std::to_string(lines_->line_number());
    const std::uint64_t bytes = lines_->TakeBytes();
    switch (status) {
      case LineSource::Status::kError:
      case LineSource::Status::kExpansion: {
        // A damaged file is not recorded as indexed: the next run reads it again.
        const bool expansion = status == LineSource::Status::kExpansion;
        lines_.reset();
        ReadItem item = Rejected(location, (expansion ? "" : "read error: ") + error, bytes);
        item.file_unfinished = true;
        return item;
      }
      case LineSource::Status::kTooLong:
        return Rejected(location, "record is longer than --max-article-bytes (" +
                                      std::to_string(options_.max_article_bytes) + ")", bytes);
      case LineSource::Status::kBinary:
        return Rejected(location, "binary data (a NUL byte at column " + std::to_string(lines_->nul_column() + 1) +
                                      "), not JSON", bytes);
      default:
        break;
    }
    std::size_t replaced = 0;
    if (!IsValidUtf8(line)) {
      RepairedText repaired = RepairUtf8(line);
      line = std::move(repaired.text);
      replaced = repaired.replaced;
    }
    ParsedArticle parsed;
    try {
      parsed = ParseJsonArticle(line);
    } catch (const ArticleFormatError& e) {
      return Rejected(location, e.what(), bytes);
    }
    if (parsed.article.id.empty()) {
      parsed.article.id = lines_id_base_ + ":" + std::to_string(lines_->line_number());
    }
    return Finish(location, std::move(parsed), replaced, bytes);
  }
}

namespace {

SourceFile Describe(const std::string& path) {
  SourceFile f;
  if (path == "-") return f;
  f.path = AbsolutePath(path);
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    f.size = static_cast<std::uint64_t>(st.st_size);
    f.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  }
  return f;
}

// Whether another process has the file open for writing: a read lease is
// refused exactly then. Where leases are not allowed (a file of another
// user, some file systems) the file counts as complete.
bool OpenForWriting(int fd) {
  if (fcntl(fd, F_SETLEASE, F_RDLCK) == 0) {
    fcntl(fd, F_SETLEASE, F_UNLCK);
    return false;
  }
  return errno == EAGAIN;
}

ReadItem FileEvent(ReadItem::Event event, const SourceFile& file) {
  ReadItem item;
  item.location = file.path;
  item.event = event;
  item.file = file;
  return item;
}

}  // namespace

// Begins reading `file`: returns its one item for a whole-file article, a
// kFileSkipped event, or nothing (JSON Lines are then read line by line).
std::optional<ReadItem> ArticleReader::StartFile(const PendingFile& file) {
  current_ = Describe(file.path);
  if (options_.skip_file && !current_.path.empty() && options_.skip_file(current_)) {
    return FileEvent(ReadItem::Event::kFileSkipped, current_);
  }
  std::string error;
  const int fd = Open(file, error);
  if (fd < 0) {
    ReadItem item = Rejected(file.path, error);
    item.file = current_;
    return item;
  }
  if (options_.skip_files_being_written && !file.given && OpenForWriting(fd)) {
    close(fd);
    return FileEvent(ReadItem::Event::kFileSkipped, current_);
  }
  if (!file.jsonl) {
    ReadItem item = ReadWholeFile(file, fd);
    close(fd);
    item.file = current_;
    // Only a file that became an article counts as indexed; a rejected one
    // is read (and reported) again next time.
    pending_done_ = item.article.has_value();
    return item;
  }
  // A pipe or FIFO is read through a relay: zlib fills its whole buffer
  // before returning, and a writer that keeps the pipe open would hold a
  // read (and a stop request) until it closes.
  std::unique_ptr<InputRelay> relay;
  int source = fd;
  if (InputRelay::CanBlock(fd)) {
    try {
      relay = std::make_unique<InputRelay>(fd, options_.stop);
    } catch (const std::system_error& e) {
      ReadItem item = Rejected(file.path, e.what());
      item.file = current_;
      return item;
    }
    source = relay->TakeOutput();
  }
  gzFile handle = gzdopen(source, "rb");
  if (handle == nullptr) {
    close(source);
    ReadItem item = Rejected(file.path, errno != 0 ? ErrnoText(errno) : "cannot open");
    item.file = current_;
    return item;
  }
  gzbuffer(handle, 1 << 17);
  lines_ = std::make_unique<LineSource>(file.path == "-" ? "<stdin>" : file.path, handle, std::move(relay));
  lines_id_base_ = file.path == "-" ? "stdin" : file.id;
  return std::nullopt;
}

std::optional<ReadItem> ArticleReader::Next() {
  for (;;) {
    if (!problems_.empty()) {
      ReadItem item = std::move(problems_.front());
      problems_.pop_front();
      return item;
    }
    if (pending_done_) {
      // The file just read is complete: say so, so the indexer can record it.
      pending_done_ = false;
      if (!current_.path.empty()) {
        ReadItem done = FileEvent(ReadItem::Event::kFileDone, current_);
        done.bytes = std::exchange(done_bytes_, 0);
        return done;
      }
    }
    if (lines_) {
      const bool from_stream = lines_->relayed();
      if (auto item = NextJsonLine()) {
        item->file = current_;
        item->from_stream = from_stream;
        return item;
      }
      continue;
    }
    if (!files_.empty()) {
      const PendingFile file = std::move(files_.front());
      files_.pop_front();
      if (auto item = StartFile(file)) return item;
      continue;
    }
    if (inputs_.empty()) return std::nullopt;
    const std::string input = std::move(inputs_.front());
    inputs_.pop_front();
    Expand(input);
  }
}

}  // namespace kiji
