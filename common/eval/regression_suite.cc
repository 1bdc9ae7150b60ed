#include "common/eval/regression_suite.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>

#include "common/eval/evaluation.h"
#include "common/util/utf8.h"
#include "common/util/decimal.h"

namespace kiji {

namespace {

// A line without its "# comment" (a '#' at the start or after a blank).
std::string_view WithoutComment(std::string_view line) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) return line.substr(0, i);
  }
  return line;
}

std::vector<std::string> Words(std::string_view s) {
  std::istringstream in{std::string(s)};
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::string Resolve(const std::string& suite_path, const std::string& path) {
  if (path.empty() || path[0] == '/') return path;
  return (std::filesystem::path(suite_path).parent_path() / path).lexically_normal().string();
}

class Parser {
 public:
  Parser(const std::string& path, std::size_t line) : path_(path), line_(line) {}

  [[noreturn]] void Fail(const std::string& reason) const {
    throw SuiteError(path_ + ":" + std::to_string(line_) + ": " + reason);
  }

  std::size_t Number(const std::string& s) const {
    try {
      std::size_t used = 0;
      const unsigned long v = std::stoul(s, &used);
      if (used == s.size()) return v;
    } catch (const std::exception&) {
    }
    Fail("'" + s + "' is not a whole number");
  }

  double Real(const std::string& s) const {
    try {
      std::size_t used = 0;
      const double v = std::stod(s, &used);
      if (used == s.size()) return v;
    } catch (const std::exception&) {
    }
    Fail("'" + s + "' is not a number");
  }

  Expectation::Op Op(const std::string& s) const {
    if (s == ">=") return Expectation::Op::kAtLeast;
    if (s == "<=") return Expectation::Op::kAtMost;
    if (s == "=") return Expectation::Op::kEqual;
    Fail("expected >=, <= or =, found '" + s + "'");
  }

  Expectation ParseExpectation(std::string_view text, SuiteCase::Kind kind) const {
    Expectation e;
    e.line = line_;
    const std::vector<std::string> w = Words(text);
    const std::size_t colon = text.find(':');
    const std::string head(TrimSpace(text.substr(0, colon)));
    const std::vector<std::string> after = colon == std::string_view::npos ? std::vector<std::string>()
                                                                           : Words(text.substr(colon + 1));
    if (kind == SuiteCase::Kind::kEval) {
      // METRIC OP VALUE [+- TOLERANCE]
      if (w.size() != 3 && !(w.size() == 5 && (w[3] == "+-" || w[3] == "\xC2\xB1"))) {
        Fail("expected 'METRIC >= VALUE', 'METRIC <= VALUE' or 'METRIC = VALUE +- TOLERANCE'");
      }
      e.kind = Expectation::Kind::kMetric;
      e.name = w[0];
      try {
        MetricValue(TopicMetrics{}, e.name);
      } catch (const std::invalid_argument& error) {
        Fail(error.what());
      }
      e.op = Op(w[1]);
      e.value = Real(w[2]);
      if (w.size() == 5) e.tolerance = Real(w[4]);
      if (e.op == Expectation::Op::kEqual && w.size() != 5) Fail("'=' needs a tolerance: '= VALUE +- TOLERANCE'");
      return e;
    }
    if (head == "top") {
      e.kind = Expectation::Kind::kTop;
      e.ids = after;
      return e;
    }
    const std::vector<std::string> h = Words(head);
    if (h.size() == 2 && (h[0] == "in-top" || h[0] == "not-in-top")) {
      e.kind = h[0] == "in-top" ? Expectation::Kind::kInTop : Expectation::Kind::kNotInTop;
      e.n = Number(h[1]);
      e.ids = after;
      if (e.ids.empty()) Fail(h[0] + " needs at least one id");
      return e;
    }
    if (h.size() == 3 && h[0] == "first" && h[2] == "contains") {
      static const char* kFields[] = {"title", "source", "date", "id", "snippet"};
      if (std::find(std::begin(kFields), std::end(kFields), h[1]) == std::end(kFields)) {
        Fail("first FIELD contains: FIELD is title, source, date, id or snippet");
      }
      e.kind = Expectation::Kind::kFirstContains;
      e.name = h[1];
      e.text = std::string(TrimSpace(text.substr(colon + 1)));
      if (e.text.empty()) Fail("'first " + h[1] + " contains:' needs a text");
      return e;
    }
    if (!w.empty() && w[0] == "hits") {
      if (w.size() != 3) Fail("expected 'hits >= N', 'hits <= N' or 'hits = N'");
      e.kind = Expectation::Kind::kHits;
      e.op = Op(w[1]);
      e.n = Number(w[2]);
      return e;
    }
    Fail("unknown expectation '" + std::string(text) + "' (top:, in-top N:, not-in-top N:, hits, first FIELD contains:)");
  }

 private:
  const std::string& path_;
  std::size_t line_;
};

}  // namespace

namespace {

// "query NAME: QUERY" or "eval NAME: TOPICS QRELS".
SuiteCase ParseCaseLine(Parser& p, std::string_view line, const std::string& keyword, const std::string& path,
                        std::size_t number, std::map<std::string, std::size_t>& names) {
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) p.Fail("expected '" + keyword + " NAME: ...'");
  SuiteCase c;
  c.kind = keyword == "query" ? SuiteCase::Kind::kQuery : SuiteCase::Kind::kEval;
  c.name = std::string(TrimSpace(line.substr(keyword.size(), colon - keyword.size())));
  c.line = number;
  if (c.name.empty() || c.name.find(' ') != std::string::npos) p.Fail("a case name is one word");
  if (names.count(c.name)) p.Fail("case '" + c.name + "' is already defined on line " + std::to_string(names[c.name]));
  names[c.name] = number;
  const std::string rest(TrimSpace(line.substr(colon + 1)));
  if (c.kind == SuiteCase::Kind::kQuery) {
    if (rest.empty()) p.Fail("the query is empty");
    c.query = rest;
    return c;
  }
  const std::vector<std::string> files = Words(rest);
  if (files.size() != 2) p.Fail("expected 'eval NAME: TOPICS QRELS'");
  c.topics = Resolve(path, files[0]);
  c.qrels = Resolve(path, files[1]);
  return c;
}

// An indented line: "with: OPTIONS" or an expectation of the case above.
void ParseIndentedLine(Parser& p, std::string_view line, Suite& suite) {
  if (suite.cases.empty()) p.Fail("an indented expectation needs a 'query' or 'eval' line above it");
  SuiteCase& c = suite.cases.back();
  if (line.substr(0, 5) == "with:") {
    for (const std::string& w : Words(line.substr(5))) c.options.push_back(w);
    return;
  }
  c.expectations.push_back(p.ParseExpectation(line, c.kind));
}

// "corpus PATH... [first N]".
void ParseCorpusLine(Parser& p, const std::vector<std::string>& w, const std::string& path, Suite& suite) {
  std::size_t i = 1;
  for (; i < w.size() && w[i] != "first"; ++i) suite.corpus.push_back(Resolve(path, w[i]));
  if (i < w.size()) {
    if (i + 2 != w.size()) p.Fail("expected 'corpus PATH... [first N]'");
    suite.corpus_limit = p.Number(w[i + 1]);
  }
}

}  // namespace

Suite ParseSuite(const std::string& text, const std::string& path) {
  Suite suite;
  suite.path = path;
  std::istringstream in(text);
  std::size_t number = 0;
  std::map<std::string, std::size_t> names;
  for (std::string raw; std::getline(in, raw);) {
    ++number;
    const std::string_view line = TrimSpace(WithoutComment(raw));
    if (line.empty()) continue;
    Parser p(path, number);
    if (raw[0] == ' ' || raw[0] == '\t') {
      ParseIndentedLine(p, line, suite);
      continue;
    }
    const std::vector<std::string> w = Words(line);
    if (w.empty()) continue;  // other white space only (\v, \f)
    if (w[0] == "index" && w.size() == 2) {
      suite.index = Resolve(path, w[1]);
    } else if (w[0] == "corpus" && w.size() >= 2) {
      ParseCorpusLine(p, w, path, suite);
    } else if (w[0] == "require" && w.size() == 2) {
      suite.requires_paths.push_back(Resolve(path, w[1]));
    } else if (w[0] == "query" || w[0] == "eval") {
      suite.cases.push_back(ParseCaseLine(p, line, w[0], path, number, names));
    } else {
      p.Fail("unknown line '" + std::string(line) + "' (index, corpus, require, query, eval)");
    }
  }
  if (suite.index.empty() == suite.corpus.empty()) {
    throw SuiteError(path + ": a suite names either an 'index' or a 'corpus' (one of them)");
  }
  if (suite.cases.empty()) throw SuiteError(path + ": the suite has no cases");
  return suite;
}


std::string RecordSuite(const std::string& text, const Suite& suite, const std::vector<RecordedCase>& recorded) {
  std::map<std::size_t, const Expectation*> by_line;
  std::map<std::size_t, const RecordedCase*> case_of_line;
  for (const SuiteCase& c : suite.cases) {
    const auto r = std::find_if(recorded.begin(), recorded.end(), [&](const RecordedCase& rc) { return rc.name == c.name; });
    if (r == recorded.end()) continue;
    for (const Expectation& e : c.expectations) {
      by_line[e.line] = &e;
      case_of_line[e.line] = &*r;
    }
  }
  std::istringstream in(text);
  std::ostringstream out;
  std::size_t number = 0;
  for (std::string raw; std::getline(in, raw);) {
    ++number;
    const auto it = by_line.find(number);
    if (it == by_line.end()) {
      out << raw << "\n";
      continue;
    }
    const Expectation& e = *it->second;
    const RecordedCase& r = *case_of_line[number];
    const std::string indent = raw.substr(0, raw.find_first_not_of(" \t"));
    const std::string_view body = WithoutComment(raw);
    const std::string comment = raw.substr(body.size());
    std::string line;
    if (e.kind == Expectation::Kind::kTop) {
      // As many ids as the line lists; an empty "top:" records five.
      const std::size_t k = e.ids.empty() ? 5 : e.ids.size();
      line = "top:";
      for (std::size_t i = 0; i < k && i < r.top_ids.size(); ++i) line += " " + r.top_ids[i];
    } else if (e.kind == Expectation::Kind::kHits && e.op == Expectation::Op::kEqual) {
      line = "hits = " + std::to_string(r.hits);
    } else if (e.kind == Expectation::Kind::kMetric && e.op == Expectation::Op::kEqual) {
      const auto m = std::find_if(r.metrics.begin(), r.metrics.end(), [&](const auto& p) { return p.first == e.name; });
      if (m == r.metrics.end()) {
        out << raw << "\n";
        continue;
      }
      line = e.name + " = " + FourDecimals(m->second) + " +- " + FourDecimals(e.tolerance);
    } else {
      out << raw << "\n";  // a constraint, not a snapshot: kept as written
      continue;
    }
    out << indent << line << (comment.empty() ? "" : " " + std::string(TrimSpace(comment))) << "\n";
  }
  std::string result = out.str();
  if (!text.empty() && text.back() != '\n' && !result.empty()) result.pop_back();
  return result;
}

}  // namespace kiji
