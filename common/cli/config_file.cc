#include "common/cli/config_file.h"

#include <boost/program_options.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "common/cli/command_line.h"

namespace kiji {

namespace {

std::string Trimmed(std::string_view line) {
  const std::size_t begin = line.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) return "";
  const std::size_t end = line.find_last_not_of(" \t\r");
  return std::string(line.substr(begin, end - begin + 1));
}

// "~/x" and "--db=~/x" with the home directory for "~".
std::string ExpandHome(std::string argument) {
  const char* home = std::getenv("HOME");
  if (home == nullptr) return argument;
  const std::size_t equals = argument.find('=');
  const std::size_t value = argument.rfind("--", 0) == 0 && equals != std::string::npos ? equals + 1 : 0;
  if (argument.compare(value, 2, "~/") == 0) argument.replace(value, 1, home);
  return argument;
}

}  // namespace

std::string ConfigPath() {
  if (const char* path = std::getenv("KIJI_CONFIG"); path != nullptr && *path != '\0') return path;
  if (const char* config = std::getenv("XDG_CONFIG_HOME"); config != nullptr && *config != '\0') {
    return std::string(config) + "/kiji/config";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    return std::string(home) + "/.config/kiji/config";
  }
  return "";
}

std::vector<std::string> ConfigArguments(std::string_view text, const std::string& program) {
  std::vector<std::string> arguments;
  std::string section;  // "": both programs
  std::istringstream lines{std::string(text)};
  int number = 0;
  for (std::string line; std::getline(lines, line);) {
    ++number;
    const std::string argument = Trimmed(line);
    if (argument.empty() || argument[0] == '#') continue;
    if (argument.front() == '[' && argument.back() == ']') {
      section = argument.substr(1, argument.size() - 2);
      if (section != "indexer" && section != "searcher") {
        throw std::invalid_argument("line " + std::to_string(number) + ": unknown section " + argument +
                                    " (kiji's are [indexer] and [searcher])");
      }
      continue;
    }
    if (section.empty() || section == program) arguments.push_back(ExpandHome(argument));
  }
  return arguments;
}

std::vector<std::string> ConfigFileArguments(const std::vector<std::string>& args, const std::string& program) {
  const auto end_of_options = std::find(args.begin(), args.end(), "--");
  if (std::find(args.begin(), end_of_options, "--no-config") != end_of_options) return {};
  const std::string path = ConfigPath();
  if (path.empty()) return {};
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw std::invalid_argument(path + ": is a directory, not a file of options");
  std::ifstream file(path);
  if (!file) return {};  // no file: no defaults
  std::stringstream text;
  text << file.rdbuf();
  if (file.bad()) throw std::invalid_argument(path + ": cannot be read");
  try {
    return ConfigArguments(text.str(), program);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(path + ": " + e.what());
  }
}

void AddConfigDefaults(const std::vector<std::string>& args, const std::string& program, FlagTable table,
                       FlagValues& values) {
  const std::vector<std::string> config = ConfigFileArguments(args, program);
  if (config.empty()) return;
  FlagValues defaults(table);
  std::vector<std::string> words;
  try {
    ParseCommandLine(config, table, defaults, words);
  } catch (const boost::program_options::error& e) {
    throw std::invalid_argument(ConfigPath() + ": " + e.what() + " (" + program + " --no-config ignores the file)");
  }
  if (!words.empty()) {
    throw std::invalid_argument(ConfigPath() + ": '" + words.front() + "' is not an option; the file holds options, "
                                "one per line");
  }
  for (const Flag& flag : table) {
    if (!defaults.Given(flag.name) || values.Given(flag.name)) continue;
    for (const std::string& value : defaults.All(flag.name)) values.Add(flag.name, value);
  }
}

}  // namespace kiji
