// The benchmark's first peer: Xapian's own standard pipeline, as a Xapian
// user would write it — TermGenerator (English stemmer, STEM_SOME,
// positions) to index, QueryParser (default OR, BM25) to search. Reads the
// same JSON Lines as kiji. Not part of kiji; only `make bench` builds it.
//   xapian_peer index DB CORPUS.jsonl.gz
//   xapian_peer search DB QUERIES.tsv     (QID<TAB>QUERY; one pass, a latency in µs per query)
//   xapian_peer snippets DB QUERIES.tsv   (the same, plus MSet::snippet of 300 bytes per hit)
#include <xapian.h>

#include "tests/bench/peer_support.h"

namespace {

int Index(const std::string& db_path, const std::string& corpus) {
  Xapian::WritableDatabase db(db_path, Xapian::DB_CREATE_OR_OVERWRITE);
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem("english"));
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  return kiji::bench::IndexCorpus(
      corpus,
      [&](const kiji::bench::Record& r) {
        Xapian::Document doc;
        generator.set_document(doc);
        generator.index_text(r.title, 1, "S");
        generator.index_text(r.title);
        generator.increase_termpos();
        generator.index_text(r.body);
        doc.set_data(r.title + "\n" + r.body);
        doc.add_boolean_term("Q" + r.id);
        db.replace_document("Q" + r.id, doc);
      },
      [&] { db.commit(); });
}

int Search(const std::string& db_path, const std::string& queries, bool snippets) {
  Xapian::Database db(db_path);
  Xapian::QueryParser parser;
  parser.set_database(db);
  const Xapian::Stem stemmer("english");
  parser.set_stemmer(stemmer);
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  parser.set_default_op(Xapian::Query::OP_OR);
  Xapian::Enquire enquire(db);
  return kiji::bench::TimeQueries(queries, [&](const std::string& text) {
    Xapian::Query q;
    try {
      q = parser.parse_query(text, Xapian::QueryParser::FLAG_DEFAULT);
    } catch (const Xapian::QueryParserError&) {
      q = parser.parse_query(text, 0);
    }
    enquire.set_query(q);
    const Xapian::MSet mset = enquire.get_mset(0, 10);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      const std::string data = it.get_document().get_data();
      // Xapian's own snippet generator over the stored text, with its
      // default flags (background model, exhaustive) and highlighting.
      if (snippets) (void)mset.snippet(data, 300, stemmer);
    }
  });
}

}  // namespace

int main(int argc, char** argv) {
  try {
    if (argc == 4 && std::string(argv[1]) == "snippets") return Search(argv[2], argv[3], true);
    return kiji::bench::PeerMain(argc, argv, "xapian_peer", Index,
                                 [](const std::string& db, const std::string& queries) { return Search(db, queries, false); });
  } catch (const Xapian::Error& e) {
    std::cerr << "xapian_peer: " << e.get_description() << "\n";
    return 2;
  }
}
