#include "common/index/parallel_build.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>
#include <utility>

#include <xapian.h>

#include "common/index/build_merge.h"
#include "common/index/build_plan.h"
#include "common/index/build_spool.h"
#include "common/index/build_worker.h"
#include "common/index/document_builder.h"
#include "common/index/index_writer.h"
#include "common/index/progress_meter.h"
#include "common/index/schema.h"
#include "common/index/shard_layout.h"

namespace kiji {

namespace {

namespace fs = std::filesystem;
using bulk::Block;
using bulk::BlockSpool;
using bulk::BuildPlan;
using bulk::Job;
using bulk::Worker;

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The workers, each on its own thread with its own spool, from construction
// until Stop (or destruction).
class Crew {
 public:
  Crew(const BuildPlan& plan, const fs::path& scratch, const AnalysisSettings& settings, SharedReporter& reporter,
       ProgressMeter& meter)
      : plan_(plan) {
    for (unsigned i = 0; i < plan.writers; ++i) {
      spools_.push_back(std::make_unique<BlockSpool>(scratch / ("spool-" + std::to_string(i)), plan.spool_bytes));
    }
    for (unsigned i = 0; i < plan.writers; ++i) {
      workers_.push_back(std::make_unique<Worker>((scratch / ("p" + std::to_string(i) + "-")).string(), settings,
                                                  *spools_[i], reporter, meter, [this, i] { return Steal(i); },
                                                  plan.batch_articles, plan.batch_bytes));
    }
    for (auto& worker : workers_) {
      threads_.emplace_back([this, w = worker.get()] {
        w->Run();
        ++done_;
      });
    }
  }
  ~Crew() { Stop(); }
  Crew(const Crew&) = delete;
  Crew& operator=(const Crew&) = delete;

  BlockSpool& spool(std::size_t i) { return *spools_[i]; }
  std::size_t size() const { return spools_.size(); }
  std::vector<std::unique_ptr<Worker>>& workers() { return workers_; }
  // From now on a worker that runs out may steal.
  void AllSpooled() { all_spooled_ = true; }
  void CloseSpools() {
    for (auto& s : spools_) s->Close();
  }
  bool AllDone() const { return done_.load() == threads_.size(); }
  // Closes the spools and waits for every worker to finish.
  void Stop() {
    CloseSpools();
    for (std::thread& t : threads_) {
      if (t.joinable()) t.join();
    }
  }
  // Drops every block not yet taken; the first input place dropped, or
  // UINT32_MAX when none.
  Xapian::docid Abandon() {
    Xapian::docid first_dropped = UINT32_MAX;
    for (auto& spool : spools_) {
      if (const Xapian::docid first = spool->Abandon(); first != 0) first_dropped = std::min(first_dropped, first);
    }
    return first_dropped;
  }
  // For a single index, the worker to give the next part: the one with the
  // least left to do, on a tie the next in turn after `after`.
  std::size_t LeastBusyAfter(std::size_t after) {
    const std::size_t n = spools_.size();
    std::size_t best = (after + 1) % n;
    std::uint64_t least = spools_[best]->Unread();
    for (std::size_t i = 2; i <= n; ++i) {
      const std::size_t w = (after + i) % n;
      if (const std::uint64_t unread = spools_[w]->Unread(); unread < least) {
        least = unread;
        best = w;
      }
    }
    return best;
  }

 private:
  // Once everything is read, a single index's worker that runs out takes
  // the later half of the fullest spool, so the workers finish together
  // (parts of equal input differ in cost: doc/performance.md, "Work
  // stealing"). Shards cannot:
  // their articles are routed by id. Not after a stop either, which drops
  // what is unread.
  bool Steal(std::size_t thief) {
    if (plan_.sharded() || !all_spooled_.load()) return false;
    std::size_t victim = thief;
    std::uint64_t most = 0;
    for (std::size_t i = 0; i < spools_.size(); ++i) {
      if (const std::uint64_t unread = spools_[i]->Unread(); i != thief && unread > most) {
        most = unread;
        victim = i;
      }
    }
    return victim != thief && spools_[thief]->StealFrom(*spools_[victim]);
  }

  const BuildPlan plan_;
  std::vector<std::unique_ptr<BlockSpool>> spools_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<std::thread> threads_;
  std::atomic<bool> all_spooled_{false};
  std::atomic<std::size_t> done_{0};
};

// The reader's side of the build: gives each article its docid, decides
// what replaces what, and hands articles to the workers' spools in blocks
// and parts.
//
// Docids are the articles' order in the input (in a shard, among its own
// articles), as an incremental run would give them, whatever the number of
// workers. An id met again in the same file replaces its earlier copy
// (deleted before the merge) unless unchanged; from another file it is
// rejected: an id names one article (IdHeldElsewhere), and that file is
// left unrecorded.
class Distributor {
 public:
  Distributor(const BuildPlan& plan, const AnalysisSettings& settings, Crew& crew, SharedReporter& reporter)
      : plan_(plan),
        settings_(settings),
        crew_(crew),
        reporter_(reporter),
        open_(crew.size()),
        open_bytes_(crew.size(), 0),
        in_part_articles_(crew.size(), 0),
        in_part_bytes_(crew.size(), 0),
        next_in_shard_(plan.shards, 1) {
    for (Block& block : open_) block.starts_part = true;
  }

  // Takes one item from the reader; false when it did not route an article.
  bool Take(ReadItem& item, BuildStats& stats);
  // Hands every open block to its spool.
  void FlushAll() {
    for (std::size_t q = 0; q < open_.size(); ++q) Flush(q);
  }
  // Drops what was read and not yet taken by a worker.
  void DropUnread() {
    for (const Block& block : open_) {
      if (!block.jobs.empty()) first_dropped_ = std::min(first_dropped_, block.jobs.front().seq);
    }
    first_dropped_ = std::min(first_dropped_, crew_.Abandon());
  }
  // After the workers: the earlier copies to delete, per worker (a single
  // index's all at 0), counted as updates when their later copy was written.
  std::vector<std::vector<Xapian::docid>> Replaced(BuildStats& stats);
  // The files read to the end and wholly written, for the ledger.
  std::vector<SourceFile> WholeFiles() const {
    std::vector<SourceFile> files;
    for (const auto& [file, last_docid] : files_done_) {
      if (last_docid < first_dropped_ && !files_with_ids_held_.count(file.path)) files.push_back(file);
    }
    return files;
  }

 private:
  struct Seen {
    Xapian::docid docid;
    std::string hash;
    std::size_t file;  // in files_read_
  };
  // An earlier copy's docid and the later copy's, in the writer `q`.
  struct Superseded {
    Xapian::docid old_docid, new_docid;
    std::size_t q;
  };

  bool Route(ReadItem& item, BuildStats& stats);
  void Flush(std::size_t q) {
    if (open_[q].jobs.empty()) return;
    crew_.spool(q).Push(open_[q]);
    open_[q] = Block();
    open_bytes_[q] = 0;
  }
  // Counts an article into its writer's part, starting the next part when
  // this one is full.
  void CountIntoPart(std::size_t q, std::uint64_t bytes);

  const BuildPlan& plan_;
  const AnalysisSettings& settings_;
  Crew& crew_;
  SharedReporter& reporter_;
  std::unordered_map<std::string, Seen> seen_;
  std::vector<std::string> files_read_;
  std::set<std::string> files_with_ids_held_;
  std::vector<Superseded> superseded_;
  std::vector<Block> open_;
  std::vector<std::uint64_t> open_bytes_;
  // How much of its current part each spool has had; for a single index,
  // the worker writing the current part.
  std::vector<std::uint64_t> in_part_articles_, in_part_bytes_;
  std::size_t part_worker_ = 0;
  // Files read to the end, with the last docid given when each ended.
  std::vector<std::pair<SourceFile, Xapian::docid>> files_done_;
  Xapian::docid next_seq_ = 1;
  std::vector<Xapian::docid> next_in_shard_;
  Xapian::docid first_dropped_ = UINT32_MAX;  // Xapian::docid is 32 bits
};

bool Distributor::Take(ReadItem& item, BuildStats& stats) {
  if (item.event == ReadItem::Event::kFileDone) {
    stats.bytes += item.bytes;
    if (!item.file.path.empty()) files_done_.emplace_back(item.file, next_seq_ - 1);
    return false;
  }
  if (item.event != ReadItem::Event::kItem) return false;
  if (!AccountForItem(item, stats, reporter_)) return false;
  ++stats.read;
  if (const std::string problem = schema::IdProblem(item.article->id); !problem.empty()) {
    ++stats.rejected;
    reporter_.Rejected(item.location, problem);
    return false;
  }
  return Route(item, stats);
}

bool Distributor::Route(ReadItem& item, BuildStats& stats) {
  Article& article = *item.article;
  const std::string& path = item.file.path;
  if (files_read_.empty() || files_read_.back() != path) files_read_.push_back(path);
  std::string hash = ContentHash(article, settings_, path);
  const std::size_t q = plan_.sharded() ? ShardOf(schema::IdTerm(article.id), plan_.shards) : part_worker_;
  const Xapian::docid docid = plan_.sharded() ? next_in_shard_[q] : next_seq_;
  auto [it, first] = seen_.try_emplace(article.id);
  if (!first) {
    const std::string& other = files_read_[it->second.file];
    if (other != path && !path.empty() && !other.empty()) {
      ++stats.rejected;
      reporter_.Rejected(item.location, IdHeldElsewhere(article.id, other));
      files_with_ids_held_.insert(path);
      return false;
    }
    if (it->second.hash == hash) {
      ++stats.unchanged;
      return false;
    }
    superseded_.push_back({it->second.docid, docid, q});
    ++stats.updated;
  } else {
    ++stats.added;
  }
  open_bytes_[q] += TextBytes(article);
  it->second = {docid, hash, files_read_.size() - 1};
  open_[q].jobs.push_back(Job{std::move(article), path, std::move(item.location), std::move(hash), next_seq_++, docid});
  if (plan_.sharded()) ++next_in_shard_[q];
  if (open_[q].jobs.size() >= plan_.block_articles || open_bytes_[q] >= plan_.block_bytes) Flush(q);
  CountIntoPart(q, item.bytes);
  return true;
}

void Distributor::CountIntoPart(std::size_t q, std::uint64_t bytes) {
  in_part_articles_[q] += 1;
  in_part_bytes_[q] += bytes;
  if (in_part_articles_[q] < plan_.part_articles && in_part_bytes_[q] < plan_.part_bytes) return;
  Flush(q);
  in_part_articles_[q] = in_part_bytes_[q] = 0;
  // A single index's next part goes to the least busy worker; its docids
  // continue where this part's end, so parts never overlap.
  if (!plan_.sharded()) part_worker_ = crew_.LeastBusyAfter(part_worker_);
  open_[plan_.sharded() ? q : part_worker_].starts_part = true;
}

std::vector<std::vector<Xapian::docid>> Distributor::Replaced(BuildStats& stats) {
  // An earlier copy goes only when the later one was written: in a single
  // index by any worker, in a shard by the shard's own (its docids are its
  // own).
  auto& pool = crew_.workers();
  std::vector<std::vector<Xapian::docid>> replaced(pool.size());
  stats.updated = 0;
  for (const Superseded& s : superseded_) {
    const auto wrote = [&](const auto& p) { return p->Wrote(s.new_docid); };
    if (plan_.sharded() ? wrote(pool[s.q]) : std::any_of(pool.begin(), pool.end(), wrote)) {
      replaced[plan_.sharded() ? s.q : 0].push_back(s.old_docid);
      ++stats.updated;
    }
  }
  return replaced;
}

// Reads every input into the spools; true when the input was read to its
// end. Stops promptly: each worker finishes the block it has, and what the
// reader ran ahead is dropped; a file is recorded only when all of it was
// written, so the next run reads the rest again. What an input that cannot
// be read again (stdin, a pipe) gave is all written instead.
bool ReadIntoSpools(const std::vector<std::string>& inputs, const BuildOptions& options, Distributor& distributor,
                    Crew& crew, BuildStats& stats, ProgressMeter& meter, const std::atomic<bool>* stop) {
  const bool rereadable = std::all_of(inputs.begin(), inputs.end(), CanBeReadAgain);
  bool finished = false;
  ArticleReader reader(inputs, options.pipeline.reader);
  const std::uint64_t max = options.pipeline.max_articles;
  while (max == 0 || stats.articles() < max) {
    // As in RunIndexing: a stop ends reading at the next item a later run
    // can read again; a stream's items (stdin, a pipe) are all taken.
    const bool stopping = stop != nullptr && stop->load();
    std::optional<ReadItem> item = reader.Next();
    if (!item) {
      finished = !stopping;
      break;
    }
    if (stopping && !item->from_stream) break;
    const std::uint64_t read_before = stats.read, bytes_before = stats.bytes;
    const bool routed = distributor.Take(*item, stats);
    meter.AddRead(stats.read - read_before, stats.bytes - bytes_before);
    if (stats.read > read_before && !routed) meter.AddIndexed(1);  // rejected, or an unchanged copy
    meter.Report();
  }
  if (!finished && stop != nullptr && stop->load() && rereadable) {
    distributor.DropUnread();
    return false;
  }
  if (finished) meter.ReadingDone();
  meter.EnterPhase(IndexingPhase::kAnalysing);
  meter.Report();
  distributor.FlushAll();
  crew.AllSpooled();
  crew.CloseSpools();
  // The reader can finish minutes before the workers (a whole corpus fits
  // in the spools): a stop while they write what was read still drops
  // what they have not taken.
  if (finished && stop != nullptr && rereadable) {
    while (!crew.AllDone()) {
      if (stop->load()) {
        distributor.DropUnread();
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  return finished;
}

// Deletes the superseded copies and tallies what the workers did.
void SettleWorkers(Distributor& distributor, Crew& crew, const BuildPlan& plan, BuildStats& stats,
                   std::set<std::string>& languages, ProgressMeter& meter) {
  const std::vector<std::vector<Xapian::docid>> replaced = distributor.Replaced(stats);
  std::uint64_t written = 0;
  auto& pool = crew.workers();
  for (std::size_t i = 0; i < pool.size(); ++i) {
    Worker& worker = *pool[i];
    worker.Check();
    worker.Delete(replaced[plan.sharded() ? i : 0]);
    stats.rejected += worker.rejected();
    written += worker.written();
    stats.written_by_worker.push_back(worker.written());
    stats.parts += worker.parts().size();
    languages.insert(worker.languages().begin(), worker.languages().end());
  }
  meter.EnterPhase(IndexingPhase::kSpelling);
  meter.Report();
  bulk::WriteSpelling(pool, plan.sharded());
  stats.added = written - std::min(written, stats.updated);
}

void MergeParts(Crew& crew, const BuildPlan& plan, const std::string& out_dir, const AnalysisSettings& settings,
                ProgressMeter& meter) {
  meter.EnterPhase(IndexingPhase::kMerging);
  meter.Report();
  auto& pool = crew.workers();
  if (!plan.sharded()) {
    std::vector<std::string> all;
    for (auto& worker : pool) all.insert(all.end(), worker->parts().begin(), worker->parts().end());
    bulk::MergeIntoOne(all, out_dir, settings, meter);
  } else {
    std::vector<std::vector<std::string>> by_shard;
    for (auto& worker : pool) by_shard.push_back(worker->parts());
    bulk::MergeIntoShards(by_shard, out_dir, settings, plan.workers, meter);
  }
  bulk::TakeBackDeletedSpelling(pool, out_dir, plan.sharded());
}

// Stories across the workers' parts, and the ledger, committed (and
// synced) like any incremental run's.
void WriteLedger(const std::string& out_dir, const AnalysisSettings& settings, const std::set<std::string>& languages,
                 const std::vector<SourceFile>& files, const std::vector<std::string>& roots) {
  IndexWriter writer(out_dir, settings, false);
  writer.AssignAllStories();  // the workers saw only their own parts' articles
  for (const std::string& language : languages) writer.NoteLanguage(language);
  for (const SourceFile& file : files) writer.RecordFile(file);
  for (const std::string& input : roots) {
    if (input == "-") continue;
    std::error_code ec;
    writer.RecordRoot(fs::absolute(input, ec).lexically_normal().string());
  }
  writer.Commit();
}

}  // namespace

BuildStats BuildIndexInParallel(const std::vector<std::string>& inputs, const std::string& out_dir,
                                const AnalysisSettings& settings, const BuildOptions& options,
                                IndexingReporter& reporter, const std::atomic<bool>* stop) {
  const auto start = std::chrono::steady_clock::now();
  if (fs::exists(out_dir)) throw IndexError("cannot build a new index at " + out_dir + ": it exists");
  const BuildPlan plan = bulk::PlanBuild(inputs, options);
  const fs::path scratch = fs::path(out_dir + ".parts");
  fs::remove_all(scratch);
  fs::create_directories(scratch);

  SharedReporter shared(reporter);
  ProgressMeter meter(shared, inputs);
  BuildStats stats;
  std::set<std::string> languages;
  Crew crew(plan, scratch, settings, shared, meter);
  Distributor distributor(plan, settings, crew, shared);
  const bool finished = ReadIntoSpools(inputs, options, distributor, crew, stats, meter, stop);
  crew.Stop();
  SettleWorkers(distributor, crew, plan, stats, languages, meter);
  MergeParts(crew, plan, out_dir, settings, meter);
  fs::remove_all(scratch);
  meter.EnterPhase(IndexingPhase::kSyncing);
  meter.Report();
  bulk::SyncTree(out_dir);
  meter.EnterPhase(IndexingPhase::kStories);
  meter.Report();
  WriteLedger(out_dir, settings, languages, distributor.WholeFiles(), finished ? inputs : std::vector<std::string>{});
  stats.seconds = SecondsSince(start);
  return stats;
}

}  // namespace kiji
