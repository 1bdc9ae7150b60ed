#include "common/search/query_parser.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "common/analysis/ascii_words.h"
#include "common/util/date.h"
#include "common/util/utf8.h"

namespace kiji {

namespace {

// ---------------------------------------------------------------------------
// Lexing: chunks of text, "phrases" and parentheses, with byte positions.

struct Lexeme {
  enum class Type { kChunk, kPhrase, kOpen, kClose, kEnd };
  Type type = Type::kEnd;
  std::string_view text;
  std::size_t pos = 0;
  bool glued = false;  // the next lexeme starts right after this one
};

// Bytes of whitespace at `i`: ASCII blanks and the ideographic space U+3000.
std::size_t SpaceAt(std::string_view s, std::size_t i) {
  const char c = s[i];
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return 1;
  if (s.compare(i, 3, "\xE3\x80\x80") == 0) return 3;
  return 0;
}

std::vector<Lexeme> Lex(std::string_view text) {
  std::vector<Lexeme> out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (const std::size_t n = SpaceAt(text, i)) {
      i += n;
      continue;
    }
    Lexeme l;
    l.pos = i;
    if (text[i] == '(' || text[i] == ')') {
      l.type = text[i] == '(' ? Lexeme::Type::kOpen : Lexeme::Type::kClose;
      l.text = text.substr(i, 1);
      ++i;
    } else if (text[i] == '"') {
      std::size_t close = text.find('"', i + 1);
      const std::size_t end = close == std::string_view::npos ? text.size() : close;
      l.type = Lexeme::Type::kPhrase;
      l.text = text.substr(i + 1, end - i - 1);
      i = close == std::string_view::npos ? text.size() : close + 1;
    } else {
      std::size_t j = i;
      while (j < text.size() && !SpaceAt(text, j) && text[j] != '(' && text[j] != ')' && text[j] != '"') ++j;
      l.type = Lexeme::Type::kChunk;
      l.text = text.substr(i, j - i);
      i = j;
    }
    l.glued = i < text.size() && !SpaceAt(text, i);
    out.push_back(l);
  }
  Lexeme end;
  end.pos = text.size();
  out.push_back(end);
  return out;
}

// True for text typed in capitals throughout ("WHAT ARE THE EFFECTS OF ...").
bool IsAllCapitals(std::string_view text) {
  bool upper = false;
  for (int32_t i = 0; i < static_cast<int32_t>(text.size());) {
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), i, static_cast<int32_t>(text.size()), c);
    if (c < 0) continue;
    if (u_islower(c)) return false;
    if (u_isupper(c)) upper = true;
  }
  return upper;
}

// Every field name the language knows, in byte order (two name one field).
constexpr std::pair<std::string_view, QueryField> kFieldNames[] = {
    {"caption", QueryField::kCaption}, {"date", QueryField::kDate},     {"dateline", QueryField::kDateline},
    {"id", QueryField::kId},           {"lang", QueryField::kLanguage}, {"language", QueryField::kLanguage},
    {"source", QueryField::kSource},   {"tag", QueryField::kTag},       {"title", QueryField::kTitle}};

std::optional<QueryField> FieldNamed(std::string_view name) {
  const std::string lower = AsciiLowercase(name);
  for (const auto& [field_name, field] : kFieldNames) {
    if (field_name == lower) return field;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// Parsing: OR < AND / NOT < juxtaposition < NEAR.

inline constexpr const char* kDateHint =
    "write a day, month or year (date:2024-05-06, date:2024-05, date:2024), a span back from today (date:7d) or a "
    "range with both ends included (date:2024-01..2024-06, date:2w..)";

class Parser {
 public:
  Parser(std::string_view text, std::vector<Lexeme> lexemes, Analyzer& analyzer, bool operators,
         std::string today)
      : text_(text),
        analyzer_(analyzer),
        lexemes_(std::move(lexemes)),
        operators_(operators),
        today_(std::move(today)) {}

  QueryNode Parse() {
    std::optional<QueryNode> root = ParseOr();
    const Lexeme& l = Peek();
    if (l.type == Lexeme::Type::kClose) throw QuerySyntaxError("unmatched ')'", l.pos);
    if (l.type != Lexeme::Type::kEnd) throw QuerySyntaxError("unexpected '" + std::string(l.text) + "'", l.pos);
    if (!root) return QueryNode{};
    if (root->kind != QueryNode::Kind::kGroup) {
      QueryNode group;
      group.children.push_back(std::move(*root));
      return group;
    }
    return std::move(*root);
  }

 private:
  const Lexeme& Peek() const { return lexemes_[i_]; }
  const Lexeme& Next() { return lexemes_[i_ < lexemes_.size() - 1 ? i_++ : i_]; }

  bool IsOperator(const Lexeme& l, std::string_view op) const {
    return operators_ && l.type == Lexeme::Type::kChunk && l.text == op;
  }
  bool IsNear(const Lexeme& l) const {
    return operators_ && l.type == Lexeme::Type::kChunk &&
           (l.text == "NEAR" || (l.text.substr(0, 5) == "NEAR/" && l.text.size() > 5 &&
                                 std::all_of(l.text.begin() + 5, l.text.end(), [](char c) { return c >= '0' && c <= '9'; })));
  }
  bool IsBinaryOperator(const Lexeme& l) const {
    return IsOperator(l, "AND") || IsOperator(l, "OR") || IsOperator(l, "NOT");
  }

  // `a` combined with `b`. A chain of one operator (a OR b OR (c OR d))
  // stays one node with many children, so long chains make no deep trees.
  static QueryNode Binary(QueryNode::Kind kind, QueryNode a, QueryNode b) {
    const auto joins = [kind](const QueryNode& n) {
      return n.kind == kind && kind != QueryNode::Kind::kAndNot && n.role == QueryNode::Role::kOptional;
    };
    QueryNode n;
    if (joins(a)) {
      n = std::move(a);
    } else {
      n.kind = kind;
      n.position = a.position;
      n.children.push_back(std::move(a));
    }
    if (joins(b)) {
      for (QueryNode& c : b.children) n.children.push_back(std::move(c));
    } else {
      n.children.push_back(std::move(b));
    }
    return n;
  }

  std::optional<QueryNode> ParseOr() {
    std::optional<QueryNode> left = ParseAnd();
    while (IsOperator(Peek(), "OR")) {
      const Lexeme op = Next();
      if (!left && !had_words_) throw QuerySyntaxError("OR needs words before it", op.pos);
      std::optional<QueryNode> right = ParseAnd();
      if (!right && !had_words_) throw QuerySyntaxError("OR needs words after it", op.pos);
      if (!left) left = std::move(right);
      else if (right) left = Binary(QueryNode::Kind::kOr, std::move(*left), std::move(*right));
    }
    return left;
  }

  std::optional<QueryNode> ParseAnd() {
    std::optional<QueryNode> left;
    if (IsOperator(Peek(), "NOT")) {
      QueryNode all;
      all.kind = QueryNode::Kind::kMatchAll;
      all.position = Peek().pos;
      left = all;
    } else {
      left = ParseGroup();
    }
    while (IsOperator(Peek(), "AND") || IsOperator(Peek(), "NOT")) {
      const Lexeme op = Next();
      bool negate = op.text == "NOT";
      if (!negate && IsOperator(Peek(), "NOT")) {
        Next();
        negate = true;
      }
      const std::string name = negate && op.text == "AND" ? "AND NOT" : std::string(op.text);
      if (!left && !had_words_) throw QuerySyntaxError(name + " needs words before it", op.pos);
      had_words_ = false;
      std::optional<QueryNode> right = ParseGroup();
      if (!right && !had_words_) throw QuerySyntaxError(name + " needs words after it", op.pos);
      if (!left) {
        left = std::move(right);
      } else if (right) {
        left = Binary(negate ? QueryNode::Kind::kAndNot : QueryNode::Kind::kAnd, std::move(*left),
                      std::move(*right));
      }
    }
    return left;
  }

  // Juxtaposed items. Returns nullopt when there were none with words in
  // them; had_words_ tells whether there was text at all (punctuation only
  // is not an error).
  std::optional<QueryNode> ParseGroup() {
    QueryNode group;
    group.position = Peek().pos;
    had_words_ = false;
    for (;;) {
      const Lexeme& l = Peek();
      if (l.type == Lexeme::Type::kEnd || l.type == Lexeme::Type::kClose || IsBinaryOperator(l)) break;
      if (IsNear(l)) throw QuerySyntaxError("NEAR needs a word before it", l.pos);
      had_words_ = true;
      std::optional<QueryNode> item = ParseItem();
      ParseNearChain(item);
      if (item) group.children.push_back(std::move(*item));
    }
    if (group.children.empty()) return std::nullopt;
    had_words_ = true;
    if (group.children.size() == 1 && group.children[0].role == QueryNode::Role::kOptional &&
        (group.children[0].kind == QueryNode::Kind::kGroup || group.children[0].kind == QueryNode::Kind::kAnd ||
         group.children[0].kind == QueryNode::Kind::kOr || group.children[0].kind == QueryNode::Kind::kAndNot)) {
      return std::move(group.children[0]);
    }
    return group;
  }

  // "a NEAR b NEAR/3 c": joins the words after `item` into one NEAR node.
  void ParseNearChain(std::optional<QueryNode>& item) {
    while (IsNear(Peek())) {
      const Lexeme op = Next();
      const unsigned distance = NearDistance(op);
      if (!item || (!IsSingleWord(*item) && item->kind != QueryNode::Kind::kNear)) {
        throw QuerySyntaxError("NEAR joins single words", op.pos);
      }
      if (Peek().type == Lexeme::Type::kEnd) throw QuerySyntaxError("NEAR needs a word after it", op.pos);
      std::optional<QueryNode> right = ParseItem();
      if (!right || !IsSingleWord(*right)) throw QuerySyntaxError("NEAR joins single words", op.pos);
      if (item->kind != QueryNode::Kind::kNear) {
        QueryNode near;
        near.kind = QueryNode::Kind::kNear;
        near.position = item->position;
        near.role = item->role;
        near.tokens = item->tokens;
        near.distance = distance;
        item = std::move(near);
      }
      item->tokens.push_back(right->tokens.front());
      item->distance = std::max(item->distance, std::max(distance, 1u));
    }
  }

  // NEAR's distance: 10, or n of NEAR/n (1 to 1000).
  static unsigned NearDistance(const Lexeme& op) {
    constexpr unsigned kMaxDistance = 1000;
    if (op.text.size() <= 5) return 10;
    // Digits only (IsNear checked); more than four of them is too far.
    const std::string_view digits = op.text.substr(5);
    const unsigned distance =
        digits.size() > 4 ? kMaxDistance + 1 : static_cast<unsigned>(std::stoul(std::string(digits)));
    if (distance == 0 || distance > kMaxDistance) {
      throw QuerySyntaxError("NEAR/n wants a distance from 1 to 1000", op.pos);
    }
    return distance;
  }

  static bool IsSingleWord(const QueryNode& n) {
    return n.kind == QueryNode::Kind::kWords && n.field == QueryField::kAny && n.tokens.size() == 1 &&
           n.role == QueryNode::Role::kOptional;
  }

  std::optional<QueryNode> ParseItem() {
    Lexeme l = Next();
    QueryNode::Role role = QueryNode::Role::kOptional;
    if (l.type == Lexeme::Type::kChunk && (l.text[0] == '+' || l.text[0] == '-') &&
        (l.text.size() > 1 || l.glued)) {
      role = l.text[0] == '+' ? QueryNode::Role::kRequired : QueryNode::Role::kExcluded;
      if (l.text.size() == 1) {
        l = Next();  // +"phrase" or -(group)
      } else {
        l.text.remove_prefix(1);
        ++l.pos;
      }
    }
    std::optional<QueryNode> node;
    switch (l.type) {
      case Lexeme::Type::kOpen: {
        const bool saved = had_words_;
        node = ParseOr();
        if (Peek().type != Lexeme::Type::kClose) throw QuerySyntaxError("missing ')' for this '('", l.pos);
        Next();
        if (!node && !had_words_) throw QuerySyntaxError("empty parentheses", l.pos);
        had_words_ = saved;
        break;
      }
      case Lexeme::Type::kPhrase:
        node = WordsNode(QueryNode::Kind::kPhrase, QueryField::kAny, l.text, l.pos + 1);
        break;
      case Lexeme::Type::kChunk:
        node = ChunkNode(l);
        break;
      case Lexeme::Type::kClose:
      case Lexeme::Type::kEnd:
        throw QuerySyntaxError("expected words", l.pos);
    }
    if (node) node->role = role;
    return node;
  }

  std::optional<QueryNode> WordsNode(QueryNode::Kind kind, QueryField field, std::string_view text,
                                     std::size_t pos) {
    QueryNode n;
    n.kind = kind;
    n.field = field;
    n.position = pos;
    n.tokens = analyzer_.Tokenize(text);
    if (n.tokens.empty()) return std::nullopt;
    for (Token& t : n.tokens) {
      t.begin += pos;
      t.end += pos;
    }
    return n;
  }

  std::optional<QueryNode> ChunkNode(const Lexeme& l) {
    const std::size_t colon = l.text.find(':');
    if (colon != std::string_view::npos && colon > 0) {
      if (const auto field = FieldNamed(l.text.substr(0, colon))) {
        std::string_view value = l.text.substr(colon + 1);
        std::size_t value_pos = l.pos + colon + 1;
        bool quoted = false;
        if (value.empty() && l.glued && Peek().type == Lexeme::Type::kPhrase) {
          const Lexeme& phrase = Next();
          value = phrase.text;
          value_pos = phrase.pos + 1;
          quoted = true;
        }
        if (value.empty()) {
          throw QuerySyntaxError("'" + std::string(l.text.substr(0, colon + 1)) + "' needs a value", l.pos);
        }
        return FieldNode(*field, value, quoted, value_pos, l.pos);
      }
    }
    if (l.text.size() > 1 && l.text.back() == '*') {
      std::optional<QueryNode> words = WordsNode(QueryNode::Kind::kWords, QueryField::kAny,
                                                 l.text.substr(0, l.text.size() - 1), l.pos);
      if (words && words->tokens.size() == 1) return Wildcard(QueryField::kAny, words->tokens[0].term, l.pos);
      return words;
    }
    return WordsNode(QueryNode::Kind::kWords, QueryField::kAny, l.text, l.pos);
  }

  static QueryNode Wildcard(QueryField field, std::string prefix, std::size_t pos) {
    QueryNode n;
    n.kind = QueryNode::Kind::kWildcard;
    n.field = field;
    n.value = std::move(prefix);
    n.position = pos;
    return n;
  }

  std::optional<QueryNode> FieldNode(QueryField field, std::string_view value, bool quoted,
                                     std::size_t value_pos, std::size_t field_pos) {
    QueryNode n;
    n.field = field;
    n.position = field_pos;
    switch (field) {
      case QueryField::kTitle:
      case QueryField::kCaption:
        if (!quoted && value.size() > 1 && value.back() == '*') {
          const std::vector<Token> t = analyzer_.Tokenize(value.substr(0, value.size() - 1));
          if (t.size() == 1) return Wildcard(field, t[0].term, field_pos);
        }
        return WordsNode(quoted ? QueryNode::Kind::kPhrase : QueryNode::Kind::kWords, field, value, value_pos);
      case QueryField::kSource:
      case QueryField::kDateline: {
        std::optional<QueryNode> words = WordsNode(QueryNode::Kind::kFilter, field, value, value_pos);
        if (!words) throw QuerySyntaxError("this field needs a word", value_pos);
        words->position = field_pos;
        return words;
      }
      case QueryField::kTag:
        n.kind = QueryNode::Kind::kFilter;
        n.value = analyzer_.Fold(value);
        return n;
      case QueryField::kLanguage:
        n.kind = QueryNode::Kind::kFilter;
        n.value = NormalizeLanguage(value);
        if (n.value.empty()) throw QuerySyntaxError("lang: wants a language code such as en, de or ja", value_pos);
        return n;
      case QueryField::kId:
        n.kind = QueryNode::Kind::kFilter;
        n.value = std::string(value);
        return n;
      case QueryField::kDate:
        return DateNode(value, value_pos, field_pos);
      case QueryField::kAny:
        break;
    }
    return WordsNode(QueryNode::Kind::kWords, QueryField::kAny, value, value_pos);
  }

  QueryNode DateNode(std::string_view value, std::size_t value_pos, std::size_t field_pos) const {
    QueryNode n;
    n.field = QueryField::kDate;
    n.position = field_pos;
    const std::size_t dots = value.find("..");
    if (dots == std::string_view::npos) {
      const std::optional<std::string> day = ResolveDateBound(value, today_);
      if (!day) {
        throw QuerySyntaxError(
            "date: wants YYYY, YYYY-MM, YYYY-MM-DD, today, yesterday, a span back (7d, 2w, 6m, 1y) or a range A..B",
            value_pos, kDateHint);
      }
      if (IsRelativeSpan(value)) {  // date:7d is the last 7 days: date:7d..
        n.kind = QueryNode::Kind::kDateRange;
        n.value = *day;
        n.value2 = ImpliedRangeEnd(value, today_);
        return n;
      }
      n.kind = QueryNode::Kind::kFilter;
      n.value = day->substr(0, 4) + (day->size() >= 7 ? day->substr(5, 2) : "") +
                (day->size() == 10 ? day->substr(8, 2) : "");
      return n;
    }
    n.kind = QueryNode::Kind::kDateRange;
    const std::string_view from = value.substr(0, dots), to = value.substr(dots + 2);
    const std::optional<std::string> start = ResolveDateBound(from, today_), end = ResolveDateBound(to, today_);
    if (!from.empty() && !start) throw QuerySyntaxError("bad start date in range", value_pos, kDateHint);
    if (!to.empty() && !end) throw QuerySyntaxError("bad end date in range", value_pos + dots + 2, kDateHint);
    n.value = start.value_or("");
    n.value2 = to.empty() ? ImpliedRangeEnd(from, today_) : end.value_or("");
    if (n.value.empty() && n.value2.empty()) throw QuerySyntaxError("a date range needs at least one end", value_pos, kDateHint);
    if (RangeEndsBeforeStart(n.value, n.value2)) {
      throw QuerySyntaxError("the date range ends before it starts", value_pos,
                             "put the earlier day first: date:" + n.value2 + ".." + n.value);
    }
    return n;
  }

  std::string_view text_;
  Analyzer& analyzer_;
  std::vector<Lexeme> lexemes_;
  std::size_t i_ = 0;
  bool operators_;
  std::string today_;
  bool had_words_ = false;
};

// Refuses parentheses nested deeper than kMaxQueryNesting before anything
// recurses into them.
void CheckNesting(const std::vector<Lexeme>& lexemes) {
  std::size_t depth = 0;
  for (const Lexeme& l : lexemes) {
    if (l.type == Lexeme::Type::kClose && depth > 0) --depth;
    if (l.type != Lexeme::Type::kOpen || ++depth <= kMaxQueryNesting) continue;
    throw QuerySyntaxError("parentheses nested more than " + std::to_string(kMaxQueryNesting) + " deep", l.pos);
  }
}

// Refuses a query tree deeper than kMaxQueryDepth (every later pass over
// the tree recurses) or with more than kMaxQueryWords words. Iterative, so
// it is safe on any tree.
void CheckQueryTree(const QueryNode& root) {
  std::vector<std::pair<const QueryNode*, std::size_t>> stack = {{&root, 1}};
  std::size_t words = 0;
  while (!stack.empty()) {
    const auto [node, depth] = stack.back();
    stack.pop_back();
    if (depth > kMaxQueryDepth) {
      throw QuerySyntaxError("operators nested more than " + std::to_string(kMaxQueryDepth) + " deep",
                             node->position);
    }
    words += node->kind == QueryNode::Kind::kWildcard ? 1 : node->tokens.size();
    for (const QueryNode& c : node->children) stack.emplace_back(&c, depth + 1);
  }
  if (words > kMaxQueryWords) {
    throw QueryError("the query has " + std::to_string(words) + " words; the limit is " +
                     std::to_string(kMaxQueryWords) + ": shorten it");
  }
}

void CheckQueryBytes(std::string_view text) {
  if (text.size() > kMaxQueryBytes) {
    throw QueryError("the query is " + std::to_string(text.size()) + " bytes long; the limit is " +
                     std::to_string(kMaxQueryBytes) + ": shorten it");
  }
}

std::size_t CountTypedWords(const QueryNode& root) {
  if (root.kind != QueryNode::Kind::kGroup) return 0;
  return static_cast<std::size_t>(std::count_if(root.children.begin(), root.children.end(), IsTierWord));
}


}  // namespace

ParsedQuery ParseQuery(std::string_view text, Analyzer& analyzer, ParseOptions options) {
  if (options.plain) return ParsePlainQuery(text, analyzer);
  std::vector<Lexeme> lexemes = Lex(text);
  CheckNesting(lexemes);  // first: a deep nest is a syntax error, however long
  CheckQueryBytes(text);
  std::size_t chunks = 0;
  for (const Lexeme& l : lexemes) chunks += l.type == Lexeme::Type::kChunk;
  const bool operators = !(chunks >= 4 && IsAllCapitals(text));
  Parser parser(text, std::move(lexemes), analyzer, operators,
                options.today.empty() ? TodayUtc() : std::move(options.today));
  ParsedQuery out{parser.Parse()};
  CheckQueryTree(out.root);
  out.typed_words = CountTypedWords(out.root);
  return out;
}

ParsedQuery ParsePlainQuery(std::string_view text, Analyzer& analyzer) {
  CheckQueryBytes(text);
  ParsedQuery out;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t space = SpaceAt(text, i);
    if (space || text[i] == '"' || text[i] == '(' || text[i] == ')') {
      i += space ? space : 1;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && !SpaceAt(text, j) && text[j] != '"' && text[j] != '(' && text[j] != ')') ++j;
    QueryNode n;
    n.kind = QueryNode::Kind::kWords;
    n.position = i;
    n.tokens = analyzer.Tokenize(text.substr(i, j - i));
    for (Token& t : n.tokens) {
      t.begin += i;
      t.end += i;
    }
    if (!n.tokens.empty()) out.root.children.push_back(std::move(n));
    i = j;
  }
  CheckQueryTree(out.root);
  out.typed_words = CountTypedWords(out.root);
  return out;
}

bool IsTierWord(const QueryNode& node) {
  return node.role == QueryNode::Role::kOptional &&
         (node.kind == QueryNode::Kind::kWords || node.kind == QueryNode::Kind::kPhrase ||
          node.kind == QueryNode::Kind::kNear || node.kind == QueryNode::Kind::kWildcard);
}

std::vector<Token> FreeWords(const ParsedQuery& parsed) {
  std::vector<Token> words;
  ForEachPositive(parsed.root, [&](const QueryNode& n) {
    if (n.kind != QueryNode::Kind::kWords || n.field != QueryField::kAny) return;
    for (const Token& t : n.tokens) {
      if (t.kind == TokenKind::kLetter) words.push_back(t);
    }
  });
  std::sort(words.begin(), words.end(), [](const Token& a, const Token& b) { return a.begin < b.begin; });
  return words;
}

std::vector<std::string> QueryFieldNames() {
  std::vector<std::string> names;
  for (const auto& [name, field] : kFieldNames) names.push_back(std::string(name) + ":");
  return names;
}

}  // namespace kiji
