// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Oracle test: for every listening TCP/UDP socket on this machine, pm's owners
// equal the PIDs `ss -lntup` reports (psutil uses ss the same way). The test
// runs ss as an independent witness; pm itself never runs external tools.
// Skipped when ss (iproute2) is not installed.

#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "core/find_owners.h"
#include "gtest/gtest.h"
#include "platform_linux/linux_backend.h"

extern char** environ;

namespace pm::procfs {
namespace {

// (protocol, "address:port" as ss prints it) -> owner pids.
using Table = std::map<std::pair<std::string, std::string>, std::set<Pid>>;

const char* FindSs() {
  for (const char* p : {"/usr/bin/ss", "/bin/ss", "/usr/sbin/ss", "/sbin/ss"}) {
    if (access(p, X_OK) == 0) return p;
  }
  return nullptr;
}

// Runs `ss -H -l -n -p -t -u` and returns its stdout.
std::string RunSs(const char* ss) {
  int out[2];
  EXPECT_EQ(pipe(out), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  const char* argv[] = {ss, "-H", "-l", "-n", "-p", "-t", "-u", nullptr};
  pid_t pid = 0;
  EXPECT_EQ(posix_spawn(&pid, ss, &actions, nullptr,
                        const_cast<char* const*>(argv), environ),
            0);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  std::string text;
  char buf[4096];
  ssize_t n;
  while ((n = read(out[0], buf, sizeof(buf))) > 0) text.append(buf, n);
  close(out[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  return text;
}

// Parses lines like
//   tcp LISTEN 0 5 127.0.0.1:8765 0.0.0.0:* users:(("python3",pid=27583,fd=3))
Table ParseSs(const std::string& text) {
  Table table;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    std::vector<absl::string_view> f =
        absl::StrSplit(line, ' ', absl::SkipWhitespace());
    if (f.size() < 6) continue;
    std::set<Pid>& pids = table[{std::string(f[0]), std::string(f[4])}];
    for (size_t i = 6; i < f.size(); ++i) {
      for (absl::string_view part : absl::StrSplit(f[i], ',')) {
        if (!absl::ConsumePrefix(&part, "pid=")) continue;
        Pid pid = 0;
        if (absl::SimpleAtoi(part, &pid)) pids.insert(pid);
      }
    }
  }
  return table;
}

Table PmTable(Backend& backend) {
  SocketQuery query;
  query.states = SocketStateSet::Listening();
  query.with_owners = true;
  absl::StatusOr<std::vector<Socket>> sockets =
      backend.ports().ListSockets(query);
  EXPECT_TRUE(sockets.ok()) << sockets.status();
  Table table;
  if (!sockets.ok()) return table;
  for (const Socket& s : *sockets) {
    std::set<Pid>& pids =
        table[{std::string(ProtocolName(s.protocol)), s.local.ToString()}];
    pids.insert(s.owners.begin(), s.owners.end());
  }
  return table;
}

// Binds a socket of `type` on the loopback or any address of `family`.
int Bind(int family, int type, bool any) {
  int fd = socket(family, type | SOCK_CLOEXEC, 0);
  EXPECT_GE(fd, 0);
  sockaddr_storage ss{};
  socklen_t len;
  if (family == AF_INET) {
    auto* a = reinterpret_cast<sockaddr_in*>(&ss);
    a->sin_family = AF_INET;
    a->sin_addr.s_addr = htonl(any ? INADDR_ANY : INADDR_LOOPBACK);
    len = sizeof(*a);
  } else {
    auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
    a->sin6_family = AF_INET6;
    a->sin6_addr = any ? in6addr_any : in6addr_loopback;
    len = sizeof(*a);
  }
  EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&ss), len), 0);
  if (type == SOCK_STREAM) {
    EXPECT_EQ(listen(fd, 4), 0);
  }
  return fd;
}

TEST(SsOracleTest, OwnersOfEveryListenerMatchSs) {
  const char* ss = FindSs();
  if (ss == nullptr) GTEST_SKIP() << "ss (iproute2) is not installed";
  // Listeners of our own, one of them shared with a forked child, so the
  // comparison covers every kind even on an idle machine.
  std::vector<int> fds = {
      Bind(AF_INET, SOCK_STREAM, false), Bind(AF_INET6, SOCK_STREAM, false),
      Bind(AF_INET6, SOCK_STREAM, true), Bind(AF_INET, SOCK_DGRAM, false),
      Bind(AF_INET6, SOCK_DGRAM, false), Bind(AF_INET, SOCK_DGRAM, true)};
  pid_t child = fork();
  if (child == 0) {
    while (true) pause();
  }
  absl::StatusOr<std::unique_ptr<Backend>> backend =
      CreateLinuxBackend(BackendOptions());
  ASSERT_TRUE(backend.ok()) << backend.status();

  // Listeners may come and go between the two reads; agree on one of a few
  // consecutive snapshots.
  Table from_ss, from_pm;
  for (int attempt = 0; attempt < 5; ++attempt) {
    from_ss = ParseSs(RunSs(ss));
    from_pm = PmTable(**backend);
    // ss prints an unspecified UDP/TCP v6 address as "*" on some versions;
    // normalise both spellings of [::] and 0.0.0.0 before comparing.
    Table normalised;
    for (auto& [key, pids] : from_ss) {
      std::string addr = key.second;
      if (absl::StartsWith(addr, "*:")) addr = "[::]" + addr.substr(1);
      normalised[{key.first, addr}] = pids;
    }
    from_ss = normalised;
    if (from_ss == from_pm) break;
  }
  EXPECT_EQ(from_ss, from_pm);
  int ours = 0;
  for (const auto& [key, pids] : from_pm) {
    if (pids == std::set<Pid>{getpid(), child}) ++ours;
  }
  EXPECT_EQ(ours, 6);  // Each of our sockets, owned by us and the child.
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  for (int fd : fds) close(fd);
}

}  // namespace
}  // namespace pm::procfs
