#include "common/index/build_plan.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <thread>

#include "common/index/build_spool.h"

namespace kiji::bulk {

namespace fs = std::filesystem;

BuildPlan PlanBuild(const std::vector<std::string>& inputs, const BuildOptions& options) {
  BuildPlan plan;
  plan.shards = std::max(1u, options.shards);
  plan.workers = options.workers ? options.workers : std::max(1u, std::thread::hardware_concurrency());
  // A worker and a spool per shard, blocks routed by id; or, for a single
  // index, a worker and a spool per core, each taking whole parts in turn.
  plan.writers = plan.sharded() ? plan.shards : plan.workers;
  plan.batch_articles = std::max<std::uint64_t>(1, options.batch_articles);
  plan.batch_bytes = std::max<std::uint64_t>(1, options.batch_bytes);
  plan.part_articles = options.part_articles == 0 ? UINT64_MAX : options.part_articles;
  // Parts are measured in input bytes, the unit the input's size comes in.
  // A shard's worker has all of the shard to itself: one part.
  plan.part_bytes = options.part_bytes;
  if (plan.part_bytes == 0 && plan.sharded()) plan.part_bytes = UINT64_MAX;
  if (plan.part_bytes == 0) {
    const std::uint64_t total = EstimatedInputBytes(inputs);
    plan.part_bytes = total == 0 ? BuildOptions::kUnknownInputPartBytes
                                 : std::clamp<std::uint64_t>(total / (BuildOptions::kPartsPerWorker * plan.writers),
                                                             plan.batch_bytes, BuildOptions::kMaxAutoPartBytes);
  }
  // A spool may hold two parts unread, so a single index's reader runs a
  // part ahead of each worker while each writes its own; a shard's articles
  // come spread over the input, so little read-ahead is needed.
  plan.spool_bytes = plan.sharded()                      ? kShardSpoolBytes
                     : plan.part_bytes > UINT64_MAX / 4 ? UINT64_MAX
                                                        : 2 * (plan.part_bytes + plan.batch_bytes);
  // Blocks are smaller than batches, so that work can be stolen finely.
  plan.block_articles = std::min(plan.batch_articles, kBlockArticles);
  plan.block_bytes = std::min(plan.batch_bytes, kBlockBytes);
  return plan;
}

std::uint64_t EstimatedInputBytes(const std::vector<std::string>& inputs) {
  std::uint64_t total = 0;
  const auto file_bytes = [](const fs::path& path) -> std::uint64_t {
    std::error_code ec;
    const std::uint64_t size = fs::file_size(path, ec);
    if (ec) return 0;
    if (path.extension() != ".gz" || size < 18) return size;
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
  };
  for (const std::string& input : inputs) {
    if (input == "-") return 0;
    std::error_code ec;
    if (fs::is_directory(input, ec)) {
      for (auto it = fs::recursive_directory_iterator(input, fs::directory_options::skip_permission_denied, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file(ec)) total += file_bytes(it->path());
      }
    } else {
      total += file_bytes(input);
    }
  }
  return total;
}

}  // namespace kiji::bulk
