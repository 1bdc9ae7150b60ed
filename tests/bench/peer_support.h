// What the benchmark peers share: reading the corpus's JSON Lines, latency
// percentiles, the JSON lines they print, and their command line. Only for
// tests/bench; kiji itself never uses it.
#ifndef KIJI_TESTS_BENCH_PEER_SUPPORT_H_
#define KIJI_TESTS_BENCH_PEER_SUPPORT_H_

#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <fstream>
#include <functional>
#include <iostream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace kiji::bench {

struct Record {
  std::string id, title, body;
};

// Calls `index` for each record of a (gzipped) JSON Lines corpus and prints
// {"articles","bytes","seconds"}.
inline int IndexCorpus(const std::string& corpus, const std::function<void(const Record&)>& index,
                       const std::function<void()>& finish) {
  gzFile in = gzopen(corpus.c_str(), "rb");
  if (in == nullptr) throw std::runtime_error("cannot open " + corpus);
  const auto start = std::chrono::steady_clock::now();
  std::string line;
  char buffer[1 << 16];
  std::size_t articles = 0, bytes = 0;
  while (gzgets(in, buffer, sizeof buffer) != nullptr) {
    line += buffer;
    if (line.empty() || line.back() != '\n') continue;
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    bytes += line.size();
    line.clear();
    if (!j.is_object()) continue;
    index({j.value("id", ""), j.value("title", ""), j.value("body", "")});
    ++articles;
  }
  gzclose(in);
  finish();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("{\"articles\":%zu,\"bytes\":%zu,\"seconds\":%.3f}\n", articles, bytes, seconds);
  return 0;
}

inline double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * (v.size() - 1) + 0.5))];
}

// Times `search` on the query text of each "QID<TAB>QUERY" line, in
// kTimedPasses passes over the whole list; a query's latency is its best
// pass, so a shared machine's hiccups do not decide the percentiles. Prints
// {"queries","p50_us","p95_us","p99_us","qps"}, q/s from the summed best
// latencies.
inline constexpr int kTimedPasses = 3;

inline int TimeQueries(const std::string& queries, const std::function<void(const std::string&)>& search) {
  std::ifstream in(queries);
  if (!in) throw std::runtime_error("cannot read " + queries);
  std::vector<std::string> texts;
  for (std::string line; std::getline(in, line);) {
    const std::size_t tab = line.find('\t');
    texts.push_back(tab == std::string::npos ? line : line.substr(tab + 1));
  }
  std::vector<double> best(texts.size(), 1e300);
  for (int pass = 0; pass < kTimedPasses; ++pass) {
    for (std::size_t i = 0; i < texts.size(); ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      search(texts[i]);
      best[i] = std::min(best[i], std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
    }
  }
  double total_us = 0;
  for (double us : best) total_us += us;
  std::printf("{\"queries\":%zu,\"p50_us\":%.1f,\"p95_us\":%.1f,\"p99_us\":%.1f,\"qps\":%.1f}\n", best.size(),
              Percentile(best, 0.50), Percentile(best, 0.95), Percentile(best, 0.99),
              total_us > 0 ? best.size() / (total_us / 1e6) : 0.0);
  return 0;
}

// `NAME index DB CORPUS` or `NAME search DB QUERIES`.
inline int PeerMain(int argc, char** argv, const char* name,
                    const std::function<int(const std::string&, const std::string&)>& index,
                    const std::function<int(const std::string&, const std::string&)>& search) {
  const std::string mode = argc == 4 ? argv[1] : "";
  try {
    if (mode == "index") return index(argv[2], argv[3]);
    if (mode == "search") return search(argv[2], argv[3]);
  } catch (const std::exception& e) {
    std::cerr << name << ": " << e.what() << "\n";
    return 2;
  }
  std::cerr << "usage: " << name << " index DB CORPUS | search DB QUERIES\n";
  return 2;
}

}  // namespace kiji::bench

#endif  // KIJI_TESTS_BENCH_PEER_SUPPORT_H_
