// A program's options as one table of flags: the single source for its
// command-line parser (command_line.h), --help, and anything else that
// lists options (the suites' "with:" lines). Tables are
// immutable data; FlagValues is a plain value. Safe from any thread.
#ifndef KIJI_COMMON_CLI_FLAG_TABLE_H_
#define KIJI_COMMON_CLI_FLAG_TABLE_H_

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kiji {

enum class FlagKind {
  kSwitch,  // no value
  kText,    // any text
  kCount,   // a whole number
  kNumber,  // a decimal number
};

struct Flag {
  std::string name;           // the long name, without "--"
  char short_name = 0;        // 0: none
  FlagKind kind = FlagKind::kSwitch;
  std::string value_name;     // in help: "N", "FILE"
  std::string default_value;  // used when the flag is not given; "" for none
  bool repeatable = false;
  bool in_suites = false;     // allowed in a regression suite's "with:" line
  bool hidden = false;        // parsed, but not listed by --help (tuning)
  std::string help;
  // A repeatable flag whose command-line values add to the config file's
  // (--colors: one part each) instead of replacing them (--db).
  bool adds_to_config = false;
};

using FlagTable = std::span<const Flag>;

// The flag with this long name; nullptr when there is none.
const Flag* FindFlag(FlagTable table, std::string_view name);

// The values given for the flags of one table, by long name, as text; the
// table's default for a flag not given.
class FlagValues {
 public:
  explicit FlagValues(FlagTable table) : table_(table) {}

  void Add(const std::string& name, std::string value = "") { given_[name].push_back(std::move(value)); }
  // Puts `values` before those given so far.
  void Prepend(const std::string& name, const std::vector<std::string>& values) {
    std::vector<std::string>& all = given_[name];
    all.insert(all.begin(), values.begin(), values.end());
  }
  bool Given(const std::string& name) const { return given_.count(name) > 0; }
  // The last value given, else the default.
  std::string Text(const std::string& name) const;
  // Every value given, in order (for repeatable flags).
  std::vector<std::string> All(const std::string& name) const;
  // Text(name) as a whole number or a decimal; std::invalid_argument
  // ("--limit: '-5' is not a whole number (0 to N)") when it is not one.
  // Count also refuses a number over `max` ("--limit: at most N") or
  // under `min` ("--commit-every: at least 1").
  unsigned long long Count(const std::string& name, unsigned long long max = ~0ULL,
                           unsigned long long min = 0) const;
  double Number(const std::string& name) const;

 private:
  FlagTable table_;
  std::map<std::string, std::vector<std::string>> given_;
};

}  // namespace kiji

#endif  // KIJI_COMMON_CLI_FLAG_TABLE_H_
