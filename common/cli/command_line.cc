#include "common/cli/command_line.h"

namespace po = boost::program_options;

namespace kiji {

po::options_description DescribeFlags(FlagTable table, const std::string& caption, bool with_hidden) {
  po::options_description options(caption);
  for (const Flag& flag : table) {
    if (flag.hidden != with_hidden) continue;
    const std::string names = flag.name + (flag.short_name ? std::string(",") + flag.short_name : "");
    if (flag.kind == FlagKind::kSwitch) {
      options.add_options()(names.c_str(), flag.help.c_str());
    } else if (flag.repeatable) {
      options.add_options()(names.c_str(), po::value<std::vector<std::string>>()->value_name(flag.value_name),
                            flag.help.c_str());
    } else {
      po::typed_value<std::string>* value = po::value<std::string>()->value_name(flag.value_name);
      if (!flag.default_value.empty()) value->default_value(flag.default_value);
      options.add_options()(names.c_str(), value, flag.help.c_str());
    }
  }
  return options;
}

void ParseCommandLine(const std::vector<std::string>& args, FlagTable table, FlagValues& values,
                      std::vector<std::string>& positional) {
  po::options_description all;
  all.add(DescribeFlags(table, "")).add(DescribeFlags(table, "", true));
  all.add_options()("positional-words", po::value(&positional));
  po::positional_options_description words;
  words.add("positional-words", -1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(words).run(), vm);
  po::notify(vm);
  for (const Flag& flag : table) {
    if (vm.count(flag.name) == 0 || vm[flag.name].defaulted()) continue;
    if (flag.kind == FlagKind::kSwitch) {
      values.Add(flag.name);
    } else if (flag.repeatable) {
      for (const std::string& v : vm[flag.name].as<std::vector<std::string>>()) values.Add(flag.name, v);
    } else {
      values.Add(flag.name, vm[flag.name].as<std::string>());
    }
  }
}

std::vector<std::string> Arguments(int argc, char** argv) {
  return std::vector<std::string>(argv + (argc > 0 ? 1 : 0), argv + argc);
}

}  // namespace kiji
