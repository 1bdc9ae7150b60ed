#include "indexer/flags.h"

#include <algorithm>
#include <stdexcept>

#include "common/cli/shared_flags.h"
#include "common/articles/article_reader.h"
#include "common/index/index_settings.h"
#include "common/index/shard_layout.h"

namespace kiji {

namespace {

std::vector<Flag> MakeFlags() {
  using K = FlagKind;
  const PipelineOptions defaults;
  //  name, short, kind, value name, default, repeatable, in suites, hidden, help
  std::vector<Flag> flags = SharedFlags();
  std::vector<Flag> own = {
      {"db", 'd', K::kText, "DIR", "", false, false, false,
       "index directory (default: $KIJI_DB, else $XDG_DATA_HOME/kiji/index, else ~/.local/share/kiji/index)"},
      {"language", 'l', K::kText, "LANG", "", false, false, false,
       "language of articles that do not name one (ISO 639-1, default en; fixed when the index is created; a "
       "--rebuild keeps what is recorded)"},
      {"fold-diacritics", 0, K::kSwitch, "", "", false, false, false,
       "index cafe for café (fixed when the index is created; a --rebuild keeps what is recorded)"},
      {"no-fold-diacritics", 0, K::kSwitch, "", "", false, false, false,
       "with --rebuild: stop folding diacritics"},
      {"commit-every", 0, K::kCount, "N", std::to_string(defaults.commit_every), false, false, false,
       "commit after this many articles (or " + std::to_string(defaults.commit_bytes >> 20) + " MB of article text)"},
      {"max-article-bytes", 0, K::kCount, "BYTES", std::to_string(kDefaultMaxArticleBytes), false, false, false,
       "reject articles (files or JSONL lines) larger than this"},
      {"wait", 0, K::kSwitch, "", "", false, false, false,
       "if another indexer is writing the index, wait for it instead of failing (Ctrl-C or SIGTERM ends the "
       "wait, writing nothing)"},
      {"prune", 0, K::kSwitch, "", "", false, false, false,
       "remove articles whose source file, or JSON Lines record, is gone; a PATH that is missing, unreadable or "
       "empty (an unmounted file system looks so) keeps its articles"},
      {"prune-empty", 0, K::kSwitch, "", "", false, false, false,
       "with --prune, also remove the articles of a PATH that holds no articles any more; with --rebuild, "
       "accept an empty PATH"},
      {"follow-symlinks", 0, K::kSwitch, "", "", false, false, false,
       "read what symbolic links inside the directories point to even outside the PATHs given (by default such "
       "links are reported and skipped)"},
      {"reread", 0, K::kSwitch, "", "", false, false, false,
       "read every file, even those unchanged (same size and time) since they were indexed"},
      {"rebuild", 0, K::kSwitch, "", "", false, false, false,
       "build the index anew (new settings allowed) beside the old one, then swap it in"},
      {"watch", 0, K::kSwitch, "", "", false, false, false,
       "after indexing the directories given, keep running: index files as they are closed after writing or "
       "moved in, and remove those deleted or moved out (inotify), until interrupted (SIGINT/SIGTERM)"},
      {"shards", 0, K::kCount, "N", "", false, false, false,
       "build the new index (or --rebuild it) as this many shards, which xapian-tcpsrv can serve from several "
       "machines (default 1; a --rebuild keeps the recorded number)"},
      {"workers", 0, K::kCount, "N", "", false, false, false,
       "threads that analyse and write a new index (default: one per core)"},
      {"quiet", 'q', K::kSwitch, "", "", false, false, false, "no progress line and no summary"},
      {"batch-articles", 0, K::kCount, "N", "", false, false, true, "bulk build: articles per flush of Xapian's writer"},
      {"batch-kb", 0, K::kCount, "KB", "", false, false, true, "bulk build: KB of text per flush of Xapian's writer"},
      {"part-articles", 0, K::kCount, "N", "", false, false, true, "bulk build: articles per intermediate database"},
      {"part-mb", 0, K::kCount, "MB", "", false, false, true,
       "bulk build: MB of input per intermediate database (default: from the input size)"},
  };
  flags.insert(flags.end(), own.begin(), own.end());
  return flags;
}

// The bulk build's sizes, from the hidden tuning flags (at least 1 each).
void ApplyTuning(const FlagValues& values, BuildOptions& build) {
  const auto at_least_one = [&](const char* name) { return std::max<std::uint64_t>(1, values.Count(name)); };
  if (values.Given("workers")) {
    const auto workers = values.Count("workers", kMaxShards);
    if (workers == 0) throw std::invalid_argument("--workers: at least 1 (at most " + std::to_string(kMaxShards) + ")");
    build.workers = static_cast<unsigned>(workers);
  }
  if (values.Given("batch-articles")) build.batch_articles = at_least_one("batch-articles");
  if (values.Given("batch-kb")) build.batch_bytes = at_least_one("batch-kb") << 10;
  if (values.Given("part-articles")) build.part_articles = at_least_one("part-articles");
  if (values.Given("part-mb")) build.part_bytes = at_least_one("part-mb") << 20;
  if (values.Given("shards")) {
    const std::uint64_t shards = values.Count("shards");
    if (shards < 1 || shards > kMaxShards) {
      throw std::invalid_argument("--shards wants a number from 1 to " + std::to_string(kMaxShards));
    }
    build.shards = static_cast<unsigned>(shards);
  }
}

}  // namespace

FlagTable IndexerFlags() {
  static const std::vector<Flag> flags = MakeFlags();
  return flags;
}

ProgramDoc IndexerDoc() {
  ProgramDoc doc;
  doc.name = "indexer";
  doc.summary = "build and update a kiji index of news articles";
  doc.synopsis = {"[OPTIONS] PATH...", "[OPTIONS]   (update the PATHs the index recorded)",
                  "[OPTIONS] --rebuild [PATH...]", "[OPTIONS] --watch [DIR...]"};
  doc.description = {
      "indexer adds articles to a kiji index (a Xapian database) that searcher(1) searches. PATH is an article "
      "file (.txt, .md), a JSON Lines file (.jsonl, .jsonl.gz), a directory (read recursively), or - for JSON "
      "Lines on stdin. Re-indexing replaces articles by id, never duplicates; unchanged files are skipped. "
      "With no PATH, the PATHs earlier runs gave (recorded in the index) are read again, as for notmuch new.",
      "A new index (and --rebuild) is built on every core beside the --db path and swapped in when complete; "
      "an existing one is updated in place, committing as it goes, so that an interruption loses nothing "
      "committed. Copies of one story are found as articles are indexed.",
      "Inside a directory, symbolic links are read only when they point below a PATH given, and only regular "
      "files are read."};
  doc.exit_status = {{"0", "all indexed"},
                     {"1", "some inputs rejected, or interrupted (what was committed stays)"},
                     {"2", "an error, including a PATH that is missing or cannot be read"}};
  doc.see_also = {"searcher(1)", "kiji-query(7)", "xapian-compact(1)"};
  doc.choices = {{"language", {"en", "de", "fr", "es", "it", "nl", "pt", "ru", "ja", "zh", "ko", "th"}}};
  AddSharedDoc(doc);
  return doc;
}

IndexerRun IndexerRunFrom(const FlagValues& values, std::vector<std::string> inputs, const std::string& default_db) {
  IndexerRun run;
  run.inputs = std::move(inputs);
  run.db = values.Text("db").empty() ? default_db : values.Text("db");
  const std::string language = values.Text("language");
  if (values.Given("language") && !IsKnownLanguage(NormalizeLanguage(language))) {
    throw std::invalid_argument("--language: '" + language + "' is not an ISO 639 language code (en, de, ja...)");
  }
  run.language_given = values.Given("language");
  if (values.Given("fold-diacritics") && values.Given("no-fold-diacritics")) {
    throw std::invalid_argument("--fold-diacritics and --no-fold-diacritics contradict each other");
  }
  run.fold_given = values.Given("fold-diacritics") || values.Given("no-fold-diacritics");
  run.settings_given = run.language_given || run.fold_given;
  run.requested = NewIndexSettings(values.Given("fold-diacritics"), language.empty() ? "en" : language);
  run.rebuild = values.Given("rebuild");
  run.watch = values.Given("watch");
  run.wait = values.Given("wait");
  run.quiet = values.Given("quiet");
  run.shards_given = values.Given("shards");
  PipelineOptions& pipeline = run.build.pipeline;
  pipeline.commit_every = values.Count("commit-every", ~0ULL, 1);
  pipeline.reader.max_article_bytes = static_cast<std::size_t>(values.Count("max-article-bytes", ~0ULL, 1));
  pipeline.prune = values.Given("prune");
  pipeline.prune_empty = values.Given("prune-empty");
  pipeline.reader.follow_symlinks = values.Given("follow-symlinks");
  pipeline.skip_unchanged_files = !values.Given("reread");
  ApplyTuning(values, run.build);
  if (pipeline.prune_empty && !pipeline.prune && !run.rebuild) {
    throw std::invalid_argument("--prune-empty goes with --prune or --rebuild");
  }
  if (run.watch && run.rebuild) {
    throw std::invalid_argument("--watch and --rebuild do not go together: rebuild first, then watch");
  }
  return run;
}

}  // namespace kiji
