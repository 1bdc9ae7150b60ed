#include "searcher/printer.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <stdexcept>
#include <cstdlib>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "common/util/text_wrap.h"
#include "common/util/utf8.h"
#include "common/util/date.h"
#include "common/util/decimal.h"

namespace kiji {

namespace {

// Article text is untrusted: no control character reaches the terminal.
std::string Clean(const std::string& s) { return StripControlCharacters(s, false); }

// JSON keeps every value exact, but a terminal showing it must not be
// driven or reordered either: C1 controls, DEL, bidi formatting characters
// and line separators, which JSON allows raw, become \u escapes. They can
// only occur inside strings, where an escape means the same character.
std::string EscapeTerminalControls(const std::string& json) {
  std::string out;
  out.reserve(json.size());
  for (std::size_t i = 0; i < json.size();) {
    const TerminalControl control = TerminalControlAt(json, i);
    if (control.kind == TerminalControl::Kind::kNone) {
      out += json[i++];
      continue;
    }
    const auto byte = [&json, i](std::size_t k) { return static_cast<unsigned>(static_cast<unsigned char>(json[i + k])); };
    unsigned code = byte(0);
    if (control.bytes == 2) code = ((code & 0x1F) << 6) | (byte(1) & 0x3F);
    if (control.bytes == 3) code = ((code & 0x0F) << 12) | ((byte(1) & 0x3F) << 6) | (byte(2) & 0x3F);
    char escape[8];
    std::snprintf(escape, sizeof escape, "\\u%04x", code);
    out += escape;
    i += control.bytes;
  }
  return out;
}

// [[begin, end], ...] for byte ranges (highlights).
nlohmann::json RangesJson(const std::vector<std::pair<std::size_t, std::size_t>>& ranges) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [begin, end] : ranges) out.push_back({begin, end});
  return out;
}

// One JSON Lines record, invalid UTF-8 replaced and terminal controls escaped.
void WriteJsonLine(std::ostream& out, const nlohmann::json& object) {
  out << EscapeTerminalControls(object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)) << "\n";
}

// SGR parameters of --colors' style names.
const std::map<std::string, std::string>& StyleCodes() {
  static const std::map<std::string, std::string> codes = {
      {"bold", "1"},    {"dim", "2"},     {"underline", "4"}, {"reverse", "7"},  {"black", "30"},
      {"red", "31"},    {"green", "32"},  {"yellow", "33"},   {"blue", "34"},    {"magenta", "35"},
      {"cyan", "36"},   {"white", "37"}};
  return codes;
}

std::string FormatSeconds(double seconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f s", seconds);
  return buffer;
}

using Highlights = std::vector<std::pair<std::size_t, std::size_t>>;

class TextPrinter : public ResultPrinter {
 public:
  TextPrinter(std::ostream& out, const PrinterOptions& options) : out_(out), options_(options) {}

  void Print(const SearchResult& r) override {
    if (!r.warning.empty()) out_ << "Note: " << Clean(r.warning) << "\n";
    const std::string total = (r.total_exact ? "" : "about ") + std::to_string(r.total);
    if (r.hits.empty() && r.total > 0) {
      out_ << total << (r.total == 1 ? " result" : " results") << " for \"" << Clean(r.query) << "\", none on this page ("
           << FormatSeconds(r.seconds) << ").\n";
    } else if (r.hits.empty()) {
      out_ << "No results for \"" << Clean(r.query) << "\" (" << FormatSeconds(r.seconds) << ").\n";
    } else {
      out_ << "Results " << r.hits.front().rank << "-" << r.hits.back().rank << " of " << total << " for \""
           << Clean(r.query) << "\" (" << FormatSeconds(r.seconds) << ")\n";
    }
    if (!r.suggestion.empty()) out_ << "Did you mean: \"" << Bold(Clean(r.suggestion)) << "\"\n";
    for (const Hit& hit : r.hits) {
      const std::string number = std::to_string(hit.rank) + ". ";
      out_ << "\n" << number;
      const std::string title = hit.title.empty() ? "(untitled)" : Clean(hit.title);
      PrintWrapped(title, {{0, title.size()}}, number.size(), &options_.colors.title);
      out_ << "   ";
      if (!hit.date.empty()) out_ << Paint(options_.colors.date, Clean(hit.date.substr(0, 10))) << " · ";
      if (!hit.source.empty()) out_ << Paint(options_.colors.source, Clean(hit.source)) << " · ";
      out_ << Clean(hit.id) << " · score " << FourDecimals(hit.score) << "\n";
      if (!hit.snippet.text.empty()) {
        out_ << "   ";
        PrintWrapped(hit.snippet.text, hit.snippet.highlights, 3);
      }
      PrintSimilar(hit);
      PrintExplanation(hit.explanation);
    }
    if (!r.facets.empty()) {
      out_ << "\nFacets\n";
      for (const Facet& facet : r.facets) {
        out_ << "  " << facet.name << ":";
        if (facet.counts.empty()) out_ << " -";
        for (std::size_t i = 0; i < facet.counts.size(); ++i) {
          out_ << (i == 0 ? " " : ", ") << Clean(facet.counts[i].value) << " (" << facet.counts[i].count << ")";
        }
        out_ << "\n";
      }
    }
  }

  void PrintStory(const StoryView& story) override {
    const std::size_t n = std::max<std::size_t>(story.total, story.articles.size());
    out_ << "Story of " << Clean(story.id) << ": " << n << (n == 1 ? " article" : " articles");
    if (story.key.empty()) out_ << " (no copies in the index)";
    if (!story.articles.empty() && !story.articles.front().date.empty()) {
      out_ << ", " << (n > story.articles.size() ? "the first listed published " : "first published ")
           << Clean(HumanDate(story.articles.front().date));
    }
    if (n > story.articles.size()) out_ << "; the " << story.articles.size() << " indexed first are listed";
    out_ << "\n";
    std::size_t rank = 0;
    for (const StoryArticle& a : story.articles) {
      const std::string number = std::to_string(++rank) + ". ";
      out_ << "\n" << number;
      const std::string title = a.title.empty() ? "(untitled)" : Clean(a.title);
      PrintWrapped(title, a.id == story.id ? Highlights{{0, title.size()}} : Highlights{}, number.size(),
                   &options_.colors.title);
      std::string facts;
      for (const std::string& part : {Clean(HumanDate(a.date)), Clean(a.source), Clean(a.id)}) {
        if (!part.empty()) facts += (facts.empty() ? "" : " · ") + part;
      }
      out_ << "   " << facts << "\n";
    }
  }

  void PrintArticle(const ArticleView& view) override {
    const Article& a = view.article;
    const std::string title = a.title.empty() ? "(untitled)" : Clean(a.title);
    PrintWrapped(title, {{0, title.size()}}, 0);
    std::string facts;
    const auto add = [&facts](const std::string& part) {
      if (!part.empty()) facts += (facts.empty() ? "" : " · ") + part;
    };
    add(Clean(HumanDate(a.date)));
    add(Clean(a.source));
    add(Clean(a.id));
    out_ << facts << "\n";
    std::string tags;
    for (const std::string& tag : a.tags) tags += (tags.empty() ? "" : ", ") + Clean(tag);
    for (const auto& [label, value] : {std::pair<const char*, std::string>{"URL", Clean(a.url)},
                                       {"Language", Clean(a.language)},
                                       {"Tags", tags},
                                       {"Dateline", Clean(a.dateline)},
                                       {"Caption", Clean(a.caption)}}) {
      if (value.empty()) continue;
      const std::string line = std::string(label) + ": " + value;
      PrintWrapped(line, {}, 0);
    }
    out_ << "\n";
    for (std::size_t start = 0; start <= a.body.size();) {
      std::size_t end = a.body.find('\n', start);
      if (end == std::string::npos) end = a.body.size();
      PrintBodyLine(a.body, start, end, view.highlights);
      start = end + 1;
    }
  }

  void PrintEvaluation(const Evaluation& e, bool per_query) override {
    if (per_query) {
      out_ << "topic";
      for (const std::string& name : MetricNames()) out_ << "  " << name;
      out_ << "\n";
      for (const TopicMetrics& t : e.topics) {
        out_ << Clean(t.topic);
        for (const std::string& name : MetricNames()) out_ << "  " << FourDecimals(MetricValue(t, name));
        out_ << "\n";
      }
      out_ << "\n";
    }
    out_ << "topics       " << e.topics.size() << "\n";
    for (const std::string& name : MetricNames()) {
      out_ << name << std::string(13 - name.size(), ' ') << FourDecimals(MetricValue(e.mean, name)) << "\n";
    }
    out_ << "relevant     " << e.mean.relevant << " (retrieved " << e.mean.relevant_retrieved << ")\n";
  }

 private:
  std::string Paint(const std::string& sgr, const std::string& s) const {
    return options_.color && !sgr.empty() && !s.empty() ? "\x1b[" + sgr + "m" + s + "\x1b[0m" : s;
  }
  std::string Bold(const std::string& s) const { return Paint("1", s); }

  // text[begin, end) with the highlighted parts painted `sgr`.
  std::string Highlighted(const std::string& text, std::size_t begin, std::size_t end, const Highlights& marks,
                          const std::string& sgr) const {
    if (!options_.color) return text.substr(begin, end - begin);
    std::string out;
    std::size_t pos = begin;
    for (auto [from, to] : marks) {
      from = std::max(from, pos);
      to = std::min(to, end);
      if (from >= to) continue;
      out.append(text, pos, from - pos);
      out += Paint(sgr, text.substr(from, to - from));
      pos = to;
    }
    out.append(text, pos, end - pos);
    return out;
  }

  // --explain's lines in aligned columns: weight, field, word, wdf.
  void PrintExplanation(const std::vector<TermWeight>& terms) {
    std::size_t weight_width = 0, field_width = 0, text_width = 0;
    for (const TermWeight& w : terms) {
      weight_width = std::max(weight_width, FourDecimals(w.weight).size());
      field_width = std::max(field_width, w.field.size());
      text_width = std::max(text_width, DisplayWidth(Clean(w.text)));
    }
    for (const TermWeight& w : terms) {
      const std::string weight = FourDecimals(w.weight), text = Clean(w.text);
      out_ << "     " << std::string(weight_width - weight.size(), ' ') << weight << "  " << w.field
           << std::string(field_width - w.field.size(), ' ');
      if (!w.term.empty()) {
        out_ << "  " << text << std::string(text_width - DisplayWidth(text), ' ') << "  wdf " << w.wdf;
      }
      out_ << "\n";
    }
  }

  // Prints body[begin, end), one line of an article's body, cleaned for
  // the terminal and wrapped, the highlighted words (body offsets) in bold.
  void PrintBodyLine(const std::string& body, std::size_t begin, std::size_t end, const Highlights& marks) {
    std::string line;
    Highlights line_marks;
    std::size_t pos = begin;
    for (const auto& [from, to] : marks) {
      if (to <= pos || from >= end) continue;
      line += Clean(body.substr(pos, std::max(from, pos) - pos));
      const std::size_t mark_begin = line.size();
      line += Clean(body.substr(std::max(from, pos), std::min(to, end) - std::max(from, pos)));
      line_marks.emplace_back(mark_begin, line.size());
      pos = std::min(to, end);
    }
    line += Clean(body.substr(pos, end - pos));
    while (!line.empty() && line.back() == ' ') line.pop_back();
    PrintWrapped(line, line_marks, 0);
  }

  // Prints `text` from the current column `indent`, wrapped to the
  // terminal's width (PrinterOptions::width) with a hanging indent.
  // "+2 similar: 3720 (Reuters, 1987-03-11), 3723 (AP, 1987-03-12)": the
  // copies collapsed into a hit, with their sources (at most kSimilarNamed).
  void PrintSimilar(const Hit& hit) {
    constexpr std::size_t kSimilarNamed = 3;
    if (hit.similar_total == 0) return;
    std::string line = "+" + std::to_string(hit.similar_total) + " similar:";
    for (std::size_t i = 0; i < hit.similar.size() && i < kSimilarNamed; ++i) {
      const StoryArticle& a = hit.similar[i];
      std::string about = Clean(a.source);
      if (!a.date.empty()) about += (about.empty() ? "" : ", ") + Clean(a.date.substr(0, 10));
      line += (i == 0 ? " " : ", ") + Clean(a.id) + (about.empty() ? "" : " (" + about + ")");
    }
    const std::size_t named = std::min(hit.similar.size(), kSimilarNamed);
    if (hit.similar_total > named) line += " and " + std::to_string(hit.similar_total - named) + " more";
    out_ << "   ";
    PrintWrapped(line, {}, 3);
  }

  // `sgr`: how the marked parts are painted (default: as matches).
  void PrintWrapped(const std::string& text, const Highlights& marks, std::size_t indent, const std::string* sgr = nullptr) {
    constexpr std::size_t kNarrowest = 20;  // below this, wrapping only hurts
    const std::string& paint = sgr != nullptr ? *sgr : options_.colors.match;
    if (options_.width < indent + kNarrowest) {
      out_ << Highlighted(text, 0, text.size(), marks, paint) << "\n";
      return;
    }
    const std::size_t columns = options_.width - indent;
    bool first = true;
    for (const auto& [begin, end] : WrapLines(text, columns, columns)) {
      if (!first) out_ << std::string(indent, ' ');
      out_ << Highlighted(text, begin, end, marks, paint) << "\n";
      first = false;
    }
    if (first) out_ << "\n";
  }

  std::ostream& out_;
  PrinterOptions options_;
};

class JsonPrinter : public ResultPrinter {
 public:
  explicit JsonPrinter(std::ostream& out) : out_(out) {}

  // Built member by member, moving each part into place: nlohmann's
  // initializer lists copy every nested value (doc/performance.md, "JSON
  // printer").
  void Print(const SearchResult& r) override {
    nlohmann::json hits = nlohmann::json::array();
    for (const Hit& hit : r.hits) {
      nlohmann::json& h = hits.emplace_back(nlohmann::json::object());
      h["id"] = hit.id;
      h["rank"] = hit.rank;
      h["score"] = hit.score;
      h["title"] = hit.title;
      h["date"] = hit.date;
      h["source"] = hit.source;
      h["url"] = hit.url;
      h["snippet"] = hit.snippet.text;
      h["highlights"] = RangesJson(hit.snippet.highlights);
      nlohmann::json& similar = h["similar"] = nlohmann::json::array();
      for (const StoryArticle& a : hit.similar) similar.push_back(a.id);
      h["similar_total"] = hit.similar_total;
      if (!hit.explanation.empty()) {
        nlohmann::json& explain = h["explain"] = nlohmann::json::array();
        for (const TermWeight& w : hit.explanation) {
          nlohmann::json& term = explain.emplace_back(nlohmann::json::object());
          term["term"] = w.term;
          term["field"] = w.field;
          term["text"] = w.text;
          term["wdf"] = w.wdf;
          term["weight"] = w.weight;
        }
      }
    }
    nlohmann::json object = nlohmann::json::object();
    object["qid"] = r.query_id;
    object["query"] = r.query;
    object["total"] = r.total;
    object["total_exact"] = r.total_exact;
    object["hits"] = std::move(hits);
    object["elapsed"] = r.seconds;
    if (!r.suggestion.empty()) object["suggestion"] = r.suggestion;
    if (!r.warning.empty()) object["warning"] = r.warning;
    if (!r.facets.empty()) {
      nlohmann::json& facets = object["facets"] = nlohmann::json::object();
      for (const Facet& facet : r.facets) {
        nlohmann::json& counts = facets[facet.name] = nlohmann::json::array();
        for (const FacetCount& c : facet.counts) {
          nlohmann::json& count = counts.emplace_back(nlohmann::json::object());
          count["value"] = c.value;
          count["count"] = c.count;
        }
      }
    }
    WriteJsonLine(out_, object);
  }

  // The stored article's fields under the keys of the JSON Lines input
  // format (corpus/README.md), one object per line.
  void PrintStory(const StoryView& story) override {
    nlohmann::json object = nlohmann::json::object();
    object["id"] = story.id;
    object["story"] = story.key;
    object["total"] = std::max<std::size_t>(story.total, story.articles.size());
    nlohmann::json& articles = object["articles"] = nlohmann::json::array();
    for (const StoryArticle& a : story.articles) {
      nlohmann::json& article = articles.emplace_back(nlohmann::json::object());
      article["id"] = a.id;
      article["title"] = a.title;
      article["date"] = a.date;
      article["source"] = a.source;
      article["url"] = a.url;
    }
    WriteJsonLine(out_, object);
  }

  void PrintArticle(const ArticleView& view) override {
    const Article& a = view.article;
    nlohmann::json object = nlohmann::json::object();
    object["id"] = a.id;
    object["title"] = a.title;
    object["date"] = a.date;
    object["source"] = a.source;
    object["url"] = a.url;
    object["lang"] = a.language;
    object["tags"] = a.tags;
    object["dateline"] = a.dateline;
    object["caption"] = a.caption;
    object["body"] = a.body;
    object["highlights"] = RangesJson(view.highlights);
    WriteJsonLine(out_, object);
  }

  void PrintEvaluation(const Evaluation& e, bool per_query) override {
    const auto metrics = [](const TopicMetrics& t) {
      nlohmann::json j = {{"topic", t.topic}, {"relevant", t.relevant}, {"relevant_retrieved", t.relevant_retrieved}};
      for (const std::string& name : MetricNames()) j[name] = MetricValue(t, name);
      return j;
    };
    nlohmann::json object = metrics(e.mean);
    object["topics"] = e.topics.size();
    if (per_query) {
      nlohmann::json topics = nlohmann::json::array();
      for (const TopicMetrics& t : e.topics) topics.push_back(metrics(t));
      object["per_query"] = topics;
    }
    WriteJsonLine(out_, object);
  }

 private:
  std::ostream& out_;
};

class TsvPrinter : public ResultPrinter {
 public:
  explicit TsvPrinter(std::ostream& out) : out_(out) {}

  void Print(const SearchResult& r) override {
    if (!header_done_) {
      out_ << "qid\trank\tid\tscore\ttitle\tdate\tsource\tsnippet\tsimilar\n";
      header_done_ = true;
    }
    for (const Hit& hit : r.hits) {
      out_ << Field(r.query_id) << '\t' << hit.rank << '\t' << Field(hit.id) << '\t'
           << FourDecimals(hit.score) << '\t' << Field(hit.title) << '\t' << Field(hit.date) << '\t'
           << Field(hit.source) << '\t' << Field(hit.snippet.text) << '\t';
      for (std::size_t i = 0; i < hit.similar.size(); ++i) out_ << (i == 0 ? "" : " ") << Field(hit.similar[i].id);
      out_ << '\n';
    }
  }

 private:
  void PrintEvaluation(const Evaluation& e, bool per_query) override {
    out_ << "topic";
    for (const std::string& name : MetricNames()) out_ << '\t' << name;
    out_ << '\n';
    const auto row = [this](const TopicMetrics& t) {
      out_ << Field(t.topic);
      for (const std::string& name : MetricNames()) out_ << '\t' << FourDecimals(MetricValue(t, name));
      out_ << '\n';
    };
    if (per_query) {
      for (const TopicMetrics& t : e.topics) row(t);
    }
    row(e.mean);
  }

  // Tabs and newlines would break the columns; they become spaces.
  static std::string Field(const std::string& s) { return Clean(s); }

  std::ostream& out_;
  bool header_done_ = false;
};

class TrecPrinter : public ResultPrinter {
 public:
  // A run file is whitespace-separated: blanks inside an id become '_'.
  static std::string Token(const std::string& s) {
    std::string out = Clean(s);
    for (char& c : out) {
      if (c == ' ') c = '_';
    }
    return out;
  }

  TrecPrinter(std::ostream& out, std::string tag) : out_(out), tag_(std::move(tag)) {}

  void Print(const SearchResult& r) override {
    char score[32];
    for (const Hit& hit : r.hits) {
      std::snprintf(score, sizeof score, "%.6f", hit.score);
      out_ << Token(r.query_id) << " Q0 " << Token(hit.id) << ' ' << hit.rank << ' ' << score << ' ' << tag_ << '\n';
    }
  }

  // trec_eval's own layout: "measure<TAB>topic<TAB>value".
  void PrintEvaluation(const Evaluation& e, bool per_query) override {
    const auto rows = [this](const TopicMetrics& t) {
      for (const std::string& name : MetricNames()) {
        out_ << name << std::string(name.size() < 22 ? 22 - name.size() : 1, ' ') << '\t' << Token(t.topic) << '\t'
             << FourDecimals(MetricValue(t, name)) << '\n';
      }
    };
    if (per_query) {
      for (const TopicMetrics& t : e.topics) rows(t);
    }
    out_ << "num_q" << std::string(17, ' ') << "\tall\t" << e.topics.size() << '\n';
    rows(e.mean);
  }

 private:
  std::ostream& out_;
  std::string tag_;
};

// --count: the number of matches, like notmuch count; with --batch,
// "QID<TAB>N" per topic.
class CountPrinter : public ResultPrinter {
 public:
  CountPrinter(std::ostream& out, bool with_topic_ids) : out_(out), with_topic_ids_(with_topic_ids) {}

  void Print(const SearchResult& r) override {
    if (with_topic_ids_) out_ << TrecPrinter::Token(r.query_id) << '\t';
    out_ << r.total << '\n';
  }
  void PrintEvaluation(const Evaluation&, bool) override {
    throw std::logic_error("--count prints counts, not evaluations");
  }

 private:
  std::ostream& out_;
  bool with_topic_ids_;
};

}  // namespace

const std::vector<std::string>& PrinterFormats() {
  static const std::vector<std::string> formats = {"text", "json", "tsv", "trec"};
  return formats;
}

std::unique_ptr<ResultPrinter> MakePrinter(const std::string& format, std::ostream& out,
                                           const PrinterOptions& options) {
  if (format == "text") return std::make_unique<TextPrinter>(out, options);
  if (format == "json") return std::make_unique<JsonPrinter>(out);
  if (format == "tsv") return std::make_unique<TsvPrinter>(out);
  if (format == "trec") return std::make_unique<TrecPrinter>(out, options.run_tag);
  throw std::invalid_argument("unknown format '" + format + "' (use text, json, tsv or trec)");
}

std::unique_ptr<ResultPrinter> MakeCountPrinter(std::ostream& out, bool with_topic_ids) {
  return std::make_unique<CountPrinter>(out, with_topic_ids);
}

void ResultPrinter::PrintArticle(const ArticleView&) {
  throw std::invalid_argument("whole articles are printed as text or json");
}

void ResultPrinter::PrintStory(const StoryView&) {
  throw std::invalid_argument("stories are printed as text or json");
}

bool ShowsArticles(const std::string& format) { return format == "text" || format == "json"; }

std::size_t TerminalColumns(int fd) {
  if (isatty(fd) == 0) return 0;
  winsize size{};
  if (ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  if (const char* columns = std::getenv("COLUMNS"); columns != nullptr) {
    char* end = nullptr;
    const unsigned long n = std::strtoul(columns, &end, 10);
    if (end != columns && *end == '\0' && n > 0 && n < 10000) return n;
  }
  return 80;
}

void SetColor(ColorScheme& scheme, const std::string& spec) {
  const std::size_t equals = spec.find('=');
  const std::string part = spec.substr(0, equals);
  std::string* target = part == "title" ? &scheme.title : part == "match" ? &scheme.match
                        : part == "date" ? &scheme.date : part == "source" ? &scheme.source : nullptr;
  if (equals == std::string::npos || target == nullptr) {
    throw std::invalid_argument("--colors: '" + spec + "' is not PART=STYLE (parts: title, match, date, source)");
  }
  std::string sgr;
  std::stringstream styles(spec.substr(equals + 1));
  for (std::string style; std::getline(styles, style, ',');) {
    if (style == "none") continue;
    const auto code = StyleCodes().find(style);
    if (code == StyleCodes().end()) {
      throw std::invalid_argument("--colors: unknown style '" + style +
                                  "' (none, bold, dim, underline, reverse, black, red, green, yellow, blue, "
                                  "magenta, cyan, white)");
    }
    sgr += (sgr.empty() ? "" : ";") + code->second;
  }
  *target = sgr;
}

}  // namespace kiji
