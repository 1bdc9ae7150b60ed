// What --version prints: kiji's version and those of the libraries its
// results depend on (Xapian for the index, ICU for the analysis), as
// running, not as built against. Safe from any thread.
#ifndef KIJI_COMMON_CLI_VERSION_H_
#define KIJI_COMMON_CLI_VERSION_H_

#include <string>

namespace kiji {

// "PROGRAM (kiji) X.Y.Z" and a line with the Xapian and ICU versions.
std::string VersionText(const std::string& program);

}  // namespace kiji

#endif  // KIJI_COMMON_CLI_VERSION_H_
