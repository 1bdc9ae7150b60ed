#include "tests/test_support.h"

#include <sys/wait.h>

#include <cstdio>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include <zlib.h>

namespace kiji::testing {

TempDir::TempDir() {
  std::random_device rd;
  path_ = std::filesystem::temp_directory_path() / ("kiji-test-" + std::to_string(rd()) + "-" + std::to_string(rd()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string SharedDir() {
  if (const char* env = std::getenv("KIJI_SHARED"); env != nullptr && *env != '\0') return env;
  return KIJI_SHARED_DIR;
}

std::string ReadLines(const std::string& path, std::size_t lines) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) throw std::runtime_error("cannot open " + path);
  std::string out;
  char buffer[1 << 16];
  std::size_t count = 0;
  while (count < lines && gzgets(file, buffer, sizeof buffer) != nullptr) {
    out += buffer;
    if (!out.empty() && out.back() == '\n') ++count;
  }
  gzclose(file);
  return out;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string ShellQuote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

CommandResult RunCommand(const std::string& command, const std::string& stdin_text,
                         const std::filesystem::path& scratch) {
  const std::string err_path = (scratch / "stderr.txt").string();
  const std::string in_path = (scratch / "stdin.txt").string();
  WriteFile(in_path, stdin_text);
  const std::string full = command + " <" + ShellQuote(in_path) + " 2>" + ShellQuote(err_path);
  CommandResult r;
  FILE* pipe = popen(full.c_str(), "r");
  if (pipe == nullptr) return r;
  char buffer[4096];
  for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) r.out.append(buffer, n);
  const int raw = pclose(pipe);
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.err = ReadFile(err_path);
  return r;
}

void WriteFile(const std::string& path, const std::string& content) {
  if (const auto parent = std::filesystem::path(path).parent_path(); !parent.empty()) {
    std::filesystem::create_directories(parent);
  }
  std::ofstream out(path, std::ios::binary);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::vector<std::string> SpellingDictionary(const Xapian::Database& db) {
  std::vector<std::string> words;
  for (auto w = db.spellings_begin(); w != db.spellings_end(); ++w) {
    words.push_back(*w + " " + std::to_string(w.get_termfreq()));
  }
  return words;
}

}  // namespace kiji::testing
