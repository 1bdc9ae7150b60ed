#include "common/index_location.h"

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

IndexLocation ParseIndexLocation(const std::string& text) {
  IndexLocation location;
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
  const std::string port = rest.substr(colon + 1);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoul(port) == 0 || std::stoul(port) > 65535) {
    throw std::invalid_argument(text + ": the port must be a number from 1 to 65535");
  }
  location.port = static_cast<unsigned>(std::stoul(port));
  return location;
}

}  // namespace kiji
