// The benchmark's second peer: SQLite FTS5 (porter unicode61 tokenizer,
// bm25 ranking) through its C API, indexing the same JSON Lines as kiji.
// Not part of kiji; only `make bench` builds it.
//   fts5_peer index DB CORPUS.jsonl.gz
//   fts5_peer search DB QUERIES.tsv     (QID<TAB>QUERY; prints latencies)
#include <sqlite3.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace {

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * (v.size() - 1) + 0.5))];
}

void Check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db));
  }
}

int Index(const std::string& path, const std::string& corpus) {
  std::remove(path.c_str());
  sqlite3* db = nullptr;
  Check(sqlite3_open(path.c_str(), &db), db, "open");
  Check(sqlite3_exec(db,
                     "PRAGMA journal_mode=WAL; CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, "
                     "tokenize='porter unicode61'); BEGIN;",
                     nullptr, nullptr, nullptr),
        db, "create");
  sqlite3_stmt* insert = nullptr;
  Check(sqlite3_prepare_v2(db, "INSERT INTO docs(id, title, body) VALUES (?, ?, ?)", -1, &insert, nullptr), db,
        "prepare");
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
    const std::string id = j.value("id", ""), title = j.value("title", ""), body = j.value("body", "");
    sqlite3_bind_text(insert, 1, id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(insert, 2, title.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(insert, 3, body.c_str(), -1, SQLITE_TRANSIENT);
    Check(sqlite3_step(insert), db, "insert");
    sqlite3_reset(insert);
    ++articles;
  }
  gzclose(in);
  sqlite3_finalize(insert);
  Check(sqlite3_exec(db, "COMMIT;", nullptr, nullptr, nullptr), db, "commit");
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  sqlite3_close(db);
  std::printf("{\"articles\":%zu,\"bytes\":%zu,\"seconds\":%.3f}\n", articles, bytes, seconds);
  return 0;
}

// Each word quoted, joined by OR: FTS5 syntax never fails on user text.
std::string Fts5Query(const std::string& text) {
  std::istringstream words(text);
  std::string out;
  for (std::string w; words >> w;) {
    std::string quoted = "\"";
    for (char c : w) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    out += (out.empty() ? "" : " OR ") + quoted + "\"";
  }
  return out;
}

int Search(const std::string& path, const std::string& queries) {
  sqlite3* db = nullptr;
  Check(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), db, "open");
  sqlite3_stmt* stmt = nullptr;
  Check(sqlite3_prepare_v2(db, "SELECT id, title FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 10", -1,
                           &stmt, nullptr),
        db, "prepare");
  std::ifstream in(queries);
  std::vector<double> latencies;
  const auto start = std::chrono::steady_clock::now();
  for (std::string line; std::getline(in, line);) {
    const std::size_t tab = line.find('\t');
    const std::string query = Fts5Query(tab == std::string::npos ? line : line.substr(tab + 1));
    if (query.empty()) continue;
    const auto t0 = std::chrono::steady_clock::now();
    sqlite3_bind_text(stmt, 1, query.c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
    }
    sqlite3_reset(stmt);
    latencies.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  std::printf("{\"queries\":%zu,\"p50_us\":%.1f,\"p95_us\":%.1f,\"p99_us\":%.1f,\"qps\":%.1f}\n", latencies.size(),
              Percentile(latencies, 0.50), Percentile(latencies, 0.95), Percentile(latencies, 0.99),
              latencies.size() / seconds);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: fts5_peer index DB CORPUS | search DB QUERIES\n";
    return 2;
  }
  const std::string mode = argv[1];
  try {
    if (mode == "index") return Index(argv[2], argv[3]);
    if (mode == "search") return Search(argv[2], argv[3]);
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 2;
  }
  std::cerr << "unknown mode " << mode << "\n";
  return 2;
}
