#include "common/index_location.h"

#include <cstdlib>

namespace kiji {

std::string DefaultIndexPath() {
  if (const char* db = std::getenv("KIJI_DB"); db != nullptr && *db != '\0') return db;
  if (const char* data = std::getenv("XDG_DATA_HOME"); data != nullptr && *data == '/') {
    return std::string(data) + "/kiji/index";
  }
  const char* home = std::getenv("HOME");
  return std::string(home != nullptr && *home != '\0' ? home : ".") + "/.local/share/kiji/index";
}

}  // namespace kiji
