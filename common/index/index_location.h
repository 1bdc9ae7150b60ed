// Where an index lives: the default when --db is not given (both
// executables use one rule: $KIJI_DB, else $XDG_DATA_HOME/kiji/index, else
// ~/.local/share/kiji/index), and the searcher's --db values, which name a
// local directory, a remote index served by xapian-tcpsrv (tcp://), or one
// read over ssh by xapian-progsrv on the remote host (ssh://).
// Pure functions of their arguments and the environment: safe from any
// thread.
#ifndef KIJI_COMMON_INDEX_LOCATION_H_
#define KIJI_COMMON_INDEX_LOCATION_H_

#include <string>

namespace kiji {

std::string DefaultIndexPath();

struct IndexLocation {
  std::string path;   // a local index directory; for ssh://, the remote one
  std::string host;   // tcp://HOST:PORT or tcp://[IPV6]:PORT; ssh://[USER@]HOST[:PORT]/PATH
  unsigned port = 0;  // for ssh://, 0 means ssh's default
  bool ssh = false;

  bool remote() const { return !host.empty(); }
};

// Reads a --db value. Throws std::invalid_argument saying what is wrong
// with a tcp:// or ssh:// address (no host, no port, a port out of range,
// a host that ssh would read as an option, control characters in a path).
// ssh://HOST/PATH names the absolute PATH, ssh://HOST/~/PATH one relative
// to the remote home directory.
IndexLocation ParseIndexLocation(const std::string& text);

// The arguments (for Xapian::Remote::open, which splits them at spaces) of
// ssh running xapian-progsrv on an ssh:// location's index: the path is
// quoted for the remote shell, so no path runs anything else there.
std::string SshProgsrvArguments(const IndexLocation& location);

// `text` as one word of a POSIX shell command line, in single quotes, its
// spaces escaped outside them so that splitting at spaces and joining with
// single spaces (what Xapian and then ssh do) gives it back unchanged.
std::string QuoteForRemoteShell(const std::string& text);

}  // namespace kiji

#endif  // KIJI_COMMON_INDEX_LOCATION_H_
