// The benchmark's first peer: Xapian's own standard pipeline, as a Xapian
// user would write it — TermGenerator (English stemmer, STEM_SOME,
// positions) to index, QueryParser (default OR, BM25) to search. Reads the
// same JSON Lines as kiji. Not part of kiji; only `make bench` builds it.
//   xapian_peer index DB CORPUS.jsonl.gz
//   xapian_peer search DB QUERIES.tsv     (QID<TAB>QUERY; prints latencies)
#include <xapian.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace {

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * (v.size() - 1) + 0.5))];
}

int Index(const std::string& db_path, const std::string& corpus) {
  Xapian::WritableDatabase db(db_path, Xapian::DB_CREATE_OR_OVERWRITE);
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem("english"));
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  gzFile in = gzopen(corpus.c_str(), "rb");
  if (in == nullptr) {
    std::cerr << "cannot open " << corpus << "\n";
    return 2;
  }
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
    const std::string id = j.value("id", "");
    const std::string title = j.value("title", "");
    const std::string body = j.value("body", "");
    Xapian::Document doc;
    generator.set_document(doc);
    generator.index_text(title, 1, "S");
    generator.index_text(title);
    generator.increase_termpos();
    generator.index_text(body);
    doc.set_data(title + "\n" + body);
    doc.add_boolean_term("Q" + id);
    db.replace_document("Q" + id, doc);
    ++articles;
  }
  gzclose(in);
  db.commit();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("{\"articles\":%zu,\"bytes\":%zu,\"seconds\":%.3f}\n", articles, bytes, seconds);
  return 0;
}

int Search(const std::string& db_path, const std::string& queries) {
  Xapian::Database db(db_path);
  Xapian::QueryParser parser;
  parser.set_database(db);
  parser.set_stemmer(Xapian::Stem("english"));
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  parser.set_default_op(Xapian::Query::OP_OR);
  Xapian::Enquire enquire(db);
  std::ifstream in(queries);
  std::vector<double> latencies;
  const auto start = std::chrono::steady_clock::now();
  for (std::string line; std::getline(in, line);) {
    const std::size_t tab = line.find('\t');
    const std::string text = tab == std::string::npos ? line : line.substr(tab + 1);
    const auto t0 = std::chrono::steady_clock::now();
    Xapian::Query q;
    try {
      q = parser.parse_query(text, Xapian::QueryParser::FLAG_DEFAULT);
    } catch (const Xapian::QueryParserError&) {
      q = parser.parse_query(text, 0);
    }
    enquire.set_query(q);
    const Xapian::MSet mset = enquire.get_mset(0, 10);
    for (auto it = mset.begin(); it != mset.end(); ++it) (void)it.get_document().get_data();
    latencies.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("{\"queries\":%zu,\"p50_us\":%.1f,\"p95_us\":%.1f,\"p99_us\":%.1f,\"qps\":%.1f}\n", latencies.size(),
              Percentile(latencies, 0.50), Percentile(latencies, 0.95), Percentile(latencies, 0.99),
              latencies.size() / seconds);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: xapian_peer index DB CORPUS | search DB QUERIES\n";
    return 2;
  }
  const std::string mode = argv[1];
  try {
    if (mode == "index") return Index(argv[2], argv[3]);
    if (mode == "search") return Search(argv[2], argv[3]);
  } catch (const Xapian::Error& e) {
    std::cerr << e.get_description() << "\n";
    return 2;
  }
  std::cerr << "unknown mode " << mode << "\n";
  return 2;
}
