// Micro-benchmarks of kiji's analysis (make bench): MB/s of article text per
// script, against raw ICU word breaking over the same text, the limit of an
// analyzer that sends every byte through ICU (kiji's own ICU-only path is
// measured too; its tokenizer segments ASCII stretches itself). Text comes from the corpora in
// ../shared (Latin: Reuters-21578 and the German 10kGNAD; CJK: livedoor
// news); a benchmark whose corpus is absent is skipped with a message.
#include <benchmark/benchmark.h>
#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <memory>
#include <string>
#include <vector>

#include "common/analysis/analysis_settings.h"
#include "common/analysis/analyzer.h"
#include "common/articles/article_reader.h"
#include "common/index/document_builder.h"
#include "common/index/index_settings.h"

namespace {

constexpr std::size_t kSampleBytes = 4u << 20;

std::string SharedCorpus(const std::string& name) {
  const char* root = std::getenv("KIJI_SHARED");
  return (std::filesystem::path(root != nullptr ? root : "../shared") / "corpora" / name).string();
}

// About kSampleBytes of article bodies from a corpus (empty if it is absent).
std::vector<kiji::Article> Sample(const std::string& corpus) {
  std::vector<kiji::Article> articles;
  if (!std::filesystem::exists(corpus)) return articles;
  kiji::ArticleReader reader({corpus});
  std::size_t bytes = 0;
  while (bytes < kSampleBytes) {
    std::optional<kiji::ReadItem> item = reader.Next();
    if (!item) break;
    if (!item->article) continue;
    bytes += item->article->body.size();
    articles.push_back(std::move(*item->article));
  }
  return articles;
}

const std::vector<kiji::Article>& Corpus(const std::string& name) {
  static std::map<std::string, std::vector<kiji::Article>> cache;
  auto it = cache.find(name);
  if (it == cache.end()) it = cache.emplace(name, Sample(SharedCorpus(name))).first;
  return it->second;
}

bool Skip(benchmark::State& state, const std::vector<kiji::Article>& articles, const std::string& name) {
  if (!articles.empty()) return false;
  state.SkipWithError(("skipped: " + SharedCorpus(name) + " not found (set KIJI_SHARED)").c_str());
  return true;
}

// Runs `measure` on every sampled article per iteration; it returns the
// bytes of text it handled, reported as bytes_per_second.
template <typename Measure>
void TimeEachArticle(benchmark::State& state, const std::string& corpus, Measure measure) {
  const auto& articles = Corpus(corpus);
  if (Skip(state, articles, corpus)) return;
  std::size_t bytes = 0;
  for (auto _ : state) {
    for (const kiji::Article& a : articles) bytes += measure(a);
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}

// The floor: ICU's word break iterator walking every boundary, nothing else.
void IcuWordBreak(benchmark::State& state, const std::string& corpus) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> words(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  TimeEachArticle(state, corpus, [&](const kiji::Article& a) {
    UText* text = utext_openUTF8(nullptr, a.body.data(), static_cast<int64_t>(a.body.size()), &status);
    words->setText(text, status);
    std::size_t boundaries = 0;
    for (int32_t b = words->first(); b != icu::BreakIterator::DONE; b = words->next()) ++boundaries;
    utext_close(text);
    benchmark::DoNotOptimize(boundaries);
    return a.body.size();
  });
}

// kiji's tokenizer: word breaks plus NFKC case folding and token kinds.
void AnalyzerTokenize(benchmark::State& state, const std::string& corpus) {
  kiji::Analyzer analyzer(kiji::NewIndexSettings(false, "en"));
  TimeEachArticle(state, corpus, [&](const kiji::Article& a) {
    benchmark::DoNotOptimize(analyzer.Tokenize(a.body));
    return a.body.size();
  });
}

// The same tokens with ICU drawing every boundary: what the ASCII
// segmenter (common/analysis/ascii_words.h) saves.
void AnalyzerTokenizeWithIcu(benchmark::State& state, const std::string& corpus) {
  kiji::Analyzer analyzer(kiji::NewIndexSettings(false, "en"));
  TimeEachArticle(state, corpus, [&](const kiji::Article& a) {
    benchmark::DoNotOptimize(analyzer.TokenizeWithIcu(a.body));
    return a.body.size();
  });
}

// Everything the indexer does before writing: tokens, stems, bigrams, field
// terms, values, stored text, spelling words.
void BuildDocument(benchmark::State& state, const std::string& corpus) {
  kiji::DocumentBuilder builder(kiji::NewIndexSettings(false, "en"));
  TimeEachArticle(state, corpus, [&](const kiji::Article& a) {
    benchmark::DoNotOptimize(builder.Build(a));
    return a.body.size() + a.title.size();
  });
}

const char* kLatin = "reuters21578.jsonl.gz";
const char* kGerman = "gnad10k_test_de.jsonl.gz";
const char* kJapanese = "livedoor_ja.jsonl.gz";

BENCHMARK_CAPTURE(IcuWordBreak, latin_en, kLatin)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(AnalyzerTokenize, latin_en, kLatin)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(AnalyzerTokenizeWithIcu, latin_en, kLatin)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BuildDocument, latin_en, kLatin)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(IcuWordBreak, latin_de, kGerman)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(AnalyzerTokenize, latin_de, kGerman)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(AnalyzerTokenizeWithIcu, latin_de, kGerman)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(IcuWordBreak, cjk_ja, kJapanese)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(AnalyzerTokenize, cjk_ja, kJapanese)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BuildDocument, cjk_ja, kJapanese)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
