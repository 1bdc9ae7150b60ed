#include "common/cli/flag_table.h"

#include <charconv>
#include <stdexcept>

#include "common/util/utf8.h"

namespace kiji {

const Flag* FindFlag(FlagTable table, std::string_view name) {
  for (const Flag& flag : table) {
    if (flag.name == name) return &flag;
  }
  return nullptr;
}

std::string FlagValues::Text(const std::string& name) const {
  if (const auto it = given_.find(name); it != given_.end() && !it->second.empty()) return it->second.back();
  const Flag* flag = FindFlag(table_, name);
  return flag != nullptr ? flag->default_value : "";
}

std::vector<std::string> FlagValues::All(const std::string& name) const {
  const auto it = given_.find(name);
  return it == given_.end() ? std::vector<std::string>{} : it->second;
}

unsigned long long FlagValues::Count(const std::string& name, unsigned long long max, unsigned long long min) const {
  const std::string text = Text(name);
  unsigned long long n = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    const std::string range = max == ~0ULL ? std::to_string(min) + " or more"
                                           : std::to_string(min) + " to " + std::to_string(max);
    throw std::invalid_argument("--" + name + ": '" + ClippedForMessage(text, 40) + "' is not a whole number (" +
                                range + ")");
  }
  if (n > max) throw std::invalid_argument("--" + name + ": at most " + std::to_string(max));
  if (n < min) throw std::invalid_argument("--" + name + ": at least " + std::to_string(min));
  return n;
}

double FlagValues::Number(const std::string& name) const {
  const std::string text = Text(name);
  std::size_t used = 0;
  double d = 0;
  try {
    d = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (text.empty() || used != text.size()) {
    throw std::invalid_argument("--" + name + ": '" + ClippedForMessage(text, 40) + "' is not a number");
  }
  return d;
}

}  // namespace kiji
