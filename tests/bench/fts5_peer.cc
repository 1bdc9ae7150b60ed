// The benchmark's second peer: SQLite FTS5 (porter unicode61 tokenizer,
// bm25 ranking) through its C API, indexing the same JSON Lines as kiji.
// Not part of kiji; only `make bench` builds it.
//   fts5_peer index DB CORPUS.jsonl.gz
//   fts5_peer search DB QUERIES.tsv     (QID<TAB>QUERY; one pass, a latency in µs per query)
#include <sqlite3.h>

#include <sstream>

#include "tests/bench/peer_support.h"

namespace {

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
  return kiji::bench::IndexCorpus(
      corpus,
      [&](const kiji::bench::Record& r) {
        sqlite3_bind_text(insert, 1, r.id.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(insert, 2, r.title.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(insert, 3, r.body.c_str(), -1, SQLITE_TRANSIENT);
        Check(sqlite3_step(insert), db, "insert");
        sqlite3_reset(insert);
      },
      [&] {
        sqlite3_finalize(insert);
        Check(sqlite3_exec(db, "COMMIT;", nullptr, nullptr, nullptr), db, "commit");
        sqlite3_close(db);
      });
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
  const int status = kiji::bench::TimeQueries(queries, [&](const std::string& text) {
    const std::string query = Fts5Query(text);
    if (query.empty()) return;
    sqlite3_bind_text(stmt, 1, query.c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
    }
    sqlite3_reset(stmt);
  });
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return status;
}

}  // namespace

int main(int argc, char** argv) { return kiji::bench::PeerMain(argc, argv, "fts5_peer", Index, Search); }
