#include "common/cli/config_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "common/cli/command_line.h"
#include "common/cli/shared_flags.h"
#include "common/util/utf8.h"

namespace kiji {

namespace {

std::string Shown(std::string_view argument) { return "'" + ClippedForMessage(argument, 60) + "'"; }

// The line without its comment and surrounding blanks: '#' starts a
// comment first on a line or after a blank, so "--colors=a#b" keeps it.
std::string_view Argument(std::string_view line) {
  for (std::size_t hash = line.find('#'); hash != std::string_view::npos; hash = line.find('#', hash + 1)) {
    if (hash == 0 || line[hash - 1] == ' ' || line[hash - 1] == '\t') {
      line = line.substr(0, hash);
      break;
    }
  }
  const std::size_t begin = line.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) return {};
  return line.substr(begin, line.find_last_not_of(" \t\r") - begin + 1);
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

// Why `argument` cannot be a line of a config file; "" when it can.
std::string Misplaced(const std::string& argument) {
  if (argument.size() < 2 || argument[0] != '-') return "";
  const std::size_t blank = argument.find_first_of(" \t");
  const std::size_t equals = argument.find('=');
  const std::string name = argument.substr(0, std::min(blank, equals));
  for (const Flag& flag : SharedFlags()) {
    if (name == "--" + flag.name || (flag.short_name != 0 && name == std::string{'-', flag.short_name})) {
      return name + " belongs on the command line, not in a config file";
    }
  }
  if (blank != std::string::npos && (equals == std::string::npos || blank < equals)) {
    return Shown(argument) + ": one argument per line: write " + name + "=" +
           std::string(Argument(argument.substr(blank))) + " or put the value on the next line";
  }
  return "";
}

// The whole of a config file, at most kMaxConfigBytes: a device or a pipe
// is read up to that bound (so /dev/null is no options and /dev/zero is
// refused), and a FIFO nobody writes to reads as empty instead of waiting.
std::string ReadConfigFile(const std::string& path, bool must_exist) {
  const int fd = open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    const int error = errno;
    struct stat seen {};
    // The default file unseen (no file, or a HOME another user cannot
    // enter) is no defaults; one KIJI_CONFIG names, or one seen, must be read.
    if (!must_exist && (error == ENOENT || stat(path.c_str(), &seen) != 0)) return {};
    const bool unreadable = error == EACCES;
    throw std::invalid_argument(path + ": " + (unreadable ? "cannot be read: " : "") + std::strerror(error) +
                                (must_exist && !unreadable ? " (named by KIJI_CONFIG)" : ""));
  }
  struct Closer {
    int fd;
    ~Closer() { close(fd); }
  } const closer{fd};
  struct stat status {};
  if (fstat(fd, &status) != 0) throw std::invalid_argument(path + ": " + std::strerror(errno));
  if (S_ISDIR(status.st_mode)) throw std::invalid_argument(path + ": is a directory, not a file of options");
  const std::string too_large = path + ": larger than " + std::to_string(kMaxConfigBytes / 1024) +
                                " KiB; a config file holds options, one per line";
  if (S_ISREG(status.st_mode) && static_cast<std::size_t>(status.st_size) > kMaxConfigBytes) {
    throw std::invalid_argument(too_large);
  }
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);  // a pipe's writer may be slow
  std::string text(kMaxConfigBytes + 1, '\0');
  std::size_t size = 0;
  while (size < text.size()) {
    const ssize_t got = read(fd, text.data() + size, text.size() - size);
    if (got == 0) break;
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw std::invalid_argument(path + ": cannot be read: " + std::strerror(errno));
    size += static_cast<std::size_t>(got);
  }
  if (size > kMaxConfigBytes) throw std::invalid_argument(too_large);
  text.resize(size);
  return text;
}

// The line of the config argument naming `option` ("--limit"), 0 if none.
int LineOf(const std::vector<ConfigArgument>& config, const std::string& option) {
  for (const ConfigArgument& argument : config) {
    if (!option.empty() && argument.text.rfind(option, 0) == 0) return argument.line;
  }
  return 0;
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

std::vector<ConfigArgument> ConfigArguments(std::string_view text, const std::string& program) {
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.remove_prefix(3);  // editors' byte order mark
  std::vector<ConfigArgument> arguments;
  std::string section;  // "": both programs
  int number = 0;
  while (!text.empty()) {
    ++number;
    const std::size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    const std::string where = "line " + std::to_string(number) + ": ";
    if (line.find('\0') != std::string_view::npos)
      throw std::invalid_argument(where + "a NUL byte: a config file is text");
    const std::string argument(Argument(line));
    if (argument.empty()) continue;
    if (argument.front() == '[' && argument.back() == ']') {
      section = argument.substr(1, argument.size() - 2);
      if (section != "indexer" && section != "searcher") {
        throw std::invalid_argument(where + "unknown section " + ClippedForMessage(argument, 60) +
                                    " (kiji's are [indexer] and [searcher])");
      }
      continue;
    }
    if (const std::string problem = Misplaced(argument); !problem.empty()) throw std::invalid_argument(where + problem);
    if (section.empty() || section == program) arguments.push_back({ExpandHome(argument), number});
  }
  return arguments;
}

std::vector<ConfigArgument> ConfigFileArguments(const std::vector<std::string>& args, const std::string& program) {
  const auto end_of_options = std::find(args.begin(), args.end(), "--");
  if (std::find(args.begin(), end_of_options, "--no-config") != end_of_options) return {};
  const std::string path = ConfigPath();
  if (path.empty()) return {};
  const char* named = std::getenv("KIJI_CONFIG");
  const std::string text = ReadConfigFile(path, named != nullptr && *named != '\0');
  try {
    return ConfigArguments(text, program);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(path + ": " + e.what());
  }
}

void AddConfigDefaults(const std::vector<std::string>& args, const std::string& program, FlagTable table,
                       FlagValues& values) {
  const std::vector<ConfigArgument> config = ConfigFileArguments(args, program);
  if (config.empty()) return;
  std::vector<std::string> texts;
  for (const ConfigArgument& argument : config) texts.push_back(argument.text);
  FlagValues defaults(table);
  std::vector<std::string> words;
  const std::string hint = " (" + program + " --no-config ignores the file)";
  try {
    ParseCommandLine(texts, table, defaults, words);
  } catch (const boost::program_options::error_with_option_name& e) {
    const int line = LineOf(config, e.get_option_name());
    throw std::invalid_argument(ConfigPath() + ": " + (line > 0 ? "line " + std::to_string(line) + ": " : "") +
                                ClippedForMessage(e.what(), 200) + hint);
  } catch (const boost::program_options::error& e) {
    throw std::invalid_argument(ConfigPath() + ": " + ClippedForMessage(e.what(), 200) + hint);
  }
  if (!words.empty()) {
    const auto word =
        std::find_if(config.begin(), config.end(), [&](const auto& a) { return a.text == words.front(); });
    const std::string where = word != config.end() ? "line " + std::to_string(word->line) + ": " : "";
    throw std::invalid_argument(ConfigPath() + ": " + where + Shown(words.front()) +
                                " is not an option; the file holds options, one per line");
  }
  for (const Flag& flag : table) {
    if (!defaults.Given(flag.name)) continue;
    if (!values.Given(flag.name)) {
      for (const std::string& value : defaults.All(flag.name)) values.Add(flag.name, value);
    } else if (flag.adds_to_config) {
      values.Prepend(flag.name, defaults.All(flag.name));
    }
  }
}

}  // namespace kiji
