// The bulk build's spool (parallel_build.h): the articles the reader hands
// to one worker, in blocks kept in a file of the build's scratch directory
// rather than in memory. Internal to the bulk build. A BlockSpool is shared
// by the reading thread (Push, Close, Abandon) and its worker (Pop), and a
// worker out of work may take from another's (StealFrom); its lock guards
// the blocks' list, while the file's end belongs to the reader alone.
#ifndef KIJI_COMMON_INDEX_BUILD_SPOOL_H_
#define KIJI_COMMON_INDEX_BUILD_SPOOL_H_

#include <fcntl.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "common/articles/article.h"
#include "common/index/index_error.h"
#include "common/util/mutex.h"

namespace kiji::bulk {

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
// (util/field_codec.h).
std::string EncodeBlock(const Block& block);
// What EncodeBlock wrote; false when `in` is not that.
bool DecodeBlock(std::string_view in, Block& block);

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
// read-ahead made peak RSS grow with the part size (doc/performance.md,
// "Spool on disk"). Read blocks give
// their space back to the file system (a punched hole, where supported)
// and the reader waits while more than `max_unread_bytes` are unread, so
// the disk the spool takes stays bounded too. Once all input is spooled,
// an idle worker's spool can take over another's later blocks (StealFrom).
class BlockSpool {
 public:
  BlockSpool(const std::filesystem::path& path, std::uint64_t max_unread_bytes)
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
      MutexLock lock(mutex_);
      while (unread_ >= max_unread_ && !extents_.empty()) lock.Wait(not_full_);
    }
    // Only the reader writes, always past every published extent.
    for (std::size_t done = 0; done < bytes.size();) {
      const ssize_t n = ::pwrite(fd_, bytes.data() + done, bytes.size() - done, end_ + static_cast<off_t>(done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw IndexError(Failure("cannot write"));
      done += static_cast<std::size_t>(n);
    }
    MutexLock lock(mutex_);
    extents_.push_back({this, end_, bytes.size(), block.jobs.empty() ? 0 : block.jobs.front().seq});
    end_ += static_cast<off_t>(bytes.size());
    unread_ += bytes.size();
    not_empty_.notify_one();
  }
  // Bytes pushed and not yet taken: how far behind the worker is.
  std::uint64_t Unread() {
    MutexLock lock(mutex_);
    return unread_;
  }
  void Close() {
    MutexLock lock(mutex_);
    closed_ = true;
    not_empty_.notify_all();
  }
  // Closes the spool and drops the blocks not yet taken, so the worker
  // stops after the block it has; the first input place dropped, 0 if none.
  Xapian::docid Abandon() {
    MutexLock lock(mutex_);
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
      MutexLock lock(mutex_);
      while (extents_.empty() && !closed_) lock.Wait(not_empty_);
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
      MutexLock lock(victim.mutex_);
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
    MutexLock lock(mutex_);
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
  Mutex mutex_;
  std::condition_variable_any not_empty_, not_full_;
  std::deque<Extent> extents_ KIJI_GUARDED_BY(mutex_);
  std::uint64_t unread_ KIJI_GUARDED_BY(mutex_) = 0;
  bool closed_ KIJI_GUARDED_BY(mutex_) = false;
};

}  // namespace kiji::bulk

#endif  // KIJI_COMMON_INDEX_BUILD_SPOOL_H_
