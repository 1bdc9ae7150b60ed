#include "common/cli/flag_docs.h"

#include <iostream>
#include <stdexcept>

#include "common/cli/exit_status.h"

namespace kiji {

namespace {

// Text as roff reads it literally: backslashes escaped, a line never
// starting with a control character, '-' as the minus of options.
std::string Roff(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
    if (c == '\n') out += "\\&";
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out.insert(0, "\\&");
  return out;
}

void Section(std::string& page, const char* title, const std::vector<std::pair<std::string, std::string>>& items) {
  if (items.empty()) return;
  page += std::string(".SH ") + title + "\n";
  for (const auto& [term, meaning] : items) page += ".TP\n.B " + Roff(term) + "\n" + Roff(meaning) + "\n";
}

std::string OptionNames(const Flag& flag) {
  std::string names = flag.short_name != 0 ? std::string("\\-") + flag.short_name + ", " : "";
  names += "\\-\\-" + Roff(flag.name);
  if (flag.kind != FlagKind::kSwitch) names += " \\fI" + Roff(flag.value_name) + "\\fR";
  return names;
}

// Whether a flag's value is a path, which shells complete from files.
std::string AsciiUpper(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
}

bool TakesPath(const Flag& flag) {
  return flag.value_name == "FILE" || flag.value_name == "DIR" || flag.value_name == "PATH";
}

// The values `flag` takes, when the program lists them.
const std::vector<std::string>& Choices(const ProgramDoc& doc, const Flag& flag) {
  static const std::vector<std::string> kNone;
  const auto it = doc.choices.find(flag.name);
  return it == doc.choices.end() ? kNone : it->second;
}

std::string Joined(const std::vector<std::string>& words, const std::string& separator) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : separator) + w;
  return out;
}

std::string Quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::string ManPage(const ProgramDoc& doc, FlagTable table) {
  std::string page = ".TH " + AsciiUpper(doc.name) + " 1 \"\" \"kiji " KIJI_VERSION "\" \"kiji manual\"\n";
  page += ".SH NAME\n" + doc.name + " \\- " + Roff(doc.summary) + "\n.SH SYNOPSIS\n";
  for (const std::string& line : doc.synopsis) page += ".B " + doc.name + "\n" + Roff(line) + "\n.br\n";
  page += ".SH DESCRIPTION\n";
  for (const std::string& paragraph : doc.description) page += Roff(paragraph) + "\n.PP\n";
  page += ".SH OPTIONS\n";
  for (const Flag& flag : table) {
    if (flag.hidden) continue;
    page += ".TP\n" + OptionNames(flag) + "\n" + Roff(flag.help);
    if (!flag.default_value.empty() && flag.kind != FlagKind::kSwitch) page += " (default: " + Roff(flag.default_value) + ")";
    if (flag.repeatable) page += "; may be repeated";
    page += "\n";
  }
  Section(page, "EXIT STATUS", doc.exit_status);
  Section(page, "ENVIRONMENT", doc.environment);
  Section(page, "FILES", doc.files);
  if (!doc.see_also.empty()) page += ".SH SEE ALSO\n" + Roff(Joined(doc.see_also, ", ")) + "\n";
  return page;
}

std::string BashCompletion(const ProgramDoc& doc, FlagTable table) {
  std::vector<std::string> options;
  std::string cases;
  for (const Flag& flag : table) {
    if (flag.hidden) continue;
    options.push_back("--" + flag.name);
    if (flag.short_name != 0) options.push_back(std::string("-") + flag.short_name);
    if (flag.kind == FlagKind::kSwitch) continue;
    const std::string pattern = "--" + flag.name + (flag.short_name != 0 ? std::string("|-") + flag.short_name : "");
    if (const auto& choices = Choices(doc, flag); !choices.empty()) {
      cases += "    " + pattern + ") COMPREPLY=($(compgen -W " + Quoted(Joined(choices, " ")) + " -- \"$cur\")); return ;;\n";
    } else if (TakesPath(flag)) {
      cases += "    " + pattern + ") COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n";
    } else {
      cases += "    " + pattern + ") return ;;\n";
    }
  }
  const std::string fn = "_kiji_" + doc.name;
  std::string script = "# bash completion for " + doc.name + " (kiji); written from its flag table\n";
  script += fn + "() {\n  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n";
  script += "  case $prev in\n" + cases + "  esac\n";
  script += "  if [[ $cur == -* ]]; then\n    COMPREPLY=($(compgen -W " + Quoted(Joined(options, " ")) + " -- \"$cur\"))\n";
  script += "  else\n";
  if (!doc.words.empty()) {
    script += "    COMPREPLY=($(compgen -W " + Quoted(Joined(doc.words, " ")) + " -- \"$cur\"))\n";
    script += "    [[ ${COMPREPLY[0]} == *: ]] && compopt -o nospace\n";
  } else {
    script += "    COMPREPLY=($(compgen -f -- \"$cur\"))\n";
  }
  script += "  fi\n}\ncomplete -F " + fn + " " + doc.name + "\n";
  return script;
}

// One _arguments spec: "'(-n --limit)'{-n,--limit}'[help]:N: '".
std::string ZshSpec(const ProgramDoc& doc, const Flag& flag) {
  const std::vector<std::string>& choices = Choices(doc, flag);
  std::string help = flag.help.substr(0, flag.help.find_first_of(";("));
  while (!help.empty() && help.back() == ' ') help.pop_back();
  // _arguments ends a description at the first unescaped ']'.
  std::string escaped;
  for (const char c : help) {
    if (c == '[' || c == ']' || c == '\\') escaped += '\\';
    escaped += c;
  }
  std::string spec = "[" + escaped + "]";
  if (flag.kind != FlagKind::kSwitch) {
    const std::string action = !choices.empty() ? "(" + Joined(choices, " ") + ")" : TakesPath(flag) ? "_files" : " ";
    spec += ":" + flag.value_name + ":" + action;
  }
  const std::string repeat = flag.repeatable ? "*" : "";
  if (flag.short_name == 0) return Quoted(repeat + "--" + flag.name + spec);
  const std::string s(1, flag.short_name);
  const std::string exclusive = flag.repeatable ? "'*'" : Quoted("(-" + s + " --" + flag.name + ")");
  return exclusive + "{-" + s + ",--" + flag.name + "}" + Quoted(spec);
}

std::string ZshCompletion(const ProgramDoc& doc, FlagTable table) {
  std::string script = "#compdef " + doc.name + "\n# zsh completion for " + doc.name + " (kiji); written from its flag table\n";
  script += "_arguments -s \\\n";
  for (const Flag& flag : table) {
    if (!flag.hidden) script += "  " + ZshSpec(doc, flag) + " \\\n";
  }
  script += doc.words.empty() ? "  '*:path:_files'\n" : "  '*:query word:(" + Joined(doc.words, " ") + ")'\n";
  return script;
}

std::string FishCompletion(const ProgramDoc& doc, FlagTable table) {
  std::string script = "# fish completion for " + doc.name + " (kiji); written from its flag table\n";
  for (const Flag& flag : table) {
    if (flag.hidden) continue;
    script += "complete -c " + doc.name + " -l " + flag.name;
    if (flag.short_name != 0) script += " -s " + std::string(1, flag.short_name);
    if (flag.kind != FlagKind::kSwitch) script += TakesPath(flag) ? " -r -F" : " -x";
    if (const auto& choices = Choices(doc, flag); !choices.empty()) script += " -a " + Quoted(Joined(choices, " "));
    std::string help = flag.help.substr(0, flag.help.find_first_of(";("));
    while (!help.empty() && help.back() == ' ') help.pop_back();
    script += " -d " + Quoted(help) + "\n";
  }
  if (!doc.words.empty()) script += "complete -c " + doc.name + " -f -a " + Quoted(Joined(doc.words, " ")) + "\n";
  return script;
}

std::string GenerateDoc(const std::string& what, const ProgramDoc& doc, FlagTable table) {
  if (what == "man") return ManPage(doc, table);
  if (what == "bash") return BashCompletion(doc, table);
  if (what == "zsh") return ZshCompletion(doc, table);
  if (what == "fish") return FishCompletion(doc, table);
  throw std::invalid_argument("--generate: '" + what + "' is not one of man, bash, zsh or fish");
}

int PrintDoc(const std::string& what, const ProgramDoc& doc, FlagTable table) {
  try {
    std::cout << GenerateDoc(what, doc, table);
  } catch (const std::invalid_argument& e) {
    std::cerr << doc.name << ": " << e.what() << "\n";
    return kExitError;
  }
  std::cout.flush();
  return std::cout ? kExitOk : kExitError;
}

}  // namespace kiji
