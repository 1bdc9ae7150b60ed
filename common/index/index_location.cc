#include "common/index/index_location.h"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

namespace kiji {

std::string DefaultIndexPath() {
  if (const char* db = std::getenv("KIJI_DB"); db != nullptr && *db != '\0') return db;
  if (const char* data = std::getenv("XDG_DATA_HOME"); data != nullptr && *data == '/') {
    return std::string(data) + "/kiji/index";
  }
  const char* home = std::getenv("HOME");
  return std::string(home != nullptr && *home != '\0' ? home : ".") + "/.local/share/kiji/index";
}

namespace {

constexpr std::string_view kSsh = "ssh://";

unsigned ParsePort(const std::string& text, const std::string& port, const char* form) {
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoul(port) == 0 || std::stoul(port) > 65535) {
    throw std::invalid_argument(text + ": the port must be a number from 1 to 65535; write " + form);
  }
  return static_cast<unsigned>(std::stoul(port));
}

IndexLocation ParseSshLocation(const std::string& text) {
  constexpr const char* kForm = "ssh://[USER@]HOST[:PORT]/PATH";
  IndexLocation location;
  location.ssh = true;
  const std::string rest = text.substr(kSsh.size());
  const std::size_t slash = rest.find('/');
  if (slash == std::string::npos || slash + 1 == rest.size()) {
    throw std::invalid_argument(text + ": no index path; write " + std::string(kForm));
  }
  std::string authority = rest.substr(0, slash);
  if (const std::size_t colon = authority.rfind(':');
      colon != std::string::npos && authority.find(']', colon) == std::string::npos) {
    location.port = ParsePort(text, authority.substr(colon + 1), kForm);
    authority.resize(colon);
  }
  // Only what a user name and a host name hold: nothing ssh reads as an
  // option (-oProxyCommand=...) or a shell as syntax.
  const bool plain = !authority.empty() && authority.front() != '-' && authority.front() != '@' &&
                     authority.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                 "0123456789.-_@[]:") == std::string::npos &&
                     authority.find('@') == authority.rfind('@') && authority.back() != '@' &&
                     authority.find("@-") == std::string::npos;
  if (!plain) throw std::invalid_argument(text + ": not a host name; write " + std::string(kForm));
  location.host = authority;
  location.path = rest.substr(slash);
  if (location.path.compare(0, 3, "/~/") == 0) location.path = "./" + location.path.substr(3);
  for (const char c : location.path) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      throw std::invalid_argument(text + ": the index path holds a control character");
    }
  }
  return location;
}

}  // namespace

std::string QuoteForRemoteShell(const std::string& text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else if (c == ' ') {
      out += "'\\ '";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string SshProgsrvArguments(const IndexLocation& location) {
  std::string args = "-T";
  if (location.port != 0) args += " -p " + std::to_string(location.port);
  std::string host = location.host;  // ssh takes an IPv6 address bare
  host.erase(std::remove_if(host.begin(), host.end(), [](char c) { return c == '[' || c == ']'; }), host.end());
  return args + " -- " + host + " xapian-progsrv " + QuoteForRemoteShell(location.path);
}

IndexLocation ParseIndexLocation(const std::string& text) {
  IndexLocation location;
  if (text.compare(0, kSsh.size(), kSsh) == 0) return ParseSshLocation(text);
  constexpr std::string_view kScheme = "tcp://";
  if (text.compare(0, kScheme.size(), kScheme) != 0) {
    location.path = text;
    return location;
  }
  const std::string rest = text.substr(kScheme.size());
  std::size_t colon;
  if (!rest.empty() && rest[0] == '[') {
    const std::size_t close = rest.find(']');
    if (close == std::string::npos) throw std::invalid_argument(text + ": unclosed [ in the address");
    location.host = rest.substr(1, close - 1);
    colon = close + 1;
    if (colon >= rest.size() || rest[colon] != ':') colon = std::string::npos;
  } else {
    colon = rest.rfind(':');
    if (colon != std::string::npos) location.host = rest.substr(0, colon);
  }
  if (colon == std::string::npos) throw std::invalid_argument(text + ": no port; write tcp://HOST:PORT");
  if (location.host.empty()) throw std::invalid_argument(text + ": no host; write tcp://HOST:PORT");
  location.port = ParsePort(text, rest.substr(colon + 1), "tcp://HOST:PORT");
  return location;
}

}  // namespace kiji
