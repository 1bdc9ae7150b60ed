#include "searcher/flags.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "common/cli/shared_flags.h"
#include "common/search/query_builder.h"
#include "common/search/query_parser.h"
#include "common/search/recency.h"
#include "common/search/snippet.h"
#include "common/search/weighting.h"
#include "common/util/date.h"
#include "searcher/printer.h"

namespace kiji {

namespace {

// Results and terms are counted in 32 bits; limit plus offset must fit.
constexpr unsigned long long kMaxCount = 0x7fffffff;
// A snippet is a glimpse: anything longer is what --show is for.
constexpr unsigned long long kMaxSnippetChars = 100000;

std::vector<Flag> MakeFlags() {
  using K = FlagKind;
  using std::to_string;
  const SearchOptions defaults;
  std::vector<Flag> flags = SharedFlags();
  std::vector<Flag> own = {
      {"db", 'd', K::kText, "DIR", "", true, false, false,
       "index directory, ssh://[USER@]HOST[:PORT]/PATH for one read over ssh (xapian-progsrv), or "
       "tcp://HOST:PORT for one served by xapian-tcpsrv; repeat to search several as one collection "
       "(default: $KIJI_DB, else $XDG_DATA_HOME/kiji/index, else ~/.local/share/kiji/index)"},
      {"limit", 'n', K::kCount, "N", to_string(defaults.limit), false, false, false, "number of results per query"},
      {"offset", 0, K::kCount, "N", to_string(defaults.offset), false, false, false, "skip this many results (paging)"},
      {"format", 'f', K::kText, "FORMAT", "text", false, false, false,
       "output: text, json, tsv or trec (with --check: text, tap or junit)"},
      {"batch", 'b', K::kText, "FILE", "", false, false, false,
       "answer every query in FILE (\"QID<TAB>QUERY\" lines; - for stdin); a query that does not parse is "
       "searched as plain words"},
      {"check", 0, K::kSwitch, "", "", false, false, false,
       "run the regression suites named as arguments (see tests/regression/README.md); exit 0 all pass, 1 a "
       "case failed, 2 a bad suite"},
      {"record", 0, K::kSwitch, "", "", false, false, false, "with --check: rewrite the suites' snapshot lines from the current results"},
      {"qrels", 0, K::kText, "FILE", "", false, false, false,
       "with --batch: print retrieval metrics against these TREC qrels instead of results (trec_eval -c -M 1000 "
       "conventions)"},
      {"per-query", 0, K::kSwitch, "", "", false, false, false, "with --qrels: metrics for each topic too"},
      {"plain", 0, K::kSwitch, "", "", false, true, false, "no query syntax: every word of the query is a word"},
      {"sort", 0, K::kText, "ORDER", "relevance", false, true, false, "relevance, date (oldest first) or -date (newest first)"},
      {"recency", 0, K::kText, "HALF_LIFE", "", false, true, false,
       "blend relevance with age: an article HALF_LIFE older than the index's newest (7d, 2w, 6m, 1y) gets half "
       "the boost of the newest"},
      {"since", 0, K::kText, "DATE", "", false, true, false, "only articles dated on or after YYYY[-MM[-DD]], today, yesterday or a span back: 7d, 2w, 6m, 1y"},
      {"until", 0, K::kText, "DATE", "", false, true, false, "only articles dated on or before YYYY[-MM[-DD]], today, yesterday or a span back: 7d, 2w, 6m, 1y"},
      {"show", 0, K::kSwitch, "", "", false, false, false,
       "print the whole articles whose ids are given as arguments (text or json), like notmuch show"},
      {"highlight", 0, K::kText, "QUERY", "", false, false, false, "with --show: mark the words QUERY matches"},
      {"story", 0, K::kSwitch, "", "", false, false, false,
       "list the story of each article whose id is given as an argument (text or json): it and its copies, "
       "oldest first, so who published it first"},
      {"no-collapse", 0, K::kSwitch, "", "", false, true, false,
       "show every article: copies of one story (syndicated, updated, the same file twice) are not collapsed into "
       "one hit"},
      {"collapse", 0, K::kSwitch, "", "", false, true, false,
       "collapse copies in TREC runs and --qrels evaluation too, which otherwise rank every article"},
      {"count", 'c', K::kSwitch, "", "", false, false, false,
       "print only the exact number of matches (\"QID<TAB>N\" lines with --batch)"},
      {"facets", 0, K::kSwitch, "", "", false, false, false, "count matches by source, year and tag"},
      {"explain", 0, K::kSwitch, "", "", false, false, false, "show the terms, fields and weights behind each score"},
      {"no-suggest", 0, K::kSwitch, "", "", false, false, false, "never offer a spelling correction"},
      {"no-snippets", 0, K::kSwitch, "", "", false, false, false, "print titles and fields but no snippets (faster, for scripts)"},
      {"snippet-chars", 0, K::kCount, "N", to_string(defaults.snippet_chars), false, true, false,
       "longest snippet, in characters (at least 40); up to three passages around the matches"},
      {"weighting", 0, K::kText, "SCHEME", kDefaultWeighting, false, true, false, std::string("ranking scheme: ") + WeightingHelp()},
      {"expand", 0, K::kSwitch, "", "", false, true, false,
       "pseudo-relevance feedback: add the strongest stems of the first results to the query"},
      {"expand-docs", 0, K::kCount, "N", to_string(defaults.expand_documents), false, true, false, "with --expand: results to learn from"},
      {"expand-terms", 0, K::kCount, "N", to_string(defaults.expand_terms), false, true, false, "with --expand: terms to add"},
      {"expand-weight", 0, K::kNumber, "W", "0.5", false, true, false, "with --expand: weight of the added terms, 0 to 100"},
      {"keep-stopwords", 0, K::kSwitch, "", "", false, true, false, "search stop words (the, of, und...) like any other word"},
      {"color", 0, K::kText, "WHEN", "auto", false, false, false, "colour titles, dates, sources and matches: auto, always or never"},
      {"colors", 0, K::kText, "PART=STYLE", "", true, false, false,
       "how to colour a part: title, match, date or source = none, bold, dim, underline, reverse or a colour "
       "(red, green...), several joined by commas: --colors match=underline,yellow; added to the config file's",
       true},
      {"line", 0, K::kSwitch, "", "", false, false, false,
       "with no query on a terminal: the line session (a prompt, results printed below it) instead of the "
       "full-screen search"},
      {"run-tag", 0, K::kText, "TAG", "kiji", false, false, false, "run name in --format trec output"},
  };
  flags.insert(flags.end(), own.begin(), own.end());
  return flags;
}

}  // namespace

FlagTable SearcherFlags() {
  static const std::vector<Flag> flags = MakeFlags();
  return flags;
}

ProgramDoc SearcherDoc() {
  ProgramDoc doc;
  doc.name = "searcher";
  doc.summary = "ranked full-text search over a kiji index of news articles";
  doc.synopsis = {"[OPTIONS] QUERY...", "[OPTIONS] --batch FILE", "[OPTIONS]   (full-screen search on a terminal)",
                  "--show [--highlight QUERY] ID...", "--story ID...", "--check SUITE... [--record]"};
  doc.description = {
      "searcher answers ranked queries over an index built by indexer(1): one query from the command line, a "
      "batch of queries (QID<TAB>QUERY lines), regression suites, or, with no query on a terminal, a "
      "full-screen search whose results follow every key typed (--line: a line session).",
      "Query language (kiji-query(7)): words (any may match, all-word matches first), +must -mustnot, "
      "\"exact phrase\", AND OR NOT ( ), a NEAR/5 b, prefix*, the fields title: source: tag: lang: "
      "dateline: caption: id:, and dates: date:2024-11, date:2024-01-01..2024-06-30, date:7d.",
      "A word starting with - after a query word excludes it (searcher troops -Ukraine) unless it is an "
      "option; before any query word it is an option, and so is a single letter after - anywhere, so an "
      "unknown one (-x, -limit) is refused: put such a word to exclude after --, which ends the options."};
  doc.exit_status = {{"0", "results found"},
                     {"1", "no results; with --batch, --check and in a session, some queries failed (each is "
                           "reported and the run goes on)"},
                     {"2", "an error: bad options, a query that does not parse, an index that cannot be read"}};
  doc.environment = {{"XDG_STATE_HOME", "the search history is kept in $XDG_STATE_HOME/kiji/history"},
                     {"NO_COLOR", "set to a non-empty value: no colours (bold and reverse video only)"},
                     {"PAGER", "what the line session reads articles through (default: less -R)"},
                     {"TERM", "the terminal; dumb gives the line session"}};
  doc.files = {{"~/.local/state/kiji/history", "queries of the full-screen search and the line session"}};
  doc.see_also = {"indexer(1)", "kiji-query(7)", "xapian-tcpsrv(1)"};
  doc.words = QueryFieldNames();
  doc.choices = {{"format", {"text", "json", "tsv", "trec", "tap", "junit"}},
                 {"sort", {"relevance", "date", "-date"}},
                 {"color", {"auto", "always", "never"}},
                 {"recency", {"7d", "30d", "6m", "1y"}},
                 {"since", {"today", "yesterday", "7d", "1m", "1y"}},
                 {"until", {"today", "yesterday", "7d", "1m", "1y"}}};
  AddSharedDoc(doc);
  return doc;
}

FlagValues ParseSuiteFlags(const std::vector<std::string>& words) {
  std::string allowed;
  for (const Flag& flag : SearcherFlags()) {
    if (flag.in_suites) allowed += (allowed.empty() ? "--" : ", --") + flag.name;
  }
  FlagValues values(SearcherFlags());
  for (std::size_t i = 0; i < words.size(); ++i) {
    // "--name value" or, as on the command line, "--name=value".
    const std::string& word = words[i];
    const std::size_t equals = word.find('=');
    const std::string name = word.substr(0, equals);
    const Flag* flag = name.rfind("--", 0) == 0 ? FindFlag(SearcherFlags(), name.substr(2)) : nullptr;
    if (flag == nullptr || !flag->in_suites) {
      throw std::invalid_argument("unknown option '" + word + "' in with: (" + allowed + ")");
    }
    if (equals != std::string::npos) {
      if (flag->kind == FlagKind::kSwitch) throw std::invalid_argument(name + " takes no value");
      values.Add(flag->name, word.substr(equals + 1));
    } else if (flag->kind == FlagKind::kSwitch) {
      values.Add(flag->name);
    } else if (i + 1 < words.size()) {
      values.Add(flag->name, words[++i]);
    } else {
      throw std::invalid_argument(word + " needs a value");
    }
  }
  return values;
}

SearchOptions SearchOptionsFrom(const FlagValues& values) {
  SearchOptions search;
  search.limit = static_cast<Xapian::doccount>(values.Count("limit", kMaxCount));
  search.offset = static_cast<Xapian::doccount>(values.Count("offset", kMaxCount));
  search.plain = values.Given("plain");
  // People read one hit per story; TREC runs and evaluations judge every
  // article, as trec_eval's conventions expect, unless asked.
  const bool judged = values.Text("format") == "trec" || values.Given("qrels");
  search.collapse = values.Given("collapse") || (!judged && !values.Given("no-collapse"));
  search.facets = values.Given("facets");
  search.explain = values.Given("explain");
  search.suggest = !values.Given("no-suggest");
  // Relative bounds (7d, yesterday) count back from today, once per run.
  const std::string today = TodayUtc();
  search.since = ResolveDateBound(values.Text("since"), today).value_or(values.Text("since"));
  search.until = values.Given("until") ? ResolveDateBound(values.Text("until"), today).value_or(values.Text("until"))
                                       : ImpliedRangeEnd(values.Text("since"), today);
  // Scripts pay only for what they print: TSV and TREC runs show no
  // suggestion and no total, a TREC run no titles or snippets either.
  const std::string format = values.Text("format");
  const bool for_people = format != "tsv" && format != "trec";
  search.suggest = search.suggest && for_people;
  search.exact_up_to = for_people ? search.exact_up_to : 0;
  search.details = format != "trec";
  search.snippets = search.details && !values.Given("no-snippets");
  search.snippet_chars = static_cast<std::size_t>(values.Count("snippet-chars", kMaxSnippetChars));
  if (search.snippet_chars < kMinSnippetChars) {
    throw std::invalid_argument("--snippet-chars: at least " + std::to_string(kMinSnippetChars));
  }
  if (values.Given("count")) {
    search.exact_total = true;
    search.limit = 0;
    search.details = search.snippets = search.suggest = false;
  }
  search.stopwords = !values.Given("keep-stopwords");
  search.weighting = values.Text("weighting");
  search.expand = values.Given("expand");
  search.expand_documents = static_cast<Xapian::doccount>(values.Count("expand-docs", kMaxCount));
  search.expand_terms = static_cast<Xapian::termcount>(values.Count("expand-terms", kMaxCount));
  search.expand_weight = values.Number("expand-weight");
  // Added terms weigh at most a hundred times the query's own: beyond that
  // scores overflow to infinity and rank nothing.
  if (!std::isfinite(search.expand_weight) || search.expand_weight < 0 || search.expand_weight > 100) {
    throw std::invalid_argument("--expand-weight: a number from 0 to 100");
  }
  try {
    MakeWeighting(search.weighting);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("--weighting: ") + e.what());
  }
  if (values.Given("recency")) {
    const std::optional<double> half_life = ParseHalfLife(values.Text("recency"));
    if (!half_life) throw std::invalid_argument("--recency: a half-life such as 7d, 2w, 6m or 1y");
    search.recency_half_life = *half_life;
  }
  if (!ParseSortOrder(values.Text("sort"), search.sort)) {
    throw std::invalid_argument("--sort must be relevance, date or -date");
  }
  try {
    DateRangeQuery(search.since, search.until);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("--since/--until: ") + e.what());
  }
  return search;
}

namespace po = boost::program_options;

// Query words may start with '-' (`troops -Ukraine`). Before the options
// parser sees them, every argument that is not a searcher option (or an
// option's value) is moved behind "--", in order, so it stays a query word.
std::vector<std::string> SeparateQueryWords(const std::vector<std::string>& args,
                                            const po::options_description& options) {
  std::vector<std::string> flags, words;
  bool only_words = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (only_words || arg == "-" || arg.size() < 2 || arg[0] != '-') {
      words.push_back(arg);
      continue;
    }
    if (arg == "--") {
      only_words = true;
      continue;
    }
    const po::option_description* option = nullptr;
    bool value_attached = false;
    if (arg[1] == '-') {
      const std::size_t equals = arg.find('=');
      option = options.find_nothrow(arg.substr(2, equals == std::string::npos ? std::string::npos : equals - 2), false);
      value_attached = equals != std::string::npos;
      if (option == nullptr) {
        flags.push_back(arg);  // an unknown --option: let the parser complain
        continue;
      }
    } else {
      for (const auto& candidate : options.options()) {
        if (candidate->canonical_display_name(po::command_line_style::allow_dash_for_short) == arg.substr(0, 2)) {
          option = candidate.get();
        }
      }
      if (option == nullptr && arg.size() == 2) {
        flags.push_back(arg);  // "-x": an unknown option, not a word to exclude
        continue;
      }
      const bool takes_value = option != nullptr && option->semantic()->max_tokens() > 0;
      // "-n20" is an option with its value; after a query word "-news" or
      // "-Ukraine" is a word to exclude; before one it can only be a
      // mistyped option (-limit), refused rather than searched.
      const bool numeric_tail = arg.size() > 2 && arg.find_first_not_of("0123456789", 2) == std::string::npos;
      if (option == nullptr || (arg.size() > 2 && !(takes_value && numeric_tail))) {
        if (words.empty()) throw po::unknown_option(arg);
        words.push_back(arg);
        continue;
      }
      value_attached = arg.size() > 2;
    }
    flags.push_back(arg);
    if (!value_attached && option->semantic()->max_tokens() > 0 && i + 1 < args.size()) flags.push_back(args[++i]);
  }
  flags.push_back("--");
  flags.insert(flags.end(), words.begin(), words.end());
  return flags;
}


namespace {

// What is wrong with asking for (or not asking for) the interactive
// session; "" when nothing is.
std::string SessionConflict(const FlagValues& values, const std::vector<std::string>& words, bool stdin_is_terminal) {
  if (values.Given("line") && (!words.empty() || values.Given("batch"))) {
    return "--line is for the interactive session: give no QUERY and no --batch";
  }
  if (words.empty() && !values.Given("batch") && !stdin_is_terminal) {
    return "no query given (and stdin is not a terminal for an interactive session)\nTry 'searcher --help'.";
  }
  return "";
}

}  // namespace

// The checks between options that the table cannot express; "" when none.
std::string ConflictingFlags(const FlagValues& values, const std::vector<std::string>& words, bool stdin_is_terminal) {
  const std::string tag = values.Text("run-tag");
  if (tag.empty() || std::any_of(tag.begin(), tag.end(), [](unsigned char c) { return c <= ' ' || c >= 0x7f; })) {
    return "--run-tag: a run name is one word of printable ASCII";
  }
  const std::string color = values.Text("color");
  if (color != "auto" && color != "always" && color != "never") return "--color must be auto, always or never";
  if (values.Given("count") && (values.Given("qrels") || values.Given("format") || values.Given("facets") ||
                                values.Given("explain") || values.Given("offset"))) {
    return "--count prints only numbers: it does not go with --qrels, --format, --facets, --explain or --offset";
  }
  if (values.Given("collapse") && values.Given("no-collapse")) return "give either --collapse or --no-collapse";
  for (const char* mode : {"show", "story"}) {
    if (!values.Given(mode)) continue;
    for (const char* other : {"show", "story", "batch", "check", "count", "qrels", "facets", "explain", "offset",
                              "expand", "line"}) {
      if (other != std::string_view(mode) && values.Given(other)) {
        return std::string("--") + mode + " prints articles: it does not go with --" + other;
      }
    }
    if (!ShowsArticles(values.Text("format"))) return std::string("--") + mode + " prints text or json";
    if (words.empty()) return std::string("--") + mode + " needs the ids of the articles to print";
    return "";
  }
  if (values.Given("highlight")) return "--highlight goes with --show";
  if (const std::string format = values.Text("format"); format == "tsv" || format == "trec") {
    for (const char* shown : {"facets", "explain"}) {
      if (values.Given(shown)) return std::string("--") + shown + " is shown in text and json output, not " + format;
    }
  }
  if (!words.empty() && values.Given("batch")) return "give either a QUERY or --batch FILE, not both";
  if (values.Given("qrels") && !values.Given("batch")) return "--qrels needs --batch TOPICS";
  if (values.Given("count") && words.empty() && !values.Given("batch")) return "--count needs a QUERY or --batch";
  return SessionConflict(values, words, stdin_is_terminal);
}


bool ColorWanted(const std::string& mode, bool stdout_is_terminal, const char* no_color, const char* term) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  // A dumb terminal shows escape codes as text.
  const bool dumb = term != nullptr && std::string_view(term) == "dumb";
  return stdout_is_terminal && !dumb && (no_color == nullptr || *no_color == '\0');
}

}  // namespace kiji
