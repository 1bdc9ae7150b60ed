#include "common/index/shard_layout.h"

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "common/util/stable_hash.h"

namespace kiji {

namespace {
}  // namespace

unsigned ShardOf(std::string_view id_term, unsigned shards) {
  if (shards <= 1) return 0;
  return static_cast<unsigned>(StableHash(id_term) % shards);
}

std::string ShardName(unsigned shard) { return "shard-" + std::to_string(shard); }

bool IsShardName(std::string_view name) {
  constexpr std::string_view kPrefix = "shard-";
  return name.size() > kPrefix.size() && name.starts_with(kPrefix) &&
         name.find_first_not_of("0123456789", kPrefix.size()) == std::string_view::npos;
}

bool IsIndexFileName(std::string_view name) {
  return name == "iamglass" || name == "flintlock" || name == kStubName || name.ends_with(".glass");
}

std::vector<std::string> ShardPaths(const std::string& path) {
  const std::filesystem::path stub = std::filesystem::path(path) / kStubName;
  std::ifstream in(stub);
  if (!in) return {path};
  std::vector<std::string> shards;
  int line_number = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_number;
    if (line.empty() || line[0] == '#') continue;
    const std::string expected = "auto " + ShardName(static_cast<unsigned>(shards.size()));
    if (line != expected) {
      throw std::runtime_error(stub.string() + ":" + std::to_string(line_number) + ": expected \"" + expected +
                               "\"; this stub was not written by kiji's indexer");
    }
    shards.push_back((std::filesystem::path(path) / ShardName(static_cast<unsigned>(shards.size()))).string());
  }
  if (shards.empty()) throw std::runtime_error(stub.string() + ": names no shard");
  return shards;
}

void WriteShardStub(const std::string& path, unsigned shards) {
  const std::filesystem::path stub = std::filesystem::path(path) / kStubName;
  std::ofstream out(stub);
  out << "# kiji index in " << shards << " shards; Xapian opens this directory as one database\n";
  for (unsigned i = 0; i < shards; ++i) out << "auto " << ShardName(i) << "\n";
  out.close();
  if (!out) throw std::runtime_error("cannot write " + stub.string());
}

}  // namespace kiji
