// The searcher's options, each defined once: this table is the single
// source for the command-line parser, --help, the regression suites'
// "with:" lines and the search options a flag sets (SearchOptionsFrom).
// Immutable data and pure functions; safe from any thread.
#ifndef KIJI_SEARCHER_FLAGS_H_
#define KIJI_SEARCHER_FLAGS_H_

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/search/index_searcher.h"

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
  bool in_suites = false;     // allowed in a suite case's "with:" line
  std::string help;
};

// Every option of the searcher, in --help order.
std::span<const Flag> SearcherFlags();
// The flag with this long name; nullptr when there is none.
const Flag* FindFlag(std::string_view name);

// The values given for flags, by long name, as text; the table's default
// for a flag not given.
class FlagValues {
 public:
  void Add(const std::string& name, std::string value = "") { given_[name].push_back(std::move(value)); }
  bool Given(const std::string& name) const { return given_.count(name) > 0; }
  // The last value given, else the default.
  std::string Text(const std::string& name) const;
  // Every value given, in order (for repeatable flags).
  std::vector<std::string> All(const std::string& name) const;
  // Text(name) as a whole number or a decimal; std::invalid_argument
  // ("--limit: 'x' is not a whole number") when it is not one.
  unsigned Count(const std::string& name) const;
  double Number(const std::string& name) const;

 private:
  std::map<std::string, std::vector<std::string>> given_;
};

// A suite case's "with:" words ("--sort", "-date", "--plain"), as flag
// values. std::invalid_argument for a flag unknown or not allowed in
// suites, or one missing its value.
FlagValues ParseSuiteFlags(const std::vector<std::string>& words);

// The search options the flags ask for (the table's defaults for the
// rest): the one place a flag becomes a SearchOptions field.
// std::invalid_argument naming the flag when a value is not valid.
SearchOptions SearchOptionsFrom(const FlagValues& values);

}  // namespace kiji

#endif  // KIJI_SEARCHER_FLAGS_H_
