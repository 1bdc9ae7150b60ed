#include "common/index/build_worker.h"

#include <filesystem>
#include <map>
#include <optional>

#include "common/index/index_settings.h"
#include "common/index/shard_layout.h"
#include "common/util/parallel_for.h"

namespace kiji::bulk {

namespace {

namespace fs = std::filesystem;

// Parts use glass's largest blocks: a flush rewrites the blocks of every
// term its batch holds, and fewer, larger blocks make that cheaper
// (doc/performance.md, "Part block size").
constexpr unsigned kPartBlockSize = 65536;

// Every worker's counts summed into one map, which is the largest of them
// (not copied); the others are left empty.
SpellingCounts Summed(std::vector<SpellingCounts>& counts) {
  const auto largest = std::max_element(counts.begin(), counts.end(),
                                        [](const auto& a, const auto& b) { return a.size() < b.size(); });
  SpellingCounts all = largest == counts.end() ? SpellingCounts() : std::exchange(*largest, {});
  for (SpellingCounts& c : counts) {
    for (const auto& [word, count] : c) all[word] += count;
    c.clear();
  }
  return all;
}

}  // namespace

void Worker::Run() noexcept {
  try {
    DocumentBuilder builder(settings_, SpellingCollection::kSummed);
    std::optional<Xapian::WritableDatabase> db;
    std::uint64_t unflushed_articles = 0, unflushed_bytes = 0;
    const auto flush = [&] {
      // A large vocabulary goes into the part now (compaction adds up the
      // counts), so memory stays flat however large the corpus.
      if (builder.SpellingWords() > kMaxSpellingWords) {
        WriteSpellingInWordOrder(*db, builder.TakeSpelling());
      }
      db->commit();
      unflushed_articles = unflushed_bytes = 0;
    };
    while (true) {
      std::optional<Block> block;
      try {
        block = spool_.Pop();
        if (!block && !error_ && steal_()) continue;
      } catch (...) {
        if (!error_) error_ = std::current_exception();
        continue;  // keep draining so the reader never blocks
      }
      if (!block) break;
      if (error_) continue;
      try {
        if (block->starts_part || !db) {
          if (db) {
            flush();
            db->close();
          }
          db = OpenPart();
        }
        Range& range = ranges_.back();
        for (Job& job : block->jobs) {
          try {
            unflushed_bytes += TextBytes(job.article);
            BuiltDocument built = builder.Build(job.article, job.source, std::move(job.content_hash));
            languages_.insert(built.language);
            db->replace_document(job.docid, built.document);
            if (range.first == 0) range.first = job.docid;
            range.last = job.docid;
            ++written_;
            ++unflushed_articles;
          } catch (const std::invalid_argument& e) {
            ++rejected_;
            reporter_.Rejected(job.location, e.what());
          }
          meter_.AddIndexed(1);
          if (unflushed_articles >= batch_articles_ || unflushed_bytes >= batch_bytes_) flush();
        }
      } catch (...) {
        error_ = std::current_exception();
      }
    }
    if (!error_ && db) db->commit();
    spelling_ = builder.TakeSpelling();
  } catch (...) {
    error_ = std::current_exception();
  }
}

void Worker::WriteSpelling(const SpellingCounts& words) {
  if (words.empty()) return;
  Xapian::WritableDatabase db(parts_.back(), Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
  WriteSpellingInWordOrder(db, words);
  db.commit();
}

Xapian::WritableDatabase Worker::OpenPart() {
  const std::string path = prefix_ + std::to_string(parts_.size());
  Xapian::WritableDatabase db(path, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_SYNC,
                              kPartBlockSize);
  WriteIndexSettings(db, settings_);
  parts_.push_back(path);
  ranges_.push_back({path});
  return db;
}

void Worker::Delete(const std::vector<Xapian::docid>& docids) {
  std::map<std::string, std::vector<Xapian::docid>> by_part;
  for (Xapian::docid docid : docids) {
    for (const Range& range : ranges_) {
      if (range.first != 0 && docid >= range.first && docid <= range.last) by_part[range.path].push_back(docid);
    }
  }
  for (const auto& [path, in_part] : by_part) {
    Xapian::WritableDatabase db(path, Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
    for (Xapian::docid docid : in_part) {
      try {
        for (const auto& [word, count] : SpellingCountsOf(db.get_document(docid))) deleted_spelling_[word] += count;
        db.delete_document(docid);
      } catch (const Xapian::DocNotFoundError&) {
        // Rejected by the worker, so never written.
      }
    }
    db.commit();
  }
}

// Workers of a single index mostly count the same words, and Xapian's
// spelling data costs per distinct word a part holds (a new word's
// fragments are indexed too), so their counts are summed first and each
// word is written once (doc/performance.md, "Spelling written once").
void WriteSpelling(std::vector<std::unique_ptr<Worker>>& pool, bool sharded) {
  std::vector<SpellingCounts> words(pool.size());
  for (std::size_t i = 0; i < pool.size(); ++i) words[i] = pool[i]->TakeSpelling();
  if (!sharded && pool.size() > 1) {
    // Only workers that wrote a part: counts come from written articles.
    std::vector<std::size_t> writers;
    for (std::size_t i = 0; i < pool.size(); ++i) {
      if (!pool[i]->parts().empty()) writers.push_back(i);
    }
    SpellingCounts all = Summed(words);
    const std::hash<std::string> hash;
    for (auto& [word, count] : all) words[writers[hash(word) % writers.size()]].emplace(word, count);
  }
  ParallelFor(pool.size(), 0, [&](std::size_t i) { pool[i]->WriteSpelling(words[i]); });
}

void TakeBackDeletedSpelling(std::vector<std::unique_ptr<Worker>>& pool, const std::string& out_dir, bool sharded) {
  std::vector<SpellingCounts> words(pool.size());
  for (std::size_t i = 0; i < pool.size(); ++i) words[i] = pool[i]->TakeDeletedSpelling();
  if (!sharded) words[0] = Summed(words);
  for (std::size_t i = 0; i < pool.size(); ++i) {
    if (words[i].empty()) continue;
    Xapian::WritableDatabase db(sharded ? (fs::path(out_dir) / ShardName(static_cast<unsigned>(i))).string() : out_dir,
                                Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
    WriteSpellingInWordOrder(db, words[i], -1);
    db.commit();
  }
}

}  // namespace kiji::bulk
