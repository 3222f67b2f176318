// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// listener_helper: the conformance suite's fixture process. It opens the
// TCP/UDP v4/v6 sockets its flags ask for, optionally forks children that share
// them, writes a ready file (see listener_helper_process.h for the line format)
// and lives until its stdin reaches EOF or it gets SIGTERM (unless
// --ignore_term).
//
//   listener_helper --ready_file=PATH [--tcp4=PORT[,PORT..]] [--tcp6=..]
//       [--udp4=..] [--udp6=..] [--dual=PORT] [--count=N] [--connect=PORT]
//       [--fork=N] [--ignore_term] [--grandchildren] [--detach_children]
//
// Port 0 means any free port. --connect=0 connects to the first TCP v4 listener
// this process opened (and accepts the connection, so both ends are held here).

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/conformance/listener_helper_flags.h"
#include "core/conformance/listener_helper_tree.h"

namespace {

using ::pm::conformance::HelperFlags;

volatile sig_atomic_t g_terminate = 0;

void OnTerm(int) { g_terminate = 1; }

// One socket this process holds, with the kind named in the ready file.
struct Held {
  std::string kind;
  int fd;
  bool tcp;
};

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "listener_helper: %s: %s\n", what.c_str(),
               std::strerror(errno));
  std::exit(1);
}

void SetIntOption(int fd, int level, int option, int value, const char* what) {
  if (setsockopt(fd, level, option, &value, sizeof(value)) != 0) Die(what);
}

// Opens, binds (and for TCP, listens on) one socket: on loopback, or with
// `dual` on [::] accepting IPv4 too (IPV6_V6ONLY=0).
int OpenBound(int family, bool tcp, int port, bool dual) {
  int fd = socket(family, tcp ? SOCK_STREAM : SOCK_DGRAM, 0);
  if (fd < 0) Die("socket()");
  // Why: a fixed port may have been held moments ago by a test's earlier
  // helper.
  if (tcp && port != 0)
    SetIntOption(fd, SOL_SOCKET, SO_REUSEADDR, 1, "SO_REUSEADDR");
  sockaddr_storage ss{};
  socklen_t len = 0;
  if (family == AF_INET) {
    auto* sin = reinterpret_cast<sockaddr_in*>(&ss);
    sin->sin_family = AF_INET;
    sin->sin_port = htons(static_cast<uint16_t>(port));
    sin->sin_addr.s_addr = htonl(dual ? INADDR_ANY : INADDR_LOOPBACK);
    len = sizeof(*sin);
  } else {
    SetIntOption(fd, IPPROTO_IPV6, IPV6_V6ONLY, dual ? 0 : 1, "IPV6_V6ONLY");
    auto* sin6 = reinterpret_cast<sockaddr_in6*>(&ss);
    sin6->sin6_family = AF_INET6;
    sin6->sin6_port = htons(static_cast<uint16_t>(port));
    sin6->sin6_addr = dual ? in6addr_any : in6addr_loopback;
    len = sizeof(*sin6);
  }
  if (bind(fd, reinterpret_cast<sockaddr*>(&ss), len) != 0) {
    Die(absl::StrCat("bind(port ", port, ")"));
  }
  if (tcp && listen(fd, 16) != 0) Die("listen()");
  return fd;
}

// "<address> <port>" of a socket's local or peer end; "0.0.0.0 0" / ":: 0" when
// the peer is not connected.
std::string EndText(int fd, bool peer) {
  sockaddr_storage ss{};
  socklen_t len = sizeof(ss);
  int rc = peer ? getpeername(fd, reinterpret_cast<sockaddr*>(&ss), &len)
                : getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
  if (rc != 0) {
    if (peer && errno == ENOTCONN) {
      if (getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) {
        Die("getsockname()");
      }
      return ss.ss_family == AF_INET6 ? ":: 0" : "0.0.0.0 0";
    }
    Die(peer ? "getpeername()" : "getsockname()");
  }
  char text[INET6_ADDRSTRLEN] = {};
  if (ss.ss_family == AF_INET6) {
    auto* sin6 = reinterpret_cast<sockaddr_in6*>(&ss);
    inet_ntop(AF_INET6, &sin6->sin6_addr, text, sizeof(text));
    return absl::StrCat(text, " ", ntohs(sin6->sin6_port));
  }
  auto* sin = reinterpret_cast<sockaddr_in*>(&ss);
  inet_ntop(AF_INET, &sin->sin_addr, text, sizeof(text));
  return absl::StrCat(text, " ", ntohs(sin->sin_port));
}

int LocalPort(int fd) {
  std::string text = EndText(fd, /*peer=*/false);
  int port = 0;
  if (!absl::SimpleAtoi(text.substr(text.rfind(' ') + 1), &port)) Die("port");
  return port;
}

// Connects a TCP client to 127.0.0.1:`port`; accepts it when `listener` >= 0.
void Connect(int port, int listener, std::vector<Held>& held) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) Die("socket()");
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_port = htons(static_cast<uint16_t>(port));
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&sin), sizeof(sin)) != 0) {
    Die(absl::StrCat("connect(127.0.0.1:", port, ")"));
  }
  held.push_back({"client", fd, true});
  if (listener < 0) return;
  int accepted = accept(listener, nullptr, nullptr);
  if (accepted < 0) Die("accept()");
  held.push_back({"accepted", accepted, true});
}

// Waits until stdin reaches EOF or SIGTERM arrives (the flag is only ever set
// when SIGTERM is not ignored).
void WaitForEnd() {
  char buf[256];
  while (!g_terminate) {
    pollfd p{STDIN_FILENO, POLLIN, 0};
    int rc = poll(&p, 1, -1);
    if (rc < 0) {
      if (errno == EINTR) continue;
      Die("poll(stdin)");
    }
    ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));
    if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) return;
  }
}

void WriteReadyFile(const std::string& path, const std::vector<pid_t>& children,
                    const std::vector<pid_t>& grandchildren,
                    const std::vector<Held>& held) {
  std::string text = absl::StrCat("pid ", getpid(), "\n");
  for (pid_t child : children) absl::StrAppend(&text, "child ", child, "\n");
  for (pid_t grandchild : grandchildren) {
    absl::StrAppend(&text, "grandchild ", grandchild, "\n");
  }
  for (const Held& h : held) {
    absl::StrAppend(&text, "socket ", h.kind, " ", h.tcp ? "tcp" : "udp", " ",
                    EndText(h.fd, false), " ", EndText(h.fd, true), "\n");
  }
  std::string tmp = path + ".tmp";
  FILE* f = std::fopen(tmp.c_str(), "w");
  if (f == nullptr) Die(absl::StrCat("fopen(", tmp, ")"));
  if (std::fputs(text.c_str(), f) < 0 || std::fclose(f) != 0) {
    Die(absl::StrCat("write(", tmp, ")"));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    Die(absl::StrCat("rename(", tmp, ")"));
  }
}

}  // namespace

int main(int argc, char** argv) {
  absl::StatusOr<HelperFlags> parsed = pm::conformance::ParseHelperFlags(
      std::vector<std::string>(argv + 1, argv + argc));
  if (!parsed.ok()) {
    std::fprintf(stderr, "listener_helper: %s\n",
                 parsed.status().ToString().c_str());
    return 2;
  }
  const HelperFlags& flags = *parsed;
  if (flags.ignore_term) {
    signal(SIGTERM, SIG_IGN);
  } else {
    struct sigaction sa {};
    sa.sa_handler = OnTerm;  // No SA_RESTART: poll() returns EINTR.
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGTERM, &sa, nullptr) != 0) Die("sigaction(SIGTERM)");
  }

  // Each port flag: the kind it names, its family, TCP or UDP, and whether it
  // binds the any-address dual-stack (else loopback, IPV6_V6ONLY for IPv6).
  const std::vector<int> count_ports(static_cast<size_t>(flags.count), 0);
  const struct {
    const char* kind;
    const std::vector<int>& ports;
    int family;
    bool tcp;
    bool dual;
  } specs[] = {
      {"tcp4", flags.tcp4, AF_INET, true, false},
      {"tcp6", flags.tcp6, AF_INET6, true, false},
      {"udp4", flags.udp4, AF_INET, false, false},
      {"udp6", flags.udp6, AF_INET6, false, false},
      {"dual", flags.dual, AF_INET6, true, true},
      {"count", count_ports, AF_INET, true, false},
  };
  std::vector<Held> held;
  for (const auto& spec : specs) {
    for (int port : spec.ports) {
      int fd = OpenBound(spec.family, spec.tcp, port, spec.dual);
      held.push_back({spec.kind, fd, spec.tcp});
    }
  }
  if (flags.connect >= 0) {
    int listener = -1;
    int port = flags.connect;
    for (const Held& h : held) {
      if (h.kind != "tcp4" && h.kind != "count") continue;
      if (port == 0 || LocalPort(h.fd) == port) {
        listener = h.fd;
        port = LocalPort(h.fd);
        break;
      }
    }
    if (port == 0) {
      std::fprintf(stderr,
                   "listener_helper: --connect=0 needs --tcp4 or --count\n");
      return 2;
    }
    Connect(port, listener, held);
  }

  const pm::conformance::HelperTree tree =
      pm::conformance::ForkHelperTree(flags, WaitForEnd);
  WriteReadyFile(flags.ready_file, tree.children, tree.grandchildren, held);
  WaitForEnd();

  // Children go first, so that waitpid() on this process means all are gone and
  // the closes below are the last references to the shared sockets. Detached
  // children are left running when SIGTERM ended the wait.
  if (!(flags.detach_children && g_terminate)) {
    pm::conformance::EndHelperTree(tree);
  }
  // Close the client ends first, so they are the active closers (TIME_WAIT).
  for (const Held& h : held) {
    if (h.kind == "client") close(h.fd);
  }
  for (const Held& h : held) {
    if (h.kind != "client") close(h.fd);
  }
  return 0;
}
