#include "common/cli/version.h"

#include <unicode/uversion.h>
#include <xapian.h>

namespace kiji {

std::string VersionText(const std::string& program) {
  UVersionInfo icu{};
  u_getVersion(icu);
  char icu_text[U_MAX_VERSION_STRING_LENGTH] = {};
  u_versionToString(icu, icu_text);
  return program + " (kiji) " + KIJI_VERSION + "\nXapian " + Xapian::version_string() + ", ICU " + icu_text + "\n";
}

}  // namespace kiji
