#include "tests/test_support.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <utility>

#include <zlib.h>

#include "common/index/document_builder.h"
#include "common/index/index_settings.h"
#include "common/index/index_writer.h"
#include "tests/process.h"

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
  ProcessOptions options;
  options.stdin_path = (scratch / "stdin.txt").string();
  options.stdout_path = (scratch / "stdout.txt").string();
  options.stderr_path = (scratch / "stderr.txt").string();
  WriteFile(options.stdin_path, stdin_text);
  CommandResult r;
  r.status = Process({"/bin/sh", "-c", command}, options).Wait();
  r.out = ReadFile(options.stdout_path);
  r.err = ReadFile(options.stderr_path);
  return r;
}

void WriteGzipFile(const std::string& path, const std::string& content) {
  gzFile file = gzopen(path.c_str(), "wb");
  if (file == nullptr) throw std::runtime_error("cannot write " + path);
  const bool written =
      content.empty() || gzwrite(file, content.data(), static_cast<unsigned>(content.size())) == static_cast<int>(content.size());
  if (gzclose(file) != Z_OK || !written) throw std::runtime_error("cannot write " + path);
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

Article MakeArticle(std::string id, std::string title, std::string body, std::string lang) {
  Article a;
  a.id = std::move(id);
  a.title = std::move(title);
  a.body = std::move(body);
  a.language = std::move(lang);
  return a;
}

void WriteHarbourIndex(const std::string& path, int n, const std::string& title_extra) {
  IndexWriter writer(path, NewIndexSettings(false, "en"), false);
  DocumentBuilder builder(writer.settings());
  for (int i = 1; i <= n; ++i) {
    Article a;
    a.id = "a" + std::to_string(i);
    a.title = "Harbour report " + std::to_string(i) + title_extra;
    a.body = "The harbour cranes moved ships. Weather was calm.";
    writer.Write(builder.Build(a));
  }
  writer.Commit();
}

}  // namespace kiji::testing
