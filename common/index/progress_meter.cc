#include "common/index/progress_meter.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <utility>

namespace kiji {

namespace {

namespace fs = std::filesystem;

// Often enough for a display to move smoothly, rarely enough to cost nothing.
constexpr std::chrono::milliseconds kTickInterval(250);

double SecondsBetween(std::chrono::steady_clock::time_point from, std::chrono::steady_clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

}  // namespace

ProgressMeter::ProgressMeter(IndexingReporter& reporter, const std::vector<std::string>& inputs)
    : reporter_(reporter),
      showing_(reporter.WantsProgress()),
      bytes_total_(showing_ ? EstimatedInputBytes(inputs) : 0) {
  if (showing_) ticker_ = std::thread([this] { Tick(); });
}

ProgressMeter::~ProgressMeter() {
  {
    MutexLock lock(mutex_);
    stopping_ = true;
  }
  stop_.notify_all();
  if (ticker_.joinable()) ticker_.join();
}

void ProgressMeter::AddSkippedFile(const std::string& path, std::uint64_t articles) {
  AddRead(articles, showing_ ? EstimatedFileBytes(path) : 0);
  AddIndexed(articles);
  skipped_.fetch_add(articles, std::memory_order_relaxed);
}

void ProgressMeter::EnterPhase(IndexingPhase phase, std::string detail) {
  MutexLock lock(mutex_);
  if (phase != phase_) phase_start_ = std::chrono::steady_clock::now();
  phase_ = phase;
  detail_ = std::move(detail);
}

void ProgressMeter::SetDetail(std::string detail) {
  MutexLock lock(mutex_);
  detail_ = std::move(detail);
}

IndexingProgress ProgressMeter::Snapshot() const {
  const auto now = std::chrono::steady_clock::now();
  IndexingProgress progress;
  {
    MutexLock lock(mutex_);
    progress.phase = phase_;
    progress.detail = detail_;
    progress.phase_seconds = SecondsBetween(phase_start_, now);
  }
  progress.read = read_.load(std::memory_order_relaxed);
  progress.indexed = std::min(progress.read, indexed_.load(std::memory_order_relaxed));
  progress.skipped = std::min(progress.indexed, skipped_.load(std::memory_order_relaxed));
  progress.bytes_read = bytes_read_.load(std::memory_order_relaxed);
  progress.bytes_total = bytes_total_;
  progress.reading_done = reading_done_.load();
  progress.seconds = SecondsBetween(start_, now);
  return progress;
}

void ProgressMeter::Tick() {
  for (;;) {
    {
      MutexLock lock(mutex_);
      if (!stopping_) lock.WaitFor(stop_, kTickInterval);
      if (stopping_) return;
    }
    Report();  // outside the lock: Snapshot takes it
  }
}

std::uint64_t EstimatedFileBytes(const std::string& path) {
  std::error_code ec;
  const std::uint64_t size = fs::file_size(path, ec);
  if (ec) return 0;
  if (fs::path(path).extension() != ".gz" || size < 18) return size;
  // ISIZE: the last four bytes, little-endian, modulo 2^32.
  std::uint64_t isize = 0;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return size;
  unsigned char tail[4];
  if (::pread(fd, tail, 4, static_cast<off_t>(size - 4)) == 4) {
    isize = std::uint64_t{tail[0]} | std::uint64_t{tail[1]} << 8 | std::uint64_t{tail[2]} << 16 |
            std::uint64_t{tail[3]} << 24;
  }
  ::close(fd);
  return std::max(size, isize);
}

std::uint64_t EstimatedInputBytes(const std::vector<std::string>& inputs) {
  std::uint64_t total = 0;
  for (const std::string& input : inputs) {
    if (input == "-") return 0;
    std::error_code ec;
    if (fs::is_directory(input, ec)) {
      for (auto it = fs::recursive_directory_iterator(input, fs::directory_options::skip_permission_denied, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file(ec)) total += EstimatedFileBytes(it->path().string());
      }
    } else {
      total += EstimatedFileBytes(input);
    }
  }
  return total;
}

}  // namespace kiji
