// What the benchmark peers share: reading the corpus's JSON Lines, timing
// a pass over the queries, what they print, and their command line. Only for
// tests/bench; kiji itself never uses it.
#ifndef KIJI_TESTS_BENCH_PEER_SUPPORT_H_
#define KIJI_TESTS_BENCH_PEER_SUPPORT_H_

#include <zlib.h>

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

// Answers the query of each "QID<TAB>QUERY" line once, in order, and prints
// its latency in microseconds, a line per query. One pass per process:
// tests/bench/run interleaves the passes of every engine, so a shared
// machine's changing speed falls on all of them alike, and takes each
// query's best pass.
inline int TimeQueries(const std::string& queries, const std::function<void(const std::string&)>& search) {
  std::ifstream in(queries);
  if (!in) throw std::runtime_error("cannot read " + queries);
  std::vector<std::string> texts;
  for (std::string line; std::getline(in, line);) {
    const std::size_t tab = line.find('\t');
    texts.push_back(tab == std::string::npos ? line : line.substr(tab + 1));
  }
  std::vector<double> latency(texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    search(texts[i]);
    latency[i] = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
  }
  for (double us : latency) std::printf("%.2f\n", us);
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
